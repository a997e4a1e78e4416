"""Follow-ups: which assigned households are due a visit, or overdue.

A visit is a touch (ActivityHousehold) of a standing activity whose kind counts as a visit;
its date is the touch's date. The last visit of every listed household comes from one query
(a subquery per row over the (household, date) index), never one query per household.

How often: the visit interval of the cadre's unit on the day (VisitSchedule), inherited from
the parent unit when the unit has none, else DEFAULT_VISIT_INTERVAL_DAYS. The next visit is
due one interval after the later of the last visit and the start of the assignment (a cadre
newly in charge has one interval for the first visit); an assignment with neither is due at
once. Overdue: due before today; due soon: due within DUE_SOON_DAYS."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from outpost.assign.models import HouseholdAssignment
from outpost.core.models import AuditEvent, valid_on_q
from outpost.core.tree import force_chains_up, force_subtree, in_tree_order
from outpost.fieldwork.models import DEFAULT_VISIT_INTERVAL_DAYS, ActivityHousehold, VisitSchedule
from outpost.force.models import Cadre, ForceUnit
from outpost.people.models import Household

DUE_SOON_DAYS = 7

OVERDUE = "overdue"
DUE_SOON = "due_soon"
OK = "ok"
STATUSES = (OVERDUE, DUE_SOON, OK)
DUE = "due"  # the filter value for overdue or due soon
_ORDER = {OVERDUE: 0, DUE_SOON: 1, OK: 2}


def today() -> dt.date:
    return timezone.localdate()


# --- units and their visit intervals --------------------------------------------------------


def units_in_scope(scope: Any) -> QuerySet[ForceUnit]:
    return scope.filter(ForceUnit.objects.select_related("parent"), force_unit="pk").order_by(
        "code"
    )


def default_unit(scope: Any) -> ForceUnit | None:
    """The highest unit the user sees (their post, their provincial command, the High
    Command for a national viewer)."""
    units = list(units_in_scope(scope).filter(valid_to__isnull=True)) or list(units_in_scope(scope))
    ids = {u.pk for u in units}
    tops = [u for u in units if u.parent_id not in ids]
    return tops[0] if tops else None


@dataclass(frozen=True)
class Interval:
    """The visit interval that applies to a unit, and the unit whose setting it is (None: the
    default)."""

    days: int
    set_by: int | None


def intervals(
    unit_ids: Iterable[int | None], on: dt.date | None = None
) -> dict[int | None, Interval]:
    """The interval of each unit on the day, walking up to the parents. Two queries whatever
    the number of units."""
    on = on or today()
    wanted = set(unit_ids)
    chains = force_chains_up(u for u in wanted if u is not None)
    own: dict[int, int] = {}
    for owner, days in (
        VisitSchedule.objects.filter(valid_on_q(on))
        .order_by("force_unit_id", "valid_from")
        .values_list("force_unit_id", "interval_days")
    ):
        own[owner] = days  # the latest start wins should two ever overlap
    found: dict[int | None, Interval] = {}
    for unit_id in wanted:
        chain = chains.get(unit_id, []) if unit_id is not None else []
        nearest = next((u for u in chain if u in own), None)
        found[unit_id] = (
            Interval(own[nearest], nearest)
            if nearest is not None
            else Interval(DEFAULT_VISIT_INTERVAL_DAYS, None)
        )
    return found


def interval_of(unit: ForceUnit | None, on: dt.date | None = None) -> Interval:
    key = unit.pk if unit is not None else None
    return intervals([key], on)[key]


def schedules_of(unit: ForceUnit) -> QuerySet[VisitSchedule]:
    """A unit's own settings, newest first (the history of the page)."""
    return VisitSchedule.objects.filter(force_unit=unit).order_by("-valid_from", "-id")


def schedule_history(unit: ForceUnit) -> QuerySet[AuditEvent]:
    """The audit events of all the unit's settings, newest first, in one query."""
    ids = [
        str(pk) for pk in VisitSchedule.objects.filter(force_unit=unit).values_list("pk", flat=True)
    ]
    return AuditEvent.objects.filter(
        object_type=VisitSchedule._meta.label_lower, object_id__in=ids
    ).select_related("actor")


@dataclass(frozen=True)
class UnitInterval:
    unit: ForceUnit
    depth: int
    interval: Interval


def unit_intervals(scope: Any, on: dt.date | None = None) -> list[UnitInterval]:
    """Every current unit in scope in tree order, with the interval that applies to it."""
    units = list(units_in_scope(scope).filter(valid_on_q(on or today())))
    found = intervals([u.pk for u in units], on)
    return [UnitInterval(u, depth, found[u.pk]) for u, depth in in_tree_order(units)]


# --- last visits ----------------------------------------------------------------------------


def visits() -> QuerySet[ActivityHousehold]:
    """Every visit: touches of standing activities of a kind that counts as a visit."""
    return ActivityHousehold.objects.filter(
        activity__voided_at__isnull=True, activity__kind__counts_as_visit=True
    )


def last_visit_subquery(on: dt.date, household: str = "household_id") -> Subquery:
    """The date of the household's last visit on or before `on`, for `.annotate()`."""
    latest = (
        visits()
        .filter(household_id=OuterRef(household), date__lte=on)
        .order_by("-date")
        .values("date")[:1]
    )
    return Subquery(latest)


def last_visits(household_ids: Iterable[int], on: dt.date | None = None) -> dict[int, dt.date]:
    """The last visit of each of a few households, in one query."""
    on = on or today()
    rows = (
        Household.objects.filter(pk__in=list(household_ids))
        .annotate(last_visit=last_visit_subquery(on, "pk"))
        .values_list("pk", "last_visit")
    )
    return {pk: last for pk, last in rows if last is not None}


# --- follow-ups -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FollowUp:
    assignment: HouseholdAssignment
    last_visit: dt.date | None
    interval_days: int
    next_due: dt.date | None
    status: str
    on: dt.date

    @property
    def household(self) -> Household:
        return self.assignment.household

    @property
    def cadre(self) -> Cadre:
        return self.assignment.cadre

    @property
    def days_overdue(self) -> int:
        if self.next_due is None:
            return 0 if self.status != OVERDUE else -1
        return max((self.on - self.next_due).days, 0)

    @property
    def days_left(self) -> int | None:
        return None if self.next_due is None else (self.next_due - self.on).days


def follow_up(
    assignment: HouseholdAssignment, last_visit: dt.date | None, interval_days: int, on: dt.date
) -> FollowUp:
    starts = [d for d in (last_visit, assignment.valid_from) if d is not None]
    next_due = max(starts) + dt.timedelta(days=interval_days) if starts else None
    if next_due is None or next_due < on:
        status = OVERDUE
    elif next_due <= on + dt.timedelta(days=DUE_SOON_DAYS):
        status = DUE_SOON
    else:
        status = OK
    return FollowUp(assignment, last_visit, interval_days, next_due, status, on)


def _assignments(scope: Any, on: dt.date) -> QuerySet[HouseholdAssignment]:
    qs = HouseholdAssignment.objects.filter(valid_on_q(on)).select_related(
        "cadre", "household__village", "household__commune"
    )
    qs = scope.filter(qs, commune="household__commune_id")
    return qs.annotate(last_visit=last_visit_subquery(on))


def _follow_ups(
    qs: QuerySet[HouseholdAssignment], on: dt.date, status: str | None
) -> list[FollowUp]:
    rows = list(qs)
    found = intervals({a.cadre.unit_id for a in rows}, on)
    result = [follow_up(a, a.last_visit, found[a.cadre.unit_id].days, on) for a in rows]  # type: ignore[attr-defined]
    if status == DUE:
        result = [f for f in result if f.status in (OVERDUE, DUE_SOON)]
    elif status in STATUSES:
        result = [f for f in result if f.status == status]
    result.sort(
        key=lambda f: (_ORDER[f.status], f.next_due or dt.date.min, f.household.code, f.cadre.pk)
    )
    return result


def cadre_follow_ups(
    scope: Any, cadre: Cadre, *, on: dt.date | None = None, status: str | None = None
) -> list[FollowUp]:
    """The households a cadre is in charge of on the day (today), most urgent first."""
    on = on or today()
    return _follow_ups(_assignments(scope, on).filter(cadre=cadre), on, status)


def unit_follow_ups(
    scope: Any,
    unit: ForceUnit,
    *,
    on: dt.date | None = None,
    status: str | None = None,
    cadre_id: int | None = None,
    commune_id: int | None = None,
    village_id: int | None = None,
) -> list[FollowUp]:
    """The same over every assignment of the cadres of a unit and the units under it."""
    on = on or today()
    qs = _assignments(scope, on).filter(cadre__unit_id__in=force_subtree({unit.pk}))
    if cadre_id is not None:
        qs = qs.filter(cadre_id=cadre_id)
    if commune_id is not None:
        qs = qs.filter(household__commune_id=commune_id)
    if village_id is not None:
        qs = qs.filter(household__village_id=village_id)
    return _follow_ups(qs, on, status)


def households_not_visited(
    scope: Any,
    unit: ForceUnit,
    *,
    days: int,
    on: dt.date | None = None,
    commune_id: int | None = None,
    village_id: int | None = None,
) -> QuerySet[Household]:
    """Households in the charge of a cadre of the unit (or a unit under it) on the day, with
    no visit in the `days` days up to it (never visited included). Each carries `last_visit`
    and `current_assignments` (the unit's assignments valid on the day, with their cadres)."""
    on = on or today()
    units = force_subtree({unit.pk})
    held = HouseholdAssignment.objects.filter(valid_on_q(on), cadre__unit_id__in=units)
    qs = scope.filter(
        Household.objects.select_related("village", "commune"), commune="commune_id"
    ).filter(pk__in=held.values("household_id"))
    if commune_id is not None:
        qs = qs.filter(commune_id=commune_id)
    if village_id is not None:
        qs = qs.filter(village_id=village_id)
    since = on - dt.timedelta(days=days)
    qs = qs.annotate(last_visit=last_visit_subquery(on, "pk")).filter(
        Q(last_visit__isnull=True) | Q(last_visit__lte=since)
    )
    return qs.prefetch_related(
        Prefetch(
            "assignments",
            queryset=held.select_related("cadre").order_by("valid_from", "pk"),
            to_attr="current_assignments",
        )
    ).order_by("commune__name", "village__name", "code")


@dataclass(frozen=True)
class HouseholdFollowUp:
    last_visit: dt.date | None
    rows: list[FollowUp]

    @property
    def next_due(self) -> dt.date | None:
        dates = [f.next_due for f in self.rows if f.next_due is not None]
        return min(dates) if dates else None

    @property
    def status(self) -> str:
        return min((f.status for f in self.rows), key=_ORDER.__getitem__, default="")


def household_follow_up(household: Household, on: dt.date | None = None) -> HouseholdFollowUp:
    """One household's last visit and the follow-up of each cadre in charge of it (the caller
    loaded the household through the scope)."""
    on = on or today()
    qs = (
        HouseholdAssignment.objects.filter(valid_on_q(on), household=household)
        .select_related("cadre", "household")
        .annotate(last_visit=last_visit_subquery(on))
    )
    rows = _follow_ups(qs, on, None)
    last = rows[0].last_visit if rows else last_visits([household.pk], on).get(household.pk)
    return HouseholdFollowUp(last_visit=last, rows=rows)
