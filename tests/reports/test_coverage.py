"""Every coverage figure checked against records with known counts, across dates and the 2025
merger, for posts, a command, a province, a commune and a village."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from outpost.reports import registry
from outpost.reports.coverage import coverage
from tests.reports.conftest import AFTER, BEFORE_MERGER, LATER, REORG

REQUIRED = {
    "party_members_assisting_households",
    "households_assisted",
    "party_members_in_village_branches",
    "village_branches_with_members",
    "officers_in_commune_committees",
    "border_communes",
    "border_communes_with_officer",
    "officers_in_district_committees",
    "households_near_border_unassigned",
    "villages_without_party_members",
    "villages_without_force_members_in_branch",
    "villages_without_party_branch",
}

POST_A_AFTER = {
    "households": 4,
    "households_near_border": 2,
    "party_members_assisting_households": 2,
    "households_assisted": 3,
    "households_near_border_unassigned": 0,
    "party_members_in_village_branches": 1,
    "village_branches_with_members": 1,
    "villages_without_force_members_in_branch": 1,
    "villages_without_party_branch": 1,
    "border_communes": 2,
    "border_communes_with_officer": 1,
    "officers_in_commune_committees": 1,
    "officers_in_district_committees": 0,
}


def assignment_figures(result: dict) -> dict:
    """The figures of households, branches and committee seats. Other apps add figures of their
    own (works, border...), which their own tests check."""
    return {key: value for key, value in result["indicators"].items() if key in POST_A_AFTER}


def test_the_registry_holds_every_required_indicator_with_both_labels():
    keys = set(registry.keys())
    assert keys >= REQUIRED
    for indicator in registry.all_indicators():
        assert str(indicator.label) and indicator.label_vi and indicator.unit


def test_a_posts_figures_count_its_communes_on_the_date(cov):
    assert assignment_figures(coverage("DBP-A", AFTER)) == POST_A_AFTER


def test_a_posts_figures_drop_an_assignment_after_it_ends(cov):
    later = assignment_figures(coverage("DBP-A", LATER))
    assert later == {
        **POST_A_AFTER,
        "party_members_assisting_households": 1,
        "households_assisted": 2,
        "households_near_border_unassigned": 1,
    }


def test_a_posts_2024_figures_keep_its_pre_merger_commune(cov):
    assert assignment_figures(coverage("DBP-A", BEFORE_MERGER)) == {
        "households": 1,
        "households_near_border": 1,
        "party_members_assisting_households": 1,
        "households_assisted": 1,
        "households_near_border_unassigned": 0,
        "party_members_in_village_branches": 1,
        "village_branches_with_members": 1,
        "villages_without_force_members_in_branch": 0,
        "villages_without_party_branch": 0,
        "border_communes": 1,
        "border_communes_with_officer": 1,
        "officers_in_commune_committees": 1,
        "officers_in_district_committees": 0,
    }


def test_the_other_post_counts_only_its_own_commune(cov):
    assert assignment_figures(coverage("DBP-B", AFTER)) == {
        "households": 1,
        "households_near_border": 1,
        "party_members_assisting_households": 1,
        "households_assisted": 1,
        "households_near_border_unassigned": 0,
        "party_members_in_village_branches": 1,
        "village_branches_with_members": 1,
        "villages_without_force_members_in_branch": 0,
        "villages_without_party_branch": 0,
        "border_communes": 1,
        "border_communes_with_officer": 1,
        "officers_in_commune_committees": 1,
        "officers_in_district_committees": 0,
    }


PROVINCE_AFTER = {
    "households": 5,
    "households_near_border": 3,
    "party_members_assisting_households": 3,
    "households_assisted": 4,
    "households_near_border_unassigned": 0,
    "party_members_in_village_branches": 2,
    "village_branches_with_members": 2,
    "villages_without_force_members_in_branch": 1,
    "villages_without_party_branch": 1,
    "border_communes": 3,
    "border_communes_with_officer": 2,
    "officers_in_commune_committees": 2,
    "officers_in_district_committees": 0,
}


def test_the_province_and_its_command_add_up_their_posts(cov):
    assert assignment_figures(coverage("14", AFTER)) == PROVINCE_AFTER
    assert assignment_figures(coverage("BCH-14", AFTER)) == PROVINCE_AFTER


def test_the_province_code_on_a_2024_date_reports_the_legacy_province(cov):
    result = coverage("14", BEFORE_MERGER)
    assert result["unit"]["kind"] == "province"
    assert result["indicators"]["households"] == 1
    assert result["indicators"]["border_communes"] == 1


def test_a_merged_commune_reports_2024_through_its_lineage(cov):
    result = coverage("04087", BEFORE_MERGER)  # Mường Nhé, formed from Chiềng On in 2025
    assert result["unit"]["name"] == "Xã Mường Nhé"
    assert result["indicators"]["households_assisted"] == 1
    assert result["indicators"]["officers_in_commune_committees"] == 1
    assert assignment_figures(coverage("04084", BEFORE_MERGER)) == assignment_figures(result)


def test_a_commune_counts_only_itself(cov):
    figures = assignment_figures(coverage("04099", AFTER))  # Phiêng Khoài: one household, no branch
    assert figures["households"] == 1
    assert figures["households_assisted"] == 0
    assert figures["villages_without_force_members_in_branch"] == 1
    assert figures["villages_without_party_branch"] == 1
    assert figures["border_communes"] == 1
    assert figures["border_communes_with_officer"] == 0


def test_a_village_counts_only_its_households_and_branch(cov):
    figures = assignment_figures(coverage(f"village:{cov.world.village_a1.pk}", AFTER))
    assert figures["households"] == 3
    assert figures["households_near_border"] == 2
    assert figures["households_assisted"] == 3
    assert figures["party_members_assisting_households"] == 2
    assert figures["party_members_in_village_branches"] == 1
    assert figures["villages_without_party_branch"] == 0
    assert "border_communes" not in figures  # a commune figure, not a village one


def test_the_command_prints_the_coverage_as_json(cov):
    out = StringIO()
    call_command(
        "report", "coverage", "--unit", "DBP-A", "--on", "2025-09-01", "--json", stdout=out
    )
    data = json.loads(out.getvalue())
    assert list(data) == ["unit", "on", "indicators"]
    assert data["unit"] == {"code": "DBP-A", "name": "Đồn Biên phòng A", "kind": "border_post"}
    assert data["on"] == "2025-09-01"
    assert assignment_figures(data) == POST_A_AFTER


def test_the_command_prints_a_readable_table(cov):
    out = StringIO()
    call_command("report", "coverage", "--unit", "DBP-A", "--on", "2026-03-01", stdout=out)
    text = out.getvalue()
    assert "Đồn Biên phòng A" in text
    assert "2026-03-01" in text


def test_the_command_refuses_an_unknown_unit(world):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("report", "coverage", "--unit", "NOPE", "--on", "2025-09-01")


def test_a_report_is_a_handful_of_queries_whatever_the_size(cov):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from outpost.people.services import household_create

    on = dt.date(2025, 9, 1)
    with CaptureQueriesContext(connection) as small:
        coverage("DBP-A", on)
    for n in range(20):
        household_create(
            actor=None, village=cov.world.village_a1, code=f"MORE-{n}", is_near_border=True
        )
    with CaptureQueriesContext(connection) as larger:
        coverage("DBP-A", on)
    # Counts are computed in SQL: more households, not more queries.
    assert len(larger.captured_queries) == len(small.captured_queries) <= 30


def test_a_seat_on_a_district_committee_counts_for_the_post_before_2025(cov):
    from outpost.assign.models import CommitteeSeat
    from outpost.assign.services import committee_seat_assign
    from outpost.force.services import area_assign
    from outpost.geo.models import AdminUnit
    from outpost.geo.services import admin_unit_create

    w = cov.world
    district = admin_unit_create(
        actor=None,
        level=AdminUnit.Level.DISTRICT,
        code="123",
        name="Huyện Sông Mã",
        parent=w.old_commune_a1.parent,
        valid_to=REORG,
    )
    commune = admin_unit_create(
        actor=None,
        level=AdminUnit.Level.COMMUNE,
        code="04090",
        name="Xã Mường Lạn",
        parent=district,
        valid_to=REORG,
    )
    area_assign(actor=None, force_unit=w.post_a, commune=commune, valid_to=REORG)
    committee_seat_assign(
        actor=None,
        cadre=w.cadre_a,
        unit=district,
        role=CommitteeSeat.Role.STANDING_MEMBER,
        valid_from=dt.date(2024, 1, 1),
    )
    assert (
        assignment_figures(coverage("DBP-A", BEFORE_MERGER))["officers_in_district_committees"] == 1
    )
    assert (
        assignment_figures(coverage("123", BEFORE_MERGER))["officers_in_district_committees"] == 1
    )
    assert assignment_figures(coverage("DBP-A", AFTER))["officers_in_district_committees"] == 0
    assert (
        assignment_figures(coverage("DBP-B", BEFORE_MERGER))["officers_in_district_committees"] == 0
    )
