"""API for force units and cadres: the same scoped reads and services as the pages."""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from outpost.accounts.scope import OBJECT, SIGNED_IN, scope_of, scope_rule
from outpost.core.api import actor_of, call_service, require_write
from outpost.force import selectors, services
from outpost.force.models import Cadre, ForceUnit

router = Router(tags=["force"])


class ForceUnitOut(Schema):
    id: int
    kind: str
    code: str
    name: str
    parent_id: int | None
    valid_from: dt.date | None
    valid_to: dt.date | None


class AreaOut(Schema):
    commune_id: int
    commune_code: str = Field(..., alias="commune.code")
    commune_name: str = Field(..., alias="commune.name")
    valid_from: dt.date | None
    valid_to: dt.date | None
    decision: str


class ForceUnitDetailOut(ForceUnitOut):
    areas: list[AreaOut] = Field(..., alias="area_list")
    children: list[ForceUnitOut] = Field(..., alias="child_list")


class ForceUnitFilters(Schema):
    parent: int | None = None
    kind: ForceUnit.Kind | None = None
    q: str = ""


class CadreOut(Schema):
    id: int
    service_number: str
    full_name: str
    sex: str
    birth_year: int | None
    rank: str
    category: str
    position: str
    unit_id: int | None
    ethnic_group_id: int | None
    languages: list[str] = Field(..., alias="language_list")
    party_joined_on: dt.date | None
    party_full_on: dt.date | None
    party_left_on: dt.date | None
    left_force_on: dt.date | None


class PostingOut(Schema):
    force_unit_id: int
    force_unit_name: str = Field(..., alias="force_unit.name")
    position: str
    decision: str
    valid_from: dt.date | None
    valid_to: dt.date | None


class CadreDetailOut(CadreOut):
    postings: list[PostingOut] = Field(..., alias="posting_list")


class CadreFilters(Schema):
    unit: int | None = None
    q: str = ""
    include_left: bool = False


class CadreIn(Schema):
    service_number: str
    full_name: str
    rank: Cadre.Rank
    unit_id: int
    posted_on: dt.date
    position: str = ""
    category: Cadre.Category = Cadre.Category.OFFICER
    sex: Cadre.Sex = Cadre.Sex.MALE
    birth_year: int | None = None
    ethnic_group_id: int | None = None
    languages: str = ""
    party_joined_on: dt.date | None = None
    party_full_on: dt.date | None = None


@router.get("/units", response=list[ForceUnitOut])
@scope_rule(SIGNED_IN)
@paginate(PageNumberPagination, page_size=100)
def unit_list(request: HttpRequest, filters: Query[ForceUnitFilters]):
    return selectors.force_unit_list(
        scope_of(request), parent_id=filters.parent, kind=filters.kind or "", query=filters.q
    )


@router.get("/units/{force_unit_id}", response=ForceUnitDetailOut)
@scope_rule(OBJECT)
def unit_detail(request: HttpRequest, force_unit_id: int) -> ForceUnit:
    scope = scope_of(request)
    unit = selectors.force_unit_get(scope, force_unit_id)
    unit.area_list = list(selectors.areas_of(unit))  # type: ignore[attr-defined]
    unit.child_list = list(selectors.force_unit_list(scope, parent_id=unit.pk))  # type: ignore[attr-defined]
    return unit


@router.get("/cadres", response=list[CadreOut])
@scope_rule(SIGNED_IN)
@paginate(PageNumberPagination, page_size=100)
def cadre_list(request: HttpRequest, filters: Query[CadreFilters]):
    return selectors.cadre_list(
        scope_of(request),
        force_unit_id=filters.unit,
        query=filters.q,
        include_left=filters.include_left,
    )


@router.post("/cadres", response={201: CadreOut})
@scope_rule(SIGNED_IN)
def cadre_create(request: HttpRequest, payload: CadreIn):
    scope = scope_of(request)
    unit = selectors.force_unit_get(scope, payload.unit_id)
    require_write(request)
    cadre = call_service(
        services.cadre_create,
        actor=actor_of(request),
        unit=unit,
        **payload.dict(exclude={"unit_id"}),
    )
    return Status(201, cadre)


@router.get("/cadres/{cadre_id}", response=CadreDetailOut)
@scope_rule(OBJECT)
def cadre_detail(request: HttpRequest, cadre_id: int) -> Cadre:
    cadre = selectors.cadre_get(scope_of(request), cadre_id)
    cadre.posting_list = list(selectors.postings_of(cadre))  # type: ignore[attr-defined]
    return cadre
