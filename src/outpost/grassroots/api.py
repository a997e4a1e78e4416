"""The Party branch API under /api/v1/grassroots/. Scoped like the pages; lists are paginated."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from outpost.accounts.scope import OBJECT, SIGNED_IN, scope_rule
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
