"""Reads of infrastructure works, always through the user's scope (a work is in scope through
its commune or the force unit that supports it)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from outpost.accounts.scope import get_in_scope
from outpost.core.models import valid_on_q
from outpost.force.models import ForceUnit
from outpost.geo.models import Village
from outpost.works.models import Work


def works_in_scope(scope: Any) -> QuerySet[Work]:
    qs = Work.objects.select_related("commune", "force_unit")
    return scope.filter(qs, commune="commune")


def work_list(
    scope: Any,
    *,
    kind: str | None = None,
    status: str | None = None,
    commune_id: int | None = None,
    village_id: int | None = None,
) -> QuerySet[Work]:
    qs = works_in_scope(scope).prefetch_related("villages")
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if commune_id is not None:
        qs = qs.filter(commune_id=commune_id)
    if village_id is not None:
        qs = qs.filter(villages__id=village_id)
    return qs.order_by("commune__name", "-started_on", "-id")


def work_get(scope: Any, work_id: int) -> Work:
    return get_in_scope(works_in_scope(scope), pk=work_id)


def villages_for_works(scope: Any, on: dt.date | None = None) -> QuerySet[Village]:
    """Villages in scope a work can serve (valid on the date, today by default)."""
    qs = scope.filter(Village.objects.select_related("commune"), commune="commune")
    return qs.filter(valid_on_q(on or dt.date.today())).order_by("commune__name", "name")


def force_units_for_works(scope: Any) -> QuerySet[ForceUnit]:
    return scope.filter(ForceUnit.objects.current(), force_unit="pk").order_by("name")


def communes_of_works(scope: Any) -> list[tuple[int, str]]:
    rows = works_in_scope(scope).order_by().values_list("commune_id", "commune__name").distinct()
    return sorted(set(rows), key=lambda row: row[1])
