"""Reads of administrative units and villages, always through the user's scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from outpost.core import tree
from outpost.core.models import ValidityQuerySet
from outpost.core.search import Hit
from outpost.geo.models import AdminUnit, Village, VillageChange


def visible_unit_ids(scope: Any) -> set[int] | None:
    """Units the user may open: their communes and every unit above them. None: all."""
    if scope.everything:
        return None
    return tree.admin_units_above(scope.commune_ids)


def units_in_scope(scope: Any) -> ValidityQuerySet[AdminUnit]:
    ids = visible_unit_ids(scope)
    qs = AdminUnit.objects.select_related("parent")
    return qs if ids is None else qs.filter(pk__in=ids)


def unit_list(
    scope: Any,
    *,
    level: str | None = None,
    parent_id: int | None = None,
    on: dt.date | None = None,
    include_past: bool = False,
    query: str = "",
) -> QuerySet[AdminUnit]:
    from outpost.core.text import fold

    qs = units_in_scope(scope)
    if level:
        qs = qs.filter(level=level)
    if parent_id:
        qs = qs.filter(parent_id=parent_id)
    if on is not None:
        qs = qs.valid_on(on)
    elif not include_past:
        qs = qs.current()
    if query:
        qs = qs.filter(search_name__contains=fold(query))
    return qs.order_by("level", "code", "valid_from")


def unit_get(scope: Any, unit_id: int) -> AdminUnit:
    from outpost.accounts.scope import get_in_scope

    return get_in_scope(units_in_scope(scope), pk=unit_id)


def communes_under(scope: Any, unit: AdminUnit) -> ValidityQuerySet[AdminUnit]:
    """Communes in scope under a province or district, of any period (the page filters)."""
    qs = scope.filter(tree.communes_under({unit.pk}), commune="pk")
    return qs.annotate(
        village_count=Count("villages", filter=Q(villages__valid_to__isnull=True))
    ).order_by("code", "valid_from")


def villages_in_scope(scope: Any) -> ValidityQuerySet[Village]:
    return scope.filter(Village.objects.select_related("commune"), commune="commune")


def village_list(
    scope: Any, *, commune_id: int | None = None, include_past: bool = False, query: str = ""
) -> QuerySet[Village]:
    from outpost.core.text import fold

    qs = villages_in_scope(scope)
    if commune_id:
        qs = qs.filter(commune_id=commune_id)
    if not include_past:
        qs = qs.current()
    if query:
        qs = qs.filter(search_name__contains=fold(query))
    return qs.order_by("commune__code", "name")


def village_get(scope: Any, village_id: int) -> Village:
    from outpost.accounts.scope import get_in_scope

    return get_in_scope(villages_in_scope(scope), pk=village_id)


def village_lineage(village: Village) -> tuple[list[VillageChange], list[VillageChange]]:
    """What the village came from (its renames included: a link to itself keeping the old
    name) and what it became."""
    changes = VillageChange.objects.select_related("from_village", "to_village")
    return (
        list(changes.filter(to_village=village).order_by("effective", "from_village__name")),
        list(
            changes.filter(from_village=village)
            .exclude(to_village=village)
            .order_by("to_village__name")
        ),
    )


def responsible_areas(unit: AdminUnit) -> QuerySet[Any]:
    from outpost.force.models import AreaOfResponsibility

    return (
        AreaOfResponsibility.objects.filter(commune=unit)
        .select_related("force_unit")
        .order_by("valid_from", "force_unit__code")
    )


def search_communes(folded: str, scope: Any, limit: int) -> list[Hit]:
    qs = scope.filter(
        AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE, search_name__contains=folded),
        commune="pk",
    ).select_related("parent")
    return [
        Hit(
            kind=_("commune"),
            label=str(u),
            url=reverse("geo:unit_detail", args=[u.pk]),
            detail=" · ".join(
                x
                for x in (
                    u.parent.name if u.parent else "",
                    _("until %(d)s") % {"d": u.valid_to} if u.valid_to else "",
                )
                if x
            ),
        )
        for u in qs.order_by("valid_to", "code")[:limit]
    ]


def search_villages(folded: str, scope: Any, limit: int) -> list[Hit]:
    qs = villages_in_scope(scope).filter(search_name__contains=folded)
    return [
        Hit(
            kind=_("village"),
            label=v.name,
            url=reverse("geo:village_detail", args=[v.pk]),
            detail=v.commune.name,
        )
        for v in qs.order_by("valid_to", "name")[:limit]
    ]
