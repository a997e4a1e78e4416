"""The people API under /api/v1/people/: households, their residents and poverty assessments.

Scoped like the pages. Religion and household coordinates (sensitive, Law 91/2025) are
returned only to callers whose scope `sees_sensitive` (otherwise they are null and
`sensitive_hidden` is true) and every response that carries them is logged as a read.
Lists of households carry no sensitive field."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from outpost.accounts.scope import OBJECT, SIGNED_IN, scope_of, scope_rule
from outpost.core.api import actor_of, call_service, require_write
from outpost.core.models import EthnicGroup
from outpost.people import selectors, services
from outpost.people.models import Household, PovertyAssessment, Resident

router = Router(tags=["people"])


class HouseholdOut(Schema):
    id: int
    code: str
    village_id: int
    village_name: str = Field(..., alias="village.name")
    commune_id: int
    commune_name: str = Field(..., alias="commune.name")
    head_id: int | None
    head_name: str
    is_policy_family: bool
    is_near_border: bool
    poverty_status: str
    poverty_year: int | None
    note: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    end_reason: str


class HouseholdDetailOut(HouseholdOut):
    member_count: int
    latitude: Decimal | None = Field(None, alias="shown_latitude")
    longitude: Decimal | None = Field(None, alias="shown_longitude")
    sensitive_hidden: bool


class HouseholdFilters(Schema):
    village: int | None = None
    commune: int | None = None
    status: str = ""
    near_border: bool | None = None
    policy_family: bool | None = None
    unassigned: bool = False
    q: str = ""
    on: dt.date | None = None
    include_past: bool = False


class HouseholdIn(Schema):
    village_id: int
    code: str
    is_policy_family: bool = False
    is_near_border: bool = False
    note: str = ""
    valid_from: dt.date | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None


class HouseholdPatch(Schema):
    code: str | None = None
    is_policy_family: bool | None = None
    is_near_border: bool | None = None
    note: str | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None


class ResidentOut(Schema):
    id: int
    household_id: int
    full_name: str
    relation: str
    sex: str
    birth_date: dt.date | None
    birth_year: int | None
    ethnic_group_id: int | None
    is_village_chief: bool
    is_village_elder: bool
    is_reputable_person: bool
    valid_from: dt.date | None
    valid_to: dt.date | None
    end_reason: str
    moved_from_id: int | None
    religion: str | None = Field(None, alias="shown_religion")
    sensitive_hidden: bool


class ResidentIn(Schema):
    full_name: str
    relation: Resident.Relation
    sex: Resident.Sex
    birth_date: dt.date | None = None
    birth_year: int | None = None
    ethnic_group_id: int | None = None
    religion: str = ""
    is_village_chief: bool = False
    is_village_elder: bool = False
    is_reputable_person: bool = False
    valid_from: dt.date | None = None


class ResidentPatch(Schema):
    full_name: str | None = None
    relation: Resident.Relation | None = None
    sex: Resident.Sex | None = None
    birth_date: dt.date | None = None
    birth_year: int | None = None
    ethnic_group_id: int | None = None
    religion: str | None = None
    is_village_chief: bool | None = None
    is_village_elder: bool | None = None
    is_reputable_person: bool | None = None


class AssessmentOut(Schema):
    id: int
    household_id: int
    year: int
    standard_code: str = Field(..., alias="standard.code")
    area: str
    income_per_person_month: int
    deprivations: list[str]
    deprivation_count: int
    status: str
    voided_at: dt.datetime | None
    void_reason: str


class AssessmentIn(Schema):
    year: int
    area: PovertyAssessment.Area
    income_per_person_month: int
    deprivations: list[str] = []
    status: PovertyAssessment.Status | None = None


class VoidIn(Schema):
    reason: str


# --- helpers ------------------------------------------------------------------------------


def _refuse_sensitive(request: HttpRequest, values: dict[str, Any], names: tuple[str, ...]) -> None:
    if not scope_of(request).sees_sensitive and any(values.get(n) not in (None, "") for n in names):
        raise HttpError(403, "Your role may not record sensitive data: " + ", ".join(names))


def _household_out(request: HttpRequest, household: Household) -> Household:
    """The household with what the caller may see of it: `shown_*` carry the coordinates."""
    scope = scope_of(request)
    out: Any = household
    out.member_count = household.members.filter(valid_to__isnull=True).count()
    out.sensitive_hidden = not scope.sees_sensitive
    out.shown_latitude = out.shown_longitude = None
    if scope.sees_sensitive:
        out.shown_latitude, out.shown_longitude = household.latitude, household.longitude
        services.sensitive_read_record(actor=actor_of(request), objects=[household], note="API")
    return household


def _residents_out(request: HttpRequest, residents: list[Resident]) -> list[Resident]:
    sees = scope_of(request).sees_sensitive
    for resident in residents:
        out: Any = resident
        out.shown_religion = resident.religion if sees else None
        out.sensitive_hidden = not sees
    if sees:
        services.sensitive_read_record(actor=actor_of(request), objects=residents, note="API")
    return residents


def _ethnic_group(ethnic_group_id: int | None) -> EthnicGroup | None:
    if ethnic_group_id is None:
        return None
    group = EthnicGroup.objects.filter(pk=ethnic_group_id).first()
    if group is None:
        raise HttpError(422, "Unknown ethnic group.")
    return group


def _writable_household(request: HttpRequest, household_id: int) -> Household:
    household = selectors.household_get(scope_of(request), household_id)
    require_write(request)
    return household


# --- households ---------------------------------------------------------------------------


@router.get("/households", response=list[HouseholdOut])
@scope_rule(SIGNED_IN)
@paginate(PageNumberPagination, page_size=100)
def household_list(request: HttpRequest, filters: Query[HouseholdFilters]):
    return selectors.household_list(
        scope_of(request),
        village_id=filters.village,
        commune_id=filters.commune,
        status=filters.status,
        near_border=filters.near_border,
        policy_family=filters.policy_family,
        unassigned=filters.unassigned,
        query=filters.q,
        on=filters.on,
        include_past=filters.include_past,
    )


@router.post("/households", response={201: HouseholdDetailOut})
@scope_rule(SIGNED_IN)
def household_create(request: HttpRequest, payload: HouseholdIn):
    from outpost.accounts.scope import get_in_scope

    village = get_in_scope(
        selectors.villages_for_households(scope_of(request)), pk=payload.village_id
    )
    require_write(request)
    values = payload.model_dump(exclude={"village_id"})
    _refuse_sensitive(request, values, Household.SENSITIVE_FIELDS)
    household = call_service(
        services.household_create, actor=actor_of(request), village=village, **values
    )
    return Status(201, _household_out(request, household))


@router.get("/households/{household_id}", response=HouseholdDetailOut)
@scope_rule(OBJECT)
def household_detail(request: HttpRequest, household_id: int):
    return _household_out(request, selectors.household_get(scope_of(request), household_id))


@router.patch("/households/{household_id}", response=HouseholdDetailOut)
@scope_rule(OBJECT)
def household_patch(request: HttpRequest, household_id: int, payload: HouseholdPatch):
    household = _writable_household(request, household_id)
    changes = payload.model_dump(exclude_unset=True)
    _refuse_sensitive(request, changes, Household.SENSITIVE_FIELDS)
    if any(
        changes.get(k) is None
        for k in ("code", "is_policy_family", "is_near_border", "note")
        if k in changes
    ):
        raise HttpError(422, "code, flags and note cannot be null.")
    call_service(services.household_update, actor=actor_of(request), household=household, **changes)
    return _household_out(request, household)


# --- residents ----------------------------------------------------------------------------


@router.get("/households/{household_id}/residents", response=list[ResidentOut])
@scope_rule(OBJECT)
def resident_list(request: HttpRequest, household_id: int, include_past: bool = False):
    household = selectors.household_get(scope_of(request), household_id)
    members = list(selectors.household_members(household, include_past=include_past))
    return _residents_out(request, members)


@router.post("/households/{household_id}/residents", response={201: ResidentOut})
@scope_rule(OBJECT)
def resident_create(request: HttpRequest, household_id: int, payload: ResidentIn):
    household = _writable_household(request, household_id)
    values = payload.model_dump()
    _refuse_sensitive(request, values, Resident.SENSITIVE_FIELDS)
    values["ethnic_group"] = _ethnic_group(values.pop("ethnic_group_id"))
    resident = call_service(
        services.resident_add, actor=actor_of(request), household=household, **values
    )
    return Status(201, _residents_out(request, [resident])[0])


@router.get("/residents/{resident_id}", response=ResidentOut)
@scope_rule(OBJECT)
def resident_detail(request: HttpRequest, resident_id: int):
    return _residents_out(request, [selectors.resident_get(scope_of(request), resident_id)])[0]


@router.patch("/residents/{resident_id}", response=ResidentOut)
@scope_rule(OBJECT)
def resident_patch(request: HttpRequest, resident_id: int, payload: ResidentPatch):
    resident = selectors.resident_get(scope_of(request), resident_id)
    require_write(request)
    changes = payload.model_dump(exclude_unset=True)
    _refuse_sensitive(request, changes, Resident.SENSITIVE_FIELDS)
    if "ethnic_group_id" in changes:
        changes["ethnic_group"] = _ethnic_group(changes.pop("ethnic_group_id"))
    call_service(services.resident_update, actor=actor_of(request), resident=resident, **changes)
    return _residents_out(request, [resident])[0]


# --- assessments --------------------------------------------------------------------------


@router.get("/households/{household_id}/assessments", response=list[AssessmentOut])
@scope_rule(OBJECT)
def assessment_list(request: HttpRequest, household_id: int):
    household = selectors.household_get(scope_of(request), household_id)
    return list(selectors.household_assessments(household))


@router.post("/households/{household_id}/assessments", response={201: AssessmentOut})
@scope_rule(OBJECT)
def assessment_create(request: HttpRequest, household_id: int, payload: AssessmentIn):
    household = _writable_household(request, household_id)
    assessment = call_service(
        services.poverty_assess,
        actor=actor_of(request),
        household=household,
        year=payload.year,
        area=payload.area,
        income_per_person_month=payload.income_per_person_month,
        deprivations=payload.deprivations,
        status=payload.status,
    )
    return Status(201, assessment)


@router.post("/assessments/{assessment_id}/void", response=AssessmentOut)
@scope_rule(OBJECT)
def assessment_void(request: HttpRequest, assessment_id: int, payload: VoidIn):
    assessment = selectors.assessment_get(scope_of(request), assessment_id)
    require_write(request)
    return call_service(
        services.poverty_assessment_void,
        actor=actor_of(request),
        assessment=assessment,
        reason=payload.reason,
    )
