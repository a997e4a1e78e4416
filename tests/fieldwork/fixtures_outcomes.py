"""Test data for outcomes and the comparison: households, poverty assessments and
assignments, all made through the real services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from outpost.assign.models import HouseholdAssignment
from outpost.assign.services import household_assign, household_unassign
from outpost.people.models import Household, PovertyAssessment
from outpost.people.services import household_create, poverty_assess

S = PovertyAssessment.Status
# Income per person per month (rural, 2022-2026 line 1,500,000) and basic services lacking
# that give each status under Decree 07/2021.
FOR_STATUS: dict[str, tuple[int, list[str]]] = {
    S.POOR: (1_000_000, ["water", "sanitation", "telecom"]),
    S.NEAR_POOR: (1_000_000, []),
    S.MIDDLE: (2_000_000, []),
    S.ABOVE: (3_000_000, []),
}


def make_household(village: Any, code: str, head_name: str = "") -> Household:
    return household_create(actor=None, village=village, code=code, head_name=head_name or code)


def assess(household: Household, year: int, status: str) -> PovertyAssessment:
    income, lacking = FOR_STATUS[status]
    return poverty_assess(
        actor=None,
        household=household,
        year=year,
        area="rural",
        income_per_person_month=income,
        deprivations=lacking,
    )


def assign(
    cadre: Any, household: Household, since: dt.date, until: dt.date | None = None
) -> HouseholdAssignment:
    row = household_assign(actor=None, cadre=cadre, household=household, valid_from=since)
    if until is not None:
        row = household_unassign(actor=None, assignment=row, on=until, reason="handed over")
    return row
