"""The security incidents sheet, written through the security services."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from outpost.core.audit import history
from outpost.core.models import AuditEvent
from outpost.security.models import Incident
from outpost.security.services import incident_create, incident_void
from tests.imports.sheets import errors, events, exported, exported_rows, filled_template, run

pytestmark = pytest.mark.django_db
D = dt.date
SHEET = "Vụ việc - Security incidents"

CROSSING = {
    "occurred_on": D(2025, 8, 3),
    "commune_code": "04087",
    "village": "Bản Huổi Lếch",
    "kind": "xuất nhập cảnh trái phép",
    "summary": "Hai người qua lại đường mòn không làm thủ tục",
    "unit_code": "DBP-A",
    "status": "đã xử lý",
}
DRUGS = {
    "occurred_on": "20/09/2025",
    "commune_code": "04087",
    "village": "ban huoi lech",
    "kind": "drugs",
    "summary": "Phát hiện tàng trữ trái phép chất ma túy",
    "status": "closed",
    "closed_on": D(2025, 10, 2),
}


def test_a_filled_template_records_incidents_and_brings_them_to_their_status(world, tmp_path):
    path = filled_template(tmp_path / "i.xlsx", "incidents", {"incidents": [CROSSING, DRUGS]})
    report = run(world, path)
    assert report.ok and report.written, report.errors
    crossing = Incident.objects.get(kind="illegal_border_crossing")
    assert (crossing.status, crossing.force_unit, crossing.commune) == (
        "handled",
        world.post_a,
        world.commune_a1,
    )
    drugs = Incident.objects.get(kind="drugs")
    assert (drugs.status, drugs.closed_on, drugs.village) == (
        "closed",
        D(2025, 10, 2),
        world.village_a1,
    )
    for incident in (crossing, drugs):
        actions = [e.action for e in history(incident).order_by("pk")]
        assert actions == ["create", "update"]  # recorded open, then its status
        assert {e.source for e in history(incident)} == {AuditEvent.Source.IMPORT}


def test_importing_the_incidents_again_adds_nothing(world, tmp_path):
    path = filled_template(tmp_path / "i.xlsx", "incidents", {"incidents": [CROSSING, DRUGS]})
    assert run(world, path).ok
    before = (Incident.objects.count(), events())
    again = run(world, path)
    assert again.ok and again.counts()["incidents"] == {"create": 0, "update": 0, "unchanged": 2}
    assert (Incident.objects.count(), events()) == before


def test_the_export_imports_back_unchanged_and_a_filled_in_reason_voids_the_incident(
    world, tmp_path
):
    assert run(
        world, filled_template(tmp_path / "i.xlsx", "incidents", {"incidents": [CROSSING, DRUGS]})
    ).ok
    export = exported(world, "officer_a", "incidents", tmp_path / "export.xlsx")
    assert len(exported_rows(export)) == 3
    before = events()
    again = run(world, export)
    assert again.ok and again.counts()["incidents"]["unchanged"] == 2
    assert events() == before

    wb = load_workbook(export)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[headers.index("Loại vụ việc / Kind")].value == "illegal_border_crossing":
            row[headers.index("Lý do hủy bỏ / Reason voided")].value = "Ghi trùng"
    wb.save(export)
    report = run(world, export)
    assert report.counts()["incidents"] == {"create": 0, "update": 1, "unchanged": 1}
    crossing = Incident.objects.get(kind="illegal_border_crossing")
    assert crossing.voided and crossing.void_reason == "Ghi trùng"
    assert events() == before + 1


def test_bad_rows_are_refused_on_their_cells_and_nothing_is_written(world, tmp_path):
    voided = incident_create(
        actor=None,
        kind="smuggling",
        occurred_on=D(2025, 7, 20),
        village=world.village_a1,
        summary="Vận chuyển hàng lậu",
    )
    incident_void(actor=None, incident=voided, reason="Ghi nhầm")
    rows = [
        CROSSING,  # good, not written
        {**DRUGS, "closed_on": D(2025, 9, 1)},  # closed before it occurred
        {**DRUGS, "summary": "Khác", "status": "closed", "closed_on": None},
        {  # a voided incident cannot move on
            "occurred_on": D(2025, 7, 20),
            "commune_code": "04087",
            "village": "Bản Huổi Lếch",
            "kind": "buôn lậu",
            "summary": "Vận chuyển hàng lậu",
            "status": "handled",
        },
        {**CROSSING, "summary": "Khác nữa", "unit_code": "DBP-B"},
    ]
    before = (Incident.objects.count(), events())
    report = run(world, filled_template(tmp_path / "bad.xlsx", "incidents", {"incidents": rows}))
    assert not report.written
    assert (Incident.objects.count(), events()) == before
    assert errors(report) == [
        (SHEET, 3, "Ngày kết thúc / Closed on", "2025-09-01"),
        (SHEET, 4, "Ngày kết thúc / Closed on", ""),
        (SHEET, 5, "Tình trạng / Status", "handled"),
        (SHEET, 6, "Đơn vị xử lý (mã) / Handling unit code", "DBP-B"),
    ]
    assert [e.message for e in report.errors] == [
        "An incident cannot be closed before it occurred.",
        "Give the date the incident was closed.",
        "This incident is voided.",
        "This unit is outside your area of work.",
    ]


def test_an_officer_of_another_post_neither_imports_nor_exports_post_a_incidents(world, tmp_path):
    path = filled_template(tmp_path / "i.xlsx", "incidents", {"incidents": [CROSSING]})
    report = run(world, path, persona="officer_b")
    assert errors(report) == [(SHEET, 2, "Mã xã / Commune code", "04087")]
    assert run(world, path).ok
    export = exported(world, "officer_b", "incidents", tmp_path / "b.xlsx")
    rows = exported_rows(export)
    assert len(rows) == 1 and rows[0][0] == "Ngày xảy ra / Occurred on"  # the headers only
