"""API for administrative units and villages: the same scoped reads and services as the pages."""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from outpost.accounts.scope import OBJECT, SIGNED_IN, scope_rule
from outpost.core.api import actor_of, call_service, require_write, scope_of
from outpost.geo import selectors, services
from outpost.geo.lineage import lineage_of
from outpost.geo.models import AdminUnit, UnitChange, Village

router = Router(tags=["geo"])


class UnitOut(Schema):
    id: int
    level: str
    code: str
    name: str
    kind: str
    parent_id: int | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    is_border: bool
    border_countries: list[str] = Field(..., alias="country_list")


class LineageLink(Schema):
    id: int
    code: str
    name: str
    kind: str
    effective: dt.date
    note: str


class UnitDetailOut(UnitOut):
    predecessors: list[LineageLink]
    successors: list[LineageLink]


class UnitFilters(Schema):
    level: AdminUnit.Level | None = None
    parent: int | None = None
    on: dt.date | None = None
    q: str = ""
    past: bool = False


class VillageOut(Schema):
    id: int
    commune_id: int
    name: str
    kind: str
    code: str
    is_border: bool
    valid_from: dt.date | None
    valid_to: dt.date | None
    end_reason: str


class VillageFilters(Schema):
    commune: int | None = None
    q: str = ""
    past: bool = False


class VillageIn(Schema):
    commune_id: int
    name: str
    kind: Village.Kind = Village.Kind.BAN
    code: str = ""
    is_border: bool = False
    valid_from: dt.date | None = None


class VillagePatch(Schema):
    name: str | None = None
    kind: Village.Kind | None = None
    code: str | None = None
    is_border: bool | None = None
    ended_on: dt.date | None = None
    end_reason: str | None = None


def _link(change: UnitChange, unit: AdminUnit) -> LineageLink:
    return LineageLink(
        id=unit.pk,
        code=unit.code,
        name=unit.name,
        kind=change.kind,
        effective=change.effective,
        note=change.note,
    )


@router.get("/units", response=list[UnitOut])
@scope_rule(SIGNED_IN)
@paginate(PageNumberPagination, page_size=100)
def unit_list(request: HttpRequest, filters: Query[UnitFilters]):  # type: ignore[no-untyped-def]
    return selectors.unit_list(
        scope_of(request),
        level=filters.level,
        parent_id=filters.parent,
        on=filters.on,
        include_past=filters.past,
        query=filters.q,
    )


@router.get("/units/{unit_id}", response=UnitDetailOut)
@scope_rule(OBJECT)
def unit_detail(request: HttpRequest, unit_id: int) -> UnitDetailOut:
    unit = selectors.unit_get(scope_of(request), unit_id)
    lineage = lineage_of(unit)
    return UnitDetailOut(
        id=unit.pk,
        level=unit.level,
        code=unit.code,
        name=unit.name,
        kind=unit.kind,
        parent_id=unit.parent_id,
        valid_from=unit.valid_from,
        valid_to=unit.valid_to,
        is_border=unit.is_border,
        country_list=unit.country_list,
        predecessors=[_link(c, c.from_unit) for c in lineage.predecessors],
        successors=[_link(c, c.to_unit) for c in lineage.successors],
    )


@router.get("/villages", response=list[VillageOut])
@scope_rule(SIGNED_IN)
@paginate(PageNumberPagination, page_size=100)
def village_list(request: HttpRequest, filters: Query[VillageFilters]):  # type: ignore[no-untyped-def]
    return selectors.village_list(
        scope_of(request), commune_id=filters.commune, include_past=filters.past, query=filters.q
    )


@router.post("/villages", response={201: VillageOut})
@scope_rule(SIGNED_IN)
def village_create(request: HttpRequest, payload: VillageIn):  # type: ignore[no-untyped-def]
    scope = scope_of(request)
    commune = selectors.unit_get(scope, payload.commune_id)
    if commune.level != AdminUnit.Level.COMMUNE or not scope.has_commune(commune.pk):
        raise HttpError(404, "Not Found")
    require_write(request)
    village = call_service(
        services.village_create,
        actor=actor_of(request),
        commune=commune,
        **payload.dict(exclude={"commune_id"}),
    )
    return Status(201, village)


@router.get("/villages/{village_id}", response=VillageOut)
@scope_rule(OBJECT)
def village_detail(request: HttpRequest, village_id: int) -> Village:
    return selectors.village_get(scope_of(request), village_id)


@router.patch("/villages/{village_id}", response=VillageOut)
@scope_rule(OBJECT)
def village_patch(request: HttpRequest, village_id: int, payload: VillagePatch) -> Village:
    village = selectors.village_get(scope_of(request), village_id)
    require_write(request)
    data = payload.dict(exclude_unset=True)
    ended_on, reason = data.pop("ended_on", None), data.pop("end_reason", None)
    changes = {k: v for k, v in data.items() if v is not None}
    actor = actor_of(request)
    if changes:
        village = call_service(services.village_update, actor=actor, village=village, **changes)
    if ended_on:
        village = call_service(
            services.village_end, actor=actor, village=village, on=ended_on, reason=reason or ""
        )
    return village
