"""The border sheets: segments, markers with their self-managing households, and patrols."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from outpost.border.models import BorderMarker, BorderSegment, MarkerSelfManagement, Patrol
from outpost.core.audit import history
from outpost.core.models import AuditEvent
from outpost.people.services import household_create
from tests.imports.sheets import errors, events, exported, filled_template, run

pytestmark = pytest.mark.django_db
D = dt.date
SEGMENTS = "Đoạn biên giới - Segments"
MARKERS = "Mốc quốc giới - Border markers"
PATROLS = "Tuần tra - Patrols"
NAME = "Mốc 79 - Mốc 82"

SEGMENT = {
    "post_code": "DBP-A",
    "commune_code": "04087",
    "name": NAME,
    "country": "Lào",
    "length_km": "21,5",
    "valid_from": D(2025, 7, 1),
}
MARKER_79 = {
    "commune_code": "04087",
    "segment": NAME,
    "number": "79",
    "kind": "mốc chính",
    "latitude": 21.512345,
    "longitude": 102.301234,
    "households": "A0, A1",
    "managed_from": D(2025, 8, 1),
}
MARKER_80 = {"commune_code": "04087", "segment": NAME, "number": 80, "kind": "cọc dấu"}
PATROL = {
    "date": D(2025, 9, 10),
    "post_code": "DBP-A",
    "commune_code": "04087",
    "segment": NAME,
    "km": 12,
    "markers_checked": "80, 79",
    "residents_joining": 3,
    "findings": "Mốc nguyên vẹn",
}


@pytest.fixture
def households(world: Any) -> list[Any]:
    return [household_create(actor=None, village=world.village_a1, code=f"A{n}") for n in range(3)]


def border_file(tmp_path: Any, name: str = "b.xlsx", **sheets: Any) -> Any:
    rows = {
        "border_segments": [SEGMENT],
        "border_markers": [MARKER_79, MARKER_80],
        "patrols": [PATROL],
    }
    rows.update(sheets)
    return filled_template(tmp_path / name, "border", rows)


def test_a_filled_template_records_the_line_its_markers_their_households_and_patrols(
    world, households, tmp_path
):
    report = run(world, border_file(tmp_path))
    assert report.ok and report.written, report.errors
    segment = BorderSegment.objects.get()
    assert (segment.post, segment.commune, segment.country) == (
        world.post_a,
        world.commune_a1,
        "LA",
    )
    assert segment.length_km == Decimal("21.5")
    main = BorderMarker.objects.get(number="79")
    assert main.kind == "main" and main.latitude == Decimal("21.512345")
    assert BorderMarker.objects.get(number="80").kind == "stake"
    managing = MarkerSelfManagement.objects.filter(marker=main, valid_to__isnull=True)
    assert sorted(m.household.code for m in managing) == ["A0", "A1"]
    assert {m.valid_from for m in managing} == {D(2025, 8, 1)}
    patrol = Patrol.objects.get()
    assert (patrol.post, patrol.km, patrol.residents_joining) == (world.post_a, 12, 3)
    assert sorted(m.number for m in patrol.markers_checked.all()) == ["79", "80"]
    for record in (segment, main, patrol, *managing):
        (event,) = history(record)
        assert event.source == AuditEvent.Source.IMPORT
        assert event.actor == world.users["officer_a"]


def test_importing_the_border_file_again_adds_nothing(world, households, tmp_path):
    path = border_file(tmp_path)
    assert run(world, path).ok
    before = events()
    again = run(world, path)
    assert again.ok and again.written
    assert again.counts() == {
        "border_segments": {"create": 0, "update": 0, "unchanged": 1},
        "border_markers": {"create": 0, "update": 0, "unchanged": 2},
        "patrols": {"create": 0, "update": 0, "unchanged": 1},
    }
    assert events() == before
    assert MarkerSelfManagement.objects.count() == 2


def test_the_exports_import_back_unchanged_and_new_households_take_over_a_marker(
    world, households, tmp_path
):
    assert run(world, border_file(tmp_path)).ok
    before = events()
    paths = {
        kind: exported(world, "officer_a", kind, tmp_path / f"{kind}.xlsx")
        for kind in ("border_segments", "border_markers", "patrols")
    }
    for path in paths.values():
        report = run(world, path)
        assert report.ok and report.written, report.errors
        assert all(c["create"] == c["update"] == 0 for c in report.counts().values())
    assert events() == before

    wb = load_workbook(paths["border_markers"])
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[headers.index("Số hiệu mốc / Marker number")].value == "79":
            assert (
                row[headers.index("Hộ tự quản (mã hộ) / Self-managing households (codes)")].value
                == "A0, A1"
            )
            row[
                headers.index("Hộ tự quản (mã hộ) / Self-managing households (codes)")
            ].value = "A1; A2"
            row[headers.index("Tự quản từ ngày / Self-managed from")].value = D(2025, 10, 1)
    wb.save(paths["border_markers"])
    report = run(world, paths["border_markers"])
    assert report.counts()["border_markers"] == {"create": 0, "update": 1, "unchanged": 1}
    rows = MarkerSelfManagement.objects.filter(marker__number="79").order_by("household__code")
    assert [(r.household.code, r.valid_from, r.valid_to) for r in rows] == [
        ("A0", D(2025, 8, 1), D(2025, 10, 1)),
        ("A1", D(2025, 8, 1), None),
        ("A2", D(2025, 10, 1), None),
    ]


def test_bad_rows_are_refused_on_their_cells_and_nothing_is_written(world, households, tmp_path):
    segments = [
        SEGMENT,
        {**SEGMENT, "post_code": "DBP-B", "commune_code": "04099", "name": "Đoạn sai"},
    ]
    markers = [
        MARKER_79,
        {**MARKER_80, "households": "A2"},  # new households, no date
        {**MARKER_80, "number": "81", "households": "B-7"},
    ]
    patrols = [
        {**PATROL, "km": 50, "markers_checked": "79"},  # over twice the segment's 21.5 km
        {**PATROL, "date": D(2025, 9, 11), "markers_checked": "79, 99"},
    ]
    before = events()
    path = border_file(
        tmp_path,
        "bad.xlsx",
        border_segments=segments,
        border_markers=markers,
        patrols=patrols,
    )
    report = run(world, path, persona=None)  # the system: the post's own rules still apply
    assert not report.written
    assert events() == before
    assert not BorderSegment.objects.exists() and not BorderMarker.objects.exists()
    assert errors(report) == [
        (SEGMENTS, 3, "Mã xã / Commune code", "04099"),
        (MARKERS, 3, "Tự quản từ ngày / Self-managed from", ""),
        (MARKERS, 4, "Hộ tự quản (mã hộ) / Self-managing households (codes)", "B-7"),
        (PATROLS, 2, "Quãng đường (km) / Distance (km)", "50"),
        (PATROLS, 3, "Mốc đã kiểm tra / Markers checked", "99"),
    ]
    assert [e.message for e in report.errors] == [
        "This commune is not in the post's area of responsibility.",
        "Give the date these households start self-managing the marker.",
        "No household has this code in commune Xã Mường Nhé.",
        "The distance cannot exceed twice the segment's length.",
        f"Segment {NAME} has no marker with this number.",
    ]


def test_a_recorded_segment_keeps_its_length_and_can_be_ended(world, households, tmp_path):
    assert run(world, border_file(tmp_path)).ok
    longer = {**SEGMENT, "length_km": 22}
    report = run(world, border_file(tmp_path, "l.xlsx", border_segments=[longer]))
    assert errors(report) == [(SEGMENTS, 2, "Chiều dài (km) / Length (km)", "22")]
    assert report.errors[0].message == "Recorded as 21.500: an import cannot change this."

    ended = {**SEGMENT, "valid_to": D(2026, 1, 1), "end_reason": "Điều chỉnh đoạn"}
    report = run(
        world,
        border_file(tmp_path, "e.xlsx", border_segments=[ended], border_markers=[], patrols=[]),
    )
    assert report.ok, report.errors
    segment = BorderSegment.objects.get()
    assert (segment.valid_to, segment.end_reason) == (D(2026, 1, 1), "Điều chỉnh đoạn")
    assert history(segment).first().action == "end"


def test_an_officer_of_another_post_cannot_import_post_a_border(world, households, tmp_path):
    report = run(world, border_file(tmp_path), persona="officer_b")
    assert not report.written and not BorderSegment.objects.exists()
    assert errors(report)[:2] == [
        (SEGMENTS, 2, "Mã đồn / Post code", "DBP-A"),
        (MARKERS, 2, "Mã xã / Commune code", "04087"),
    ]
