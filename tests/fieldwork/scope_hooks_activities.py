"""Activities for the route-walking test (see tests/scope_objects.py): one activity of each
post, in its village, with its cadre. Hooks write straight to the tables, without audit events:
the walk counts audit events around each request, and a hook may first run inside that window."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

# What only post B's activity says: officer_a must never see it, officer_b must.
NOTES = {"own": "Thăm hộ KT-A", "other": "Thăm hộ KT-B"}


def activity(w: Any, side: str) -> int:
    from outpost.fieldwork.models import Activity, ActivityKind

    village = w.village_a1 if side == "own" else w.village_b1
    unit = w.post_a if side == "own" else w.post_b
    cadre = w.cadre_a if side == "own" else w.cadre_b
    row, created = Activity.objects.get_or_create(
        client_id=uuid.uuid5(uuid.NAMESPACE_URL, f"scope-walk-activity-{side}"),
        defaults={
            "kind": ActivityKind.objects.get(code="household_visit"),
            "date": dt.date(2025, 8, 15),
            "force_unit": unit,
            "commune_id": village.commune_id,
            "village": village,
            "people_reached": 4,
            "notes": NOTES[side],
        },
    )
    if created:
        row.cadres.add(cadre)
    return row.pk


def _other_note(w: Any) -> str:
    activity(w, "other")
    return NOTES["other"]


def _other_cadre(w: Any) -> str:
    activity(w, "other")
    return w.cadre_b.full_name


def _objects() -> dict[str, Any]:
    from tests.scope_objects import ScopeObject

    return {
        "activity_id": ScopeObject(
            other=lambda w: activity(w, "other"), own=lambda w: activity(w, "own")
        )
    }


OBJECTS = _objects()


def _form(ids: Any) -> dict[str, Any]:
    return {
        "client_id": str(uuid.uuid4()),
        "version": "1",
        "date": "2025-09-01",
        "kind": "household_visit",
        "force_unit": ids("force_unit_id"),
        "village": ids("village_id"),
        "cadres": [ids("cadre_id")],
        "people_reached": "3",
        "cost": "0",
        "notes": "KT",
    }


def _body(ids: Any) -> dict[str, Any]:
    return {
        "client_id": str(uuid.uuid4()),
        "date": "2025-09-01",
        "kind": "household_visit",
        "force_unit_id": ids("force_unit_id"),
        "village_id": ids("village_id"),
        "cadre_ids": [ids("cadre_id")],
        "people_reached": 3,
    }


WRITE_ROUTES: dict[str, Any] = {
    "fieldwork:activity_create": _form,
    "fieldwork:activity_edit": _form,
    "fieldwork:activity_void": lambda ids: {"reason": "test"},
}

API_WRITE_BODIES: dict[str, Any] = {
    "POST /api/v1/fieldwork/activities": _body,
    "PATCH /api/v1/fieldwork/activities/{activity_id}": lambda ids: {"version": 1, "notes": "KT"},
    "POST /api/v1/fieldwork/activities/{activity_id}/void": lambda ids: {"reason": "test"},
}

OTHER_NAMES = [_other_note]

LIST_QUERIES: dict[str, Any] = {
    "fieldwork:activity_list": [
        lambda w: {},
        lambda w: {"from": "2025-01-01", "to": "2025-12-31", "kind": "household_visit"},
        lambda w: {"unit": w.post_b.pk, "village": w.village_b1.pk},
    ],
    "fieldwork:activity_households": [lambda w: {"village": w.village_b1.pk}],
    "GET /api/v1/fieldwork/activities": [
        lambda w: {},
        lambda w: {"village_id": w.village_b1.pk, "date_from": "2025-01-01"},
    ],
}

LIST_EXPECTED: dict[str, Any] = {
    "fieldwork:activity_list": [_other_cadre],
    "GET /api/v1/fieldwork/activities": [_other_note],
}
