"""Follow-ups in the API, under /api/v1/fieldwork/followups/: the households due a visit (or
overdue) of the signed-in officer, of a cadre, of a unit; and the households of a unit not
visited within a number of days. Read-only; scoped like the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from outpost.accounts.scope import OBJECT, SIGNED_IN, get_in_scope, scope_of, scope_rule
from outpost.fieldwork.selectors import followups as selectors
from outpost.force.models import ForceUnit
from outpost.force.selectors import cadre_get

router = Router(tags=["fieldwork: follow-ups"])

STATUS_HELP = "overdue, due_soon, ok, due (overdue or due soon) or all"


class FollowUpOut(Schema):
    assignment_id: int
    household_id: int
    household_code: str
    head_name: str
    village_id: int
    commune_id: int
    cadre_id: int
    cadre_name: str
    in_charge_since: dt.date | None
    last_visit: dt.date | None
    interval_days: int
    next_due: dt.date | None
    status: str
    days_overdue: int


class NotVisitedOut(Schema):
    household_id: int = Field(..., alias="pk")
    household_code: str = Field(..., alias="code")
    head_name: str
    village_id: int
    commune_id: int
    cadre_ids: list[int]
    last_visit: dt.date | None

    @staticmethod
    def resolve_cadre_ids(obj: Any) -> list[int]:
        return [a.cadre_id for a in obj.current_assignments]


def _out(f: selectors.FollowUp) -> dict[str, Any]:
    h = f.household
    return {
        "assignment_id": f.assignment.pk,
        "household_id": h.pk,
        "household_code": h.code,
        "head_name": h.head_name,
        "village_id": h.village_id,
        "commune_id": h.commune_id,
        "cadre_id": f.cadre.pk,
        "cadre_name": f.cadre.full_name,
        "in_charge_since": f.assignment.valid_from,
        "last_visit": f.last_visit,
        "interval_days": f.interval_days,
        "next_due": f.next_due,
        "status": f.status,
        "days_overdue": f.days_overdue,
    }


def _status(status: str) -> str | None:
    if status == "all":
        return None
    if status not in (*selectors.STATUSES, selectors.DUE):
        raise HttpError(422, f"status is {STATUS_HELP}")
    return status


def _unit(request: HttpRequest, unit_id: int | None) -> ForceUnit:
    scope = scope_of(request)
    if unit_id is not None:
        return get_in_scope(selectors.units_in_scope(scope), pk=unit_id)
    unit = selectors.default_unit(scope)
    if unit is None:
        raise HttpError(404, "no unit in scope")
    return unit


@router.get("/followups/mine", response=list[FollowUpOut])
@scope_rule(SIGNED_IN)
def followup_mine(request: HttpRequest, status: str = "all") -> Any:
    """The households in the charge of the signed-in officer's cadre, most urgent first."""
    cadre = getattr(request.user, "cadre", None)
    if cadre is None:
        return []
    rows = selectors.cadre_follow_ups(scope_of(request), cadre, status=_status(status))
    return [_out(f) for f in rows]


@router.get("/followups/cadres/{cadre_id}", response=list[FollowUpOut])
@scope_rule(OBJECT)
def followup_cadre(request: HttpRequest, cadre_id: int, status: str = "all") -> Any:
    scope = scope_of(request)
    cadre = cadre_get(scope, cadre_id)
    return [_out(f) for f in selectors.cadre_follow_ups(scope, cadre, status=_status(status))]


@router.get("/followups/due", response=list[FollowUpOut])
@scope_rule(SIGNED_IN)
@paginate(LimitOffsetPagination)
def followup_due(
    request: HttpRequest,
    unit_id: int | None = None,
    status: str = selectors.DUE,
    cadre_id: int | None = None,
    commune_id: int | None = None,
    village_id: int | None = None,
) -> Any:
    """A unit's follow-ups (its cadres' and those of the units under it), by default the
    households due soon or overdue, most urgent first."""
    rows = selectors.unit_follow_ups(
        scope_of(request),
        _unit(request, unit_id),
        status=_status(status),
        cadre_id=cadre_id,
        commune_id=commune_id,
        village_id=village_id,
    )
    return [_out(f) for f in rows]


@router.get("/followups/not-visited", response=list[NotVisitedOut])
@scope_rule(SIGNED_IN)
@paginate(LimitOffsetPagination)
def followup_not_visited(
    request: HttpRequest,
    unit_id: int | None = None,
    days: int | None = None,
    commune_id: int | None = None,
    village_id: int | None = None,
) -> Any:
    """Households in the charge of the unit's people with no visit in the last `days` days
    (the unit's visit interval by default)."""
    unit = _unit(request, unit_id)
    if days is None:
        days = selectors.interval_of(unit).days
    if not 1 <= days <= 3660:
        raise HttpError(422, "days is between 1 and 3660")
    return selectors.households_not_visited(
        scope_of(request), unit, days=days, commune_id=commune_id, village_id=village_id
    )
