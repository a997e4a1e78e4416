"""Party candidates for the route-walking scope test (tests/scope_objects.py).

Written straight to the tables, without audit events: the walk counts audit events around
each request, and a hook may first run inside that window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from tests.people import scope_hooks as _people


def _branch(w: Any, side: str) -> Any:
    from outpost.grassroots.models import PartyBranch

    village = w.village_a1 if side == "own" else w.village_b1
    branch, _ = PartyBranch.objects.get_or_create(
        village=village, valid_to=None, defaults={"name": f"Chi bộ {village.name}"}
    )
    return branch


def candidate(w: Any, side: str) -> int:
    from outpost.grassroots.models import PartyCandidate

    row, _ = PartyCandidate.objects.get_or_create(
        resident=_people.resident(w, side),
        branch=_branch(w, side),
        defaults={"identified_on": dt.date(2025, 8, 1)},
    )
    return row.pk


ADVANCE = {"stage": "class", "on": "2025-09-01"}

WRITE_ROUTES: dict[str, Callable[[Any], dict[str, Any]]] = {
    "grassroots:candidate_create": lambda ids: {"identified_on": "2025-09-01"},
    "grassroots:candidate_advance": lambda ids: ADVANCE,
}

API_WRITE_BODIES: dict[str, Callable[[Any], dict[str, Any]]] = {
    "POST /api/v1/grassroots/candidates": lambda ids: {
        "resident_id": ids("resident_id"),
        "branch_id": ids("branch_id"),
        "identified_on": "2025-09-01",
    },
    "POST /api/v1/grassroots/candidates/{candidate_id}/advance": lambda ids: ADVANCE,
    "POST /api/v1/grassroots/branches/{branch_id}/committee": lambda ids: {
        "has_committee": True,
        "on": "2025-09-01",
    },
}
