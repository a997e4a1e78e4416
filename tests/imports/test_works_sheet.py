"""The works sheet, written through the works services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from outpost.core.audit import history
from outpost.core.models import AuditEvent
from outpost.geo.services import village_create
from outpost.works.models import Work
from outpost.works.services import work_create
from tests.imports.sheets import errors, events, exported, filled_template, run

pytestmark = pytest.mark.django_db
D = dt.date
SHEET = "Công trình - Works"

ROAD = {
    "commune_code": "04087",
    "code": "CT-01",
    "kind": "Bê tông hóa đường",
    "name": "Đường bê tông bản Huổi Lếch",
    "villages": "Bản Huổi Lếch, Bản Nậm Ty",
    "quantity": "1,5",
    "quantity_unit": "km",
    "funding_state": "450.000.000",
    "contributed_land_m2": 320,
    "contributed_labour_days": 140,
    "started_on": D(2025, 3, 1),
    "status": "hoàn thành",
    "completed_on": D(2025, 9, 30),
    "unit_code": "DBP-A",
}
HOUSE = {
    "commune_code": "04087",
    "kind": "house",
    "name": "Nhà Đại đoàn kết hộ Lò Văn Pánh",
    "villages": "Bản Huổi Lếch",
    "quantity": 1,
    "quantity_unit": "căn",
    "funding_unit": 60_000_000,
}


@pytest.fixture
def second_village(world):  # type: ignore[no-untyped-def]
    return village_create(actor=None, commune=world.commune_a1, name="Bản Nậm Ty")


def test_a_filled_template_records_works_completed_through_their_services(
    world, second_village, tmp_path
):
    path = filled_template(tmp_path / "w.xlsx", "works", {"works": [ROAD, HOUSE]})
    report = run(world, path)
    assert report.ok and report.written, report.errors
    road = Work.objects.get(code="CT-01")
    assert road.kind == "road_concreting" and road.quantity == Decimal("1.5")
    assert road.funding_state == 450_000_000 and road.force_unit == world.post_a
    assert sorted(v.name for v in road.villages.all()) == ["Bản Huổi Lếch", "Bản Nậm Ty"]
    assert (road.status, road.completed_on) == ("completed", D(2025, 9, 30))
    # Recorded in progress, then completed: the works services' own two steps.
    assert [e.action for e in history(road).order_by("pk")] == ["create", "update"]
    assert history(road).first().source == AuditEvent.Source.IMPORT
    house = Work.objects.get(kind="house")
    assert (house.status, house.quantity_unit, house.code) == ("planned", "houses", "")


def test_importing_the_works_again_adds_nothing(world, second_village, tmp_path):
    path = filled_template(tmp_path / "w.xlsx", "works", {"works": [ROAD, HOUSE]})
    assert run(world, path).ok
    before = (Work.objects.count(), events())
    again = run(world, path)
    assert again.ok and again.counts()["works"] == {"create": 0, "update": 0, "unchanged": 2}
    assert (Work.objects.count(), events()) == before


def test_the_export_imports_back_unchanged_and_edited_cells_update_the_work(
    world, second_village, tmp_path
):
    assert run(world, filled_template(tmp_path / "w.xlsx", "works", {"works": [ROAD, HOUSE]})).ok
    export = exported(world, "officer_a", "works", tmp_path / "export.xlsx")
    before = events()
    again = run(world, export)
    assert again.ok and again.counts()["works"]["unchanged"] == 2
    assert events() == before

    wb = load_workbook(export)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[headers.index("Loại / Kind")].value == "house":
            row[headers.index("Mã công trình / Work code")].value = "NDDK-07"
            row[headers.index("Tình trạng / Status")].value = "in_progress"
            row[headers.index("Ngày khởi công / Started on")].value = D(2025, 10, 1)
            row[headers.index("Thôn bản hưởng lợi / Villages served")].value = "Bản Nậm Ty"
    wb.save(export)
    report = run(world, export)
    assert report.ok, report.errors
    assert report.counts()["works"] == {"create": 0, "update": 1, "unchanged": 1}
    house = Work.objects.get(kind="house")
    assert (house.code, house.status, house.started_on) == (
        "NDDK-07",
        "in_progress",
        D(2025, 10, 1),
    )
    assert [v.name for v in house.villages.all()] == ["Bản Nậm Ty"]
    (update,) = [e for e in history(house) if e.action == "update"]
    assert update.changes["villages"] == [[world.village_a1.pk], [second_village.pk]]
    assert update.changes["code"] == ["", "NDDK-07"]
    assert events() == before + 1


def test_bad_rows_are_refused_on_their_cells_and_nothing_is_written(
    world, second_village, tmp_path
):
    rows = [
        HOUSE,  # good, not written
        {**ROAD, "quantity_unit": "lamps"},  # a road in lamps
        {**ROAD, "code": "CT-02", "name": "Đường khác", "completed_on": None},
        {**HOUSE, "name": "Nhà khác", "villages": "Bản Pá Lông"},  # post B's village
        {**HOUSE, "name": "Nhà hủy", "status": "hủy"},  # cancelled without a reason
    ]
    before = (Work.objects.count(), events())
    report = run(world, filled_template(tmp_path / "bad.xlsx", "works", {"works": rows}))
    assert not report.written
    assert (Work.objects.count(), events()) == before
    assert errors(report) == [
        (SHEET, 3, "Đơn vị tính / Unit", "lamps"),
        (SHEET, 4, "Ngày hoàn thành / Completed on", ""),
        (SHEET, 5, "Thôn bản hưởng lợi / Villages served", "Bản Pá Lông"),
        (SHEET, 6, "Lý do hủy / Reason cancelled", ""),
    ]
    assert report.errors[0].message == "A road concreting work is measured in km."
    assert report.errors[3].message == "Give the reason the work was cancelled."


def test_works_of_the_same_name_are_told_apart_by_their_code(world, tmp_path):
    for code in ("H-1", "H-2"):
        work_create(
            actor=None,
            kind="house",
            name="Nhà Đại đoàn kết",
            villages=[world.village_a1],
            code=code,
        )
    row = {
        "commune_code": "04087",
        "kind": "house",
        "name": "Nhà Đại đoàn kết",
        "villages": "Bản Huổi Lếch",
        "note": "Hộ nghèo",
    }
    report = run(world, filled_template(tmp_path / "a.xlsx", "works", {"works": [row]}))
    assert errors(report) == [(SHEET, 2, "Tên công trình / Name", "Nhà Đại đoàn kết")]
    assert "give the work code" in report.errors[0].message
    coded = {**row, "code": "H-2"}
    report = run(world, filled_template(tmp_path / "b.xlsx", "works", {"works": [coded]}))
    assert report.ok and report.counts()["works"]["update"] == 1
    assert Work.objects.get(code="H-2").note == "Hộ nghèo"
    assert Work.objects.get(code="H-1").note == ""
