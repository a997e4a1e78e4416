"""Reads of households, residents and assessments, always through the user's scope.

Lists are built for half a million households: scoping and the poverty filter are indexed
columns on the household row (`commune`, `poverty_status`), related rows come with
`select_related`, and per-page figures (member counts) are fetched for the page's rows only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.lookups import GreaterThan
from django.urls import reverse
from django.utils.translation import gettext as _

from outpost.accounts.scope import get_in_scope
from outpost.core.models import EthnicGroup, valid_on_q
from outpost.core.search import Hit
from outpost.core.text import fold
from outpost.people.models import Household, HouseholdChange, PovertyAssessment, Resident

NO_ASSESSMENT = "none"  # the status filter value for households never assessed


def households_in_scope(scope: Any) -> QuerySet[Household]:
    return scope.filter(
        Household.objects.select_related("village", "commune"), commune="commune_id"
    )


def household_list(
    scope: Any,
    *,
    village_id: int | None = None,
    commune_id: int | None = None,
    status: str = "",
    near_border: bool | None = None,
    policy_family: bool | None = None,
    unassigned: bool = False,
    query: str = "",
    on: dt.date | None = None,
    include_past: bool = False,
) -> QuerySet[Household]:
    """Households in scope, filtered. `on`: the households valid on that date; otherwise the
    current ones unless `include_past`. `status`: of the latest standing assessment."""
    from outpost.assign.models import HouseholdAssignment

    qs = households_in_scope(scope)
    if on is not None:
        qs = qs.filter(valid_on_q(on))
    elif not include_past:
        qs = qs.filter(valid_to__isnull=True)
    if village_id:
        qs = qs.filter(village_id=village_id)
    if commune_id:
        qs = qs.filter(commune_id=commune_id)
    if status == NO_ASSESSMENT:
        qs = qs.filter(poverty_status="")
    elif status:
        qs = qs.filter(poverty_status=status)
    if near_border is not None:
        qs = qs.filter(is_near_border=near_border)
    if policy_family is not None:
        qs = qs.filter(is_policy_family=policy_family)
    if unassigned:
        open_assignments = HouseholdAssignment.objects.filter(household=OuterRef("pk"))
        if on is not None:
            open_assignments = open_assignments.filter(valid_on_q(on))
        else:
            open_assignments = open_assignments.filter(valid_to__isnull=True)
        qs = qs.filter(~Exists(open_assignments))
    if query:
        folded = fold(query)
        # A household is found by its code, its head's name, or any member's name. The
        # members are counted per household (through the household index) rather than tested
        # with EXISTS: PostgreSQL turns an EXISTS under OR into a hash of every matching
        # resident in the country, read by a full scan of the residents on each search.
        members = (
            Resident.objects.filter(household=OuterRef("pk"), search_name__contains=folded)
            .order_by()
            .values("household")
            .annotate(n=Count("pk"))
            .values("n")
        )
        qs = qs.filter(Q(search_name__contains=folded) | Q(GreaterThan(Subquery(members), 0)))
    return qs.order_by("commune_id", "code")


def member_counts(households: Sequence[Household], on: dt.date | None = None) -> dict[int, int]:
    """Current (or as-of) member counts of a page of households, in one query."""
    ids = [h.pk for h in households]
    qs = Resident.objects.filter(household_id__in=ids)
    qs = qs.filter(valid_on_q(on)) if on else qs.filter(valid_to__isnull=True)
    rows = qs.values("household_id").annotate(n=Count("id")).order_by()
    return {row["household_id"]: row["n"] for row in rows}


def household_get(scope: Any, household_id: int) -> Household:
    return get_in_scope(
        households_in_scope(scope).select_related("head", "village__commune"), pk=household_id
    )


def household_members(household: Household, *, include_past: bool = False) -> QuerySet[Resident]:
    qs = household.members.select_related("ethnic_group")
    if not include_past:
        qs = qs.filter(valid_to__isnull=True)
    return qs.order_by("valid_to", "id")


def household_assessments(household: Household) -> QuerySet[PovertyAssessment]:
    return PovertyAssessment.objects.filter(household=household).select_related("standard")


def household_lineage(household: Household) -> tuple[list[HouseholdChange], list[HouseholdChange]]:
    changes = HouseholdChange.objects.select_related(
        "from_household__village", "to_household__village"
    ).order_by("effective", "id")
    return (
        list(changes.filter(to_household=household)),
        list(changes.filter(from_household=household)),
    )


def household_assignments(household: Household) -> QuerySet[Any]:
    from outpost.assign.models import HouseholdAssignment

    return (
        HouseholdAssignment.objects.filter(household=household)
        .select_related("cadre", "handed_over_to")
        .order_by("valid_to", "-valid_from", "-id")
    )


def residents_in_scope(scope: Any) -> QuerySet[Resident]:
    return scope.filter(
        Resident.objects.select_related("household__village", "household__commune", "ethnic_group"),
        commune="household__commune_id",
    )


def resident_get(scope: Any, resident_id: int) -> Resident:
    return get_in_scope(residents_in_scope(scope), pk=resident_id)


def assessments_in_scope(scope: Any) -> QuerySet[PovertyAssessment]:
    return scope.filter(
        PovertyAssessment.objects.select_related("household", "standard"),
        commune="household__commune_id",
    )


def assessment_get(scope: Any, assessment_id: int) -> PovertyAssessment:
    return get_in_scope(assessments_in_scope(scope), pk=assessment_id)


def villages_for_households(scope: Any) -> QuerySet[Any]:
    """The current villages in scope, where a household can be recorded."""
    from outpost.geo.models import Village

    return scope.filter(
        Village.objects.filter(valid_to__isnull=True).select_related("commune"),
        commune="commune_id",
    ).order_by("commune__name", "name")


def ethnic_group_find(text: str | None) -> EthnicGroup | None:
    """An ethnic group by its code (1979 order), its name or a common alternative name,
    ignoring case and diacritics: "01", "Kinh", "thai", "Mèo", "dân tộc H'Mông"."""
    from outpost.core.ethnic_groups import lookup

    folded = fold(text)
    for prefix in ("dan toc ", "nguoi "):
        if folded.startswith(prefix):
            return lookup(folded[len(prefix) :]) or lookup(text)
    return lookup(text)


def search_people(folded: str, scope: Any, limit: int) -> list[Hit]:
    """Search provider: current households by code or head, residents by name."""
    hits: list[Hit] = []
    households = households_in_scope(scope).filter(
        valid_to__isnull=True, search_name__contains=folded
    )[:limit]
    for household in households:
        hits.append(
            Hit(
                kind=_("Household"),
                label=str(household),
                url=reverse("people:household_detail", kwargs={"household_id": household.pk}),
                detail=f"{household.village.name}, {household.commune.name}",
            )
        )
    residents = residents_in_scope(scope).filter(
        valid_to__isnull=True, search_name__contains=folded
    )[:limit]
    for resident in residents:
        hits.append(
            Hit(
                kind=_("Resident"),
                label=resident.full_name,
                url=reverse("people:resident_detail", kwargs={"resident_id": resident.pk}),
                detail=f"{resident.household.code}, {resident.household.village.name}",
            )
        )
    return hits
