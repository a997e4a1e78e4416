"""The assignments API under /api/v1/assign/: list, create and end each kind of assignment,
and hand over a cadre's assignments. Scoped like the pages; lists are paginated."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from outpost.accounts.scope import OBJECT, SIGNED_IN, get_in_scope, scope_of, scope_rule
from outpost.assign import selectors, services
from outpost.core.audit import audit_source
from outpost.core.models import AuditEvent, valid_on_q
from outpost.grassroots.selectors import branches_in_scope

router = Router(tags=["assign"])


def writable_scope(request: HttpRequest) -> Any:
    scope = scope_of(request)
    if not scope.can_write:
        raise HttpError(403, "read-only")
    return scope


def run(write: Any, **kwargs: Any) -> Any:
    """Call a service as an API write; its validation errors become a 422 with the reasons."""
    try:
        with audit_source(AuditEvent.Source.API):
            return write(**kwargs)
    except ValidationError as exc:
        raise HttpError(422, "; ".join(exc.messages)) from exc


def as_of(qs: QuerySet[Any], on: dt.date | None, open_only: bool, cadre_id: int | None) -> Any:
    if on is not None:
        qs = qs.filter(valid_on_q(on))
    if open_only:
        qs = qs.filter(valid_to__isnull=True)
    if cadre_id is not None:
        qs = qs.filter(cadre_id=cadre_id)
    return qs.order_by("-valid_from", "id")


class AssignmentOut(Schema):
    id: int
    cadre_id: int
    cadre_name: str = Field(..., alias="cadre.full_name")
    valid_from: dt.date | None
    valid_to: dt.date | None
    end_reason: str
    decision: str
    handed_over_to_id: int | None


class HouseholdAssignmentOut(AssignmentOut):
    household_id: int
    household_code: str = Field(..., alias="household.code")
    village_id: int = Field(..., alias="household.village_id")
    commune_id: int = Field(..., alias="household.commune_id")


class BranchMembershipOut(AssignmentOut):
    branch_id: int
    branch_name: str = Field(..., alias="branch.name")
    village_id: int = Field(..., alias="branch.village_id")


class CommitteeSeatOut(AssignmentOut):
    unit_id: int
    unit_name: str = Field(..., alias="unit.name")
    unit_level: str = Field(..., alias="unit.level")
    role: str


class HouseholdAssignIn(Schema):
    cadre_id: int
    household_ids: list[int]
    valid_from: dt.date
    decision: str = ""


class BranchJoinIn(Schema):
    cadre_id: int
    branch_id: int
    valid_from: dt.date
    decision: str = ""


class CommitteeSeatIn(Schema):
    cadre_id: int
    unit_id: int
    role: str
    valid_from: dt.date
    decision: str = ""


class EndIn(Schema):
    on: dt.date
    reason: str


class HandOverIn(Schema):
    from_cadre_id: int
    to_cadre_id: int
    on: dt.date
    decision: str = ""


class HandOverOut(Schema):
    created: int


class HouseholdOut(Schema):
    id: int
    code: str
    head_name: str
    village_id: int
    commune_id: int
    is_near_border: bool


# --- households -----------------------------------------------------------------------------


@router.get("/households", response=list[HouseholdAssignmentOut])
@scope_rule(SIGNED_IN)
@paginate(LimitOffsetPagination)
def household_assignment_list(
    request: HttpRequest,
    on: dt.date | None = None,
    open: bool = False,
    cadre_id: int | None = None,
    village_id: int | None = None,
) -> Any:
    qs = as_of(selectors.household_assignments_in_scope(scope_of(request)), on, open, cadre_id)
    if village_id is not None:
        qs = qs.filter(household__village_id=village_id)
    return qs


@router.post("/households", response={201: list[HouseholdAssignmentOut]})
@scope_rule(SIGNED_IN)
def household_assignment_create(request: HttpRequest, payload: HouseholdAssignIn) -> Any:
    scope = writable_scope(request)
    cadre = selectors.cadre_get_for_write(scope, payload.cadre_id)
    households = list(selectors.households_in_scope(scope).filter(pk__in=payload.household_ids))
    if not households or len(households) != len(set(payload.household_ids)):
        raise HttpError(404, "Not Found")
    created = run(
        services.households_assign,
        actor=request.user,
        cadre=cadre,
        households=households,
        valid_from=payload.valid_from,
        decision=payload.decision,
    )
    return Status(201, created)


@router.post("/households/{assignment_id}/end", response=HouseholdAssignmentOut)
@scope_rule(OBJECT)
def household_assignment_end(request: HttpRequest, assignment_id: int, payload: EndIn) -> Any:
    assignment = selectors.household_assignment_get(scope_of(request), assignment_id)
    writable_scope(request)
    return run(
        services.household_unassign,
        actor=request.user,
        assignment=assignment,
        on=payload.on,
        reason=payload.reason,
    )


@router.get("/households/without-anyone", response=list[HouseholdOut])
@scope_rule(SIGNED_IN)
@paginate(LimitOffsetPagination)
def households_without_anyone(
    request: HttpRequest, on: dt.date | None = None, near_border: bool = False
) -> Any:
    return selectors.households_without_anyone(
        scope_of(request), on or dt.date.today(), near_border_only=near_border
    )


# --- village Party branches -----------------------------------------------------------------


@router.get("/memberships", response=list[BranchMembershipOut])
@scope_rule(SIGNED_IN)
@paginate(LimitOffsetPagination)
def branch_membership_list(
    request: HttpRequest,
    on: dt.date | None = None,
    open: bool = False,
    cadre_id: int | None = None,
    branch_id: int | None = None,
) -> Any:
    qs = as_of(selectors.branch_memberships_in_scope(scope_of(request)), on, open, cadre_id)
    if branch_id is not None:
        qs = qs.filter(branch_id=branch_id)
    return qs


@router.post("/memberships", response={201: BranchMembershipOut})
@scope_rule(SIGNED_IN)
def branch_membership_create(request: HttpRequest, payload: BranchJoinIn) -> Any:
    scope = writable_scope(request)
    cadre = selectors.cadre_get_for_write(scope, payload.cadre_id)
    branch = get_in_scope(branches_in_scope(scope), pk=payload.branch_id)
    membership = run(
        services.branch_join,
        actor=request.user,
        cadre=cadre,
        branch=branch,
        valid_from=payload.valid_from,
        decision=payload.decision,
    )
    return Status(201, membership)


@router.post("/memberships/{membership_id}/end", response=BranchMembershipOut)
@scope_rule(OBJECT)
def branch_membership_end(request: HttpRequest, membership_id: int, payload: EndIn) -> Any:
    membership = selectors.branch_membership_get(scope_of(request), membership_id)
    writable_scope(request)
    return run(
        services.branch_leave,
        actor=request.user,
        membership=membership,
        on=payload.on,
        reason=payload.reason,
    )


# --- Party committee seats ------------------------------------------------------------------


@router.get("/seats", response=list[CommitteeSeatOut])
@scope_rule(SIGNED_IN)
@paginate(LimitOffsetPagination)
def committee_seat_list(
    request: HttpRequest,
    on: dt.date | None = None,
    open: bool = False,
    cadre_id: int | None = None,
    unit_id: int | None = None,
) -> Any:
    qs = as_of(selectors.committee_seats_in_scope(scope_of(request)), on, open, cadre_id)
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    return qs


@router.post("/seats", response={201: CommitteeSeatOut})
@scope_rule(SIGNED_IN)
def committee_seat_create(request: HttpRequest, payload: CommitteeSeatIn) -> Any:
    scope = writable_scope(request)
    cadre = selectors.cadre_get_for_write(scope, payload.cadre_id)
    unit = get_in_scope(selectors.committee_unit_choices(scope), pk=payload.unit_id)
    seat = run(
        services.committee_seat_assign,
        actor=request.user,
        cadre=cadre,
        unit=unit,
        role=payload.role,
        valid_from=payload.valid_from,
        decision=payload.decision,
    )
    return Status(201, seat)


@router.post("/seats/{seat_id}/end", response=CommitteeSeatOut)
@scope_rule(OBJECT)
def committee_seat_end(request: HttpRequest, seat_id: int, payload: EndIn) -> Any:
    seat = selectors.committee_seat_get(scope_of(request), seat_id)
    writable_scope(request)
    return run(
        services.committee_seat_end,
        actor=request.user,
        seat=seat,
        on=payload.on,
        reason=payload.reason,
    )


# --- hand-over ------------------------------------------------------------------------------


@router.post("/hand-over", response=HandOverOut)
@scope_rule(SIGNED_IN)
def hand_over(request: HttpRequest, payload: HandOverIn) -> Any:
    scope = writable_scope(request)
    from_cadre = selectors.cadre_get(scope, payload.from_cadre_id)
    to_cadre = selectors.cadre_get_for_write(scope, payload.to_cadre_id)
    if not scope.everything and not scope.has_force_unit(from_cadre.unit_id):
        seen = selectors.cadre_assignments(scope, from_cadre)
        visible = {(type(a), a.pk) for a in seen.households + seen.branches + seen.seats}
        moving = services.open_or_just_ended(from_cadre, payload.on)
        if any((type(a), a.pk) not in visible for a in moving):
            raise HttpError(403, "Some of this cadre's assignments are outside your area.")
    created = run(
        services.assignments_hand_over,
        actor=request.user,
        from_cadre=from_cadre,
        to_cadre=to_cadre,
        on=payload.on,
        decision=payload.decision,
    )
    return {"created": len(created)}
