"""Reads of security and order records, always through the user's scope (everything here is
in scope through the commune of its village)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from outpost.accounts.scope import get_in_scope
from outpost.border.models import BorderMarker, BorderSegment, Patrol
from outpost.core.models import valid_on_q
from outpost.force.models import AreaOfResponsibility, ForceUnit
from outpost.geo.models import Village
from outpost.people.models import Household
from outpost.people.selectors import household_list
from outpost.security.models import (
    GroupMembership,
    Incident,
    SelfGoverningGroup,
    TwinVillageAgreement,
    VillageSecurityStatus,
)


def incidents_in_scope(scope: Any) -> QuerySet[Incident]:
    qs = Incident.objects.select_related(
        "village", "commune", "force_unit", "patrol", "patrol__segment"
    )
    return scope.filter(qs, commune="commune")


def incident_list(
    scope: Any,
    *,
    kind: str | None = None,
    status: str | None = None,
    village_id: int | None = None,
    year: int | None = None,
) -> QuerySet[Incident]:
    qs = incidents_in_scope(scope)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if village_id is not None:
        qs = qs.filter(village_id=village_id)
    if year is not None:
        qs = qs.filter(occurred_on__year=year)
    return qs.order_by("-occurred_on", "-id")


def incident_get(scope: Any, incident_id: int) -> Incident:
    return get_in_scope(incidents_in_scope(scope), pk=incident_id)


def patrol_incidents(scope: Any, patrol: Patrol) -> QuerySet[Incident]:
    """The incidents found on a patrol that the user may see."""
    return incidents_in_scope(scope).filter(patrol=patrol).order_by("pk")


def patrol_villages(
    scope: Any, segment: BorderSegment, on: dt.date | None = None
) -> QuerySet[Village]:
    """The villages in scope a patrol on the segment may report incidents in: those of the
    segment's commune and of the communes its post is responsible for on the date."""
    on = on or dt.date.today()
    communes = AreaOfResponsibility.objects.filter(
        valid_on_q(on), force_unit_id=segment.post_id
    ).values("commune_id")
    return villages(scope, on).filter(Q(commune_id__in=communes) | Q(commune_id=segment.commune_id))


def statuses_in_scope(scope: Any) -> QuerySet[VillageSecurityStatus]:
    qs = VillageSecurityStatus.objects.select_related("village", "village__commune")
    return scope.filter(qs, commune="village__commune")


def status_list(scope: Any, *, year: int | None = None) -> QuerySet[VillageSecurityStatus]:
    qs = statuses_in_scope(scope)
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "village__commune__name", "village__name")


def status_get(scope: Any, status_id: int) -> VillageSecurityStatus:
    return get_in_scope(statuses_in_scope(scope), pk=status_id)


def groups_in_scope(scope: Any) -> QuerySet[SelfGoverningGroup]:
    qs = SelfGoverningGroup.objects.select_related("village", "village__commune", "segment")
    return scope.filter(qs, commune="village__commune")


def with_current_members(
    qs: QuerySet[SelfGoverningGroup], on: dt.date | None = None
) -> QuerySet[SelfGoverningGroup]:
    """Groups with `current_memberships`: the memberships valid on the date (default today),
    with their households."""
    rows = (
        GroupMembership.objects.filter(valid_on_q(on or dt.date.today()))
        .select_related("household", "household__village")
        .order_by("household__code")
    )
    return qs.prefetch_related(Prefetch("memberships", rows, to_attr="current_memberships"))


def group_list(scope: Any, *, kind: str | None = None) -> QuerySet[SelfGoverningGroup]:
    qs = with_current_members(groups_in_scope(scope))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("village__commune__name", "village__name", "name")


def group_get(scope: Any, group_id: int) -> SelfGoverningGroup:
    return get_in_scope(with_current_members(groups_in_scope(scope)), pk=group_id)


def group_memberships(
    group: SelfGoverningGroup, *, on: dt.date | None = None
) -> QuerySet[GroupMembership]:
    """A group's memberships, past and present (those valid on a date when one is given)."""
    qs = group.memberships.select_related("household", "household__village")
    if on is not None:
        qs = qs.filter(valid_on_q(on))
    return qs.order_by("household__code", "valid_from", "pk")


def group_candidates(scope: Any, group: SelfGoverningGroup, query: str = "") -> Any:
    """Households that may join the group: current households of the group's commune that are
    not members now. Without a query, those of the group's village; with one, those of the
    commune whose code or people's names match it, ignoring diacritics."""
    qs = household_list(
        scope,
        commune_id=group.village.commune_id,
        village_id=None if query.strip() else group.village_id,
        query=query.strip(),
    )
    members = group.memberships.filter(valid_to__isnull=True).values("household_id")
    return qs.exclude(pk__in=members).order_by("village__name", "code")


def agreements_in_scope(scope: Any) -> QuerySet[TwinVillageAgreement]:
    qs = TwinVillageAgreement.objects.select_related("village", "village__commune")
    return scope.filter(qs, commune="village__commune")


def agreement_list(scope: Any, *, on: dt.date | None = None) -> QuerySet[TwinVillageAgreement]:
    qs = agreements_in_scope(scope)
    if on is not None:
        qs = qs.filter(valid_on_q(on))
    return qs.order_by("village__commune__name", "village__name", "-signed_on")


def agreement_get(scope: Any, agreement_id: int) -> TwinVillageAgreement:
    return get_in_scope(agreements_in_scope(scope), pk=agreement_id)


def villages(scope: Any, on: dt.date | None = None) -> QuerySet[Village]:
    qs = scope.filter(Village.objects.select_related("commune"), commune="commune")
    return qs.filter(valid_on_q(on or dt.date.today())).order_by("commune__name", "name")


def village_get(scope: Any, village_id: int) -> Village:
    return get_in_scope(
        scope.filter(Village.objects.select_related("commune"), commune="commune"), pk=village_id
    )


def force_units(scope: Any) -> QuerySet[ForceUnit]:
    return scope.filter(ForceUnit.objects.current(), force_unit="pk").order_by("name")


def households(scope: Any) -> QuerySet[Household]:
    qs = scope.filter(Household.objects.select_related("village"), commune="commune")
    return qs.order_by("village__name", "code")


def segments(scope: Any) -> QuerySet[BorderSegment]:
    return scope.filter(BorderSegment.objects.current(), commune="commune").order_by("name")


def markers(scope: Any) -> QuerySet[BorderMarker]:
    qs = scope.filter(BorderMarker.objects.select_related("segment"), commune="segment__commune")
    return qs.order_by("segment__name", "number")
