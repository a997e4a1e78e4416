"""Household assignments and branch memberships share one row check: both sides of it."""

from __future__ import annotations

import datetime as dt

import pytest

from outpost.assign.models import BranchMembership
from outpost.grassroots.services import party_branch_create
from outpost.imports.engine import Importer

pytestmark = pytest.mark.django_db


def test_a_second_running_membership_of_the_same_cadre_and_branch_is_refused(world, workbook):
    party_branch_create(
        actor=None, village=world.village_a1, name="Chi bộ Huổi Lếch", established_on=None
    )
    row = {"service_number": "A-001", "commune_code": "04087", "village": "Bản Huổi Lếch"}
    path = workbook(
        {
            "branch_memberships": [
                {**row, "valid_from": dt.date(2025, 8, 1)},
                {**row, "valid_from": dt.date(2025, 9, 1)},
            ]
        }
    )
    report = Importer(file_name="f.xlsx").run(path)
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (3, "Thôn bản / Village", "Lò Văn Pánh already takes part in Chi bộ Huổi Lếch.")
    ]
    assert not BranchMembership.objects.exists()


def test_a_membership_before_the_branch_existed_is_refused_on_its_start_date(world, workbook):
    party_branch_create(
        actor=None,
        village=world.village_a1,
        name="Chi bộ Huổi Lếch",
        established_on=dt.date(2025, 9, 1),
    )
    path = workbook(
        {
            "branch_memberships": [
                {
                    "service_number": "A-001",
                    "commune_code": "04087",
                    "village": "Bản Huổi Lếch",
                    "valid_from": dt.date(2025, 8, 1),
                }
            ]
        }
    )
    report = Importer(file_name="f.xlsx").run(path)
    assert [(e.column, e.value, e.message) for e in report.errors] == [
        ("Từ ngày / Valid from", "2025-08-01", "The Party branch does not exist on that date.")
    ]


def test_a_valid_membership_is_imported_once(world, workbook):
    party_branch_create(actor=None, village=world.village_a1, name="Chi bộ Huổi Lếch")
    row = {
        "service_number": "A-001",
        "commune_code": "04087",
        "village": "Bản Huổi Lếch",
        "valid_from": dt.date(2025, 8, 1),
    }
    path = workbook({"branch_memberships": [row]})
    assert Importer(file_name="f.xlsx").run(path).ok
    again = Importer(file_name="f.xlsx").run(path)
    assert again.ok and again.counts()["branch_memberships"]["unchanged"] == 1
    assert BranchMembership.objects.get().cadre == world.cadre_a
