"""Reads of village Party branches, always through the user's scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from outpost.accounts.scope import get_in_scope
from outpost.core.models import valid_on_q
from outpost.force.models import Cadre, ForceUnit
from outpost.force.selectors import cadres_in_scope, force_units_in_scope
from outpost.geo.models import Village
from outpost.grassroots.models import (
    MassOrganisation,
    OrganisationConsolidation,
    PartyBranch,
    PartyCandidate,
    VillageCadreTraining,
    with_committee_on,
)
from outpost.people.models import Resident
from outpost.people.selectors import residents_in_scope


def branches_in_scope(scope: Any) -> QuerySet[PartyBranch]:
    return scope.filter(
        PartyBranch.objects.select_related("village__commune"), commune="village__commune"
    )


def branch_list(
    scope: Any,
    *,
    on: dt.date | None = None,
    village_id: int | None = None,
    commune_id: int | None = None,
) -> QuerySet[PartyBranch]:
    """Branches in scope; those valid on a date when one is given, all of them otherwise."""
    qs = with_committee_on(branches_in_scope(scope), on)
    if on is not None:
        qs = qs.filter(valid_on_q(on))
    if village_id is not None:
        qs = qs.filter(village_id=village_id)
    if commune_id is not None:
        qs = qs.filter(village__commune_id=commune_id)
    return qs.order_by("village__commune__name", "village__name", "valid_from")


def branch_get(scope: Any, branch_id: int, on: dt.date | None = None) -> PartyBranch:
    """A branch in scope, knowing whether it has a committee on `on` (today by default)."""
    return get_in_scope(with_committee_on(branches_in_scope(scope), on), pk=branch_id)


def villages_for_branches(scope: Any, on: dt.date | None = None) -> QuerySet[Village]:
    """Villages in scope where a branch can be recorded (valid on the date, today by default)."""
    qs = scope.filter(Village.objects.select_related("commune"), commune="commune")
    return qs.filter(valid_on_q(on or dt.date.today())).order_by("commune__name", "name")


# --- Party development: candidates ----------------------------------------------------------


def candidates_in_scope(scope: Any) -> QuerySet[PartyCandidate]:
    qs = PartyCandidate.objects.select_related(
        "resident__household", "resident__ethnic_group", "branch__village__commune", "mentor"
    )
    return scope.filter(qs, commune="branch__village__commune")


def candidate_list(
    scope: Any,
    *,
    branch_id: int | None = None,
    village_id: int | None = None,
    stage: str | None = None,
) -> QuerySet[PartyCandidate]:
    """Candidates in scope, by branch or village; `stage` "open" keeps those still being
    developed or on probation (neither dropped nor full members)."""
    qs = candidates_in_scope(scope)
    if branch_id is not None:
        qs = qs.filter(branch_id=branch_id)
    if village_id is not None:
        qs = qs.filter(branch__village_id=village_id)
    if stage == "open":
        qs = qs.filter(dropped_on__isnull=True, full_member_on__isnull=True)
    elif stage == "dropped":
        qs = qs.filter(dropped_on__isnull=False)
    elif stage == "full_member":
        qs = qs.filter(full_member_on__isnull=False)
    return qs.order_by("branch__village__name", "-identified_on", "id")


def candidate_get(scope: Any, candidate_id: int) -> PartyCandidate:
    return get_in_scope(candidates_in_scope(scope), pk=candidate_id)


def residents_for_candidacy(scope: Any, branch: PartyBranch) -> QuerySet[Resident]:
    """Residents in scope living in the branch's village, who may be identified there."""
    return (
        residents_in_scope(scope)
        .filter(household__village_id=branch.village_id, valid_to__isnull=True)
        .order_by("full_name")
    )


def mentors_for_candidacy(scope: Any) -> QuerySet[Cadre]:
    return cadres_in_scope(scope).filter(left_force_on__isnull=True).order_by("full_name")


# --- Mass organisations and village cadre training ------------------------------------------


def mass_organisations_in_scope(scope: Any) -> QuerySet[MassOrganisation]:
    return scope.filter(
        MassOrganisation.objects.select_related("commune", "village"), commune="commune"
    )


def mass_organisation_list(
    scope: Any,
    *,
    on: dt.date | None = None,
    commune_id: int | None = None,
    village_id: int | None = None,
) -> QuerySet[MassOrganisation]:
    """Organisations in scope; those open on a date when one is given, all otherwise."""
    qs = mass_organisations_in_scope(scope)
    if on is not None:
        qs = qs.filter(valid_on_q(on))
    if commune_id is not None:
        qs = qs.filter(commune_id=commune_id)
    if village_id is not None:
        qs = qs.filter(village_id=village_id)
    return qs.order_by("commune__name", "village__name", "kind", "valid_from")


def mass_organisation_get(scope: Any, organisation_id: int) -> MassOrganisation:
    return get_in_scope(mass_organisations_in_scope(scope), pk=organisation_id)


def consolidations_of(organisation: MassOrganisation) -> QuerySet[OrganisationConsolidation]:
    return organisation.consolidations.select_related("supporting_unit").order_by("-on", "-id")


def supporting_units(scope: Any) -> QuerySet[ForceUnit]:
    return force_units_in_scope(scope).filter(valid_to__isnull=True).order_by("name")


def village_cadres_in_scope(scope: Any) -> QuerySet[VillageCadreTraining]:
    qs = VillageCadreTraining.objects.select_related(
        "resident__household__village", "resident__household__commune"
    )
    return scope.filter(qs, commune="resident__household__commune")


def village_cadre_list(
    scope: Any, *, commune_id: int | None = None, village_id: int | None = None
) -> QuerySet[VillageCadreTraining]:
    qs = village_cadres_in_scope(scope)
    if commune_id is not None:
        qs = qs.filter(resident__household__commune_id=commune_id)
    if village_id is not None:
        qs = qs.filter(resident__household__village_id=village_id)
    return qs.order_by("resident__household__village__name", "-identified_on", "id")


def village_cadre_get(scope: Any, village_cadre_id: int) -> VillageCadreTraining:
    return get_in_scope(village_cadres_in_scope(scope), pk=village_cadre_id)


def residents_of_village(scope: Any, village: Village) -> QuerySet[Resident]:
    return (
        residents_in_scope(scope)
        .filter(household__village_id=village.pk, valid_to__isnull=True)
        .order_by("full_name")
    )
