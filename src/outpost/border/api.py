"""The border line API under /api/v1/border/. Scoped like the pages; lists are paginated."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from outpost.accounts.scope import OBJECT, SIGNED_IN, scope_of, scope_rule
from outpost.assign.api import run, writable_scope
from outpost.border import selectors, services
from outpost.border.models import BorderMarker
from outpost.force.selectors import force_unit_get
from outpost.geo.selectors import unit_get
from outpost.security import selectors as security_selectors
from outpost.security.api import IncidentOut
from outpost.security.services import (
    PatrolFinding,
    patrol_record_incident,
    patrol_record_with_incidents,
)

router = Router(tags=["border"])


class SegmentOut(Schema):
    id: int
    name: str
    country: str
    length_km: Decimal
    commune_id: int
    commune_name: str = Field(..., alias="commune.name")
    post_id: int
    post_name: str = Field(..., alias="post.name")
    valid_from: dt.date | None
    valid_to: dt.date | None
    end_reason: str


class SegmentIn(Schema):
    post_id: int
    commune_id: int
    country: str
    name: str
    length_km: Decimal
    valid_from: dt.date | None = None


class MarkerOut(Schema):
    id: int
    number: str
    kind: str
    segment_id: int
    latitude: Decimal | None
    longitude: Decimal | None


class MarkerIn(Schema):
    segment_id: int
    number: str
    kind: str = BorderMarker.Kind.MAIN
    latitude: Decimal | None = None
    longitude: Decimal | None = None


class PatrolOut(Schema):
    id: int
    date: dt.date
    post_id: int
    segment_id: int
    km: Decimal
    marker_ids: list[int]
    residents_joining: int
    findings: str
    incident_ids: list[int]

    @staticmethod
    def resolve_marker_ids(obj: Any) -> list[int]:
        return sorted(m.pk for m in obj.markers_checked.all())

    @staticmethod
    def resolve_incident_ids(obj: Any, context: Any) -> list[int]:
        """The incidents found on the patrol that the caller may see."""
        scope = scope_of(context["request"])
        return sorted(i.pk for i in security_selectors.patrol_incidents(scope, obj))


class PatrolIncidentIn(Schema):
    """Something the patrol found, recorded as a security incident of the village."""

    kind: str
    village_id: int
    summary: str


class PatrolIn(Schema):
    segment_id: int
    date: dt.date
    km: Decimal
    marker_ids: list[int] = []
    residents_joining: int = 0
    findings: str = ""
    incidents: list[PatrolIncidentIn] = []


@router.get("/segments", response=list[SegmentOut])
@scope_rule(SIGNED_IN)
@paginate(LimitOffsetPagination)
def segment_list(
    request: HttpRequest,
    on: dt.date | None = None,
    post_id: int | None = None,
    commune_id: int | None = None,
    country: str = "",
) -> Any:
    return selectors.segment_list(
        scope_of(request), on=on, post_id=post_id, commune_id=commune_id, country=country
    )


@router.get("/segments/{segment_id}", response=SegmentOut)
@scope_rule(OBJECT)
def segment_detail(request: HttpRequest, segment_id: int) -> Any:
    return selectors.segment_get(scope_of(request), segment_id)


@router.post("/segments", response={201: SegmentOut})
@scope_rule(SIGNED_IN)
def segment_create(request: HttpRequest, payload: SegmentIn) -> Any:
    scope = writable_scope(request)
    post = force_unit_get(scope, payload.post_id)
    commune = unit_get(scope, payload.commune_id)
    data = payload.dict(exclude={"post_id", "commune_id"})
    return Status(
        201, run(services.segment_create, actor=request.user, post=post, commune=commune, **data)
    )


@router.get("/markers", response=list[MarkerOut])
@scope_rule(SIGNED_IN)
@paginate(LimitOffsetPagination)
def marker_list(request: HttpRequest, segment_id: int | None = None) -> Any:
    return selectors.marker_list(scope_of(request), segment_id=segment_id)


@router.get("/markers/{marker_id}", response=MarkerOut)
@scope_rule(OBJECT)
def marker_detail(request: HttpRequest, marker_id: int) -> Any:
    return selectors.marker_get(scope_of(request), marker_id)


@router.post("/markers", response={201: MarkerOut})
@scope_rule(SIGNED_IN)
def marker_create(request: HttpRequest, payload: MarkerIn) -> Any:
    scope = writable_scope(request)
    segment = selectors.segment_get(scope, payload.segment_id)
    data = payload.dict(exclude={"segment_id"})
    return Status(201, run(services.marker_create, actor=request.user, segment=segment, **data))


@router.get("/patrols", response=list[PatrolOut])
@scope_rule(SIGNED_IN)
@paginate(LimitOffsetPagination)
def patrol_list(
    request: HttpRequest,
    segment_id: int | None = None,
    post_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> Any:
    return selectors.patrol_list(
        scope_of(request),
        segment_id=segment_id,
        post_id=post_id,
        date_from=date_from,
        date_to=date_to,
    ).prefetch_related("markers_checked")


@router.get("/patrols/{patrol_id}", response=PatrolOut)
@scope_rule(OBJECT)
def patrol_detail(request: HttpRequest, patrol_id: int) -> Any:
    return selectors.patrol_get(scope_of(request), patrol_id)


@router.post("/patrols", response={201: PatrolOut})
@scope_rule(SIGNED_IN)
def patrol_create(request: HttpRequest, payload: PatrolIn) -> Any:
    scope = writable_scope(request)
    segment = selectors.segment_get(scope, payload.segment_id)
    markers = list(selectors.marker_list(scope, segment_id=None).filter(pk__in=payload.marker_ids))
    if len(markers) != len(set(payload.marker_ids)):
        raise HttpError(404, "marker not found")
    incidents = [
        PatrolFinding(
            kind=row.kind,
            village=security_selectors.village_get(scope, row.village_id),
            summary=row.summary,
        )
        for row in payload.incidents
    ]
    return Status(
        201,
        run(
            patrol_record_with_incidents,
            actor=request.user,
            segment=segment,
            date=payload.date,
            km=payload.km,
            markers=markers,
            residents_joining=payload.residents_joining,
            findings=payload.findings,
            incidents=incidents,
        ),
    )


@router.post("/patrols/{patrol_id}/incidents", response={201: IncidentOut})
@scope_rule(OBJECT)
def patrol_incident_create(request: HttpRequest, patrol_id: int, payload: PatrolIncidentIn) -> Any:
    """Record one more incident found on a patrol: on the patrol's date, handled by its post."""
    patrol = selectors.patrol_get(scope_of(request), patrol_id)
    scope = writable_scope(request)
    village = security_selectors.village_get(scope, payload.village_id)
    return Status(
        201,
        run(
            patrol_record_incident,
            actor=request.user,
            patrol=patrol,
            kind=payload.kind,
            village=village,
            summary=payload.summary,
        ),
    )
