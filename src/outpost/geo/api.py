"""API for administrative units and villages: the same scoped reads and services as the pages."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from outpost.accounts.scope import OBJECT, SIGNED_IN, scope_of, scope_rule
from outpost.core.api import actor_of, call_service, require_write
from outpost.geo import borders, selectors, services
from outpost.geo.lineage import lineage_of
from outpost.geo.models import AdminUnit, BorderFlag, UnitChange, Village

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
    # On the list's `on` date, or today (an ended unit: its last day); see `border-flags`.
    is_border: bool
    border_countries: list[str]

    @staticmethod
    def resolve_border_countries(obj: Any) -> list[str]:
        if isinstance(obj, dict):
            return list(obj.get("border_countries", []))
        return [c for c in getattr(obj, "border_countries_on", "").split(",") if c]

    @staticmethod
    def resolve_is_border(obj: Any) -> bool:
        if isinstance(obj, dict):
            return bool(obj.get("is_border"))
        return bool(getattr(obj, "border_countries_on", ""))


class BorderFlagOut(Schema):
    id: int
    unit_id: int
    countries: list[str] = Field(..., alias="country_list")
    valid_from: dt.date | None
    valid_to: dt.date | None
    end_reason: str


class BorderFlagIn(Schema):
    countries: list[str]
    valid_from: dt.date | None = None  # empty: since the unit began
    valid_to: dt.date | None = None  # empty: until the unit ends


class BorderFlagEndIn(Schema):
    on: dt.date
    reason: str = ""


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


class VillageSplitIn(Schema):
    into_names: list[str]  # two or more
    on: dt.date
    reason: str = ""


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
def unit_list(request: HttpRequest, filters: Query[UnitFilters]):
    units = selectors.unit_list(
        scope_of(request),
        level=filters.level,
        parent_id=filters.parent,
        on=filters.on,
        include_past=filters.past,
        query=filters.q,
    )
    return borders.with_border_countries(units, on=filters.on)


@router.get("/units/{unit_id}", response=UnitDetailOut)
@scope_rule(OBJECT)
def unit_detail(request: HttpRequest, unit_id: int) -> UnitDetailOut:
    unit = selectors.unit_get(scope_of(request), unit_id)
    lineage = lineage_of(unit)
    flag = borders.border_flag_on(unit, borders.status_day(unit))
    return UnitDetailOut(
        id=unit.pk,
        level=unit.level,
        code=unit.code,
        name=unit.name,
        kind=unit.kind,
        parent_id=unit.parent_id,
        valid_from=unit.valid_from,
        valid_to=unit.valid_to,
        is_border=flag is not None,
        border_countries=flag.country_list if flag else [],
        predecessors=[_link(c, c.from_unit) for c in lineage.predecessors],
        successors=[_link(c, c.to_unit) for c in lineage.successors],
    )


@router.get("/units/{unit_id}/border-flags", response=list[BorderFlagOut])
@scope_rule(OBJECT)
def border_flag_list(request: HttpRequest, unit_id: int) -> list[BorderFlag]:
    """Every border flag of the unit, oldest first, ended ones included."""
    return borders.flag_history(selectors.unit_get(scope_of(request), unit_id))


def _unit_for_border_write(request: HttpRequest, unit_id: int) -> AdminUnit:
    scope = scope_of(request)
    unit = selectors.unit_get(scope, unit_id)  # outside the scope: 404
    require_write(request)
    if not borders.may_flag(scope, unit):
        raise HttpError(403, "Only national staff flag provinces and districts.")
    return unit


@router.post("/units/{unit_id}/border-flags", response={201: BorderFlagOut})
@scope_rule(OBJECT)
def border_flag_set(request: HttpRequest, unit_id: int, payload: BorderFlagIn):
    """Flag the unit from `valid_from`; the flag running on that day is ended on it."""
    unit = _unit_for_border_write(request, unit_id)
    flag = call_service(
        services.border_flag_set, actor=actor_of(request), unit=unit, **payload.dict()
    )
    return Status(201, flag)


@router.post("/units/{unit_id}/border-flags/{flag_id}/end", response=BorderFlagOut)
@scope_rule(OBJECT)
def border_flag_end(
    request: HttpRequest, unit_id: int, flag_id: int, payload: BorderFlagEndIn
) -> BorderFlag:
    unit = _unit_for_border_write(request, unit_id)
    flag = BorderFlag.objects.filter(pk=flag_id, unit=unit).first()
    if flag is None:
        raise HttpError(404, "Not Found")
    return call_service(
        services.border_flag_end,
        actor=actor_of(request),
        flag=flag,
        on=payload.on,
        reason=payload.reason,
    )


@router.get("/villages", response=list[VillageOut])
@scope_rule(SIGNED_IN)
@paginate(PageNumberPagination, page_size=100)
def village_list(request: HttpRequest, filters: Query[VillageFilters]):
    return selectors.village_list(
        scope_of(request), commune_id=filters.commune, include_past=filters.past, query=filters.q
    )


@router.post("/villages", response={201: VillageOut})
@scope_rule(SIGNED_IN)
def village_create(request: HttpRequest, payload: VillageIn):
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


@router.post("/villages/{village_id}/split", response={201: list[VillageOut]})
@scope_rule(OBJECT)
def village_split(request: HttpRequest, village_id: int, payload: VillageSplitIn):
    """The village ends on `on` and the named villages begin; each is linked to it by a split."""
    village = selectors.village_get(scope_of(request), village_id)
    require_write(request)
    parts = call_service(
        services.village_split, actor=actor_of(request), village=village, **payload.dict()
    )
    return Status(201, parts)
