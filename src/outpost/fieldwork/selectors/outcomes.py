"""Reads of household outcomes (conversions, loans, houses), always through the user's
scope: an outcome is in scope through its commune (the household's).

Also the household's poverty trajectory (its standing assessments by year) shown with its
outcomes, and the comparison of how often households in someone's charge leave poverty
against the other households of the same communes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from outpost.accounts.scope import get_in_scope
from outpost.assign.models import HouseholdAssignment
from outpost.core.tree import force_subtree
from outpost.fieldwork.models import Activity, Conversion, HouseSupport, Loan, Program
from outpost.force.models import AreaOfResponsibility, Cadre, ForceUnit
from outpost.geo.models import AdminUnit
from outpost.people.models import Household, PovertyAssessment

Status = PovertyAssessment.Status

# --- what is in scope -----------------------------------------------------------------------


def conversions_in_scope(scope: Any) -> QuerySet[Conversion]:
    qs = Conversion.objects.select_related("household__village", "commune", "cadre")
    return scope.filter(qs, commune="commune")


def loans_in_scope(scope: Any) -> QuerySet[Loan]:
    qs = Loan.objects.select_related("household__village", "commune", "cadre")
    return scope.filter(qs, commune="commune")


def house_supports_in_scope(scope: Any) -> QuerySet[HouseSupport]:
    qs = HouseSupport.objects.select_related("household__village", "commune", "cadre", "program")
    return scope.filter(qs, commune="commune")


def conversion_get(scope: Any, conversion_id: int) -> Conversion:
    return get_in_scope(conversions_in_scope(scope), pk=conversion_id)


def loan_get(scope: Any, loan_id: int) -> Loan:
    return get_in_scope(loans_in_scope(scope), pk=loan_id)


def house_support_get(scope: Any, house_support_id: int) -> HouseSupport:
    return get_in_scope(house_supports_in_scope(scope), pk=house_support_id)


# --- lists ----------------------------------------------------------------------------------


def _common(
    qs: QuerySet[Any],
    *,
    commune_id: int | None,
    village_id: int | None,
    cadre_id: int | None,
    household_id: int | None,
    include_void: bool,
) -> QuerySet[Any]:
    if not include_void:
        qs = qs.filter(voided_at__isnull=True)
    if commune_id is not None:
        qs = qs.filter(commune_id=commune_id)
    if village_id is not None:
        qs = qs.filter(household__village_id=village_id)
    if cadre_id is not None:
        qs = qs.filter(cadre_id=cadre_id)
    if household_id is not None:
        qs = qs.filter(household_id=household_id)
    return qs


def conversion_list(
    scope: Any,
    *,
    kind: str | None = None,
    year: int | None = None,
    to_name: str | None = None,
    commune_id: int | None = None,
    village_id: int | None = None,
    cadre_id: int | None = None,
    household_id: int | None = None,
    include_void: bool = False,
) -> QuerySet[Conversion]:
    qs = _common(
        conversions_in_scope(scope),
        commune_id=commune_id,
        village_id=village_id,
        cadre_id=cadre_id,
        household_id=household_id,
        include_void=include_void,
    )
    if kind:
        qs = qs.filter(kind=kind)
    if year is not None:
        qs = qs.filter(year=year)
    if to_name:
        qs = qs.filter(to_name__icontains=to_name.strip())
    return qs.order_by("-year", "commune__name", "household__code", "-id")


def loan_list(
    scope: Any,
    *,
    lender: str | None = None,
    year: int | None = None,
    commune_id: int | None = None,
    village_id: int | None = None,
    cadre_id: int | None = None,
    household_id: int | None = None,
    include_void: bool = False,
) -> QuerySet[Loan]:
    qs = _common(
        loans_in_scope(scope),
        commune_id=commune_id,
        village_id=village_id,
        cadre_id=cadre_id,
        household_id=household_id,
        include_void=include_void,
    )
    if lender:
        qs = qs.filter(lender=lender)
    if year is not None:
        qs = qs.filter(granted_on__gte=dt.date(year, 1, 1), granted_on__lt=dt.date(year + 1, 1, 1))
    return qs.order_by("-granted_on", "-id")


def house_support_list(
    scope: Any,
    *,
    kind: str | None = None,
    year: int | None = None,
    program_id: int | None = None,
    commune_id: int | None = None,
    village_id: int | None = None,
    cadre_id: int | None = None,
    household_id: int | None = None,
    include_void: bool = False,
) -> QuerySet[HouseSupport]:
    qs = _common(
        house_supports_in_scope(scope),
        commune_id=commune_id,
        village_id=village_id,
        cadre_id=cadre_id,
        household_id=household_id,
        include_void=include_void,
    )
    if kind:
        qs = qs.filter(kind=kind)
    if year is not None:
        qs = qs.filter(
            completed_on__gte=dt.date(year, 1, 1), completed_on__lt=dt.date(year + 1, 1, 1)
        )
    if program_id is not None:
        qs = qs.filter(program_id=program_id)
    return qs.order_by("-completed_on", "-id")


def outcome_communes(scope: Any) -> list[tuple[int, str]]:
    """The communes in scope, for the lists' filter (current and past ones)."""
    qs = AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE)
    if not scope.everything:
        qs = qs.filter(pk__in=scope.commune_ids)
    return list(qs.order_by("name", "pk").values_list("pk", "name"))


# --- choices for the forms ------------------------------------------------------------------


def cadres_for_outcomes(scope: Any) -> QuerySet[Cadre]:
    """Cadres of the user's units still in the force: the ones who can be named as helping."""
    qs = scope.filter(Cadre.objects.select_related("unit"), force_unit="unit")
    return qs.filter(left_force_on__isnull=True).order_by("full_name", "pk")


def activities_for_household(scope: Any, household: Household, limit: int = 50) -> QuerySet[Any]:
    """Standing activities that touched the household (newest first): what an outcome can
    be linked to."""
    qs = Activity.objects.select_related("kind").filter(
        voided_at__isnull=True, touches__household=household, commune_id=household.commune_id
    )
    qs = scope.filter(qs, commune="commune", force_unit="force_unit")
    ids = list(qs.order_by("-date", "-id").values_list("pk", flat=True)[:limit])
    return Activity.objects.select_related("kind").filter(pk__in=ids).order_by("-date", "-id")


def activity_for_outcome(scope: Any, activity_id: int) -> Activity:
    qs = scope.filter(
        Activity.objects.select_related("kind"), commune="commune", force_unit="force_unit"
    )
    return get_in_scope(qs, pk=activity_id)


def programs_for_houses(scope: Any) -> QuerySet[Program]:
    """Force-wide programs and the local ones of the user's units, for households."""
    qs = Program.objects.filter(beneficiary=Program.Beneficiary.HOUSEHOLD)
    if scope.everything:
        return qs
    return qs.filter(Q(scope=Program.Scope.FORCE_WIDE) | Q(owner_unit_id__in=scope.force_unit_ids))


def current_cadre_of(household: Household) -> Cadre | None:
    """The cadre in charge of the household today (the most recent open assignment)."""
    row = (
        HouseholdAssignment.objects.filter(household=household, valid_to__isnull=True)
        .select_related("cadre")
        .order_by("-valid_from", "-id")
        .first()
    )
    return row.cadre if row else None


# --- a household's outcomes and poverty trajectory ------------------------------------------


@dataclass
class TrajectoryYear:
    """One year of a household's path: its assessed status (if assessed that year) and the
    outcomes recorded for that year."""

    year: int
    status: str = ""
    status_label: str = ""
    change: str = ""  # "out" (left poverty), "back" (fell back into it), "" otherwise
    conversions: list[Conversion] = field(default_factory=list)
    loans: list[Loan] = field(default_factory=list)
    houses: list[HouseSupport] = field(default_factory=list)


@dataclass
class HouseholdOutcomes:
    conversions: list[Conversion]
    loans: list[Loan]
    houses: list[HouseSupport]
    assessments: list[PovertyAssessment]
    trajectory: list[TrajectoryYear]


POOR_STATUSES = {Status.POOR}


def household_outcomes(household: Household) -> HouseholdOutcomes:
    """Everything recorded for one household (void ones included, for the record), and its
    trajectory year by year from its standing assessments and standing outcomes. Four
    queries. The caller has already loaded the household through the scope."""
    conversions = list(
        Conversion.objects.filter(household=household).select_related("cadre", "activity__kind")
    )
    loans = list(Loan.objects.filter(household=household).select_related("cadre", "activity__kind"))
    houses = list(
        HouseSupport.objects.filter(household=household).select_related(
            "cadre", "activity__kind", "program"
        )
    )
    assessments = list(
        PovertyAssessment.objects.filter(household=household, voided_at__isnull=True)
        .select_related("standard")
        .order_by("year", "id")
    )
    return HouseholdOutcomes(
        conversions=conversions,
        loans=loans,
        houses=houses,
        assessments=assessments,
        trajectory=trajectory(assessments, conversions, loans, houses),
    )


def trajectory(
    assessments: Iterable[PovertyAssessment],
    conversions: Iterable[Conversion] = (),
    loans: Iterable[Loan] = (),
    houses: Iterable[HouseSupport] = (),
) -> list[TrajectoryYear]:
    """Years from the first assessment or outcome to the last, oldest first. A year whose
    status is no longer poor after a poor one is marked "out"; poor after not poor, "back"."""
    labels = dict(Status.choices)
    years: dict[int, TrajectoryYear] = {}

    def year(y: int) -> TrajectoryYear:
        return years.setdefault(y, TrajectoryYear(year=y))

    for a in assessments:
        if a.voided_at is None:
            row = year(a.year)
            row.status, row.status_label = a.status, str(labels.get(a.status, a.status))
    for c in conversions:
        if c.voided_at is None:
            year(c.year).conversions.append(c)
    for loan in loans:
        if loan.voided_at is None:
            year(loan.granted_on.year).loans.append(loan)
    for h in houses:
        if h.voided_at is None:
            year(h.completed_on.year).houses.append(h)
    if not years:
        return []
    rows = [years.get(y) or TrajectoryYear(year=y) for y in range(min(years), max(years) + 1)]
    previous = ""
    for row in rows:
        if row.status:
            if previous in POOR_STATUSES and row.status not in POOR_STATUSES:
                row.change = "out"
            elif previous and previous not in POOR_STATUSES and row.status in POOR_STATUSES:
                row.change = "back"
            previous = row.status
    return rows


# --- households in someone's charge against the others --------------------------------------

# Which households a comparison starts from (their status in year Y-1) and which of them count
# as having left (their status in year Y).
BASES: dict[str, tuple[Any, frozenset[str], frozenset[str]]] = {
    "poor": (
        _("poor"),
        frozenset({Status.POOR}),
        frozenset({Status.NEAR_POOR, Status.MIDDLE, Status.ABOVE}),
    ),
    "near_poor": (
        _("near-poor"),
        frozenset({Status.NEAR_POOR}),
        frozenset({Status.MIDDLE, Status.ABOVE}),
    ),
    "poor_or_near_poor": (
        _("poor or near-poor"),
        frozenset({Status.POOR, Status.NEAR_POOR}),
        frozenset({Status.MIDDLE, Status.ABOVE}),
    ),
}
DEFAULT_BASE = "poor"


@dataclass(frozen=True)
class GroupYear:
    """One group in one year Y: `base` households had a base status in Y-1; `assessed` of
    them were assessed again in Y; `left` of those were no longer in a base status."""

    base: int = 0
    assessed: int = 0
    left: int = 0

    @property
    def not_assessed(self) -> int:
        return self.base - self.assessed

    @property
    def share(self) -> float | None:
        """Percentage of the re-assessed that left, or None when none was re-assessed."""
        return round(100 * self.left / self.assessed, 1) if self.assessed else None


@dataclass(frozen=True)
class ComparisonYear:
    year: int
    in_charge: GroupYear
    others: GroupYear

    @property
    def groups(self) -> tuple[GroupYear, GroupYear]:
        return (self.in_charge, self.others)


@dataclass(frozen=True)
class Comparison:
    unit: ForceUnit
    base: str
    commune_ids: frozenset[int]
    years: list[ComparisonYear]

    @property
    def total(self) -> ComparisonYear | None:
        if not self.years:
            return None

        def add(groups: list[GroupYear]) -> GroupYear:
            return GroupYear(
                base=sum(g.base for g in groups),
                assessed=sum(g.assessed for g in groups),
                left=sum(g.left for g in groups),
            )

        return ComparisonYear(
            year=0,
            in_charge=add([y.in_charge for y in self.years]),
            others=add([y.others for y in self.years]),
        )


def units_for_comparison(scope: Any) -> QuerySet[ForceUnit]:
    """Units in scope that have (or had) areas of responsibility below them: posts,
    provincial commands."""
    qs = scope.filter(ForceUnit.objects.all(), force_unit="pk")
    return qs.exclude(kind=ForceUnit.Kind.TEAM).order_by("code")


def unit_communes(scope: Any, unit: ForceUnit) -> frozenset[int]:
    """The communes the unit (with the units under it) is or ever was responsible for, within
    the user's scope. Ever, like the scope itself: a household's assessments stay on its row
    across the 2025 reorganisation, so a year before it must still find the household."""
    ids = AreaOfResponsibility.objects.filter(
        force_unit_id__in=force_subtree({unit.pk})
    ).values_list("commune_id", flat=True)
    communes = frozenset(ids)
    return communes if scope.everything else communes & scope.commune_ids


def poverty_exit_comparison(
    scope: Any, unit: ForceUnit, *, year_from: int, year_to: int, base: str = DEFAULT_BASE
) -> Comparison:
    """For each year Y from `year_from` to `year_to`: among the households of the unit's
    communes whose standing assessment of Y-1 had a base status (poor by default), how many
    were assessed again in Y and how many of those were no longer in a base status, for the
    households in someone's charge during Y (a household assignment overlapping the year) and
    for the others. Households not re-assessed in Y are counted apart, not as staying poor.
    One query per year (with the areas and the unit tree: two more)."""
    _label, from_statuses, left_statuses = BASES[base]
    communes = unit_communes(scope, unit)
    years: list[ComparisonYear] = []
    for year in range(year_from, year_to + 1):
        start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
        in_charge = HouseholdAssignment.objects.filter(household=OuterRef("household_id")).filter(
            Q(valid_from__isnull=True) | Q(valid_from__lt=end),
            Q(valid_to__isnull=True) | Q(valid_to__gt=start),
        )
        again = PovertyAssessment.objects.filter(
            household=OuterRef("household_id"), year=year, voided_at__isnull=True
        )
        rows = (
            PovertyAssessment.objects.filter(
                year=year - 1,
                voided_at__isnull=True,
                status__in=from_statuses,
                household__commune_id__in=communes,
            )
            .annotate(in_charge=Exists(in_charge))
            .values("in_charge")
            .annotate(
                base=Count("pk"),
                assessed=Count("pk", filter=Exists(again)),
                left=Count("pk", filter=Exists(again.filter(status__in=left_statuses))),
            )
            .order_by()
        )
        groups = {
            bool(r["in_charge"]): GroupYear(r["base"], r["assessed"], r["left"]) for r in rows
        }
        years.append(
            ComparisonYear(
                year=year,
                in_charge=groups.get(True, GroupYear()),
                others=groups.get(False, GroupYear()),
            )
        )
    return Comparison(unit=unit, base=base, commune_ids=communes, years=years)
