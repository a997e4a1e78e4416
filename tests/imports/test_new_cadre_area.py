"""A cadre new in a file is checked against the areas of their unit and of every unit above it,
however deep their unit sits (a team under a post)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from outpost.assign.models import HouseholdAssignment
from outpost.force.models import ForceUnit
from outpost.force.services import force_unit_create
from outpost.imports.engine import Importer
from outpost.people.services import household_create

pytestmark = pytest.mark.django_db


def _file(workbook, household_code: str, commune_code: str):  # type: ignore[no-untyped-def]
    return workbook(
        {
            "cadres": [
                {
                    "service_number": "T-001",
                    "full_name": "Lò Văn Thành",
                    "rank": "thuong_uy",
                    "unit_code": "DOI-A-1",
                    "posted_on": dt.date(2024, 1, 1),
                    "party_joined_on": dt.date(2015, 3, 2),
                    "party_full_on": dt.date(2016, 3, 2),
                }
            ],
            "household_assignments": [
                {
                    "service_number": "T-001",
                    "commune_code": commune_code,
                    "household_code": household_code,
                    "valid_from": dt.date(2025, 8, 1),
                }
            ],
        }
    )


@pytest.fixture
def team_of_post_a(world):  # type: ignore[no-untyped-def]
    return force_unit_create(
        actor=None, kind=ForceUnit.Kind.TEAM, code="DOI-A-1", name="Đội A-1", parent=world.post_a
    )


def test_a_new_cadre_of_a_team_takes_a_household_in_the_area_of_the_post_above(
    world, workbook, team_of_post_a
):
    household_create(actor=None, village=world.village_a1, code="A-1")
    report = Importer(file_name="team.xlsx").run(_file(workbook, "A-1", "04087"))
    assert report.ok, report.errors
    assignment = HouseholdAssignment.objects.get(cadre__service_number="T-001")
    assert assignment.household.code == "A-1"


def test_a_new_cadre_of_a_team_is_refused_a_household_of_another_post(
    world, workbook, team_of_post_a
):
    household_create(actor=None, village=world.village_b1, code="B-1")
    with translation.override("en"):
        report = Importer(file_name="team.xlsx").run(_file(workbook, "B-1", "04240"))
    assert [e.message for e in report.errors if "area of responsibility" in e.message]
    assert not HouseholdAssignment.objects.filter(cadre__service_number="T-001").exists()
