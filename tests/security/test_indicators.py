"""The security figures equal counts made independently, before and after the 2025-07-01
reorganisation, and leave out voided incidents, other years and other communes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from outpost.security import services
from outpost.security.indicators import security_figures
from outpost.security.models import Incident

pytestmark = pytest.mark.django_db
D = dt.date
DATES = [D(2025, 6, 30), D(2025, 7, 1), D(2025, 12, 31), D(2026, 2, 1)]


@pytest.fixture
def records(world: Any, households_a1: list[Any], household_b1: Any) -> dict[str, Any]:
    incidents = [
        ("drugs", D(2024, 12, 31), world.village_a1),
        ("drugs", D(2025, 1, 1), world.village_a1),
        ("illegal_border_crossing", D(2025, 6, 30), world.village_a1),
        ("smuggling", D(2025, 7, 1), world.village_a1),
        ("drugs", D(2025, 9, 9), world.village_b1),
        ("trafficking", D(2026, 1, 5), world.village_a1),
    ]
    made = [
        services.incident_create(actor=None, kind=k, occurred_on=on, village=v, summary="x")
        for k, on, v in incidents
    ]
    voided = services.incident_create(
        actor=None, kind="drugs", occurred_on=D(2025, 3, 3), village=world.village_a1, summary="x"
    )
    services.incident_void(actor=None, incident=voided, reason="trùng")
    services.village_status_set(
        actor=None, village=world.village_a1, year=2025, drug_free=True, key_drug_area=False
    )
    services.village_status_set(
        actor=None, village=world.village_a1, year=2026, drug_free=False, key_drug_area=True
    )
    services.village_status_set(
        actor=None, village=world.village_b1, year=2025, drug_free=True, key_drug_area=False
    )
    g1 = services.group_create(
        actor=None,
        kind="security_order",
        village=world.village_a1,
        name="Tổ 1",
        founded_on=D(2025, 1, 1),
        households=households_a1[:2],
    )
    g2 = services.group_create(
        actor=None,
        kind="security_order",
        village=world.village_a1,
        name="Tổ 2",
        founded_on=D(2025, 7, 1),
        households=households_a1[1:],
    )
    services.group_dissolve(actor=None, group=g1, on=D(2025, 12, 1), reason="nhập")
    services.group_create(
        actor=None,
        kind="security_order",
        village=world.village_b1,
        name="Tổ B",
        founded_on=D(2025, 1, 1),
        households=[household_b1],
    )
    a1 = services.agreement_create(
        actor=None,
        village=world.village_a1,
        foreign_village="Bản X",
        country="LA",
        signed_on=D(2025, 1, 1),
    )
    services.agreement_end(actor=None, agreement=a1, on=D(2025, 7, 1), reason="hết hạn")
    services.agreement_create(
        actor=None,
        village=world.village_a1,
        foreign_village="Bản Y",
        country="LA",
        signed_on=D(2025, 7, 1),
    )
    return {"incidents": made, "groups": [g1, g2]}


def _expected(world: Any, records: dict[str, Any], on: dt.date) -> dict[str, int]:
    """Counted in Python from the rows themselves."""
    a1 = world.commune_a1.pk
    incidents = [
        i
        for i in Incident.objects.all()
        if i.commune_id == a1 and not i.voided and D(on.year, 1, 1) <= i.occurred_on <= on
    ]
    groups = [
        g
        for g in records["groups"]
        if g.founded_on <= on and (g.dissolved_on is None or g.dissolved_on > on)
    ]
    households = {m.household_id for g in groups for m in g.memberships.all() if m.is_valid_on(on)}
    return {
        "incidents_this_year": len(incidents),
        "incidents_drugs_this_year": sum(i.kind == "drugs" for i in incidents),
        "incidents_border_crossing_this_year": sum(
            i.kind == "illegal_border_crossing" for i in incidents
        ),
        "drug_free_villages": 1 if on.year == 2025 else 0,
        "key_drug_areas": 1 if on.year == 2026 else 0,
        "self_governing_groups": len(groups),
        "households_in_self_governing_groups": len(households),
        "twin_village_agreements": 1 if on >= D(2025, 1, 1) else 0,
    }


@pytest.mark.parametrize("on", DATES)
def test_the_figures_equal_independent_counts(world: Any, records: Any, on: dt.date) -> None:
    figures = security_figures(commune_ids=[world.commune_a1.pk], on=on)
    assert figures == _expected(world, records, on)


def test_the_figures_move_across_the_reorganisation(world: Any, records: Any) -> None:
    before = security_figures(commune_ids=[world.commune_a1.pk], on=D(2025, 6, 30))
    after = security_figures(commune_ids=[world.commune_a1.pk], on=D(2025, 7, 1))
    assert (before["incidents_this_year"], after["incidents_this_year"]) == (2, 3)
    assert (before["self_governing_groups"], after["self_governing_groups"]) == (1, 2)
    assert (
        before["households_in_self_governing_groups"],
        after["households_in_self_governing_groups"],
    ) == (2, 3)


def test_a_village_report_counts_only_that_village(world: Any, records: Any) -> None:
    both = [world.commune_a1.pk, world.commune_b1.pk]
    figures = security_figures(
        commune_ids=both, on=D(2025, 12, 31), village_ids=[world.village_b1.pk]
    )
    assert figures["incidents_this_year"] == 1
    assert figures["drug_free_villages"] == 1
    assert figures["self_governing_groups"] == 1
    assert figures["twin_village_agreements"] == 0


def test_the_figures_are_registered_for_the_coverage_report() -> None:
    from outpost.reports.registry import keys

    assert {"incidents_this_year", "drug_free_villages", "twin_village_agreements"} <= set(keys())


def test_over_a_period_incidents_count_from_its_first_day(world: Any, records: Any) -> None:
    period = security_figures(
        commune_ids=[world.commune_a1.pk], on=D(2025, 12, 31), date_from=D(2025, 6, 30)
    )
    year = security_figures(commune_ids=[world.commune_a1.pk], on=D(2025, 12, 31))
    assert (period["incidents_this_year"], year["incidents_this_year"]) == (2, 3)
    assert period["incidents_border_crossing_this_year"] == 1
