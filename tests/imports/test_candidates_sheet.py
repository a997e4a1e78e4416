"""The Party candidates sheet: the stage services run in order on every row."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from outpost.core.audit import history
from outpost.core.models import AuditEvent
from outpost.grassroots.models import PartyCandidate
from outpost.grassroots.services import (
    candidate_complete_class,
    candidate_identify,
    party_branch_create,
)
from outpost.people.models import Household
from outpost.people.services import household_create, resident_add
from tests.imports.sheets import errors, events, exported, exported_rows, filled_template, run

pytestmark = pytest.mark.django_db
D = dt.date
SHEET = "Quần chúng ưu tú - Candidates"


@pytest.fixture
def branch(world: Any) -> Any:
    return party_branch_create(
        actor=None,
        village=world.village_a1,
        name="Chi bộ bản Huổi Lếch",
        established_on=D(2000, 1, 1),
    )


@pytest.fixture
def residents(world: Any) -> dict[str, Any]:
    household = household_create(actor=None, village=world.village_a1, code="HH-1")
    young = household_create(actor=None, village=world.village_a1, code="HH-2")
    return {
        "on": resident_add(
            actor=None,
            household=household,
            full_name="Lò Thị Ón",
            relation="head",
            sex="F",
            birth_date=D(1995, 3, 10),
        ),
        "xuan": resident_add(
            actor=None,
            household=household,
            full_name="Lò Văn Xuân",
            relation="spouse",
            sex="M",
            birth_year=1993,
        ),
        "pa": resident_add(
            actor=None,
            household=young,
            full_name="Vàng A Pa",
            relation="head",
            sex="M",
            birth_date=D(2007, 9, 1),
        ),
    }


FULL = {
    "commune_code": "04087",
    "household_code": "HH-1",
    "full_name": "Lò Thị Ón",
    "mentor": "A-001",
    "identified_on": D(2024, 1, 5),
    "class_completed_on": D(2024, 3, 1),
    "recommended_on": D(2024, 5, 1),
    "admitted_on": D(2024, 6, 1),
    "full_member_on": D(2025, 6, 1),
}
EARLY = {
    "commune_code": "04087",
    "household_code": "HH-1",
    "full_name": "lo van xuan",  # as people type it
    "birth_year": 1993,
    "village": "Bản Huổi Lếch",
    "identified_on": "05/02/2024",
    "class_completed_on": "01/04/2024",
}


def test_a_filled_template_records_each_candidate_through_its_stage_services(
    world, branch, residents, tmp_path
):
    path = filled_template(
        tmp_path / "c.xlsx", "party_candidates", {"party_candidates": [FULL, EARLY]}
    )
    report = run(world, path)
    assert report.ok and report.written, report.errors
    assert report.counts()["party_candidates"] == {"create": 2, "update": 0, "unchanged": 0}

    full = PartyCandidate.objects.get(resident=residents["on"])
    assert full.stage == "full_member" and full.branch == branch
    assert full.mentor == world.cadre_a
    assert (full.admitted_on, full.full_member_on) == (D(2024, 6, 1), D(2025, 6, 1))
    changes = [sorted(set(e.changes) - {"updated_at"}) for e in history(full).order_by("pk")]
    # One service per stage, in order: identify, class, recommend, admit, full membership.
    assert changes == [
        ["branch", "identified_on", "mentor", "resident"],
        ["class_completed_on"],
        ["recommended_on"],
        ["admitted_on"],
        ["full_member_on"],
    ]
    assert all(
        e.source == AuditEvent.Source.IMPORT and e.actor == world.users["officer_a"]
        for e in history(full)
    )
    early = PartyCandidate.objects.get(resident=residents["xuan"])
    assert early.stage == "class_completed" and early.class_completed_on == D(2024, 4, 1)


def test_importing_the_same_candidates_again_adds_nothing_and_writes_no_audit_event(
    world, branch, residents, tmp_path
):
    path = filled_template(
        tmp_path / "c.xlsx", "party_candidates", {"party_candidates": [FULL, EARLY]}
    )
    assert run(world, path).ok
    before = (PartyCandidate.objects.count(), events())
    again = run(world, path)
    assert again.ok and again.written
    assert again.counts()["party_candidates"] == {"create": 0, "update": 0, "unchanged": 2}
    assert (PartyCandidate.objects.count(), events()) == before


def test_a_later_file_records_the_stages_reached_since(world, branch, residents, tmp_path):
    first = filled_template(tmp_path / "a.xlsx", "party_candidates", {"party_candidates": [EARLY]})
    assert run(world, first).ok
    later = {**EARLY, "recommended_on": D(2024, 6, 1), "admitted_on": D(2024, 8, 1)}
    second = filled_template(tmp_path / "b.xlsx", "party_candidates", {"party_candidates": [later]})
    report = run(world, second)
    assert report.counts()["party_candidates"] == {"create": 0, "update": 1, "unchanged": 0}
    candidate = PartyCandidate.objects.get()
    assert candidate.stage == "admitted" and candidate.admitted_on == D(2024, 8, 1)
    assert [e.action for e in history(candidate)].count("update") == 3


def test_the_export_imports_back_unchanged_and_a_filled_in_stage_is_recorded(
    world, branch, residents, tmp_path
):
    path = filled_template(
        tmp_path / "c.xlsx", "party_candidates", {"party_candidates": [FULL, EARLY]}
    )
    assert run(world, path).ok
    export = exported(world, "officer_a", "party_candidates", tmp_path / "export.xlsx")
    rows = exported_rows(export)
    assert len(rows) == 3 and rows[0][0] == "Mã xã / Commune code"
    before = events()
    again = run(world, export)
    assert again.ok and again.counts()["party_candidates"]["unchanged"] == 2
    assert events() == before

    # Fill in the recommendation in the exported file: only that stage is recorded.
    from openpyxl import load_workbook

    wb = load_workbook(export)
    ws = wb.worksheets[0]
    column = [c.value for c in ws[1]].index("Ngày giới thiệu / Recommended on") + 1
    for row in ws.iter_rows(min_row=2):
        if row[2].value == "Lò Văn Xuân":
            ws.cell(row=row[0].row, column=column, value=D(2024, 5, 20))
    wb.save(export)
    report = run(world, export)
    assert report.ok, report.errors
    assert report.counts()["party_candidates"] == {"create": 0, "update": 1, "unchanged": 1}
    assert PartyCandidate.objects.get(resident=residents["xuan"]).recommended_on == D(2024, 5, 20)
    assert events() == before + 1


def test_the_pipeline_rules_refuse_their_rows_on_the_stage_cell_and_nothing_is_written(
    world, branch, residents, tmp_path
):
    rows = [
        FULL,  # a good row: not written either
        {  # recommended without the class
            **EARLY,
            "class_completed_on": None,
            "recommended_on": D(2024, 5, 1),
        },
        {  # seventeen at admission
            "commune_code": "04087",
            "household_code": "HH-2",
            "full_name": "Vàng A Pa",
            "identified_on": D(2024, 1, 5),
            "class_completed_on": D(2024, 3, 1),
            "recommended_on": D(2024, 5, 1),
            "admitted_on": D(2024, 12, 1),
        },
    ]
    path = filled_template(tmp_path / "bad.xlsx", "party_candidates", {"party_candidates": rows})
    before = events()
    report = run(world, path)
    assert not report.written
    assert PartyCandidate.objects.count() == 0 and events() == before
    assert errors(report) == [
        (SHEET, 3, "Ngày giới thiệu / Recommended on", "2024-05-01"),
        (SHEET, 4, "Ngày kết nạp / Admitted on", "2024-12-01"),
    ]
    assert report.errors[0].file == "bad.xlsx"
    assert report.errors[0].message == (
        "A candidate is recommended only after completing the Party-awareness class."
    )
    assert "18 to 60 years old at admission (this one is 17)" in report.errors[1].message


def test_full_membership_before_twelve_months_of_probation_is_refused(
    world, branch, residents, tmp_path
):
    row = {**FULL, "full_member_on": D(2025, 5, 31)}
    path = filled_template(tmp_path / "c.xlsx", "party_candidates", {"party_candidates": [row]})
    report = run(world, path)
    assert errors(report) == [(SHEET, 2, "Ngày chuyển chính thức / Full member on", "2025-05-31")]
    assert "12 months of probation (from 2025-06-01)" in report.errors[0].message
    assert not PartyCandidate.objects.exists()


def test_an_age_exception_with_its_reason_is_admitted(world, branch, residents, tmp_path):
    row = {
        "commune_code": "04087",
        "household_code": "HH-2",
        "full_name": "Vàng A Pa",
        "identified_on": D(2024, 1, 5),
        "class_completed_on": D(2024, 3, 1),
        "recommended_on": D(2024, 5, 1),
        "admitted_on": D(2024, 12, 1),
        "age_exception_reason": "Quyết định đặc cách của Huyện ủy",
    }
    path = filled_template(tmp_path / "c.xlsx", "party_candidates", {"party_candidates": [row]})
    assert run(world, path).ok
    assert PartyCandidate.objects.get().age_exception_reason == "Quyết định đặc cách của Huyện ủy"


def test_a_stage_recorded_on_another_date_is_refused(world, branch, residents, tmp_path):
    candidate = candidate_identify(
        actor=None, resident=residents["xuan"], branch=branch, identified_on=D(2024, 2, 5)
    )
    candidate_complete_class(actor=None, candidate=candidate, on=D(2024, 3, 15))
    path = filled_template(tmp_path / "c.xlsx", "party_candidates", {"party_candidates": [EARLY]})
    report = run(world, path)
    assert errors(report) == [
        (
            SHEET,
            2,
            "Ngày học xong lớp nhận thức về Đảng / Party-awareness class completed on",
            "2024-04-01",
        )
    ]
    assert report.errors[0].message == (
        "This stage was recorded on 15/03/2024: an import cannot change it."
    )


def test_a_dropped_candidate_is_recorded_with_the_reason_and_needs_one(
    world, branch, residents, tmp_path
):
    row = {**EARLY, "dropped_on": D(2024, 9, 1)}
    path = filled_template(tmp_path / "c.xlsx", "party_candidates", {"party_candidates": [row]})
    report = run(world, path)
    assert errors(report) == [(SHEET, 2, "Lý do dừng / Reason dropped", "")]
    row["drop_reason"] = "Chuyển đi nơi khác"
    path = filled_template(tmp_path / "d.xlsx", "party_candidates", {"party_candidates": [row]})
    assert run(world, path).ok
    candidate = PartyCandidate.objects.get()
    assert candidate.stage == "dropped" and candidate.drop_reason == "Chuyển đi nơi khác"


def test_rows_name_an_existing_resident_of_the_household(world, branch, residents, tmp_path):
    resident_add(
        actor=None,
        household=residents["on"].household,
        full_name="Lò Văn Xuân",
        relation="child",
        sex="M",
        birth_year=2015,
    )
    rows = [
        {**EARLY, "full_name": "Lò Văn Không", "birth_year": None},
        {**EARLY, "birth_year": None},  # two of that name now
        {**EARLY, "household_code": "HH-404"},
        {**EARLY, "mentor": "X-999"},
    ]
    path = filled_template(tmp_path / "c.xlsx", "party_candidates", {"party_candidates": rows})
    report = run(world, path)
    assert errors(report) == [
        (SHEET, 2, "Họ và tên / Full name", "Lò Văn Không"),
        (SHEET, 3, "Họ và tên / Full name", "lo van xuan"),
        (SHEET, 4, "Mã hộ / Household code", "HH-404"),
        (SHEET, 5, "Cán bộ giúp đỡ (số hiệu) / Mentor (service number)", "X-999"),
    ]
    assert "give the birth year" in report.errors[1].message


def test_an_officer_of_another_post_cannot_import_candidates_here(
    world, branch, residents, tmp_path
):
    path = filled_template(tmp_path / "c.xlsx", "party_candidates", {"party_candidates": [FULL]})
    report = run(world, path, persona="officer_b")
    assert errors(report) == [(SHEET, 2, "Mã xã / Commune code", "04087")]
    assert not PartyCandidate.objects.exists()


def test_a_dry_run_counts_the_candidates_and_writes_nothing(world, branch, residents, tmp_path):
    path = filled_template(
        tmp_path / "c.xlsx", "party_candidates", {"party_candidates": [FULL, EARLY]}
    )
    before = events()
    report = run(world, path, dry_run=True)
    assert report.ok and not report.written
    assert report.counts()["party_candidates"]["create"] == 2
    assert not PartyCandidate.objects.exists() and events() == before


def test_candidates_of_residents_new_in_the_same_file_are_recorded_after_them(
    world, branch, tmp_path
):
    path = filled_template(
        tmp_path / "all.xlsx",
        "all",
        {
            "households": [
                {"commune_code": "04087", "household_code": "HH-9", "village": "Bản Huổi Lếch"}
            ],
            "residents": [
                {
                    "commune_code": "04087",
                    "household_code": "HH-9",
                    "full_name": "Mùa A Sính",
                    "relation": "chủ hộ",
                    "sex": "Nam",
                    "birth_year": 1990,
                }
            ],
            "party_candidates": [
                {
                    "commune_code": "04087",
                    "household_code": "HH-9",
                    "full_name": "Mùa A Sính",
                    "identified_on": D(2025, 1, 10),
                }
            ],
        },
    )
    before = events()
    checked = run(world, path, dry_run=True)  # the households are written, then rolled back
    assert checked.ok and not checked.written, checked.errors
    assert checked.counts()["party_candidates"]["create"] == 1
    assert not PartyCandidate.objects.exists() and events() == before
    assert not Household.objects.filter(code="HH-9").exists()
    report = run(world, path)
    assert report.ok, report.errors
    candidate = PartyCandidate.objects.get()
    assert candidate.resident.household.code == "HH-9"
    assert run(world, path).counts()["party_candidates"]["unchanged"] == 1


def test_with_errors_in_an_earlier_sheet_the_candidates_are_still_checked(
    world, branch, residents, tmp_path
):
    path = filled_template(
        tmp_path / "all.xlsx",
        "all",
        {
            "households": [
                {"commune_code": "04087", "household_code": "HH-9", "village": "Bản Không Có"}
            ],
            "party_candidates": [
                {**EARLY, "class_completed_on": None, "recommended_on": D(2024, 5, 1)}
            ],
        },
    )
    report = run(world, path)
    assert [(e.sheet, e.row, e.column) for e in report.errors] == [
        ("Hộ - Households", 2, "Thôn bản / Village"),
        (SHEET, 2, "Ngày giới thiệu / Recommended on"),
    ]
    assert (
        not PartyCandidate.objects.exists() and not Household.objects.filter(code="HH-9").exists()
    )
