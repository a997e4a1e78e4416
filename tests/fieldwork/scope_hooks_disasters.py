"""Disasters, evacuations, repairs and deployments for the route-walking test (see
tests/scope_objects.py). Hooks write straight to the tables, without audit events. Post B's
disaster struck commune B1 only and was recorded by post B."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

DISASTER_NAMES = {"own": "Lũ quét Huổi Lếch KT", "other": "Lũ quét Pá Lông KT"}
DESTINATIONS = {"own": "Nhà văn hóa Huổi Lếch KT", "other": "Nhà văn hóa Pá Lông KT"}
REPAIRS = {"own": "Sửa nhà Huổi Lếch KT", "other": "Sửa nhà Pá Lông KT"}
DEPLOYMENTS = {"own": "Triển khai Huổi Lếch KT", "other": "Triển khai Pá Lông KT"}
ON = dt.date(2025, 8, 10)


def _side(w: Any, side: str) -> tuple[Any, Any, Any]:
    if side == "own":
        return w.commune_a1, w.village_a1, w.post_a
    return w.commune_b1, w.village_b1, w.post_b


def disaster(w: Any, side: str) -> int:
    from outpost.fieldwork.models import Disaster

    commune, _village, unit = _side(w, side)
    row, created = Disaster.objects.get_or_create(
        name=DISASTER_NAMES[side],
        defaults={"kind": Disaster.Kind.FLASH_FLOOD, "started_on": ON, "force_unit": unit},
    )
    if created:
        row.communes.set([commune])
    return row.pk


def _response(w: Any, side: str, model_name: str, **fields: Any) -> int:
    from django.apps import apps

    model = apps.get_model("fieldwork", model_name)
    commune, village, unit = _side(w, side)
    row, _ = model.objects.get_or_create(
        disaster_id=disaster(w, side),
        commune=commune,
        village=village,
        force_unit=unit,
        on=ON,
        defaults=fields,
    )
    return int(row.pk)


def evacuation(w: Any, side: str) -> int:
    return _response(
        w, side, "Evacuation", people_moved=40, households_moved=9, destination=DESTINATIONS[side]
    )


def repair(w: Any, side: str) -> int:
    return _response(
        w, side, "DamageRepair", kind="house", quantity=2, labour_days=6, description=REPAIRS[side]
    )


def deployment(w: Any, side: str) -> int:
    return _response(w, side, "Deployment", cadre_count=5, days=2, note=DEPLOYMENTS[side])


def _both(hook: Any) -> SimpleNamespace:
    # Same shape as tests.scope_objects.ScopeObject.
    return SimpleNamespace(other=lambda w: hook(w, "other"), own=lambda w: hook(w, "own"))


OBJECTS = {
    "disaster_id": _both(disaster),
    "evacuation_id": _both(evacuation),
    "damage_repair_id": _both(repair),
    "deployment_id": _both(deployment),
}

VOID = {"reason": "test"}


def _disaster_form(ids: Any) -> dict[str, Any]:
    return {
        "kind": "flood",
        "name": "Lũ KT",
        "started_on": "2025-09-01",
        "communes": [ids("unit_id")],
        "force_unit": ids("force_unit_id"),
    }


def _where(ids: Any) -> dict[str, Any]:
    return {"commune": ids("unit_id"), "on": "2025-09-02", "force_unit": ids("force_unit_id")}


WRITE_ROUTES = {
    "fieldwork:disaster_create": _disaster_form,
    "fieldwork:disaster_edit": _disaster_form,
    "fieldwork:disaster_void": lambda ids: VOID,
    "fieldwork:evacuation_create": lambda ids: {
        **_where(ids),
        "people_moved": "10",
        "destination": "Trường học KT",
    },
    "fieldwork:repair_create": lambda ids: {
        **_where(ids),
        "kind": "house",
        "quantity": "1",
        "labour_days": "2",
    },
    "fieldwork:deployment_create": lambda ids: {**_where(ids), "cadre_count": "3", "days": "1"},
    "fieldwork:evacuation_void": lambda ids: VOID,
    "fieldwork:repair_void": lambda ids: VOID,
    "fieldwork:deployment_void": lambda ids: VOID,
}


def _api_where(ids: Any) -> dict[str, Any]:
    return {
        "disaster_id": ids("disaster_id"),
        "commune_id": ids("unit_id"),
        "force_unit_id": ids("force_unit_id"),
        "on": "2025-09-02",
    }


API_WRITE_BODIES = {
    "POST /api/v1/fieldwork/disasters": lambda ids: {
        "kind": "flood",
        "name": "Lũ API KT",
        "started_on": "2025-09-01",
        "commune_ids": [ids("unit_id")],
        "force_unit_id": ids("force_unit_id"),
    },
    "POST /api/v1/fieldwork/disasters/{disaster_id}/void": lambda ids: VOID,
    "POST /api/v1/fieldwork/evacuations": lambda ids: {
        **_api_where(ids),
        "people_moved": 10,
        "destination": "Trường học KT",
    },
    "POST /api/v1/fieldwork/evacuations/{evacuation_id}/void": lambda ids: VOID,
    "POST /api/v1/fieldwork/repairs": lambda ids: {**_api_where(ids), "kind": "road"},
    "POST /api/v1/fieldwork/repairs/{damage_repair_id}/void": lambda ids: VOID,
    "POST /api/v1/fieldwork/deployments": lambda ids: {**_api_where(ids), "cadre_count": 2},
    "POST /api/v1/fieldwork/deployments/{deployment_id}/void": lambda ids: VOID,
}


def _shown(hook: Any, names: dict[str, str]) -> Any:
    def name(w: Any) -> str:
        hook(w, "other")
        return names["other"]

    return name


LIST_EXPECTED = {
    "fieldwork:disaster_list": [_shown(disaster, DISASTER_NAMES)],
    "GET /api/v1/fieldwork/disasters": [_shown(disaster, DISASTER_NAMES)],
    "GET /api/v1/fieldwork/evacuations": [_shown(evacuation, DESTINATIONS)],
    "GET /api/v1/fieldwork/repairs": [_shown(repair, REPAIRS)],
    "GET /api/v1/fieldwork/deployments": [_shown(deployment, DEPLOYMENTS)],
}

OTHER_NAMES = [
    lambda w: DISASTER_NAMES["other"],
    lambda w: DESTINATIONS["other"],
    lambda w: REPAIRS["other"],
    lambda w: DEPLOYMENTS["other"],
]
OWN_NAMES = [lambda w: DISASTER_NAMES["own"]]
