"""Programs and enrollments in the field work API (/api/v1/fieldwork/programs, /enrollments).
Scoped like the pages; lists are paginated; money is whole VND. Creating an enrollment with a
`client_id` already stored returns the stored one (200) instead of enrolling twice."""

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from outpost.accounts.scope import OBJECT, SIGNED_IN, get_in_scope, scope_of, scope_rule
from outpost.assign.api import run, writable_scope
from outpost.fieldwork.models import Enrollment, Program
from outpost.fieldwork.selectors import programs as selectors
from outpost.fieldwork.services import programs as services

router = Router(tags=["fieldwork"])


class ProgramOut(Schema):
    id: int
    code: str
    name_vi: str
    name_en: str
    scope: str
    owner_unit_id: int | None
    beneficiary: str
    started_on: dt.date | None
    ended_on: dt.date | None
    description: str
    max_age: int | None
    default_monthly_support: int


class ProgramIn(Schema):
    name_vi: str
    beneficiary: str
    owner_unit_id: int | None = None
    force_wide: bool = False
    code: str = ""
    name_en: str = ""
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    description: str = ""
    max_age: int | None = None
    default_monthly_support: int = 0


class EnrollmentOut(Schema):
    id: int
    client_id: uuid.UUID
    program_id: int
    program_code: str = Field(..., alias="program.code")
    resident_id: int | None
    household_id: int | None
    village_id: int | None
    beneficiary: str = Field(..., alias="beneficiary_label")
    commune_id: int
    sponsor_cadre_id: int | None
    sponsor_unit_id: int | None
    started_on: dt.date
    ended_on: dt.date | None
    monthly_support: int
    status: str
    end_reason: str
    end_note: str
    note: str


class EnrollmentIn(Schema):
    program_id: int
    started_on: dt.date
    resident_id: int | None = None
    household_id: int | None = None
    village_id: int | None = None
    sponsor_cadre_id: int | None = None
    sponsor_unit_id: int | None = None
    monthly_support: int | None = None
    note: str = ""
    client_id: uuid.UUID | None = None


class EnrollmentEndIn(Schema):
    on: dt.date
    reason: str
    note: str = ""


# --- programs -----------------------------------------------------------------------------


@router.get("/programs", response=list[ProgramOut])
@scope_rule(SIGNED_IN)
@paginate(LimitOffsetPagination)
def program_list(request: HttpRequest, scope: str | None = None) -> Any:
    return selectors.program_list(scope_of(request), reach=scope)


@router.get("/programs/{program_id}", response=ProgramOut)
@scope_rule(OBJECT)
def program_detail(request: HttpRequest, program_id: int) -> Any:
    return selectors.program_get(scope_of(request), program_id)


@router.post("/programs", response={201: ProgramOut})
@scope_rule(SIGNED_IN)
def program_create(request: HttpRequest, payload: ProgramIn) -> Any:
    scope = writable_scope(request)
    owner = None
    if payload.owner_unit_id is not None:
        owner = get_in_scope(selectors.owner_units_for_programs(scope), pk=payload.owner_unit_id)
    data = payload.dict(exclude={"owner_unit_id"})
    program = run(
        services.program_create, actor=request.user, scope=scope, owner_unit=owner, **data
    )
    return Status(201, program)


# --- enrollments --------------------------------------------------------------------------


@router.get("/enrollments", response=list[EnrollmentOut])
@scope_rule(SIGNED_IN)
@paginate(LimitOffsetPagination)
def enrollment_list(
    request: HttpRequest,
    program_id: int | None = None,
    status: str | None = None,
    commune_id: int | None = None,
    resident_id: int | None = None,
    household_id: int | None = None,
    village_id: int | None = None,
    active_on: dt.date | None = None,
) -> Any:
    return selectors.enrollment_list(
        scope_of(request),
        program_id=program_id,
        status=status,
        commune_id=commune_id,
        resident_id=resident_id,
        household_id=household_id,
        village_id=village_id,
        active_on=active_on,
    )


@router.get("/enrollments/{enrollment_id}", response=EnrollmentOut)
@scope_rule(OBJECT)
def enrollment_detail(request: HttpRequest, enrollment_id: int) -> Any:
    return selectors.enrollment_get(scope_of(request), enrollment_id)


@router.post("/enrollments", response={200: EnrollmentOut, 201: EnrollmentOut})
@scope_rule(SIGNED_IN)
def enrollment_create(request: HttpRequest, payload: EnrollmentIn) -> Any:
    scope = writable_scope(request)
    if payload.client_id is not None:
        stored = Enrollment.objects.filter(client_id=payload.client_id).first()
        if stored is not None:
            return Status(200, selectors.enrollment_get(scope, stored.pk))
    program = get_in_scope(selectors.programs_open_for_enrollment(scope), pk=payload.program_id)
    beneficiary: dict[str, Any] = {}
    for kind in (
        Program.Beneficiary.RESIDENT,
        Program.Beneficiary.HOUSEHOLD,
        Program.Beneficiary.VILLAGE,
    ):
        pk = getattr(payload, f"{kind}_id")
        if pk is not None:
            beneficiary[kind] = get_in_scope(selectors.beneficiary_queryset(scope, kind), pk=pk)
    if len(beneficiary) != 1:
        raise HttpError(422, "Enroll exactly one resident, household or village.")
    cadre = unit = None
    if payload.sponsor_cadre_id is not None:
        cadre = get_in_scope(selectors.sponsor_cadres(scope), pk=payload.sponsor_cadre_id)
    if payload.sponsor_unit_id is not None:
        unit = get_in_scope(selectors.sponsor_units(scope), pk=payload.sponsor_unit_id)
    enrollment = run(
        services.enrollment_create,
        actor=request.user,
        scope=scope,
        program=program,
        started_on=payload.started_on,
        sponsor_cadre=cadre,
        sponsor_unit=unit,
        monthly_support=payload.monthly_support,
        note=payload.note,
        client_id=payload.client_id,
        **beneficiary,
    )
    return Status(201, enrollment)


@router.post("/enrollments/{enrollment_id}/end", response=EnrollmentOut)
@scope_rule(OBJECT)
def enrollment_end(request: HttpRequest, enrollment_id: int, payload: EnrollmentEndIn) -> Any:
    enrollment = selectors.enrollment_get(scope_of(request), enrollment_id)
    writable_scope(request)
    return run(
        services.enrollment_end,
        actor=request.user,
        enrollment=enrollment,
        on=payload.on,
        reason=payload.reason,
        note=payload.note,
    )
