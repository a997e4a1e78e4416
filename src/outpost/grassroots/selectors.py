"""Reads of village Party branches, always through the user's scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from outpost.accounts.scope import get_in_scope
from outpost.core.models import valid_on_q
from outpost.geo.models import Village
from outpost.grassroots.models import PartyBranch


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
    qs = branches_in_scope(scope)
    if on is not None:
        qs = qs.filter(valid_on_q(on))
    if village_id is not None:
        qs = qs.filter(village_id=village_id)
    if commune_id is not None:
        qs = qs.filter(village__commune_id=commune_id)
    return qs.order_by("village__commune__name", "village__name", "valid_from")


def branch_get(scope: Any, branch_id: int) -> PartyBranch:
    return get_in_scope(branches_in_scope(scope), pk=branch_id)


def villages_for_branches(scope: Any, on: dt.date | None = None) -> QuerySet[Village]:
    """Villages in scope where a branch can be recorded (valid on the date, today by default)."""
    qs = scope.filter(Village.objects.select_related("commune"), commune="commune")
    return qs.filter(valid_on_q(on or dt.date.today())).order_by("commune__name", "name")
