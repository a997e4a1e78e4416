"""The enrollments sheet, written through the program services."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from outpost.core.audit import history
from outpost.core.models import AuditEvent
from outpost.fieldwork.models import Enrollment
from outpost.fieldwork.services.programs import program_create
from tests.imports.fieldwork_data import build_homes
from tests.imports.sheets import errors, events, exported, exported_rows, filled_template, run

pytestmark = pytest.mark.django_db
D = dt.date
SHEET = "Người thụ hưởng - Enrollments"

ADOPTED = {
    "program": "con nuoi don bien phong",  # the Vietnamese name without its marks
    "commune_code": "04087",
    "household_code": "HL-01",
    "full_name": "Lò Thị Mai",
    "sponsor": "A-001",
    "started_on": D(2025, 9, 1),
    "monthly_support": 500_000,
}
SPRING = {
    "program": "xuan-bien-phong-am-long-dan-ban",
    "commune_code": "04087",
    "household_code": "HL-02",
    "sponsor": "DBP-A",
    "started_on": D(2025, 1, 15),
    "status": "kết thúc",
    "ended_on": D(2025, 2, 15),
    "end_reason": "hoàn thành",
}
CULTURE = {
    "program": "Border culture village",
    "commune_code": "04087",
    "village": "Bản Nậm Pồ",
    "sponsor": "DBP-A",
    "started_on": "01/10/2025",
    "status": "tạm dừng",
    "note": "Chờ kinh phí",
}


@pytest.fixture
def homes(world):  # type: ignore[no-untyped-def]
    build = build_homes(world)
    program_create(
        actor=None,
        name_vi="Bản văn hóa biên giới",
        name_en="Border culture village",
        beneficiary="village",
        owner_unit=world.post_a,
    )
    return build


def enrollments(rows, tmp_path, name="e.xlsx"):  # type: ignore[no-untyped-def]
    return filled_template(tmp_path / name, "enrollments", {"enrollments": rows})


def shape(e: Enrollment) -> tuple:
    if e.resident is not None:
        beneficiary = (e.resident.household.code, e.resident.full_name)
    elif e.household is not None:
        beneficiary = (e.household.code, None)
    else:
        assert e.village is not None
        beneficiary = (None, e.village.name)
    sponsor = e.sponsor_cadre.service_number if e.sponsor_cadre else e.sponsor_unit.code
    return (
        e.program.code,
        *beneficiary,
        e.commune.code,
        sponsor,
        e.started_on,
        e.ended_on,
        e.monthly_support,
        e.status,
        e.end_reason,
        e.note,
    )


def everything() -> dict[int, tuple]:
    return {e.pk: shape(e) for e in Enrollment.objects.all()}


def test_a_filled_template_enrolls_residents_households_and_villages(world, homes, tmp_path):
    report = run(world, enrollments([ADOPTED, SPRING, CULTURE], tmp_path))
    assert report.ok and report.written, report.errors
    assert report.counts()["enrollments"] == {"create": 3, "update": 0, "unchanged": 0}
    assert sorted(everything().values(), key=str) == sorted(
        [
            (
                "con-nuoi-don-bien-phong",
                "HL-01",
                "Lò Thị Mai",
                "04087",
                "A-001",
                D(2025, 9, 1),
                None,
                500_000,
                "active",
                "",
                "",
            ),
            (
                "xuan-bien-phong-am-long-dan-ban",
                "HL-02",
                None,
                "04087",
                "DBP-A",
                D(2025, 1, 15),
                D(2025, 2, 15),
                0,
                "ended",
                "completed",
                "",
            ),
            (
                "ban-van-hoa-bien-gioi",
                None,
                "Bản Nậm Pồ",
                "04087",
                "DBP-A",
                D(2025, 10, 1),
                None,
                0,
                "suspended",
                "",
                "Chờ kinh phí",
            ),
        ],
        key=str,
    )
    spring = Enrollment.objects.get(household=homes.hl2)
    actions = [e.action for e in history(spring).order_by("pk")]
    assert actions == ["create", "end"]  # enrolled, then ended through its service
    assert {e.source for e in history(spring)} == {AuditEvent.Source.IMPORT}
    assert {e.actor for e in history(spring)} == {world.users["officer_a"]}


def test_importing_the_same_file_again_adds_nothing_and_writes_no_audit_event(
    world, homes, tmp_path
):
    path = enrollments([ADOPTED, SPRING, CULTURE], tmp_path)
    assert run(world, path).ok
    before = (everything(), events())
    again = run(world, path)
    assert again.ok and again.written
    assert again.counts()["enrollments"] == {"create": 0, "update": 0, "unchanged": 3}
    assert (everything(), events()) == before


def test_the_export_imports_back_unchanged_and_its_edits_go_through_the_services(
    world, homes, tmp_path
):
    assert run(world, enrollments([ADOPTED, SPRING, CULTURE], tmp_path)).ok
    export = exported(world, "officer_a", "enrollments", tmp_path / "export.xlsx")
    assert len(exported_rows(export)) == 4
    before = (everything(), events())
    again = run(world, export)
    assert again.ok and again.counts()["enrollments"] == {"create": 0, "update": 0, "unchanged": 3}
    assert (everything(), events()) == before

    wb = load_workbook(export)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]

    def cell(row, header):  # type: ignore[no-untyped-def]
        return row[headers.index(header)]

    for row in ws.iter_rows(min_row=2):
        program = cell(row, "Chương trình / Program").value
        if program == "con-nuoi-don-bien-phong":
            cell(row, "Hỗ trợ hằng tháng (đồng) / Monthly support (VND)").value = 600_000
        elif program == "ban-van-hoa-bien-gioi":
            cell(row, "Tình trạng / Status").value = "đang hỗ trợ"
    wb.save(export)
    report = run(world, export)
    assert report.ok, report.errors
    assert report.counts()["enrollments"] == {"create": 0, "update": 2, "unchanged": 1}
    adopted = Enrollment.objects.get(resident=homes.child)
    assert adopted.monthly_support == 600_000
    assert history(adopted).latest("pk").changes["monthly_support"] == [500_000, 600_000]
    assert Enrollment.objects.get(village=homes.nam_po).status == "active"
    assert events() == before[1] + 2


def test_an_ended_enrollment_cannot_be_changed_by_an_import(world, homes, tmp_path):
    assert run(world, enrollments([SPRING], tmp_path)).ok
    before = events()
    report = run(world, enrollments([{**SPRING, "monthly_support": 100_000}], tmp_path, "b.xlsx"))
    assert errors(report) == [
        (SHEET, 2, "Hỗ trợ hằng tháng (đồng) / Monthly support (VND)", "100000")
    ]
    assert report.errors[0].message == "Recorded as 0: an import cannot change this."
    assert events() == before


def test_bad_rows_are_refused_on_their_cells_and_nothing_is_written(world, homes, tmp_path):
    program_create(
        actor=None, name_vi="Chương trình đồn B", beneficiary="resident", owner_unit=world.post_b
    )
    rows = [
        ADOPTED,  # good, not written
        {**ADOPTED, "full_name": "Lò Văn Dùng"},  # 18 on 1 May 2025
        {**ADOPTED, "household_code": "PL-01", "full_name": "Giàng Thị Súa"},  # commune B1
        {**ADOPTED, "full_name": "Lò Thị Mây"},
        {**SPRING, "household_code": "HL-01", "full_name": "Lò Thị Mai"},
        {**ADOPTED, "started_on": D(2025, 8, 1), "sponsor": "B-001"},
        {**ADOPTED, "started_on": D(2025, 7, 1), "sponsor": "X-999"},
        {**SPRING, "end_reason": None},
        {**CULTURE, "village": None},
        {**ADOPTED, "started_on": D(2025, 10, 1)},  # row 2 enrolled her from September
        {**ADOPTED, "program": "Chương trình đồn B"},  # post B's own program
        {**ADOPTED, "full_name": "lo thi mai"},  # row 2 again
    ]
    before = (Enrollment.objects.count(), events())
    report = run(world, enrollments(rows, tmp_path))
    assert not report.written
    assert (Enrollment.objects.count(), events()) == before
    # A repeated row is found while the file is read, before any row is written.
    assert errors(report) == [
        (SHEET, 13, "", ""),
        (SHEET, 3, "Họ và tên / Full name", "Lò Văn Dùng"),
        (SHEET, 4, "Mã hộ / Household code", "PL-01"),
        (SHEET, 5, "Họ và tên / Full name", "Lò Thị Mây"),
        (SHEET, 6, "Họ và tên / Full name", "Lò Thị Mai"),
        (SHEET, 7, "Người/đơn vị đỡ đầu / Sponsor", "B-001"),
        (SHEET, 8, "Người/đơn vị đỡ đầu / Sponsor", "X-999"),
        (SHEET, 9, "Lý do kết thúc / Reason ended", ""),
        (SHEET, 10, "Mã hộ / Household code", ""),
        (SHEET, 11, "Ngày bắt đầu / Started on", "2025-10-01"),
        (SHEET, 12, "Chương trình / Program", "Chương trình đồn B"),
    ]
    assert [e.message for e in report.errors] == [
        "This row repeats row 2 of the same sheet.",
        "Lò Văn Dùng is already 18 on 2025-09-01: Children adopted by the border post supports "
        "children until they turn 18.",
        "No household has this code in commune Xã Mường Nhé.",
        "Household HL-01 has no resident of this name.",
        "Border Guard spring warms the villages enrolls households, not residents.",
        "The sponsoring cadre is not in one of your units.",
        "No cadre has this service number and no unit this code.",
        "Give the reason the enrollment ended.",
        "Name the beneficiary: a household code (and a resident's name) or a village.",
        "Lò Thị Mai is already enrolled in Children adopted by the border post from 2025-09-01.",
        "No program has this code or name.",
    ]


def test_an_officer_of_another_post_neither_imports_nor_exports_post_a_enrollments(
    world, homes, tmp_path
):
    report = run(
        world, enrollments([{**ADOPTED, "sponsor": "B-001"}], tmp_path), persona="officer_b"
    )
    assert errors(report) == [(SHEET, 2, "Mã xã / Commune code", "04087")]
    assert report.errors[0].message == "This commune is outside your area of work."
    assert not Enrollment.objects.exists()
    assert run(world, enrollments([ADOPTED], tmp_path, "a.xlsx")).ok
    rows = exported_rows(exported(world, "officer_b", "enrollments", tmp_path / "b.xlsx"))
    assert len(rows) == 1 and rows[0][0] == "Chương trình / Program"  # the headers only
