"""Follow-ups for the route-walking test (see tests/scope_objects.py): a household of each
post in the charge of its cadre since 2025-08-01 and never visited, so it is overdue and
"not visited" on every list. Hooks write straight to the tables, without audit events."""

from __future__ import annotations

import datetime as dt
from typing import Any

HEADS = {"own": "Lò Văn Theo Dõi", "other": "Giàng A Theo Dõi"}


def followed(w: Any, side: str) -> str:
    """Make the side's followed household (once) and give its head's name."""
    from outpost.assign.models import HouseholdAssignment
    from outpost.people.models import Household

    village = w.village_a1 if side == "own" else w.village_b1
    cadre = w.cadre_a if side == "own" else w.cadre_b
    household, created = Household.objects.get_or_create(
        commune_id=village.commune_id,
        code="KT-FOLLOW",
        defaults={"village": village, "head_name": HEADS[side]},
    )
    if created:
        HouseholdAssignment.objects.create(
            cadre=cadre, household=household, valid_from=dt.date(2025, 8, 1)
        )
    return HEADS[side]


def _mine_of_officer_b(w: Any) -> str:
    """officer_b's account is linked to cadre B, so "my households" has something to show."""
    from outpost.accounts.models import User

    User.objects.filter(pk=w.users["officer_b"].pk).update(cadre=w.cadre_b)
    return followed(w, "other")


def _other(w: Any) -> str:
    return followed(w, "other")


def _own(w: Any) -> str:
    return followed(w, "own")


WRITE_ROUTES: dict[str, Any] = {
    "fieldwork:visit_schedule_set": lambda ids: {
        "interval_days": "14",
        "valid_from": "2025-09-01",
    },
    "fieldwork:visit_schedule_end": lambda ids: {"on": "2025-10-01", "reason": "test"},
}

OTHER_NAMES = [_other]
OWN_NAMES = [_own]

LIST_QUERIES: dict[str, Any] = {
    "fieldwork:followup_unit": [lambda w: {}, lambda w: {"status": "all"}],
    "fieldwork:followup_not_visited": [lambda w: {}, lambda w: {"days": "400"}],
    "GET /api/v1/fieldwork/followups/due": [lambda w: {}, lambda w: {"status": "all"}],
}

LIST_EXPECTED: dict[str, Any] = {
    "fieldwork:followup_unit": [_other],
    "fieldwork:followup_not_visited": [_other],
    "fieldwork:followup_mine": [_mine_of_officer_b],
    "fieldwork:visit_schedule_list": [lambda w: w.post_b.name],
    "GET /api/v1/fieldwork/followups/due": [_other],
    "GET /api/v1/fieldwork/followups/not-visited": [_other],
    "GET /api/v1/fieldwork/followups/mine": [_mine_of_officer_b],
}
