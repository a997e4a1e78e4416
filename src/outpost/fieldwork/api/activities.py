"""Activities in the API under /api/v1/fieldwork/activities. Scoped like the pages.

Recording is idempotent: the client sends its own `client_id` (a UUID); the first time the
answer is 201 with the record, any repeat is 200 with the stored record (nothing is written
again). An edit (PATCH) names the `version` it was made from; when the activity has moved on
the answer is 409 with both the stored record and what was sent, and nothing is changed."""

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from outpost.accounts.scope import OBJECT, SIGNED_IN, get_in_scope, scope_of, scope_rule
from outpost.assign.api import run, writable_scope
from outpost.fieldwork.api.photos import PhotoOut
from outpost.fieldwork.models import Activity, ActivityKind
from outpost.fieldwork.selectors import activities as selectors
from outpost.fieldwork.services import activities as services
from outpost.force.models import Cadre
from outpost.geo.models import AdminUnit

router = Router(tags=["fieldwork"])


class ActivityOut(Schema):
    id: int
    client_id: uuid.UUID
    version: int
    kind: str = Field(..., alias="kind.code")
    kind_name: str = Field(..., alias="kind.name")
    date: dt.date
    force_unit_id: int
    commune_id: int
    village_id: int | None
    cadre_ids: list[int]
    household_ids: list[int]
    people_reached: int
    cost: int
    materials: str
    notes: str
    program_id: int | None
    disaster_id: int | None
    recorded_by_id: int | None
    voided_at: dt.datetime | None
    void_reason: str
    photos: list[PhotoOut]

    @staticmethod
    def resolve_cadre_ids(obj: Activity) -> list[int]:
        return sorted(c.pk for c in obj.cadres.all())

    @staticmethod
    def resolve_household_ids(obj: Activity) -> list[int]:
        return sorted(h.pk for h in obj.households.all())

    @staticmethod
    def resolve_photos(obj: Activity) -> list[Any]:
        return [p for p in obj.photos.all() if p.voided_at is None]


class ActivityIn(Schema):
    client_id: uuid.UUID
    kind: str
    date: dt.date
    force_unit_id: int
    village_id: int | None = None
    commune_id: int | None = None
    cadre_ids: list[int] = []
    household_ids: list[int] = []
    people_reached: int = Field(0, ge=0)
    cost: int = Field(0, ge=0)
    materials: str = ""
    notes: str = ""
    program_id: int | None = None
    disaster_id: int | None = None


class ActivityPatch(Schema):
    version: int
    kind: str | None = None
    date: dt.date | None = None
    force_unit_id: int | None = None
    village_id: int | None = None
    commune_id: int | None = None
    cadre_ids: list[int] | None = None
    household_ids: list[int] | None = None
    people_reached: int | None = Field(None, ge=0)
    cost: int | None = Field(None, ge=0)
    materials: str | None = None
    notes: str | None = None
    program_id: int | None = None
    disaster_id: int | None = None


class ConflictOut(Schema):
    detail: str
    current: ActivityOut
    submitted: dict[str, Any]


class VoidIn(Schema):
    reason: str


class KindOut(Schema):
    code: str
    name_vi: str
    name_en: str
    counts_as_visit: bool


def _kind(code: str) -> ActivityKind:
    kind = selectors.kind_by_code(code)
    if kind is None:
        raise HttpError(422, f"Unknown kind of activity: {code}")
    return kind


def _all_in_scope(qs: Any, ids: list[int]) -> list[Any]:
    wanted = set(ids)
    found = list(qs.filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise HttpError(404, "Not Found")
    return found


def _commune(scope: Any, commune_id: int) -> AdminUnit:
    if not scope.has_commune(commune_id):
        raise HttpError(404, "Not Found")
    return get_in_scope(AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE), pk=commune_id)


def _resolve(scope: Any, data: dict[str, Any]) -> dict[str, Any]:
    """API ids to the objects the services take; anything outside the scope is 404."""
    out: dict[str, Any] = {}
    if "kind" in data and data["kind"] is not None:
        out["kind"] = _kind(data["kind"])
    if "date" in data and data["date"] is not None:
        out["date"] = data["date"]
    if data.get("force_unit_id") is not None:
        out["force_unit"] = get_in_scope(
            selectors.force_units_for_activities(scope), pk=data["force_unit_id"]
        )
    if "village_id" in data:
        village_id = data["village_id"]
        out["village"] = (
            None
            if village_id is None
            else get_in_scope(selectors.villages_for_activities(scope), pk=village_id)
        )
    if data.get("commune_id") is not None:
        out["commune"] = _commune(scope, data["commune_id"])
    if data.get("cadre_ids") is not None:
        cadres = scope.filter(Cadre.objects.all(), force_unit="unit")
        out["cadres"] = _all_in_scope(cadres, data["cadre_ids"])
    if data.get("household_ids") is not None:
        households = selectors.households_for_activities(scope)
        out["households"] = _all_in_scope(households, data["household_ids"])
    for name in ("people_reached", "cost", "materials", "notes"):
        if name in data and data[name] is not None:
            out[name] = data[name]
    if "program_id" in data:
        program_id = data["program_id"]
        out["program"] = (
            None
            if program_id is None
            else get_in_scope(selectors.programs_for_activities(scope), pk=program_id)
        )
    if "disaster_id" in data:
        disaster_id = data["disaster_id"]
        out["disaster"] = (
            None
            if disaster_id is None
            else get_in_scope(selectors.disasters_for_activities(scope), pk=disaster_id)
        )
    return out


def _full(activity: Activity) -> Activity:
    return selectors.with_related(Activity.objects.filter(pk=activity.pk)).get()


@router.get("/kinds", response=list[KindOut])
@scope_rule(SIGNED_IN)
def kind_list(request: HttpRequest) -> Any:
    """The kinds of activity in use (a phone keeps them for recording offline)."""
    return selectors.kinds_in_use()


@router.get("/activities", response=list[ActivityOut])
@scope_rule(SIGNED_IN)
@paginate(LimitOffsetPagination)
def activity_list(
    request: HttpRequest,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    kind: str | None = None,
    village_id: int | None = None,
    force_unit_id: int | None = None,
    include_void: bool = False,
) -> Any:
    return selectors.with_related(
        selectors.activity_list(
            scope_of(request),
            date_from=date_from,
            date_to=date_to,
            kind=kind,
            village_id=village_id,
            force_unit_id=force_unit_id,
            include_void=include_void,
        )
    )


@router.post(
    "/activities",
    response={200: ActivityOut, 201: ActivityOut},
    url_name="fieldwork_activities",
)
@scope_rule(SIGNED_IN)
def activity_record(request: HttpRequest, payload: ActivityIn) -> Any:
    scope = writable_scope(request)
    stored = selectors.activity_by_client_id(scope, payload.client_id)
    if stored is not None:
        return Status(200, _full(stored))
    data = payload.dict()
    client_id = data.pop("client_id")
    resolved = _resolve(scope, data)
    recorded = run(services.activity_record, actor=request.user, client_id=client_id, **resolved)
    if not recorded.created and selectors.activity_by_client_id(scope, client_id) is None:
        raise HttpError(404, "Not Found")
    return Status(201 if recorded.created else 200, _full(recorded.activity))


@router.get("/activities/{activity_id}", response=ActivityOut)
@scope_rule(OBJECT)
def activity_detail(request: HttpRequest, activity_id: int) -> Any:
    return _full(selectors.activity_get(scope_of(request), activity_id))


@router.patch("/activities/{activity_id}", response={200: ActivityOut, 409: ConflictOut})
@scope_rule(OBJECT)
def activity_update(request: HttpRequest, activity_id: int, payload: ActivityPatch) -> Any:
    """Send `version` (the one the edit was made from) and the fields that change. 409: the
    activity was changed since; the body has `current` (what is stored) and `submitted`."""
    activity = selectors.activity_get(scope_of(request), activity_id)
    scope = writable_scope(request)
    submitted = payload.dict(exclude_unset=True)
    expected = submitted.pop("version")
    resolved = _resolve(scope, submitted)
    try:
        updated = run(
            services.activity_update,
            actor=request.user,
            activity=activity,
            expected_version=expected,
            **resolved,
        )
    except services.StaleVersion as stale:
        return Status(
            409,
            {
                "detail": f"The activity was changed since version {expected}: it is now at "
                f"version {stale.current.version}. Nothing was saved.",
                "current": _full(stale.current),
                "submitted": payload.dict(exclude_unset=True),
            },
        )
    return _full(updated)


@router.post("/activities/{activity_id}/void", response=ActivityOut)
@scope_rule(OBJECT)
def activity_void(request: HttpRequest, activity_id: int, payload: VoidIn) -> Any:
    activity = selectors.activity_get(scope_of(request), activity_id)
    writable_scope(request)
    voided = run(
        services.activity_void, actor=request.user, activity=activity, reason=payload.reason
    )
    return _full(voided)
