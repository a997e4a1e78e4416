"""The village cadres sheet (cadres identified among the residents and their training course),
written through the grassroots services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from openpyxl import load_workbook

from outpost.core.audit import history
from outpost.core.models import AuditEvent
from outpost.grassroots.models import VillageCadreTraining
from outpost.grassroots.services import village_cadre_identify
from outpost.people.services import household_create, resident_add
from tests.imports.sheets import errors, events, exported, exported_rows, filled_template, run

pytestmark = pytest.mark.django_db
D = dt.date
SHEET = "Cán bộ thôn - Village cadres"

CHIEF = {
    "commune_code": "04087",
    "household_code": "HL-01",
    "full_name": "Lò Văn Dế",
    "role": "trưởng bản",
    "identified_on": D(2024, 3, 1),
    "course_name": "Bồi dưỡng kỹ năng trưởng bản",
    "course_from": D(2024, 6, 3),
    "course_to": D(2024, 6, 14),
    "completed": "x",
}
SECRETARY = {
    "commune_code": "04087",
    "household_code": "HL-01",
    "full_name": "lo thi mai",
    "birth_year": 1990,
    "role": "branch_secretary",
    "identified_on": D(2025, 1, 15),
}


@pytest.fixture
def residents(world: Any) -> dict[str, Any]:
    home = household_create(actor=None, village=world.village_a1, code="HL-01")

    def member(name: str, sex: str, year: int, relation: str = "child") -> Any:
        return resident_add(
            actor=None, household=home, full_name=name, relation=relation, sex=sex, birth_year=year
        )

    return {
        "chief": member("Lò Văn Dế", "M", 1975, "head"),
        "mai": member("Lò Thị Mai", "F", 1990),
        "mai_young": member("Lò Thị Mai", "F", 2012),
    }


def cadres_file(tmp_path, rows, name="c.xlsx"):  # type: ignore[no-untyped-def]
    return filled_template(tmp_path / name, "village_cadres", {"village_cadres": rows})


def test_a_filled_template_records_the_cadres_then_their_course(world, residents, tmp_path):
    report = run(world, cadres_file(tmp_path, [CHIEF, SECRETARY]))
    assert report.ok and report.written, report.errors
    chief = VillageCadreTraining.objects.get(resident=residents["chief"])
    assert (
        chief.role,
        chief.identified_on,
        chief.course_name,
        chief.course_to,
        chief.completed,
    ) == (
        "village_chief",
        D(2024, 3, 1),
        "Bồi dưỡng kỹ năng trưởng bản",
        D(2024, 6, 14),
        True,
    )
    secretary = VillageCadreTraining.objects.get(resident=residents["mai"])
    assert (secretary.role, secretary.course_name, secretary.completed) == (
        "branch_secretary",
        "",
        False,
    )
    assert [e.action for e in history(chief).order_by("pk")] == ["create", "update"]
    assert [e.action for e in history(secretary)] == ["create"]
    for event in (*history(chief), *history(secretary)):
        assert event.source == AuditEvent.Source.IMPORT
        assert event.actor == world.users["officer_a"]


def test_importing_the_cadres_again_adds_nothing(world, residents, tmp_path):
    path = cadres_file(tmp_path, [CHIEF, SECRETARY])
    assert run(world, path).ok
    before = (VillageCadreTraining.objects.count(), events())
    again = run(world, path)
    assert again.ok
    assert again.counts()["village_cadres"] == {"create": 0, "update": 0, "unchanged": 2}
    assert (VillageCadreTraining.objects.count(), events()) == before


def test_the_export_imports_back_unchanged_and_a_course_filled_in_is_recorded(
    world, residents, tmp_path
):
    assert run(world, cadres_file(tmp_path, [CHIEF, SECRETARY])).ok
    export = exported(world, "officer_a", "village_cadres", tmp_path / "export.xlsx")
    assert len(exported_rows(export)) == 3
    before = events()
    again = run(world, export)
    assert again.ok and again.counts()["village_cadres"]["unchanged"] == 2
    assert events() == before

    wb = load_workbook(export)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[headers.index("Chức danh / Role")].value == "branch_secretary":
            row[headers.index("Khóa bồi dưỡng / Course")].value = "Lớp bí thư chi bộ"
            row[headers.index("Học từ ngày / Course from")].value = D(2025, 3, 3)
            row[headers.index("Học đến ngày / Course to")].value = D(2025, 3, 7)
            row[headers.index("Đã hoàn thành / Completed")].value = "có"
    wb.save(export)
    report = run(world, export)
    assert report.counts()["village_cadres"] == {"create": 0, "update": 1, "unchanged": 1}
    secretary = VillageCadreTraining.objects.get(resident=residents["mai"])
    assert (secretary.course_name, secretary.course_to, secretary.completed) == (
        "Lớp bí thư chi bộ",
        D(2025, 3, 7),
        True,
    )
    assert events() == before + 1


def test_bad_rows_are_refused_on_their_cells_and_nothing_is_written(world, residents, tmp_path):
    village_cadre_identify(
        actor=None, resident=residents["chief"], role="deputy_chief", identified_on=D(2020, 1, 1)
    )
    next_year = dt.date.today() + dt.timedelta(days=365)
    rows = [
        CHIEF,  # good, not written
        {**SECRETARY, "birth_year": None},  # two residents of this name
        {**SECRETARY, "full_name": "Vàng A Sính"},
        {**CHIEF, "identified_on": D(2024, 7, 1)},  # the course began before
        {  # a course not over yet cannot be completed
            **CHIEF,
            "role": "deputy_chief",
            "identified_on": D(2020, 1, 1),
            "course_from": next_year,
            "course_to": next_year,
        },
        {**SECRETARY, "course_from": D(2025, 2, 1)},  # a course without its name
    ]
    before = (VillageCadreTraining.objects.count(), events())
    report = run(world, cadres_file(tmp_path, rows, "bad.xlsx"))
    assert not report.written
    assert (VillageCadreTraining.objects.count(), events()) == before
    assert errors(report) == [
        (SHEET, 3, "Họ và tên / Full name", "lo thi mai"),
        (SHEET, 4, "Họ và tên / Full name", "Vàng A Sính"),
        (SHEET, 5, "Học từ ngày / Course from", "2024-06-03"),
        (SHEET, 6, "Đã hoàn thành / Completed", "x"),
        (SHEET, 7, "Khóa bồi dưỡng / Course", ""),
    ]
    assert [e.message for e in report.errors] == [
        "Several residents of household HL-01 have this name: give the birth year.",
        "Household HL-01 has no resident of this name.",
        "The course cannot start before the cadre was identified.",
        "The course ends in the future: it cannot be completed yet.",
        "Name the course.",
    ]


def test_an_officer_of_another_post_neither_imports_nor_exports_post_a_cadres(
    world, residents, tmp_path
):
    path = cadres_file(tmp_path, [CHIEF])
    report = run(world, path, persona="officer_b")
    assert not report.written and not VillageCadreTraining.objects.exists()
    assert errors(report) == [(SHEET, 2, "Mã xã / Commune code", "04087")]
    assert run(world, path).ok
    rows = exported_rows(exported(world, "officer_b", "village_cadres", tmp_path / "b.xlsx"))
    assert len(rows) == 1 and rows[0][0] == "Mã xã / Commune code"
