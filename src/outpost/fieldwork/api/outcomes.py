"""Household outcomes in the API, under /api/v1/fieldwork/outcomes/: list, record and void
conversions, loans and houses; and the comparison of leaving poverty. Scoped like the pages;
lists are paginated. Money is whole VND; areas are decimals in hectares."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from outpost.accounts.scope import OBJECT, SIGNED_IN, get_in_scope, scope_of, scope_rule
from outpost.assign.api import run, writable_scope
from outpost.fieldwork.models import Conversion, HouseSupport, Loan
from outpost.fieldwork.selectors import outcomes as selectors
from outpost.fieldwork.selectors.followups import default_unit
from outpost.fieldwork.services import outcomes as services
from outpost.people.selectors import household_get

router = Router(tags=["fieldwork: outcomes"])


class OutcomeOut(Schema):
    id: int
    client_id: uuid.UUID
    household_id: int
    commune_id: int
    cadre_id: int | None
    activity_id: int | None
    note: str
    voided_at: dt.datetime | None
    void_reason: str


class ConversionOut(OutcomeOut):
    kind: str
    from_name: str
    to_name: str
    area_ha: Decimal | None
    heads: int | None
    year: int


class LoanOut(OutcomeOut):
    granted_on: dt.date
    amount: int
    lender: str
    lender_name: str
    purpose: str
    term_months: int | None


class HouseSupportOut(OutcomeOut):
    kind: str
    completed_on: dt.date
    cost: int
    unit_contribution: int
    labour_days: int
    program_id: int | None


class OutcomeIn(Schema):
    household_id: int
    cadre_id: int | None = None
    activity_id: int | None = None
    note: str = ""
    client_id: uuid.UUID | None = None


class ConversionIn(OutcomeIn):
    kind: str = "crop"
    from_name: str
    to_name: str
    year: int
    area_ha: Decimal | None = None
    heads: int | None = None


class LoanIn(OutcomeIn):
    granted_on: dt.date
    amount: int
    lender: str = "vbsp"
    lender_name: str = ""
    purpose: str = ""
    term_months: int | None = None


class HouseSupportIn(OutcomeIn):
    kind: str
    completed_on: dt.date
    cost: int = 0
    unit_contribution: int = 0
    labour_days: int = 0
    program_id: int | None = None


class VoidIn(Schema):
    reason: str


def _links(scope: Any, payload: OutcomeIn) -> dict[str, Any]:
    """The household, cadre and activity a payload names, each through the scope."""
    links: dict[str, Any] = {"household": household_get(scope, payload.household_id)}
    links["cadre"] = (
        get_in_scope(selectors.cadres_for_outcomes(scope), pk=payload.cadre_id)
        if payload.cadre_id is not None
        else None
    )
    links["activity"] = (
        selectors.activity_for_outcome(scope, payload.activity_id)
        if payload.activity_id is not None
        else None
    )
    return links


_LINK_FIELDS = {"household_id", "cadre_id", "activity_id"}


def _store(model: Any, record: Any, request: HttpRequest, payload: OutcomeIn, **links: Any) -> Any:
    """Record through the service: 201 for a new record, 200 with the stored one when the
    client sends again a record it already sent (same `client_id`)."""
    sent_before = (
        payload.client_id is not None and model.objects.filter(client_id=payload.client_id).exists()
    )
    data = payload.dict(exclude=_LINK_FIELDS | {"program_id"})
    obj = run(record, actor=request.user, **links, **data)
    return Status(200 if sent_before else 201, obj)


# --- conversions ----------------------------------------------------------------------------


@router.get("/outcomes/conversions", response=list[ConversionOut])
@scope_rule(SIGNED_IN)
@paginate(LimitOffsetPagination)
def conversion_list(
    request: HttpRequest,
    kind: str | None = None,
    year: int | None = None,
    commune_id: int | None = None,
    household_id: int | None = None,
    cadre_id: int | None = None,
    include_void: bool = False,
) -> Any:
    return selectors.conversion_list(
        scope_of(request),
        kind=kind,
        year=year,
        commune_id=commune_id,
        household_id=household_id,
        cadre_id=cadre_id,
        include_void=include_void,
    )


@router.post("/outcomes/conversions", response={200: ConversionOut, 201: ConversionOut})
@scope_rule(SIGNED_IN)
def conversion_create(request: HttpRequest, payload: ConversionIn) -> Any:
    scope = writable_scope(request)
    return _store(
        Conversion, services.conversion_record, request, payload, **_links(scope, payload)
    )


@router.post("/outcomes/conversions/{conversion_id}/void", response=ConversionOut)
@scope_rule(OBJECT)
def conversion_void(request: HttpRequest, conversion_id: int, payload: VoidIn) -> Any:
    conversion = selectors.conversion_get(scope_of(request), conversion_id)
    writable_scope(request)
    return run(services.outcome_void, actor=request.user, outcome=conversion, reason=payload.reason)


# --- loans ----------------------------------------------------------------------------------


@router.get("/outcomes/loans", response=list[LoanOut])
@scope_rule(SIGNED_IN)
@paginate(LimitOffsetPagination)
def loan_list(
    request: HttpRequest,
    lender: str | None = None,
    year: int | None = None,
    commune_id: int | None = None,
    household_id: int | None = None,
    cadre_id: int | None = None,
    include_void: bool = False,
) -> Any:
    return selectors.loan_list(
        scope_of(request),
        lender=lender,
        year=year,
        commune_id=commune_id,
        household_id=household_id,
        cadre_id=cadre_id,
        include_void=include_void,
    )


@router.post("/outcomes/loans", response={200: LoanOut, 201: LoanOut})
@scope_rule(SIGNED_IN)
def loan_create(request: HttpRequest, payload: LoanIn) -> Any:
    scope = writable_scope(request)
    return _store(Loan, services.loan_record, request, payload, **_links(scope, payload))


@router.post("/outcomes/loans/{loan_id}/void", response=LoanOut)
@scope_rule(OBJECT)
def loan_void(request: HttpRequest, loan_id: int, payload: VoidIn) -> Any:
    loan = selectors.loan_get(scope_of(request), loan_id)
    writable_scope(request)
    return run(services.outcome_void, actor=request.user, outcome=loan, reason=payload.reason)


# --- houses ---------------------------------------------------------------------------------


@router.get("/outcomes/houses", response=list[HouseSupportOut])
@scope_rule(SIGNED_IN)
@paginate(LimitOffsetPagination)
def house_support_list(
    request: HttpRequest,
    kind: str | None = None,
    year: int | None = None,
    program_id: int | None = None,
    commune_id: int | None = None,
    household_id: int | None = None,
    cadre_id: int | None = None,
    include_void: bool = False,
) -> Any:
    return selectors.house_support_list(
        scope_of(request),
        kind=kind,
        year=year,
        program_id=program_id,
        commune_id=commune_id,
        household_id=household_id,
        cadre_id=cadre_id,
        include_void=include_void,
    )


@router.post("/outcomes/houses", response={200: HouseSupportOut, 201: HouseSupportOut})
@scope_rule(SIGNED_IN)
def house_support_create(request: HttpRequest, payload: HouseSupportIn) -> Any:
    scope = writable_scope(request)
    links = _links(scope, payload)
    links["program"] = (
        get_in_scope(selectors.programs_for_houses(scope), pk=payload.program_id)
        if payload.program_id is not None
        else None
    )
    return _store(HouseSupport, services.house_support_record, request, payload, **links)


@router.post("/outcomes/houses/{house_support_id}/void", response=HouseSupportOut)
@scope_rule(OBJECT)
def house_support_void(request: HttpRequest, house_support_id: int, payload: VoidIn) -> Any:
    house = selectors.house_support_get(scope_of(request), house_support_id)
    writable_scope(request)
    return run(services.outcome_void, actor=request.user, outcome=house, reason=payload.reason)


# --- leaving poverty: in someone's charge or not --------------------------------------------


class GroupOut(Schema):
    base: int
    assessed: int
    not_assessed: int
    left: int
    share: float | None


class ComparisonYearOut(Schema):
    year: int
    in_charge: GroupOut
    others: GroupOut


class ComparisonOut(Schema):
    unit_id: int
    base: str
    commune_ids: list[int]
    years: list[ComparisonYearOut]


@router.get("/outcomes/comparison", response=ComparisonOut)
@scope_rule(SIGNED_IN)
def comparison(
    request: HttpRequest,
    year_from: int,
    year_to: int,
    unit_id: int | None = None,
    base: str = selectors.DEFAULT_BASE,
) -> Any:
    """Among households poor (or near-poor, per `base`) in their assessment of Y-1, those no
    longer so in Y, for households in someone's charge during Y and for the others."""
    scope = scope_of(request)
    if base not in selectors.BASES:
        raise HttpError(422, f"base is one of {', '.join(selectors.BASES)}")
    if not 2001 <= year_from <= year_to <= 2100 or year_to - year_from > 30:
        raise HttpError(422, "years: 2001 <= year_from <= year_to <= 2100, 31 years at most")
    unit = (
        get_in_scope(selectors.units_for_comparison(scope), pk=unit_id)
        if unit_id is not None
        else default_unit(scope)
    )
    if unit is None:
        raise HttpError(404, "no unit in scope")
    result = selectors.poverty_exit_comparison(
        scope, unit, year_from=year_from, year_to=year_to, base=base
    )
    return {
        "unit_id": unit.pk,
        "base": base,
        "commune_ids": sorted(result.commune_ids),
        "years": [
            {
                "year": y.year,
                "in_charge": _group(y.in_charge),
                "others": _group(y.others),
            }
            for y in result.years
        ],
    }


def _group(g: selectors.GroupYear) -> dict[str, Any]:
    return {
        "base": g.base,
        "assessed": g.assessed,
        "not_assessed": g.not_assessed,
        "left": g.left,
        "share": g.share,
    }
