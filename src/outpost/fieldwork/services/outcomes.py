"""Every write to a household's outcomes: crop and livestock conversions, loans facilitated,
houses built or repaired. Typed, keyword-only, atomic, audited.

An outcome belongs to its household's commune (copied on the row for scoping). It may name
the cadre who helped and the activity that brought it about; that activity must stand (not
voided) and be in the household's commune. Outcomes are never deleted: a wrong one is voided
with its reason and stops counting.

A client may send its own `client_id`: sending the same record again (a retry over a bad
connection) returns the one already stored instead of recording it twice."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from outpost.core import audit
from outpost.fieldwork.models import Activity, Conversion, HouseSupport, Loan, Program
from outpost.force.models import Cadre
from outpost.people.models import Household

OutcomeT = TypeVar("OutcomeT", Conversion, Loan, HouseSupport)


def _check_activity(household: Household, activity: Activity | None) -> None:
    if activity is None:
        return
    if activity.voided_at is not None:
        raise ValidationError({"activity": _("That activity is void.")})
    if activity.commune_id != household.commune_id:
        raise ValidationError({"activity": _("That activity was not in the household's commune.")})


def _already(
    model: type[OutcomeT], client_id: uuid.UUID | None, household: Household
) -> OutcomeT | None:
    """The outcome a client already sent with this id (a retry over a bad connection)."""
    if client_id is None:
        return None
    found = model.objects.filter(client_id=client_id).first()
    if found is not None and found.household_id != household.pk:
        raise ValidationError(_("This record id is already used for another household."))
    return found


def _check_household_on(household: Household, on: dt.date, field: str) -> None:
    if not household.is_valid_on(on):
        raise ValidationError({field: _("The household did not exist on that date.")})


def conversion_record(
    *,
    actor: Any,
    household: Household,
    kind: str,
    from_name: str,
    to_name: str,
    year: int,
    area_ha: Decimal | None = None,
    heads: int | None = None,
    cadre: Cadre | None = None,
    activity: Activity | None = None,
    note: str = "",
    client_id: uuid.UUID | None = None,
) -> Conversion:
    """A household converted land from one crop to another (hectares), or changed its
    livestock (head count). A crop conversion has no head count and a livestock one no area."""
    existing = _already(Conversion, client_id, household)
    if existing is not None:
        return existing
    _check_activity(household, activity)
    if kind == Conversion.Kind.CROP and heads:
        raise ValidationError({"heads": _("A crop conversion is measured in hectares.")})
    if kind == Conversion.Kind.LIVESTOCK and area_ha:
        raise ValidationError({"area_ha": _("A livestock change is measured in head.")})
    if from_name.strip() and from_name.strip().casefold() == to_name.strip().casefold():
        raise ValidationError({"to_name": _("The conversion must be to something else.")})
    conversion = Conversion(
        household=household,
        commune_id=household.commune_id,
        kind=kind,
        from_name=from_name.strip(),
        to_name=to_name.strip(),
        year=year,
        area_ha=area_ha,
        heads=heads,
        cadre=cadre,
        activity=activity,
        note=note.strip(),
        client_id=client_id or uuid.uuid4(),
    )
    return audit.audited_create(conversion, actor=actor)


def loan_record(
    *,
    actor: Any,
    household: Household,
    granted_on: dt.date,
    amount: int,
    lender: str = Loan.Lender.SOCIAL_POLICY_BANK,
    lender_name: str = "",
    purpose: str = "",
    term_months: int | None = None,
    cadre: Cadre | None = None,
    activity: Activity | None = None,
    note: str = "",
    client_id: uuid.UUID | None = None,
) -> Loan:
    """A loan the unit helped the household obtain, most often from the Social Policy Bank."""
    existing = _already(Loan, client_id, household)
    if existing is not None:
        return existing
    _check_activity(household, activity)
    _check_household_on(household, granted_on, "granted_on")
    if term_months is not None and term_months <= 0:
        raise ValidationError({"term_months": _("The term is a number of months.")})
    loan = Loan(
        household=household,
        commune_id=household.commune_id,
        granted_on=granted_on,
        amount=amount,
        lender=lender,
        lender_name=lender_name.strip(),
        purpose=purpose.strip(),
        term_months=term_months,
        cadre=cadre,
        activity=activity,
        note=note.strip(),
        client_id=client_id or uuid.uuid4(),
    )
    return audit.audited_create(loan, actor=actor)


def house_support_record(
    *,
    actor: Any,
    household: Household,
    kind: str,
    completed_on: dt.date,
    cost: int = 0,
    unit_contribution: int = 0,
    labour_days: int = 0,
    program: Program | None = None,
    cadre: Cadre | None = None,
    activity: Activity | None = None,
    note: str = "",
    client_id: uuid.UUID | None = None,
) -> HouseSupport:
    """A house built or repaired for the household. The unit's contribution is part of the
    cost, so it cannot exceed it when the cost is known."""
    existing = _already(HouseSupport, client_id, household)
    if existing is not None:
        return existing
    _check_activity(household, activity)
    _check_household_on(household, completed_on, "completed_on")
    if cost and unit_contribution > cost:
        raise ValidationError(
            {"unit_contribution": _("The unit's contribution cannot exceed the cost.")}
        )
    house = HouseSupport(
        household=household,
        commune_id=household.commune_id,
        kind=kind,
        completed_on=completed_on,
        cost=cost,
        unit_contribution=unit_contribution,
        labour_days=labour_days,
        program=program,
        cadre=cadre,
        activity=activity,
        note=note.strip(),
        client_id=client_id or uuid.uuid4(),
    )
    return audit.audited_create(house, actor=actor)


def outcome_void(*, actor: Any, outcome: OutcomeT, reason: str) -> OutcomeT:
    """An outcome recorded by mistake is voided with its reason, never deleted."""
    if outcome.voided_at is not None:
        raise ValidationError(_("This record is already void."))
    if not reason.strip():
        raise ValidationError({"void_reason": _("Give the reason the record is void.")})
    return audit.audited_update(
        outcome,
        actor=actor,
        note=reason.strip(),
        voided_at=timezone.now(),
        void_reason=reason.strip(),
    )
