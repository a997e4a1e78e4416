"""The border flags sheet, written through the geo services: a unit's code read on the flag's
first day, any level, old or new units."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from outpost.core.audit import history
from outpost.core.models import AuditEvent
from outpost.geo.models import AdminUnit, BorderFlag
from outpost.geo.services import admin_unit_create, border_flag_set
from tests.imports.sheets import errors, events, exported, exported_rows, filled_template, run

pytestmark = pytest.mark.django_db
D = dt.date
REORG = D(2025, 7, 1)
SHEET = "Đơn vị biên giới - Border flags"

CHIENG_ON = {"unit_code": "04084", "countries": "Lào", "valid_from": D(2020, 1, 1)}
PHIENG_KHOAI = {
    "unit_code": "04099",
    "countries": "LA, cn",
    "valid_from": D(2026, 1, 1),
    "valid_to": D(2026, 6, 1),
    "end_reason": "Đo đạc lại",
}


def flags_file(tmp_path, rows, name="t.xlsx"):  # type: ignore[no-untyped-def]
    return filled_template(tmp_path / name, "border_flags", {"border_flags": rows})


def spans(unit: AdminUnit) -> list[tuple[str, dt.date | None, dt.date | None]]:
    flags = BorderFlag.objects.filter(unit=unit).order_by("valid_from")
    return [(f.countries, f.valid_from, f.valid_to) for f in flags]


def test_a_filled_template_flags_an_old_commune_and_changes_a_new_ones_flag(world, tmp_path):
    report = run(world, flags_file(tmp_path, [CHIENG_ON, PHIENG_KHOAI]))
    assert report.ok and report.written, report.errors
    assert spans(world.old_commune_a1) == [("LA", D(2020, 1, 1), REORG)]
    assert spans(world.commune_a2) == [
        ("LA", REORG, D(2026, 1, 1)),  # ended on the new flag's first day
        ("CN,LA", D(2026, 1, 1), D(2026, 6, 1)),
    ]
    flag = BorderFlag.objects.get(unit=world.old_commune_a1)
    event = history(flag).get()
    assert (event.source, event.actor) == (AuditEvent.Source.IMPORT, world.users["officer_a"])


def test_importing_the_flags_again_adds_nothing(world, tmp_path):
    path = flags_file(tmp_path, [CHIENG_ON, PHIENG_KHOAI])
    assert run(world, path).ok
    before = (BorderFlag.objects.count(), events())
    again = run(world, path)
    assert again.ok
    assert again.counts()["border_flags"] == {"create": 0, "update": 0, "unchanged": 2}
    assert (BorderFlag.objects.count(), events()) == before


def test_the_export_imports_back_unchanged_and_an_end_date_ends_the_flag(world, tmp_path):
    assert run(world, flags_file(tmp_path, [CHIENG_ON])).ok
    export = exported(world, "officer_a", "border_flags", tmp_path / "export.xlsx")
    rows = exported_rows(export)
    assert [r[0] for r in rows[1:]] == ["04084", "04087", "04099"]  # post A's communes only
    before = events()
    again = run(world, export)
    assert again.ok and again.counts()["border_flags"]["unchanged"] == 3
    assert events() == before

    wb = load_workbook(export)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "04087":
            row[headers.index("Đến ngày / Valid to")].value = D(2026, 3, 1)
            row[headers.index("Lý do kết thúc / Reason ended")].value = "Đo đạc lại"
    wb.save(export)
    report = run(world, export)
    assert report.counts()["border_flags"] == {"create": 0, "update": 1, "unchanged": 2}
    flag = BorderFlag.objects.get(unit=world.commune_a1)
    assert (flag.valid_to, flag.end_reason) == (D(2026, 3, 1), "Đo đạc lại")
    assert events() == before + 1


def test_bad_rows_are_refused_on_their_cells_and_nothing_is_written(world, tmp_path):
    admin_unit_create(
        actor=None,
        level=AdminUnit.Level.COMMUNE,
        code="04087",
        name="Xã Leng Su Sìn",
        parent=world.old_commune_a1.parent,
        valid_to=REORG,
    )
    border_flag_set(
        actor=None,
        unit=world.old_commune_a1,
        countries=["LA"],
        valid_from=D(2022, 1, 1),
        valid_to=D(2023, 1, 1),
    )
    rows = [
        CHIENG_ON | {"valid_to": D(2021, 1, 1)},  # good, not written
        {"unit_code": "04087", "countries": "CN"},  # two units carried it: the date is needed
        {"unit_code": "04083", "countries": "LA", "valid_from": D(2024, 1, 1)},
        {"unit_code": "04240", "countries": "LA", "valid_from": D(2026, 1, 1)},  # post B's
        {"unit_code": "04099", "countries": "Thái Lan", "valid_from": D(2026, 1, 1)},
        {"unit_code": "04084", "countries": "LA", "valid_from": D(2021, 6, 1)},  # overlaps
        {
            "unit_code": "04084",
            "countries": "LA",
            "valid_from": D(2024, 1, 1),
            "valid_to": D(2026, 1, 1),
        },
    ]
    before = (BorderFlag.objects.count(), events())
    report = run(world, flags_file(tmp_path, rows, "bad.xlsx"))
    assert not report.written
    assert (BorderFlag.objects.count(), events()) == before
    assert errors(report) == [
        (SHEET, 3, "Mã đơn vị hành chính / Unit code", "04087"),
        (SHEET, 4, "Mã đơn vị hành chính / Unit code", "04083"),
        (SHEET, 5, "Mã đơn vị hành chính / Unit code", "04240"),
        (SHEET, 6, "Nước tiếp giáp / Neighbouring countries", "Thái Lan"),
        (SHEET, 7, "Từ ngày / Valid from", "2021-06-01"),
        (SHEET, 8, "Đến ngày / Valid to", "2026-01-01"),
    ]
    messages = [e.message for e in report.errors]
    assert messages[0] == (
        "04087 has been carried by Xã Leng Su Sìn (until 2025-06-30) or Xã Mường Nhé "
        "(from 2025-07-01) and the row has no date: write 04087@2025-06-30 or 04087@2025-07-01."
    )
    assert messages[1] == "No commune has code 04083."
    assert messages[2] == "This unit is outside your area of work."
    assert messages[3] == "Unknown country THÁI LAN: use CN, LA, KH."
    assert messages[4].startswith("Xã Chiềng On (04084) already has a border flag from 2022-01-01")
    assert messages[5].startswith("Xã Chiềng On (04084) existed from … to 2025-07-01")


def test_an_officer_of_another_post_neither_imports_nor_exports_post_a_flags(world, tmp_path):
    path = flags_file(tmp_path, [CHIENG_ON])
    report = run(world, path, persona="officer_b")
    assert not report.written and not BorderFlag.objects.filter(unit=world.old_commune_a1)
    assert errors(report) == [(SHEET, 2, "Mã đơn vị hành chính / Unit code", "04084")]
    rows = exported_rows(exported(world, "officer_b", "border_flags", tmp_path / "b.xlsx"))
    assert [r[0] for r in rows[1:]] == ["04240"]
