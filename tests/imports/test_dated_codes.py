"""Rows naming a commune code the 2025 reorganisation reused (03158: Xã Leng Su Sìn until
2025-06-30, Xã Sín Thầu from 2025-07-01) land on the commune that carried it on the date the
row is about; a row whose date does not tell them apart is refused, naming both."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import translation

from outpost.assign.models import HouseholdAssignment
from outpost.force.services import area_assign
from outpost.geo.models import AdminUnit, Village
from outpost.geo.services import admin_unit_create, village_create
from outpost.people.models import Household
from outpost.people.services import household_create
from outpost.security.models import VillageSecurityStatus
from tests.imports.sheets import exported, exported_rows, run

pytestmark = pytest.mark.django_db

REORG = dt.date(2025, 7, 1)
IN_2023 = dt.date(2023, 5, 1)
IN_2026 = dt.date(2026, 1, 10)
AMBIGUOUS_2025 = (
    "03158 in 2025 is Xã Leng Su Sìn (until 2025-06-30) or Xã Sín Thầu (from 2025-07-01): "
    "write 03158@2025-01-01 or 03158@2025-07-01."
)
NO_DATE = (
    "03158 has been carried by Xã Leng Su Sìn (until 2025-06-30) or Xã Sín Thầu "
    "(from 2025-07-01) and the row has no date: write 03158@2025-06-30 or 03158@2025-07-01."
)


@dataclass
class Reused:
    old: AdminUnit
    new: AdminUnit
    old_village: Village
    new_village: Village
    old_household: Household
    new_household: Household


@pytest.fixture
def reused(world: Any) -> Reused:
    """Both communes of 03158 in post A's area (the old one until the merger), each with a
    village and a household H-01."""
    old_province = world.old_commune_a1.parent
    district = admin_unit_create(
        actor=None,
        level=AdminUnit.Level.DISTRICT,
        code="096",
        name="Huyện Mường Nhé",
        parent=old_province,
        valid_to=REORG,
    )
    old = admin_unit_create(
        actor=None,
        level=AdminUnit.Level.COMMUNE,
        code="03158",
        name="Xã Leng Su Sìn",
        parent=district,
        valid_to=REORG,
    )
    new = admin_unit_create(
        actor=None,
        level=AdminUnit.Level.COMMUNE,
        code="03158",
        name="Xã Sín Thầu",
        parent=world.province,
        valid_from=REORG,
    )
    area_assign(actor=None, force_unit=world.post_a, commune=old, valid_to=REORG)
    area_assign(actor=None, force_unit=world.post_a, commune=new, valid_from=REORG)
    old_village = village_create(actor=None, commune=old, name="Bản Leng Su Sìn")
    new_village = village_create(actor=None, commune=new, name="Bản Sín Thầu")
    return Reused(
        old=old,
        new=new,
        old_village=old_village,
        new_village=new_village,
        old_household=household_create(actor=None, village=old_village, code="H-01"),
        new_household=household_create(actor=None, village=new_village, code="H-01"),
    )


def assignment_row(code: str, on: dt.date, household: str = "H-01") -> dict[str, Any]:
    return {
        "service_number": "A-001",
        "commune_code": code,
        "household_code": household,
        "valid_from": on,
    }


def messages(report: Any) -> list[tuple[int, str, str]]:
    return [(e.row, e.value, e.message) for e in report.errors]


def test_a_2023_assignment_on_an_old_code_lands_on_the_old_commune_and_a_2026_one_on_the_new(
    world, reused, workbook
):
    path = workbook(
        {
            "household_assignments": [
                assignment_row("03158", IN_2023),
                assignment_row("03158", IN_2026),
            ]
        }
    )
    report = run(world, path)
    assert report.ok and report.written, report.errors
    landed = dict(HouseholdAssignment.objects.values_list("valid_from", "household__commune__name"))
    assert landed == {IN_2023: "Xã Leng Su Sìn", IN_2026: "Xã Sín Thầu"}


def test_a_date_written_after_the_code_wins_over_the_rows_date(world, reused, workbook):
    path = workbook(
        {
            "households": [
                {
                    "commune_code": "03158@2024-01-01",
                    "household_code": "H-02",
                    "village": "Bản Leng Su Sìn",
                }
            ],
            "poverty": [
                {
                    "commune_code": "03158@2025-03-01",
                    "household_code": "H-01",
                    "year": 2025,
                    "area": "rural",
                    "income": 1_000_000,
                    "deprivations": "1, 2, 3",
                }
            ],
        }
    )
    report = run(world, path)
    assert report.ok and report.written, report.errors
    assert Household.objects.get(code="H-02").commune == reused.old
    reused.old_household.refresh_from_db()
    assert reused.old_household.poverty_year == 2025
    reused.new_household.refresh_from_db()
    assert reused.new_household.poverty_year is None


def test_a_row_of_a_year_in_which_two_communes_carried_the_code_is_refused_naming_both(
    world, reused, workbook
):
    row = {"commune_code": "03158", "household_code": "H-01", "year": 2025, "area": "rural"}
    path = workbook({"poverty": [{**row, "income": 1_000_000}]})
    report = run(world, path)
    assert messages(report) == [(2, "03158", AMBIGUOUS_2025)]


def test_a_row_with_no_date_on_a_reused_code_is_refused_not_put_on_todays_commune(
    world, reused, workbook
):
    path = workbook(
        {"households": [{"commune_code": "03158", "household_code": "H-03", "village": "Bản X"}]}
    )
    report = run(world, path)
    assert messages(report) == [(2, "03158", NO_DATE)]
    assert not Household.objects.filter(code="H-03").exists()


def test_a_row_refused_on_the_unit_found_says_which_other_commune_carried_the_code(
    world, reused, workbook
):
    household_create(actor=None, village=reused.old_village, code="H-OLD")
    path = workbook({"household_assignments": [assignment_row("03158", IN_2026, "H-OLD")]})
    report = run(world, path)
    assert messages(report) == [
        (
            2,
            "H-OLD",
            "No household has this code in commune Xã Sín Thầu. 03158 on 2026-01-10 is "
            "Xã Sín Thầu; Xã Leng Su Sìn carried this code until 2025-06-30.",
        )
    ]


def test_a_sheet_written_through_its_service_reads_the_code_on_its_rows_year(
    world, reused, workbook
):
    status = {"commune_code": "03158", "drug_free": "x"}
    ok = workbook(
        {
            "security_statuses": [
                {**status, "village": "Bản Leng Su Sìn", "year": 2023},
                {**status, "village": "Bản Sín Thầu", "year": 2026},
            ]
        },
        name="ok.xlsx",
    )
    report = run(world, ok)
    assert report.ok and report.written, report.errors
    assert set(VillageSecurityStatus.objects.values_list("village__commune__name", "year")) == {
        ("Xã Leng Su Sìn", 2023),
        ("Xã Sín Thầu", 2026),
    }
    ambiguous = workbook(
        {"security_statuses": [{**status, "village": "Bản Sín Thầu", "year": 2025}]},
        name="ambiguous.xlsx",
    )
    assert messages(run(world, ambiguous)) == [(2, "03158", AMBIGUOUS_2025)]


@pytest.mark.vietnamese
def test_the_refusals_of_a_reused_code_are_in_vietnamese_by_default(world, reused, workbook):
    assert translation.get_language() == "vi"
    path = workbook(
        {
            "households": [{"commune_code": "03158", "household_code": "H-03", "village": "Bản X"}],
            "household_assignments": [assignment_row("03158", IN_2026, "H-OLD")],
        }
    )
    report = run(world, path)
    assert [e.message for e in report.errors] == [
        "Mã 03158 đã do Xã Leng Su Sìn (đến hết 2025-06-30) hoặc Xã Sín Thầu (từ 2025-07-01) "
        "mang và dòng này không ghi ngày: hãy ghi 03158@2025-06-30 hoặc 03158@2025-07-01.",
        "Không có hộ nào mang mã này ở xã Xã Sín Thầu. Mã 03158 vào ngày 2026-01-10 là "
        "Xã Sín Thầu; Xã Leng Su Sìn mang mã này đến hết 2025-06-30.",
    ]


def test_an_export_names_a_reused_code_with_a_date_so_it_imports_back_unchanged(
    world, reused, tmp_path
):
    path = exported(world, "officer_a", "households", tmp_path / "households.xlsx")
    codes_written = sorted(row[0] for row in exported_rows(path)[1:] if row[1] == "H-01")
    assert codes_written == ["03158@2025-06-30", "03158@2025-07-01"]
    again = run(world, path)
    assert again.ok, again.errors
    assert again.counts()["households"] == {"create": 0, "update": 0, "unchanged": 2}


def test_an_area_refusal_on_a_reused_code_says_which_other_commune_carried_it(
    world, reused, workbook
):
    row = {**assignment_row("03158", IN_2026), "service_number": "B-001"}
    report = run(world, workbook({"household_assignments": [row]}), persona=None)
    assert [(e.column, e.message) for e in report.errors] == [
        (
            "Mã hộ / Household code",
            "This is outside the area of responsibility of Giàng A Chử's unit on 2026-01-10. "
            "03158 on 2026-01-10 is Xã Sín Thầu; Xã Leng Su Sìn carried this code until "
            "2025-06-30.",
        )
    ]
