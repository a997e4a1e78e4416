"""Infrastructure works for the route-walking test (see tests/scope_objects.py). Hooks write
straight to the tables, without audit events."""

from __future__ import annotations

from typing import Any

OTHER_WORK = "Đường bê tông Pá Lông KT"
OWN_WORK = "Đường bê tông Huổi Lếch KT"


def work(w: Any, side: str) -> int:
    from outpost.works.models import Work

    village = w.village_a1 if side == "own" else w.village_b1
    row, created = Work.objects.get_or_create(
        name=OWN_WORK if side == "own" else OTHER_WORK,
        commune_id=village.commune_id,
        defaults={"kind": Work.Kind.ROAD_CONCRETING, "quantity": 1, "quantity_unit": "km"},
    )
    if created:
        row.villages.set([village])
    return row.pk


def _body(ids: Any) -> dict[str, Any]:
    return {
        "kind": "lighting",
        "name": "Điện chiếu sáng KT",
        "village_ids": [ids("village_id")],
        "quantity": "20",
        "quantity_unit": "lamps",
    }


def _form(ids: Any) -> dict[str, Any]:
    return {
        "kind": "lighting",
        "name": "Điện chiếu sáng KT",
        "villages": [ids("village_id")],
        "quantity": "20",
        "quantity_unit": "lamps",
        "funding_state": "0",
        "funding_unit": "0",
        "contributed_land_m2": "0",
        "contributed_labour_days": "0",
        "contributed_money": "0",
        "status": "planned",
    }


WRITE_ROUTES = {
    "works:work_create": _form,
    "works:work_edit": _form,
    "works:work_complete": lambda ids: {"on": "2025-09-01"},
    "works:work_cancel": lambda ids: {"reason": "test"},
}
API_WRITE_BODIES = {"POST /api/v1/works": _body}
LIST_EXPECTED = {
    "works:work_list": [lambda w: (work(w, "other"), OTHER_WORK)[1]],
    "GET /api/v1/works": [lambda w: (work(w, "other"), OTHER_WORK)[1]],
}
