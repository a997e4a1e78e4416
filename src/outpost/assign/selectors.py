"""Reads of assignments, always through the user's scope, as of a date when asked.

An assignment is seen by whoever sees what it is about: the household's commune, the branch's
village's commune, the committee's commune (or, for a district seat, a commune of the
district). Lists select their related rows up front: no query per row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from outpost.accounts.scope import get_in_scope
from outpost.assign.models import BranchMembership, CommitteeSeat, HouseholdAssignment
from outpost.assign.services import POSTED_AWAY
from outpost.core.models import valid_on_q
from outpost.force.models import Cadre
from outpost.geo.models import AdminUnit, Village
from outpost.grassroots.models import PartyBranch, with_committee_on
from outpost.people.models import Household


def _valid(qs: QuerySet[Any], on: dt.date | None) -> QuerySet[Any]:
    return qs if on is None else qs.filter(valid_on_q(on))


# --- what is in scope -----------------------------------------------------------------------


def household_assignments_in_scope(scope: Any) -> QuerySet[HouseholdAssignment]:
    qs = HouseholdAssignment.objects.select_related(
        "cadre__unit", "household__village", "household__commune", "handed_over_to"
    )
    return scope.filter(qs, commune="household__commune")


def branch_memberships_in_scope(scope: Any) -> QuerySet[BranchMembership]:
    qs = BranchMembership.objects.select_related(
        "cadre__unit", "branch__village__commune", "handed_over_to"
    )
    return scope.filter(qs, commune="branch__village__commune")


def committee_seats_in_scope(scope: Any) -> QuerySet[CommitteeSeat]:
    qs = CommitteeSeat.objects.select_related("cadre__unit", "unit", "handed_over_to")
    if scope.everything:
        return qs
    districts = AdminUnit.objects.filter(pk__in=scope.commune_ids).values("parent_id")
    return qs.filter(
        Q(unit_id__in=scope.commune_ids)
        | Q(unit__level=AdminUnit.Level.DISTRICT, unit_id__in=districts)
    )


def households_in_scope(scope: Any) -> QuerySet[Household]:
    return scope.filter(Household.objects.select_related("village", "commune"), commune="commune")


def cadres_in_scope(scope: Any) -> QuerySet[Cadre]:
    """Cadres of the user's units (the ones they may assign)."""
    return scope.filter(Cadre.objects.select_related("unit"), force_unit="unit")


def cadres_seen(scope: Any) -> QuerySet[Cadre]:
    """Cadres of the user's units, and cadres who hold or held an assignment the user sees
    (a cadre posted away stays visible to the post they left, for the hand-over)."""
    if scope.everything:
        return Cadre.objects.select_related("unit")
    visible = (
        Q(unit_id__in=scope.force_unit_ids)
        | Q(pk__in=household_assignments_in_scope(scope).values("cadre_id"))
        | Q(pk__in=branch_memberships_in_scope(scope).values("cadre_id"))
        | Q(pk__in=committee_seats_in_scope(scope).values("cadre_id"))
    )
    return Cadre.objects.select_related("unit").filter(visible)


def cadre_get(scope: Any, cadre_id: int) -> Cadre:
    return get_in_scope(cadres_seen(scope), pk=cadre_id)


def cadre_get_for_write(scope: Any, cadre_id: int) -> Cadre:
    return get_in_scope(cadres_in_scope(scope), pk=cadre_id)


def household_assignment_get(scope: Any, assignment_id: int) -> HouseholdAssignment:
    return get_in_scope(household_assignments_in_scope(scope), pk=assignment_id)


def branch_membership_get(scope: Any, membership_id: int) -> BranchMembership:
    return get_in_scope(branch_memberships_in_scope(scope), pk=membership_id)


def committee_seat_get(scope: Any, seat_id: int) -> CommitteeSeat:
    return get_in_scope(committee_seats_in_scope(scope), pk=seat_id)


def committee_units_in_scope(scope: Any, on: dt.date) -> QuerySet[AdminUnit]:
    """Communes in scope valid on the date and, before 2025-07-01, their districts."""
    communes = AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE).filter(valid_on_q(on))
    if not scope.everything:
        communes = communes.filter(pk__in=scope.commune_ids)
    districts = AdminUnit.objects.filter(
        level=AdminUnit.Level.DISTRICT, pk__in=communes.values("parent_id")
    ).filter(valid_on_q(on))
    return AdminUnit.objects.filter(Q(pk__in=communes.values("pk")) | Q(pk__in=districts)).order_by(
        "level", "name"
    )


# --- a cadre's assignments ------------------------------------------------------------------


@dataclass
class CadreAssignments:
    households: list[HouseholdAssignment]
    branches: list[BranchMembership]
    seats: list[CommitteeSeat]

    @property
    def open_households(self) -> list[HouseholdAssignment]:
        return [a for a in self.households if a.valid_to is None]


def cadre_assignments(scope: Any, cadre: Cadre, *, on: dt.date | None = None) -> CadreAssignments:
    """A cadre's households, branches and seats the user sees: those valid on the date, or
    every one (open and past) without a date. Three queries."""
    return CadreAssignments(
        households=list(_valid(household_assignments_in_scope(scope).filter(cadre=cadre), on)),
        branches=list(_valid(branch_memberships_in_scope(scope).filter(cadre=cadre), on)),
        seats=list(_valid(committee_seats_in_scope(scope).filter(cadre=cadre), on)),
    )


def uncovered_after_posting(scope: Any, cadre: Cadre) -> list[Household]:
    """Households this cadre was in charge of until a posting away ended it, nobody has been
    put in charge of since, and which still exist: the ones to hand over now."""
    ended = household_assignments_in_scope(scope).filter(
        cadre=cadre, end_reason=POSTED_AWAY, handed_over_to__isnull=True
    )
    covered_now = HouseholdAssignment.objects.filter(
        household_id=OuterRef("pk"), valid_to__isnull=True
    )
    return list(
        Household.objects.filter(pk__in=ended.values("household_id"), valid_to__isnull=True)
        .filter(~Exists(covered_now))
        .select_related("village", "commune")
        .order_by("commune_id", "code")
    )


# --- households without anyone --------------------------------------------------------------


def households_without_anyone(
    scope: Any,
    on: dt.date,
    *,
    near_border_only: bool = False,
    commune_id: int | None = None,
    village_id: int | None = None,
) -> QuerySet[Household]:
    """Households in scope, existing on the date, with nobody in charge of them on it."""
    covered = HouseholdAssignment.objects.filter(valid_on_q(on), household_id=OuterRef("pk"))
    qs = households_in_scope(scope).filter(valid_on_q(on)).filter(~Exists(covered))
    if near_border_only:
        qs = qs.filter(is_near_border=True)
    if commune_id is not None:
        qs = qs.filter(commune_id=commune_id)
    if village_id is not None:
        qs = qs.filter(village_id=village_id)
    return qs.order_by("commune_id", "code")


def uncovered_households_count(scope: Any, on: dt.date, *, near_border_only: bool = False) -> int:
    return households_without_anyone(scope, on, near_border_only=near_border_only).count()


# --- a village ------------------------------------------------------------------------------


def village_get(scope: Any, village_id: int) -> Village:
    qs = scope.filter(Village.objects.select_related("commune"), commune="commune")
    return get_in_scope(qs, pk=village_id)


@dataclass
class VillageAssignments:
    village: Village
    on: dt.date
    households: list[Household]  # each with `.current_assignments`
    branches: list[PartyBranch]  # each with `.current_memberships`

    @property
    def uncovered(self) -> list[Household]:
        return [h for h in self.households if not h.current_assignments]  # type: ignore[attr-defined]

    @property
    def uncovered_near_border(self) -> list[Household]:
        return [h for h in self.uncovered if h.is_near_border]

    @property
    def has_branch(self) -> bool:
        return bool(self.branches)

    @property
    def branches_without_members(self) -> list[PartyBranch]:
        return [b for b in self.branches if not b.current_memberships]  # type: ignore[attr-defined]


def village_assignments(scope: Any, village: Village, on: dt.date) -> VillageAssignments:
    """The village's households on the date and who is in charge of each, its Party branch
    and the post's members in it. Four queries whatever the size of the village."""
    households = (
        households_in_scope(scope)
        .filter(valid_on_q(on), village=village)
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=HouseholdAssignment.objects.filter(valid_on_q(on)).select_related("cadre"),
                to_attr="current_assignments",
            )
        )
        .order_by("code")
    )
    branches = (
        with_committee_on(PartyBranch.objects.filter(valid_on_q(on), village=village), on)
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=BranchMembership.objects.filter(valid_on_q(on)).select_related(
                    "cadre__unit"
                ),
                to_attr="current_memberships",
            )
        )
        .order_by("valid_from")
    )
    return VillageAssignments(
        village=village, on=on, households=list(households), branches=list(branches)
    )


# --- gaps -----------------------------------------------------------------------------------


def villages_in_scope_on(scope: Any, on: dt.date) -> QuerySet[Village]:
    qs = scope.filter(Village.objects.select_related("commune"), commune="commune")
    return qs.filter(valid_on_q(on))


def villages_without_party_branch(scope: Any, on: dt.date) -> QuerySet[Village]:
    branch = PartyBranch.objects.filter(valid_on_q(on), village_id=OuterRef("pk"))
    return villages_in_scope_on(scope, on).filter(~Exists(branch)).order_by("commune_id", "name")


def branches_without_post_members(scope: Any, on: dt.date) -> QuerySet[PartyBranch]:
    member = BranchMembership.objects.filter(valid_on_q(on), branch_id=OuterRef("pk"))
    qs = scope.filter(
        PartyBranch.objects.select_related("village__commune"), commune="village__commune"
    )
    return qs.filter(valid_on_q(on)).filter(~Exists(member)).order_by("village__name")


@dataclass
class Gaps:
    villages_without_branch: list[Village]
    branches_without_members: list[PartyBranch]
    households_near_border_without_anyone: list[Household]


def gaps(scope: Any, on: dt.date, *, limit: int = 200) -> Gaps:
    return Gaps(
        villages_without_branch=list(villages_without_party_branch(scope, on)[:limit]),
        branches_without_members=list(branches_without_post_members(scope, on)[:limit]),
        households_near_border_without_anyone=list(
            households_without_anyone(scope, on, near_border_only=True)[:limit]
        ),
    )


def committee_unit_choices(scope: Any) -> QuerySet[AdminUnit]:
    """Every commune in scope (old ones too, for back-dated seats) and their districts; the
    service checks the dates."""
    communes = AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE)
    if not scope.everything:
        communes = communes.filter(pk__in=scope.commune_ids)
    districts = AdminUnit.objects.filter(
        level=AdminUnit.Level.DISTRICT, pk__in=communes.values("parent_id")
    )
    return AdminUnit.objects.filter(Q(pk__in=communes.values("pk")) | Q(pk__in=districts)).order_by(
        "level", "name", "-valid_from"
    )
