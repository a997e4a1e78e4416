"""Objects of the border app for the route-walking scope test (tests/scope_objects.py).

Written straight to the tables, without audit events: the walk counts audit events around
each request, and a hook may first run inside that window."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

SEGMENT_NAMES = {"own": "Đoạn Kiểm Ây", "other": "Đoạn Kiểm Bê"}


def segment(w: Any, side: str) -> Any:
    from outpost.border.models import BorderSegment

    post, commune = (w.post_a, w.commune_a1) if side == "own" else (w.post_b, w.commune_b1)
    row, _ = BorderSegment.objects.get_or_create(
        name=SEGMENT_NAMES[side],
        defaults={
            "post": post,
            "commune": commune,
            "country": "LA",
            "length_km": Decimal("10"),
            "valid_from": dt.date(2025, 7, 1),
        },
    )
    return row


def marker(w: Any, side: str) -> Any:
    from outpost.border.models import BorderMarker

    row, _ = BorderMarker.objects.get_or_create(segment=segment(w, side), number="KT-1")
    return row


def patrol(w: Any, side: str) -> Any:
    from outpost.border.models import Patrol

    seg = segment(w, side)
    row, _ = Patrol.objects.get_or_create(
        segment=seg, date=dt.date(2025, 9, 1), defaults={"post_id": seg.post_id, "km": 5}
    )
    return row


def other_segment_name(w: Any) -> str:
    return segment(w, "other").name


def _patrol_form(ids: Any) -> dict[str, Any]:
    return {
        "date": "2025-09-02",
        "km": "3",
        "residents_joining": "1",
        "incidents-TOTAL_FORMS": "1",
        "incidents-INITIAL_FORMS": "0",
        "incidents-0-kind": "smuggling",
        "incidents-0-village": ids("village_id"),
        "incidents-0-summary": "Buôn lậu KT",
    }


_PATROL_INCIDENT = {"kind": "smuggling", "summary": "Buôn lậu KT"}

WRITE_ROUTES = {
    "border:patrol_create": _patrol_form,
    "border:patrol_incident_create": lambda ids: {**_PATROL_INCIDENT, "village": ids("village_id")},
}

API_WRITE_BODIES = {
    "POST /api/v1/border/segments": lambda ids: {
        "post_id": ids("force_unit_id"),
        "commune_id": ids("unit_id"),
        "country": "LA",
        "name": "Đoạn KT",
        "length_km": "4.5",
        "valid_from": "2025-09-01",
    },
    "POST /api/v1/border/markers": lambda ids: {"segment_id": ids("segment_id"), "number": "KT-9"},
    "POST /api/v1/border/patrols": lambda ids: {
        "segment_id": ids("segment_id"),
        "date": "2025-09-02",
        "km": "3",
        "marker_ids": [ids("marker_id")],
        "incidents": [{**_PATROL_INCIDENT, "village_id": ids("village_id")}],
    },
    "POST /api/v1/border/patrols/{patrol_id}/incidents": lambda ids: {
        **_PATROL_INCIDENT,
        "village_id": ids("village_id"),
    },
}

LIST_EXPECTED = {
    "border:segment_list": [other_segment_name],
    "GET /api/v1/border/segments": [other_segment_name],
}
