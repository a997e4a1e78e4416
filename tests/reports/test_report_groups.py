"""Report groups (grassroots, security, border, works, coverage) on a date and over a period, on
the command line and in the API."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from outpost.border.services import patrol_record, segment_create
from outpost.reports import registry
from outpost.reports.groups import GROUPS, UnknownGroup, group_keys, group_report
from tests.reports.conftest import AFTER, REORG

pytestmark = pytest.mark.django_db


@pytest.fixture
def patrols(cov: Any) -> Any:
    """A 21 km segment of commune A1 (post A) from the merger, patrolled on 5 July (4 residents
    joining), 10 August (3) and 20 August 2025 (2)."""
    w = cov.world
    segment = segment_create(
        actor=None,
        post=w.post_a,
        commune=w.commune_a1,
        country="LA",
        name="Mốc 79 - Mốc 82",
        length_km=Decimal("21.000"),
        valid_from=REORG,
    )
    for day, residents in ((dt.date(2025, 7, 5), 4), (dt.date(2025, 8, 10), 3)):
        patrol_record(
            actor=None, segment=segment, date=day, km=Decimal(5), residents_joining=residents
        )
    patrol_record(
        actor=None, segment=segment, date=dt.date(2025, 8, 20), km=Decimal(5), residents_joining=2
    )
    return cov


def run(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("report", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_each_group_holds_the_figures_of_its_apps_and_those_it_names():
    assert set(GROUPS) == {"coverage", "grassroots", "security", "border", "works", "fieldwork"}
    assert group_keys("coverage") == list(registry.ORDER)
    grassroots = group_keys("grassroots")
    assert {
        "party_candidates_admitted_this_year",
        "branches_without_committee",
        "new_branches_this_year",
        "villages_without_party_members",
        "villages_without_party_branch",
    } <= set(grassroots)
    assert "households" not in grassroots
    assert set(group_keys("border")) >= {
        "border_m_managed",
        "border_m_managed_la",
        "markers_total",
        "markers_self_managed",
        "patrols_in_year",
        "residents_joining_patrols",
    }
    assert set(group_keys("works")) >= {
        "road_m_concreted",
        "villages_lit",
        "villages_total",
        "houses_built",
    }


def test_the_security_group_reports_whatever_figures_the_security_app_registers(cov):
    keys = group_keys("security")
    assert all(registry.get(k).app.startswith("outpost.security.") for k in keys)
    result = run("security", "--unit", "DBP-A", "--on", AFTER.isoformat())
    assert list(result) == ["unit", "on", "indicators"]
    assert set(result["indicators"]) == set(keys)


@pytest.mark.parametrize("name", ["grassroots", "border", "works", "security"])
def test_every_group_prints_the_unit_the_date_and_its_figures_as_json(cov, name):
    result = run(name, "--unit", "DBP-A", "--on", AFTER.isoformat())
    assert list(result) == ["unit", "on", "indicators"]
    assert result["unit"] == {"code": "DBP-A", "name": cov.world.post_a.name, "kind": "border_post"}
    assert result["on"] == "2025-09-01"
    assert list(result["indicators"]) == group_keys(name)
    assert all(isinstance(v, int) for v in result["indicators"].values())


def test_the_grassroots_group_counts_the_branches_set_up_this_year_or_in_the_period(cov):
    on_date = run("grassroots", "--unit", "DBP-A", "--on", AFTER.isoformat())
    assert on_date["indicators"]["new_branches_this_year"] == 1  # Huổi Lếch, 1 July 2025
    assert on_date["indicators"]["villages_without_party_branch"] == 1  # Nậm Xe
    late = run("grassroots", "--unit", "DBP-A", "--from", "2025-08-01", "--to", "2025-09-01")
    assert list(late) == ["unit", "from", "to", "indicators"]
    assert (late["from"], late["to"]) == ("2025-08-01", "2025-09-01")
    assert late["indicators"]["new_branches_this_year"] == 0
    assert late["indicators"]["villages_without_party_branch"] == 1
    across_years = group_report("grassroots", "DBP-A", date_from=dt.date(2024, 6, 1), date_to=AFTER)
    assert across_years["indicators"]["new_branches_this_year"] == 1


def test_the_border_group_counts_patrols_in_the_year_to_the_date_or_in_the_period(patrols):
    on_date = run("border", "--unit", "DBP-A", "--on", AFTER.isoformat())["indicators"]
    assert on_date["patrols_in_year"] == 3
    assert on_date["residents_joining_patrols"] == 9
    assert on_date["border_m_managed"] == 21000
    august = run("border", "--unit", "DBP-A", "--from", "2025-08-01", "--to", "2025-08-31")
    assert august["indicators"]["patrols_in_year"] == 2
    assert august["indicators"]["residents_joining_patrols"] == 5
    assert august["indicators"]["border_m_managed"] == 21000  # as of the period's last day
    early = group_report(
        "border", "DBP-A", date_from=dt.date(2025, 8, 1), date_to=dt.date(2025, 8, 15)
    )
    assert early["indicators"]["patrols_in_year"] == 1
    before = group_report("border", "DBP-A", date_from=dt.date(2025, 1, 1), date_to=REORG)
    assert before["indicators"]["patrols_in_year"] == 0
    assert before["indicators"]["border_m_managed"] == 21000


def test_the_coverage_command_takes_a_period_too(patrols):
    result = run("coverage", "--unit", "DBP-A", "--from", "2025-08-01", "--to", "2025-09-01")
    assert list(result) == ["unit", "from", "to", "indicators"]
    assert list(result["indicators"]) == list(registry.ORDER)
    assert result["indicators"]["households_assisted"] == 3


@pytest.mark.parametrize(
    "args, message",
    [
        (("--from", "2025-08-01"), "both"),
        (("--to", "2025-08-01"), "both"),
        (("--from", "2025-09-01", "--to", "2025-08-01"), "ends before it starts"),
        (("--on", "2025-09-01", "--from", "2025-08-01", "--to", "2025-09-01"), "not both"),
        (("--from", "2025-13-01", "--to", "2025-09-01"), "not a date"),
    ],
)
def test_a_period_must_have_both_ends_in_order_and_no_date_beside_it(cov, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("report", "border", "--unit", "DBP-A", *args, stdout=StringIO())


def test_an_unknown_group_is_refused_with_the_known_ones_named(cov):
    with pytest.raises(UnknownGroup, match="known groups: coverage, grassroots"):
        group_keys("nonsense")
    with pytest.raises(CommandError, match="invalid choice: 'nonsense'"):
        call_command("report", "nonsense", "--unit", "DBP-A", stdout=StringIO())


# --- API ---------------------------------------------------------------------------------


def test_the_api_returns_a_group_on_a_date(patrols):
    client = patrols.world.client_for("officer_a")
    response = client.get("/api/v1/reports/border", {"unit": "DBP-A", "on": "2025-09-01"})
    assert response.status_code == 200
    data = response.json()
    assert list(data) == ["unit", "on", "indicators"]
    assert data["unit"]["code"] == "DBP-A"
    assert data["indicators"]["patrols_in_year"] == 3
    assert list(data["indicators"]) == group_keys("border")


def test_the_api_returns_a_group_over_a_period(patrols):
    client = patrols.world.client_for("officer_a")
    response = client.get(
        "/api/v1/reports/border", {"unit": "DBP-A", "from": "2025-08-01", "to": "2025-08-31"}
    )
    assert response.status_code == 200
    data = response.json()
    assert list(data) == ["unit", "from", "to", "indicators"]
    assert (data["from"], data["to"]) == ("2025-08-01", "2025-08-31")
    assert data["indicators"]["patrols_in_year"] == 2
    assert data["indicators"]["residents_joining_patrols"] == 5


def test_the_api_keeps_the_coverage_report_as_it_was(cov):
    response = cov.world.client_for("officer_a").get(
        "/api/v1/reports/coverage", {"unit": "DBP-A", "on": "2025-09-01"}
    )
    assert response.status_code == 200
    assert set(response.json()["indicators"]) == set(registry.keys())


@pytest.mark.parametrize("unit", ["DBP-B", "04240"])
def test_the_api_refuses_a_unit_outside_the_callers_scope(patrols, unit):
    client = patrols.world.client_for("officer_a")
    for params in ({"on": "2025-09-01"}, {"from": "2025-08-01", "to": "2025-08-31"}):
        response = client.get("/api/v1/reports/border", {"unit": unit, **params})
        assert response.status_code == 404
        assert "patrols_in_year" not in response.content.decode()


def test_the_api_names_the_known_groups_when_the_group_is_unknown(cov):
    response = cov.world.client_for("officer_a").get("/api/v1/reports/nonsense", {"unit": "DBP-A"})
    assert response.status_code == 404
    assert "unknown report group 'nonsense'" in response.json()["detail"]
    assert "grassroots" in response.json()["detail"]


def test_the_api_refuses_half_a_period_or_a_period_that_ends_before_it_starts(cov):
    client = cov.world.client_for("officer_a")
    half = client.get("/api/v1/reports/works", {"unit": "DBP-A", "from": "2025-08-01"})
    assert half.status_code == 400
    backwards = client.get(
        "/api/v1/reports/works", {"unit": "DBP-A", "from": "2025-09-01", "to": "2025-08-01"}
    )
    assert backwards.status_code == 400
    assert "ends before it starts" in backwards.json()["detail"]
