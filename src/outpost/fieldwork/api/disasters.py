"""Disasters and the response to them in the field work API: /api/v1/fieldwork/disasters,
/evacuations, /repairs, /deployments (list, detail, create, void). Scoped like the pages;
lists are paginated. A response created with a `client_id` already stored returns the stored
one (200) instead of recording it twice."""

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from outpost.accounts.scope import OBJECT, SIGNED_IN, get_in_scope, scope_of, scope_rule
from outpost.assign.api import run, writable_scope
from outpost.fieldwork.models import DamageRepair, Deployment, Disaster, Evacuation
from outpost.fieldwork.selectors import disasters as selectors
from outpost.fieldwork.services import disasters as services
from outpost.geo.models import Village
from outpost.people.models import Household

router = Router(tags=["fieldwork"])


class DisasterOut(Schema):
    id: int
    kind: str
    name: str
    started_on: dt.date
    ended_on: dt.date | None
    commune_ids: list[int]
    force_unit_id: int
    description: str
    voided_at: dt.datetime | None
    void_reason: str

    @staticmethod
    def resolve_commune_ids(obj: Disaster) -> list[int]:
        # Only the communes the user may see.
        return sorted(c.pk for c in obj.visible_communes)  # type: ignore[attr-defined]


class DisasterIn(Schema):
    kind: str
    name: str
    started_on: dt.date
    ended_on: dt.date | None = None
    commune_ids: list[int]
    force_unit_id: int
    description: str = ""


class VoidIn(Schema):
    reason: str


class ResponseOut(Schema):
    id: int
    client_id: uuid.UUID
    disaster_id: int
    commune_id: int
    village_id: int | None
    force_unit_id: int
    on: dt.date
    note: str
    voided_at: dt.datetime | None
    void_reason: str


class EvacuationOut(ResponseOut):
    households_moved: int
    people_moved: int
    destination: str
    household_ids: list[int]

    @staticmethod
    def resolve_household_ids(obj: Evacuation) -> list[int]:
        return sorted(h.pk for h in obj.households.all())


class RepairOut(ResponseOut):
    kind: str
    quantity: int
    labour_days: int
    description: str


class DeploymentOut(ResponseOut):
    cadre_count: int
    cadre_ids: list[int]
    days: int

    @staticmethod
    def resolve_cadre_ids(obj: Deployment) -> list[int]:
        return sorted(c.pk for c in obj.cadres.all())


class ResponseIn(Schema):
    disaster_id: int
    commune_id: int
    village_id: int | None = None
    force_unit_id: int | None = None
    on: dt.date
    note: str = ""
    client_id: uuid.UUID | None = None


class EvacuationIn(ResponseIn):
    people_moved: int
    destination: str
    households_moved: int | None = None
    household_ids: list[int] = []


class RepairIn(ResponseIn):
    kind: str
    quantity: int = 1
    labour_days: int = 0
    description: str = ""


class DeploymentIn(ResponseIn):
    cadre_count: int | None = None
    cadre_ids: list[int] = []
    days: int = 1


# --- disasters ----------------------------------------------------------------------------


@router.get("/disasters", response=list[DisasterOut])
@scope_rule(SIGNED_IN)
@paginate(LimitOffsetPagination)
def disaster_list(
    request: HttpRequest,
    kind: str | None = None,
    commune_id: int | None = None,
    year: int | None = None,
    include_void: bool = False,
) -> Any:
    return selectors.disaster_list(
        scope_of(request), kind=kind, commune_id=commune_id, year=year, include_void=include_void
    )


@router.get("/disasters/{disaster_id}", response=DisasterOut)
@scope_rule(OBJECT)
def disaster_detail(request: HttpRequest, disaster_id: int) -> Any:
    return selectors.disaster_get(scope_of(request), disaster_id)


@router.post("/disasters", response={201: DisasterOut})
@scope_rule(SIGNED_IN)
def disaster_create(request: HttpRequest, payload: DisasterIn) -> Any:
    scope = writable_scope(request)
    communes = [
        get_in_scope(selectors.communes_in_scope(scope), pk=pk) for pk in payload.commune_ids
    ]
    unit = get_in_scope(selectors.force_units_for_disasters(scope), pk=payload.force_unit_id)
    disaster = run(
        services.disaster_create,
        actor=request.user,
        scope=scope,
        communes=communes,
        force_unit=unit,
        **payload.dict(exclude={"commune_ids", "force_unit_id"}),
    )
    return Status(201, selectors.disaster_get(scope, disaster.pk))


@router.post("/disasters/{disaster_id}/void", response=DisasterOut)
@scope_rule(OBJECT)
def disaster_void(request: HttpRequest, disaster_id: int, payload: VoidIn) -> Any:
    disaster = selectors.disaster_get(scope_of(request), disaster_id)
    writable_scope(request)
    run(services.disaster_void, actor=request.user, disaster=disaster, reason=payload.reason)
    return selectors.disaster_get(scope_of(request), disaster_id)


# --- the response -------------------------------------------------------------------------


def _where(scope: Any, payload: ResponseIn) -> dict[str, Any]:
    """The disaster, commune, village and unit a response names, each loaded in scope."""
    disaster = selectors.disaster_get(scope, payload.disaster_id)
    commune = get_in_scope(selectors.communes_in_scope(scope), pk=payload.commune_id)
    village = None
    if payload.village_id is not None:
        village = get_in_scope(
            scope.filter(Village.objects.all(), commune="commune"), pk=payload.village_id
        )
    units = selectors.force_units_for_disasters(scope)
    if payload.force_unit_id is not None:
        unit = get_in_scope(units, pk=payload.force_unit_id)
    else:
        unit = get_in_scope(units, pk=disaster.force_unit_id)
    return {
        "disaster": disaster,
        "commune": commune,
        "village": village,
        "force_unit": unit,
        "on": payload.on,
        "note": payload.note,
        "client_id": payload.client_id,
    }


def _stored(scope: Any, model: Any, client_id: uuid.UUID | None) -> Any:
    if client_id is None:
        return None
    stored = model.objects.filter(client_id=client_id).first()
    if stored is None:
        return None
    return get_in_scope(selectors.response_list(scope, model, include_void=True), pk=stored.pk)


@router.get("/evacuations", response=list[EvacuationOut])
@scope_rule(SIGNED_IN)
@paginate(LimitOffsetPagination)
def evacuation_list(
    request: HttpRequest,
    disaster_id: int | None = None,
    commune_id: int | None = None,
    include_void: bool = False,
) -> Any:
    return selectors.response_list(
        scope_of(request),
        Evacuation,
        disaster_id=disaster_id,
        commune_id=commune_id,
        include_void=include_void,
    ).prefetch_related("households")


@router.get("/evacuations/{evacuation_id}", response=EvacuationOut)
@scope_rule(OBJECT)
def evacuation_detail(request: HttpRequest, evacuation_id: int) -> Any:
    return selectors.evacuation_get(scope_of(request), evacuation_id)


@router.post("/evacuations", response={200: EvacuationOut, 201: EvacuationOut})
@scope_rule(SIGNED_IN)
def evacuation_create(request: HttpRequest, payload: EvacuationIn) -> Any:
    scope = writable_scope(request)
    stored = _stored(scope, Evacuation, payload.client_id)
    if stored is not None:
        return Status(200, stored)
    where = _where(scope, payload)
    households = [
        get_in_scope(scope.filter(Household.objects.all(), commune="commune_id"), pk=pk)
        for pk in payload.household_ids
    ]
    evacuation = run(
        services.evacuation_create,
        actor=request.user,
        scope=scope,
        people_moved=payload.people_moved,
        destination=payload.destination,
        households_moved=payload.households_moved,
        households=households,
        **where,
    )
    return Status(201, evacuation)


@router.post("/evacuations/{evacuation_id}/void", response=EvacuationOut)
@scope_rule(OBJECT)
def evacuation_void(request: HttpRequest, evacuation_id: int, payload: VoidIn) -> Any:
    record = selectors.evacuation_get(scope_of(request), evacuation_id)
    writable_scope(request)
    return run(services.response_void, actor=request.user, response=record, reason=payload.reason)


@router.get("/repairs", response=list[RepairOut])
@scope_rule(SIGNED_IN)
@paginate(LimitOffsetPagination)
def repair_list(
    request: HttpRequest,
    disaster_id: int | None = None,
    commune_id: int | None = None,
    include_void: bool = False,
) -> Any:
    return selectors.response_list(
        scope_of(request),
        DamageRepair,
        disaster_id=disaster_id,
        commune_id=commune_id,
        include_void=include_void,
    )


@router.get("/repairs/{damage_repair_id}", response=RepairOut)
@scope_rule(OBJECT)
def repair_detail(request: HttpRequest, damage_repair_id: int) -> Any:
    return selectors.repair_get(scope_of(request), damage_repair_id)


@router.post("/repairs", response={200: RepairOut, 201: RepairOut})
@scope_rule(SIGNED_IN)
def repair_create(request: HttpRequest, payload: RepairIn) -> Any:
    scope = writable_scope(request)
    stored = _stored(scope, DamageRepair, payload.client_id)
    if stored is not None:
        return Status(200, stored)
    repair = run(
        services.damage_repair_create,
        actor=request.user,
        scope=scope,
        kind=payload.kind,
        quantity=payload.quantity,
        labour_days=payload.labour_days,
        description=payload.description,
        **_where(scope, payload),
    )
    return Status(201, repair)


@router.post("/repairs/{damage_repair_id}/void", response=RepairOut)
@scope_rule(OBJECT)
def repair_void(request: HttpRequest, damage_repair_id: int, payload: VoidIn) -> Any:
    record = selectors.repair_get(scope_of(request), damage_repair_id)
    writable_scope(request)
    return run(services.response_void, actor=request.user, response=record, reason=payload.reason)


@router.get("/deployments", response=list[DeploymentOut])
@scope_rule(SIGNED_IN)
@paginate(LimitOffsetPagination)
def deployment_list(
    request: HttpRequest,
    disaster_id: int | None = None,
    commune_id: int | None = None,
    include_void: bool = False,
) -> Any:
    return selectors.response_list(
        scope_of(request),
        Deployment,
        disaster_id=disaster_id,
        commune_id=commune_id,
        include_void=include_void,
    ).prefetch_related("cadres")


@router.get("/deployments/{deployment_id}", response=DeploymentOut)
@scope_rule(OBJECT)
def deployment_detail(request: HttpRequest, deployment_id: int) -> Any:
    return selectors.deployment_get(scope_of(request), deployment_id)


@router.post("/deployments", response={200: DeploymentOut, 201: DeploymentOut})
@scope_rule(SIGNED_IN)
def deployment_create(request: HttpRequest, payload: DeploymentIn) -> Any:
    scope = writable_scope(request)
    stored = _stored(scope, Deployment, payload.client_id)
    if stored is not None:
        return Status(200, stored)
    cadres = [
        get_in_scope(selectors.cadres_for_deployment(scope), pk=pk) for pk in payload.cadre_ids
    ]
    deployment = run(
        services.deployment_create,
        actor=request.user,
        scope=scope,
        cadre_count=payload.cadre_count,
        cadres=cadres,
        days=payload.days,
        **_where(scope, payload),
    )
    return Status(201, deployment)


@router.post("/deployments/{deployment_id}/void", response=DeploymentOut)
@scope_rule(OBJECT)
def deployment_void(request: HttpRequest, deployment_id: int, payload: VoidIn) -> Any:
    record = selectors.deployment_get(scope_of(request), deployment_id)
    writable_scope(request)
    return run(services.response_void, actor=request.user, response=record, reason=payload.reason)
