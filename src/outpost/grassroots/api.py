"""The Party branch API under /api/v1/grassroots/. Scoped like the pages; lists are paginated."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from outpost.accounts.scope import OBJECT, SIGNED_IN, get_in_scope, scope_of, scope_rule
from outpost.assign.api import EndIn, run, writable_scope
from outpost.assign.selectors import village_get
from outpost.geo.selectors import unit_get
from outpost.grassroots import selectors, services
from outpost.people.selectors import residents_in_scope

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


class CommitteeIn(Schema):
    has_committee: bool
    on: dt.date
    reason: str = ""


@router.post("/branches/{branch_id}/committee", response=BranchOut)
@scope_rule(OBJECT)
def branch_committee(request: HttpRequest, branch_id: int, payload: CommitteeIn) -> Any:
    """Record that the branch got (`has_committee` true) or lost its committee on `on`, with
    the reason it was lost; saying what is already recorded changes nothing. Answers the
    branch as of `on`."""
    scope = scope_of(request)
    branch = selectors.branch_get(scope, branch_id)
    writable_scope(request)
    run(
        services.branch_committee_set,
        actor=request.user,
        branch=branch,
        has_committee=payload.has_committee,
        on=payload.on,
        reason=payload.reason,
    )
    return selectors.branch_get(scope, branch_id, on=payload.on)


# --- Party development: candidates ----------------------------------------------------------


class CandidateOut(Schema):
    id: int
    resident_id: int
    resident_name: str = Field(..., alias="resident.full_name")
    branch_id: int
    village_id: int = Field(..., alias="branch.village_id")
    mentor_id: int | None
    stage: str
    identified_on: dt.date
    class_completed_on: dt.date | None
    recommended_on: dt.date | None
    admitted_on: dt.date | None
    full_member_on: dt.date | None
    dropped_on: dt.date | None
    drop_reason: str
    age_exception_reason: str


class CandidateIn(Schema):
    resident_id: int
    branch_id: int
    identified_on: dt.date
    mentor_id: int | None = None


class AdvanceIn(Schema):
    stage: Literal["class", "recommend", "admit", "full", "drop"]
    on: dt.date
    reason: str = ""
    age_exception_reason: str = ""


@router.get("/candidates", response=list[CandidateOut])
@scope_rule(SIGNED_IN)
@paginate(LimitOffsetPagination)
def candidate_list(
    request: HttpRequest,
    branch_id: int | None = None,
    village_id: int | None = None,
    stage: str | None = None,
) -> Any:
    return selectors.candidate_list(
        scope_of(request), branch_id=branch_id, village_id=village_id, stage=stage
    )


@router.get("/candidates/{candidate_id}", response=CandidateOut)
@scope_rule(OBJECT)
def candidate_detail(request: HttpRequest, candidate_id: int) -> Any:
    return selectors.candidate_get(scope_of(request), candidate_id)


@router.post("/candidates", response={201: CandidateOut})
@scope_rule(SIGNED_IN)
def candidate_create(request: HttpRequest, payload: CandidateIn) -> Any:
    scope = writable_scope(request)
    branch = selectors.branch_get(scope, payload.branch_id)
    resident = get_in_scope(
        selectors.residents_for_candidacy(scope, branch), pk=payload.resident_id
    )
    mentor = (
        get_in_scope(selectors.mentors_for_candidacy(scope), pk=payload.mentor_id)
        if payload.mentor_id is not None
        else None
    )
    return Status(
        201,
        run(
            services.candidate_identify,
            actor=request.user,
            resident=resident,
            branch=branch,
            mentor=mentor,
            identified_on=payload.identified_on,
        ),
    )


@router.post("/candidates/{candidate_id}/advance", response=CandidateOut)
@scope_rule(OBJECT)
def candidate_advance(request: HttpRequest, candidate_id: int, payload: AdvanceIn) -> Any:
    candidate = selectors.candidate_get(scope_of(request), candidate_id)
    writable_scope(request)
    return run(
        services.candidate_advance, actor=request.user, candidate=candidate, **payload.dict()
    )


# --- Mass organisations and village cadre training ------------------------------------------


class MassOrganisationOut(Schema):
    id: int
    kind: str
    name: str
    commune_id: int
    village_id: int | None
    member_count: int | None
    established_on: dt.date | None = Field(None, alias="valid_from")
    valid_to: dt.date | None
    end_reason: str


class MassOrganisationIn(Schema):
    commune_id: int
    village_id: int | None = None
    kind: Literal["women_union", "youth_union", "farmers", "veterans", "fatherland_front"]
    name: str
    established_on: dt.date | None = None
    member_count: int | None = None


class ConsolidationOut(Schema):
    id: int
    organisation_id: int
    on: dt.date
    action: str
    supporting_unit_id: int | None


class ConsolidationIn(Schema):
    on: dt.date
    action: str
    supporting_unit_id: int | None = None


class VillageCadreOut(Schema):
    id: int
    resident_id: int
    resident_name: str = Field(..., alias="resident.full_name")
    village_id: int = Field(..., alias="resident.household.village_id")
    role: str
    identified_on: dt.date
    course_name: str
    course_from: dt.date | None
    course_to: dt.date | None
    completed: bool


class VillageCadreIn(Schema):
    resident_id: int
    role: Literal["village_chief", "deputy_chief", "branch_secretary", "mass_org_head", "other"]
    identified_on: dt.date
    course_name: str = ""
    course_from: dt.date | None = None
    course_to: dt.date | None = None
    completed: bool = False


class CourseIn(Schema):
    course_name: str
    course_from: dt.date | None = None
    course_to: dt.date | None = None
    completed: bool = False


@router.get("/mass-organisations", response=list[MassOrganisationOut])
@scope_rule(SIGNED_IN)
@paginate(LimitOffsetPagination)
def mass_organisation_list(
    request: HttpRequest,
    on: dt.date | None = None,
    commune_id: int | None = None,
    village_id: int | None = None,
) -> Any:
    return selectors.mass_organisation_list(
        scope_of(request), on=on, commune_id=commune_id, village_id=village_id
    )


@router.get("/mass-organisations/{organisation_id}", response=MassOrganisationOut)
@scope_rule(OBJECT)
def mass_organisation_detail(request: HttpRequest, organisation_id: int) -> Any:
    return selectors.mass_organisation_get(scope_of(request), organisation_id)


@router.post("/mass-organisations", response={201: MassOrganisationOut})
@scope_rule(SIGNED_IN)
def mass_organisation_create(request: HttpRequest, payload: MassOrganisationIn) -> Any:
    scope = writable_scope(request)
    commune = unit_get(scope, payload.commune_id)
    village = village_get(scope, payload.village_id) if payload.village_id is not None else None
    data = payload.dict(exclude={"commune_id", "village_id"})
    return Status(
        201,
        run(
            services.mass_organisation_create,
            actor=request.user,
            commune=commune,
            village=village,
            **data,
        ),
    )


@router.post(
    "/mass-organisations/{organisation_id}/consolidations", response={201: ConsolidationOut}
)
@scope_rule(OBJECT)
def organisation_consolidate(
    request: HttpRequest, organisation_id: int, payload: ConsolidationIn
) -> Any:
    organisation = selectors.mass_organisation_get(scope_of(request), organisation_id)
    scope = writable_scope(request)
    unit = (
        get_in_scope(selectors.supporting_units(scope), pk=payload.supporting_unit_id)
        if payload.supporting_unit_id is not None
        else None
    )
    return Status(
        201,
        run(
            services.organisation_consolidate,
            actor=request.user,
            organisation=organisation,
            on=payload.on,
            action=payload.action,
            supporting_unit=unit,
        ),
    )


@router.get("/village-cadres", response=list[VillageCadreOut])
@scope_rule(SIGNED_IN)
@paginate(LimitOffsetPagination)
def village_cadre_list(
    request: HttpRequest, commune_id: int | None = None, village_id: int | None = None
) -> Any:
    return selectors.village_cadre_list(
        scope_of(request), commune_id=commune_id, village_id=village_id
    )


@router.post("/village-cadres", response={201: VillageCadreOut})
@scope_rule(SIGNED_IN)
def village_cadre_create(request: HttpRequest, payload: VillageCadreIn) -> Any:
    scope = writable_scope(request)
    resident = get_in_scope(
        residents_in_scope(scope).filter(valid_to__isnull=True), pk=payload.resident_id
    )
    data = payload.dict(exclude={"resident_id"})
    return Status(
        201, run(services.village_cadre_identify, actor=request.user, resident=resident, **data)
    )


@router.get("/village-cadres/{village_cadre_id}", response=VillageCadreOut)
@scope_rule(OBJECT)
def village_cadre_detail(request: HttpRequest, village_cadre_id: int) -> Any:
    return selectors.village_cadre_get(scope_of(request), village_cadre_id)


@router.post("/village-cadres/{village_cadre_id}/course", response=VillageCadreOut)
@scope_rule(OBJECT)
def village_cadre_course(request: HttpRequest, village_cadre_id: int, payload: CourseIn) -> Any:
    """Record (or correct) the course the village cadre followed."""
    training = selectors.village_cadre_get(scope_of(request), village_cadre_id)
    writable_scope(request)
    return run(
        services.village_cadre_record_course,
        actor=request.user,
        training=training,
        **payload.dict(),
    )
