"""The infrastructure works API under /api/v1/works/. Scoped like the pages; lists are
paginated. Quantities are decimals in the work's unit; money is whole VND."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from outpost.accounts.scope import OBJECT, SIGNED_IN, get_in_scope, scope_of, scope_rule
from outpost.assign.api import run, writable_scope
from outpost.assign.selectors import village_get
from outpost.works import selectors, services
from outpost.works.models import Work

router = Router(tags=["works"])


class WorkOut(Schema):
    id: int
    kind: str
    name: str
    commune_id: int
    village_ids: list[int]
    quantity: Decimal | None
    quantity_unit: str
    funding_state: int
    funding_unit: int
    contributed_land_m2: int
    contributed_labour_days: int
    contributed_money: int
    started_on: dt.date | None
    completed_on: dt.date | None
    status: str
    cancel_reason: str
    force_unit_id: int | None
    note: str

    @staticmethod
    def resolve_village_ids(obj: Work) -> list[int]:
        return sorted(v.pk for v in obj.villages.all())


class WorkIn(Schema):
    kind: str
    name: str
    village_ids: list[int]
    quantity: Decimal | None = None
    quantity_unit: str = ""
    funding_state: int = 0
    funding_unit: int = 0
    contributed_land_m2: int = 0
    contributed_labour_days: int = 0
    contributed_money: int = 0
    started_on: dt.date | None = None
    status: str = Work.Status.PLANNED
    force_unit_id: int | None = None
    note: str = ""


@router.get("/works", response=list[WorkOut])
@scope_rule(SIGNED_IN)
@paginate(LimitOffsetPagination)
def work_list(
    request: HttpRequest,
    kind: str | None = None,
    status: str | None = None,
    commune_id: int | None = None,
    village_id: int | None = None,
) -> Any:
    return selectors.work_list(
        scope_of(request), kind=kind, status=status, commune_id=commune_id, village_id=village_id
    )


@router.get("/works/{work_id}", response=WorkOut)
@scope_rule(OBJECT)
def work_detail(request: HttpRequest, work_id: int) -> Any:
    return selectors.work_get(scope_of(request), work_id)


@router.post("/works", response={201: WorkOut})
@scope_rule(SIGNED_IN)
def work_create(request: HttpRequest, payload: WorkIn) -> Any:
    scope = writable_scope(request)
    villages = [village_get(scope, pk) for pk in payload.village_ids]
    force_unit = None
    if payload.force_unit_id is not None:
        force_unit = get_in_scope(selectors.force_units_for_works(scope), pk=payload.force_unit_id)
    data = payload.dict(exclude={"village_ids", "force_unit_id"})
    work = run(
        services.work_create,
        actor=request.user,
        villages=villages,
        force_unit=force_unit,
        **data,
    )
    return Status(201, work)
