"""The village drug status sheet, written through the security services."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from outpost.core.audit import history
from outpost.core.models import AuditEvent
from outpost.geo.services import village_create
from outpost.security.models import VillageSecurityStatus
from outpost.security.services import village_status_set
from tests.imports.sheets import errors, events, exported, exported_rows, filled_template, run

pytestmark = pytest.mark.django_db
SHEET = "Ma túy thôn bản - Drug status"

CLEAN = {
    "commune_code": "04087",
    "village": "Bản Huổi Lếch",
    "year": 2025,
    "drug_free": "x",
    "note": "Giữ vững bản không ma túy",
}
KEY_AREA = {"commune_code": "04087", "village": "Bản Nậm Pồ", "year": 2025, "key_drug_area": "có"}


@pytest.fixture
def nam_po(world):  # type: ignore[no-untyped-def]
    return village_create(actor=None, commune=world.commune_a1, name="Bản Nậm Pồ")


def statuses_file(tmp_path, rows, name="s.xlsx"):  # type: ignore[no-untyped-def]
    return filled_template(tmp_path / name, "security_statuses", {"security_statuses": rows})


def test_a_filled_template_records_each_village_status_for_the_year(world, nam_po, tmp_path):
    report = run(world, statuses_file(tmp_path, [CLEAN, KEY_AREA]))
    assert report.ok and report.written, report.errors
    clean = VillageSecurityStatus.objects.get(village=world.village_a1, year=2025)
    assert (clean.drug_free, clean.key_drug_area, clean.note) == (
        True,
        False,
        "Giữ vững bản không ma túy",
    )
    hot = VillageSecurityStatus.objects.get(village=nam_po, year=2025)
    assert (hot.drug_free, hot.key_drug_area) == (False, True)
    for status in (clean, hot):
        (event,) = history(status)
        assert (event.action, event.source) == ("create", AuditEvent.Source.IMPORT)
        assert event.actor == world.users["officer_a"]


def test_importing_the_statuses_again_adds_nothing(world, nam_po, tmp_path):
    path = statuses_file(tmp_path, [CLEAN, KEY_AREA])
    assert run(world, path).ok
    before = (VillageSecurityStatus.objects.count(), events())
    again = run(world, path)
    assert again.ok
    assert again.counts()["security_statuses"] == {"create": 0, "update": 0, "unchanged": 2}
    assert (VillageSecurityStatus.objects.count(), events()) == before


def test_the_export_imports_back_unchanged_and_a_changed_box_corrects_the_year(
    world, nam_po, tmp_path
):
    assert run(world, statuses_file(tmp_path, [CLEAN, KEY_AREA])).ok
    export = exported(world, "officer_a", "security_statuses", tmp_path / "export.xlsx")
    assert len(exported_rows(export)) == 3
    before = events()
    again = run(world, export)
    assert again.ok and again.counts()["security_statuses"]["unchanged"] == 2
    assert events() == before

    wb = load_workbook(export)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[headers.index("Thôn bản / Village")].value == "Bản Nậm Pồ":
            row[headers.index("Trọng điểm về ma túy / Key drug area")].value = None
            row[headers.index("Không có ma túy / Drug-free")].value = "x"
    wb.save(export)
    report = run(world, export)
    assert report.counts()["security_statuses"] == {"create": 0, "update": 1, "unchanged": 1}
    hot = VillageSecurityStatus.objects.get(village=nam_po, year=2025)
    assert (hot.drug_free, hot.key_drug_area) == (True, False)
    assert [e.action for e in history(hot)] == ["update", "create"]
    assert events() == before + 1


def test_bad_rows_are_refused_on_their_cells_and_nothing_is_written(world, nam_po, tmp_path):
    village_status_set(
        actor=None, village=nam_po, year=2024, drug_free=False, key_drug_area=True, note=""
    )
    rows = [
        CLEAN,  # good, not written
        {**KEY_AREA, "drug_free": "x"},  # both at once
        {**CLEAN, "year": 1980},
        {**CLEAN, "village": "Bản Không Có", "year": 2024},
        {**KEY_AREA, "year": 2024, "key_drug_area": "x", "drug_free": "x"},  # a bad correction
    ]
    before = (VillageSecurityStatus.objects.count(), events())
    report = run(world, statuses_file(tmp_path, rows, "bad.xlsx"))
    assert not report.written
    assert (VillageSecurityStatus.objects.count(), events()) == before
    assert errors(report) == [
        (SHEET, 3, "Trọng điểm về ma túy / Key drug area", "x"),
        (SHEET, 4, "Năm / Year", "1980"),
        (SHEET, 5, "Thôn bản / Village", "Bản Không Có"),
        (SHEET, 6, "Trọng điểm về ma túy / Key drug area", "x"),
    ]
    assert [e.message for e in report.errors] == [
        "A key drug area cannot also be drug-free.",
        "Give a year between 1990 and 2100.",
        "Commune Xã Mường Nhé has no village of this name.",
        "A key drug area cannot also be drug-free.",
    ]
    assert not VillageSecurityStatus.objects.get(village=nam_po, year=2024).drug_free


def test_an_officer_of_another_post_neither_imports_nor_exports_post_a_statuses(
    world, nam_po, tmp_path
):
    path = statuses_file(tmp_path, [CLEAN])
    report = run(world, path, persona="officer_b")
    assert not report.written
    assert errors(report) == [(SHEET, 2, "Mã xã / Commune code", "04087")]
    assert not VillageSecurityStatus.objects.exists()
    assert run(world, path).ok
    rows = exported_rows(exported(world, "officer_b", "security_statuses", tmp_path / "b.xlsx"))
    assert len(rows) == 1 and rows[0][0] == "Mã xã / Commune code"
