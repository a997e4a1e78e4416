"""The security and order API under /api/v1/security/. Scoped like the pages; lists are
paginated."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from outpost.accounts.scope import OBJECT, SIGNED_IN, get_in_scope, scope_of, scope_rule
from outpost.assign.api import run, writable_scope
from outpost.core.models import valid_on_q
from outpost.security import selectors, services
from outpost.security.models import SelfGoverningGroup

router = Router(tags=["security"])


class IncidentOut(Schema):
    id: int
    kind: str
    occurred_on: dt.date
    village_id: int
    commune_id: int
    force_unit_id: int | None
    patrol_id: int | None
    status: str
    summary: str
    closed_on: dt.date | None
    voided: bool
    void_reason: str


class IncidentIn(Schema):
    kind: str
    occurred_on: dt.date
    village_id: int
    summary: str
    force_unit_id: int | None = None


class StatusOut(Schema):
    id: int
    village_id: int
    year: int
    drug_free: bool
    key_drug_area: bool
    note: str


class StatusIn(Schema):
    village_id: int
    year: int
    drug_free: bool = False
    key_drug_area: bool = False
    note: str = ""


class GroupOut(Schema):
    id: int
    kind: str
    village_id: int
    name: str
    founded_on: dt.date
    dissolved_on: dt.date | None
    segment_id: int | None
    household_ids: list[int]
    marker_ids: list[int]

    @staticmethod
    def resolve_household_ids(obj: SelfGoverningGroup) -> list[int]:
        """The member households today."""
        rows = getattr(obj, "current_memberships", None)
        if rows is None:
            rows = obj.memberships.filter(valid_on_q(dt.date.today()))
        return sorted(m.household_id for m in rows)

    @staticmethod
    def resolve_marker_ids(obj: SelfGoverningGroup) -> list[int]:
        return sorted(m.pk for m in obj.markers.all())


class GroupIn(Schema):
    kind: str
    village_id: int
    name: str
    founded_on: dt.date
    household_ids: list[int] = []
    segment_id: int | None = None
    marker_ids: list[int] = []


class MembershipOut(Schema):
    id: int
    group_id: int
    household_id: int
    household_code: str = Field(..., alias="household.code")
    valid_from: dt.date | None
    valid_to: dt.date | None
    end_reason: str


class MembersAddIn(Schema):
    household_ids: list[int]
    on: dt.date


class MembersEndIn(Schema):
    household_ids: list[int]
    on: dt.date
    reason: str


class AgreementOut(Schema):
    id: int
    village_id: int
    foreign_village: str
    country: str
    signed_on: dt.date
    valid_from: dt.date | None
    valid_to: dt.date | None


class AgreementIn(Schema):
    village_id: int
    foreign_village: str
    country: str
    signed_on: dt.date
    valid_to: dt.date | None = None


@router.get("/security/incidents", response=list[IncidentOut])
@scope_rule(SIGNED_IN)
@paginate(LimitOffsetPagination)
def incident_list(
    request: HttpRequest,
    kind: str | None = None,
    status: str | None = None,
    village_id: int | None = None,
    year: int | None = None,
) -> Any:
    return selectors.incident_list(
        scope_of(request), kind=kind, status=status, village_id=village_id, year=year
    )


@router.get("/security/incidents/{incident_id}", response=IncidentOut)
@scope_rule(OBJECT)
def incident_detail(request: HttpRequest, incident_id: int) -> Any:
    return selectors.incident_get(scope_of(request), incident_id)


@router.post("/security/incidents", response={201: IncidentOut})
@scope_rule(SIGNED_IN)
def incident_create(request: HttpRequest, payload: IncidentIn) -> Any:
    scope = writable_scope(request)
    village = selectors.village_get(scope, payload.village_id)
    force_unit = None
    if payload.force_unit_id is not None:
        force_unit = get_in_scope(selectors.force_units(scope), pk=payload.force_unit_id)
    incident = run(
        services.incident_create,
        actor=request.user,
        kind=payload.kind,
        occurred_on=payload.occurred_on,
        village=village,
        summary=payload.summary,
        force_unit=force_unit,
    )
    return Status(201, incident)


@router.get("/security/statuses", response=list[StatusOut])
@scope_rule(SIGNED_IN)
@paginate(LimitOffsetPagination)
def status_list(request: HttpRequest, year: int | None = None) -> Any:
    return selectors.status_list(scope_of(request), year=year)


@router.post("/security/statuses", response={201: StatusOut})
@scope_rule(SIGNED_IN)
def status_set(request: HttpRequest, payload: StatusIn) -> Any:
    scope = writable_scope(request)
    village = selectors.village_get(scope, payload.village_id)
    row = run(
        services.village_status_set,
        actor=request.user,
        village=village,
        **payload.dict(exclude={"village_id"}),
    )
    return Status(201, row)


@router.get("/security/groups", response=list[GroupOut])
@scope_rule(SIGNED_IN)
@paginate(LimitOffsetPagination)
def group_list(request: HttpRequest, kind: str | None = None) -> Any:
    return selectors.group_list(scope_of(request), kind=kind).prefetch_related("markers")


@router.get("/security/groups/{group_id}", response=GroupOut)
@scope_rule(OBJECT)
def group_detail(request: HttpRequest, group_id: int) -> Any:
    return selectors.group_get(scope_of(request), group_id)


@router.post("/security/groups", response={201: GroupOut})
@scope_rule(SIGNED_IN)
def group_create(request: HttpRequest, payload: GroupIn) -> Any:
    scope = writable_scope(request)
    village = selectors.village_get(scope, payload.village_id)
    households = [get_in_scope(selectors.households(scope), pk=pk) for pk in payload.household_ids]
    markers = [get_in_scope(selectors.markers(scope), pk=pk) for pk in payload.marker_ids]
    segment = None
    if payload.segment_id is not None:
        segment = get_in_scope(selectors.segments(scope), pk=payload.segment_id)
    group = run(
        services.group_create,
        actor=request.user,
        kind=payload.kind,
        village=village,
        name=payload.name,
        founded_on=payload.founded_on,
        households=households,
        segment=segment,
        markers=markers,
    )
    return Status(201, group)


@router.get("/security/groups/{group_id}/members", response=list[MembershipOut])
@scope_rule(OBJECT)
def group_members(request: HttpRequest, group_id: int, on: dt.date | None = None) -> Any:
    """The group's memberships, past and present; only those valid on `on` when given."""
    group = selectors.group_get(scope_of(request), group_id)
    return list(selectors.group_memberships(group, on=on))


def _members(scope: Any, group: SelfGoverningGroup, household_ids: list[int]) -> list[Any]:
    """The households named, each in scope (404 otherwise)."""
    return [get_in_scope(selectors.households(scope), pk=pk) for pk in dict.fromkeys(household_ids)]


@router.post("/security/groups/{group_id}/members", response={201: list[MembershipOut]})
@scope_rule(OBJECT)
def group_members_add(request: HttpRequest, group_id: int, payload: MembersAddIn) -> Any:
    """Households join the group on a date."""
    group = selectors.group_get(scope_of(request), group_id)
    scope = writable_scope(request)
    rows = run(
        services.group_add_members,
        actor=request.user,
        group=group,
        households=_members(scope, group, payload.household_ids),
        on=payload.on,
    )
    return Status(201, rows)


@router.post("/security/groups/{group_id}/members/end", response=list[MembershipOut])
@scope_rule(OBJECT)
def group_members_end(request: HttpRequest, group_id: int, payload: MembersEndIn) -> Any:
    """Households leave the group on a date (the first day they are no longer members)."""
    group = selectors.group_get(scope_of(request), group_id)
    scope = writable_scope(request)
    return run(
        services.group_end_members,
        actor=request.user,
        group=group,
        households=_members(scope, group, payload.household_ids),
        on=payload.on,
        reason=payload.reason,
    )


@router.get("/security/agreements", response=list[AgreementOut])
@scope_rule(SIGNED_IN)
@paginate(LimitOffsetPagination)
def agreement_list(request: HttpRequest, on: dt.date | None = None) -> Any:
    return selectors.agreement_list(scope_of(request), on=on)


@router.get("/security/agreements/{agreement_id}", response=AgreementOut)
@scope_rule(OBJECT)
def agreement_detail(request: HttpRequest, agreement_id: int) -> Any:
    return selectors.agreement_get(scope_of(request), agreement_id)


@router.post("/security/agreements", response={201: AgreementOut})
@scope_rule(SIGNED_IN)
def agreement_create(request: HttpRequest, payload: AgreementIn) -> Any:
    scope = writable_scope(request)
    village = selectors.village_get(scope, payload.village_id)
    agreement = run(
        services.agreement_create,
        actor=request.user,
        village=village,
        **payload.dict(exclude={"village_id"}),
    )
    return Status(201, agreement)
