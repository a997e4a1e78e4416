"""Reads of programs and enrollments, always through the user's scope.

Force-wide programs are visible to every user with a scope. A local program is visible to the
users of the unit that runs it, of the units under it, and of the units above it (a provincial
program is run by the posts of the province). An enrollment is in scope through the
beneficiary's commune or the sponsoring unit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet

from outpost.accounts.scope import get_in_scope
from outpost.core.models import valid_on_q
from outpost.core.text import fold
from outpost.core.tree import force_units_above
from outpost.fieldwork.models import Enrollment, Program
from outpost.force.models import Cadre, ForceUnit
from outpost.geo.models import Village
from outpost.people.models import Household, Resident


def programs_in_scope(scope: Any) -> QuerySet[Program]:
    qs = Program.objects.select_related("owner_unit")
    if scope.everything:
        return qs
    if scope.is_empty:
        return qs.none()
    # A program of the provincial command reaches its posts and teams.
    owners = force_units_above(scope.force_unit_ids)
    return qs.filter(Q(scope=Program.Scope.FORCE_WIDE) | Q(owner_unit_id__in=owners))


def program_get(scope: Any, program_id: int) -> Program:
    return get_in_scope(programs_in_scope(scope), pk=program_id)


def program_list(
    scope: Any, *, reach: str | None = None, include_ended: bool = True
) -> QuerySet[Program]:
    qs = programs_in_scope(scope)
    if reach:
        qs = qs.filter(scope=reach)
    if not include_ended:
        qs = qs.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=dt.date.today()))
    return qs.order_by("scope", "name_vi")


def programs_open_for_enrollment(scope: Any, on: dt.date | None = None) -> QuerySet[Program]:
    """Visible programs that have not ended (on a day, today by default)."""
    on = on or dt.date.today()
    return programs_in_scope(scope).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))


def can_edit_program(scope: Any, user: Any, program: Program) -> bool:
    """Force-wide programs are changed by administrators only; a local program by the writers
    of the unit that owns it (or of a unit above it)."""
    if program.scope == Program.Scope.FORCE_WIDE:
        return bool(getattr(user, "is_superuser", False))
    return bool(scope.can_write and scope.has_force_unit(program.owner_unit_id))


def owner_units_for_programs(scope: Any) -> QuerySet[ForceUnit]:
    """Units a user may name as the owner of a local program: their own."""
    return scope.filter(ForceUnit.objects.current(), force_unit="pk").order_by("code")


# --- enrollments --------------------------------------------------------------------------


def active_on_q(on: dt.date, prefix: str = "") -> Q:
    """Enrollments active on a day: started on or before it and not ended on or before it
    (the rule of `Enrollment.active_on_q`, as the report figures count it; a suspension is
    shown, not subtracted)."""
    return Enrollment.active_on_q(on, prefix)


def enrollments_in_scope(scope: Any) -> QuerySet[Enrollment]:
    qs = Enrollment.objects.select_related(
        "program",
        "resident__household",
        "household",
        "village",
        "commune",
        "sponsor_cadre",
        "sponsor_unit",
    )
    return scope.filter(qs, commune="commune", force_unit="sponsor_unit")


def enrollment_get(scope: Any, enrollment_id: int) -> Enrollment:
    return get_in_scope(enrollments_in_scope(scope), pk=enrollment_id)


def enrollment_list(
    scope: Any,
    *,
    program_id: int | None = None,
    status: str | None = None,
    commune_id: int | None = None,
    resident_id: int | None = None,
    household_id: int | None = None,
    village_id: int | None = None,
    active_on: dt.date | None = None,
) -> QuerySet[Enrollment]:
    qs = enrollments_in_scope(scope)
    if program_id is not None:
        qs = qs.filter(program_id=program_id)
    if status:
        qs = qs.filter(status=status)
    if commune_id is not None:
        qs = qs.filter(commune_id=commune_id)
    if resident_id is not None:
        qs = qs.filter(resident_id=resident_id)
    if household_id is not None:
        qs = qs.filter(household_id=household_id)
    if village_id is not None:
        qs = qs.filter(village_id=village_id)
    if active_on is not None:
        qs = qs.filter(active_on_q(active_on))
    return qs.order_by("-started_on", "-id")


def active_enrollment_counts(scope: Any, on: dt.date | None = None) -> dict[int, int]:
    """Per program, the enrollments in scope active on a day (today by default)."""
    rows = (
        enrollments_in_scope(scope)
        .filter(active_on_q(on or dt.date.today()))
        .order_by()
        .values("program_id")
        .annotate(n=Count("id"))
    )
    return {row["program_id"]: row["n"] for row in rows}


def communes_of_enrollments(scope: Any, program_id: int | None = None) -> list[tuple[int, str]]:
    qs = enrollments_in_scope(scope)
    if program_id is not None:
        qs = qs.filter(program_id=program_id)
    rows = qs.order_by().values_list("commune_id", "commune__name").distinct()
    return sorted(set(rows), key=lambda row: row[1])


# --- what an enrollment can name ----------------------------------------------------------


def residents_for_enrollment(scope: Any) -> QuerySet[Resident]:
    """Current residents in scope (a resident who left their household is not enrolled)."""
    qs = Resident.objects.select_related("household__village", "household__commune")
    qs = scope.filter(qs, commune="household__commune_id")
    return qs.filter(valid_to__isnull=True, household__valid_to__isnull=True)


def households_for_enrollment(scope: Any) -> QuerySet[Household]:
    qs = Household.objects.select_related("village", "commune")
    return scope.filter(qs, commune="commune_id").filter(valid_to__isnull=True)


def villages_for_enrollment(scope: Any) -> QuerySet[Village]:
    qs = Village.objects.select_related("commune").filter(valid_on_q(dt.date.today()))
    return scope.filter(qs, commune="commune").order_by("commune__name", "name")


def beneficiary_queryset(scope: Any, kind: str) -> QuerySet[Any]:
    if kind == Program.Beneficiary.RESIDENT:
        return residents_for_enrollment(scope)
    if kind == Program.Beneficiary.HOUSEHOLD:
        return households_for_enrollment(scope)
    return villages_for_enrollment(scope)


def beneficiary_candidates(scope: Any, kind: str, query: str, limit: int = 30) -> list[Any]:
    """Beneficiaries of a kind whose name (or household code) matches a search, for the
    enrollment form: residents and households are too many to list whole."""
    qs = beneficiary_queryset(scope, kind)
    folded = fold(query)
    if kind == Program.Beneficiary.VILLAGE:
        return list(qs.filter(search_name__contains=folded)[:limit] if folded else qs[:limit])
    if not folded:
        return []
    return list(qs.filter(search_name__contains=folded).order_by("search_name", "pk")[:limit])


def sponsor_cadres(scope: Any) -> QuerySet[Cadre]:
    qs = Cadre.objects.select_related("unit").filter(left_force_on__isnull=True)
    return scope.filter(qs, force_unit="unit").order_by("full_name", "pk")


def sponsor_units(scope: Any) -> QuerySet[ForceUnit]:
    return scope.filter(ForceUnit.objects.current(), force_unit="pk").order_by("code")
