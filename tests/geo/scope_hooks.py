"""Border flags and village splits for the route-walking test (see tests/scope_objects.py):
the shared world flags communes A1 and B1 from the merger, so the hooks only read."""

from __future__ import annotations

from typing import Any

from tests.scope_objects import ScopeObject


def flag(w: Any, side: str) -> int:
    from outpost.geo.models import BorderFlag

    commune = w.commune_a1 if side == "own" else w.commune_b1
    return BorderFlag.objects.filter(unit=commune).order_by("pk").values_list("pk", flat=True)[0]


_END = {"on": "2025-09-01", "reason": "test"}
_ON = "2025-09-01"

OBJECTS = {
    "flag_id": ScopeObject(other=lambda w: flag(w, "other"), own=lambda w: flag(w, "own")),
}

WRITE_ROUTES: dict[str, Any] = {
    "geo:border_flag_set": lambda ids: {"countries": ["CN"], "valid_from": "2025-09-01"},
    "geo:border_flag_end": lambda ids: _END,
    "geo:border_proposal_accept": lambda ids: {},
    "geo:village_split": lambda ids: {"into_names": "Bản Tách Một\nBản Tách Hai", "on": _ON},
}

API_WRITE_BODIES: dict[str, Any] = {
    "POST /api/v1/geo/units/{unit_id}/border-flags": lambda ids: {
        "countries": ["CN"],
        "valid_from": "2025-09-01",
    },
    "POST /api/v1/geo/units/{unit_id}/border-flags/{flag_id}/end": lambda ids: _END,
    "POST /api/v1/geo/villages/{village_id}/split": lambda ids: {
        "into_names": ["Bản Tách Một", "Bản Tách Hai"],
        "on": _ON,
    },
}
