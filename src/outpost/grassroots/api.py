"""The Party branch API under /api/v1/grassroots/. Scoped like the pages; lists are paginated."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from outpost.accounts.scope import OBJECT, SIGNED_IN, get_in_scope, scope_rule
from outpost.assign.api import EndIn, run, scope_of, writable_scope
from outpost.assign.selectors import village_get
from outpost.grassroots import selectors, services

router = Router(tags=["grassroots"])


class BranchOut(Schema):
    id: int
    name: str
    village_id: int
    village_name: str = Field(..., alias="village.name")
    commune_id: int = Field(..., alias="village.commune_id")
    established_on: dt.date | None = Field(None, alias="valid_from")
    valid_to: dt.date | None
    end_reason: str
    has_committee: bool
    member_count: int | None


class BranchIn(Schema):
    village_id: int
    name: str
    established_on: dt.date | None = None
    has_committee: bool = False
    member_count: int | None = None


@router.get("/branches", response=list[BranchOut])
@scope_rule(SIGNED_IN)
@paginate(LimitOffsetPagination)
def branch_list(
    request: HttpRequest,
    on: dt.date | None = None,
    village_id: int | None = None,
    commune_id: int | None = None,
) -> Any:
    return selectors.branch_list(
        scope_of(request), on=on, village_id=village_id, commune_id=commune_id
    )


@router.get("/branches/{branch_id}", response=BranchOut)
@scope_rule(OBJECT)
def branch_detail(request: HttpRequest, branch_id: int) -> Any:
    return selectors.branch_get(scope_of(request), branch_id)


@router.post("/branches", response={201: BranchOut})
@scope_rule(SIGNED_IN)
def branch_create(request: HttpRequest, payload: BranchIn) -> Any:
    scope = writable_scope(request)
    village = village_get(scope, payload.village_id)
    data = payload.dict(exclude={"village_id"})
    return Status(
        201, run(services.party_branch_create, actor=request.user, village=village, **data)
    )


@router.post("/branches/{branch_id}/end", response=BranchOut)
@scope_rule(OBJECT)
def branch_end(request: HttpRequest, branch_id: int, payload: EndIn) -> Any:
    branch = selectors.branch_get(scope_of(request), branch_id)
    writable_scope(request)
    return run(
        services.party_branch_end,
        actor=request.user,
        branch=branch,
        on=payload.on,
        reason=payload.reason,
    )


# --- Party development: candidates ----------------------------------------------------------


class CandidateOut(Schema):
    id: int
    resident_id: int
    resident_name: str = Field(..., alias="resident.full_name")
    branch_id: int
    village_id: int = Field(..., alias="branch.village_id")
    mentor_id: int | None
    stage: str
    identified_on: dt.date
    class_completed_on: dt.date | None
    recommended_on: dt.date | None
    admitted_on: dt.date | None
    full_member_on: dt.date | None
    dropped_on: dt.date | None
    drop_reason: str
    age_exception_reason: str


class CandidateIn(Schema):
    resident_id: int
    branch_id: int
    identified_on: dt.date
    mentor_id: int | None = None


class AdvanceIn(Schema):
    stage: Literal["class", "recommend", "admit", "full", "drop"]
    on: dt.date
    reason: str = ""
    age_exception_reason: str = ""


@router.get("/candidates", response=list[CandidateOut])
@scope_rule(SIGNED_IN)
@paginate(LimitOffsetPagination)
def candidate_list(
    request: HttpRequest,
    branch_id: int | None = None,
    village_id: int | None = None,
    stage: str | None = None,
) -> Any:
    return selectors.candidate_list(
        scope_of(request), branch_id=branch_id, village_id=village_id, stage=stage
    )


@router.get("/candidates/{candidate_id}", response=CandidateOut)
@scope_rule(OBJECT)
def candidate_detail(request: HttpRequest, candidate_id: int) -> Any:
    return selectors.candidate_get(scope_of(request), candidate_id)


@router.post("/candidates", response={201: CandidateOut})
@scope_rule(SIGNED_IN)
def candidate_create(request: HttpRequest, payload: CandidateIn) -> Any:
    scope = writable_scope(request)
    branch = selectors.branch_get(scope, payload.branch_id)
    resident = get_in_scope(
        selectors.residents_for_candidacy(scope, branch), pk=payload.resident_id
    )
    mentor = (
        get_in_scope(selectors.mentors_for_candidacy(scope), pk=payload.mentor_id)
        if payload.mentor_id is not None
        else None
    )
    return Status(
        201,
        run(
            services.candidate_identify,
            actor=request.user,
            resident=resident,
            branch=branch,
            mentor=mentor,
            identified_on=payload.identified_on,
        ),
    )


@router.post("/candidates/{candidate_id}/advance", response=CandidateOut)
@scope_rule(OBJECT)
def candidate_advance(request: HttpRequest, candidate_id: int, payload: AdvanceIn) -> Any:
    candidate = selectors.candidate_get(scope_of(request), candidate_id)
    writable_scope(request)
    return run(
        services.candidate_advance, actor=request.user, candidate=candidate, **payload.dict()
    )
