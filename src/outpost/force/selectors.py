"""Reads of the force structure and cadres, always through the user's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from outpost.accounts.scope import get_in_scope
from outpost.core.search import Hit
from outpost.core.text import fold
from outpost.core.tree import in_tree_order
from outpost.force.models import AreaOfResponsibility, Cadre, ForceUnit, Posting


def force_units_in_scope(scope: Any) -> QuerySet[ForceUnit]:
    return scope.filter(ForceUnit.objects.select_related("parent"), force_unit="pk")


def force_unit_get(scope: Any, force_unit_id: int) -> ForceUnit:
    return get_in_scope(force_units_in_scope(scope), pk=force_unit_id)


def force_unit_list(
    scope: Any, *, parent_id: int | None = None, kind: str = "", query: str = ""
) -> QuerySet[ForceUnit]:
    qs = force_units_in_scope(scope)
    if parent_id:
        qs = qs.filter(parent_id=parent_id)
    if kind:
        qs = qs.filter(kind=kind)
    if query:
        qs = qs.filter(search_name__contains=fold(query))
    return qs.order_by("code")


def force_unit_tree(scope: Any) -> list[tuple[ForceUnit, int]]:
    """The units in scope in tree order, each with its depth below the top visible unit."""
    units = force_units_in_scope(scope).annotate(
        cadre_count=Count("cadres", filter=Q(cadres__left_force_on__isnull=True))
    )
    return in_tree_order(units)


def areas_of(unit: ForceUnit) -> QuerySet[AreaOfResponsibility]:
    from outpost.geo.borders import with_border_countries

    areas = unit.areas.select_related("commune").order_by("-valid_from", "commune__code")
    return with_border_countries(areas, unit="commune")


def cadres_in_scope(scope: Any) -> QuerySet[Cadre]:
    return scope.filter(Cadre.objects.select_related("unit", "ethnic_group"), force_unit="unit")


def cadre_list(
    scope: Any, *, force_unit_id: int | None = None, query: str = "", include_left: bool = False
) -> QuerySet[Cadre]:
    qs = cadres_in_scope(scope)
    if force_unit_id:
        qs = qs.filter(unit_id=force_unit_id)
    if not include_left:
        qs = qs.filter(left_force_on__isnull=True)
    if query:
        folded = fold(query)
        qs = qs.filter(Q(search_name__contains=folded) | Q(service_number__iexact=query.strip()))
    return qs.order_by("full_name", "pk")


def cadre_get(scope: Any, cadre_id: int) -> Cadre:
    return get_in_scope(cadres_in_scope(scope), pk=cadre_id)


def postings_of(cadre: Cadre) -> QuerySet[Posting]:
    return cadre.postings.select_related("force_unit").order_by("-valid_from")


def search_force_units(folded: str, scope: Any, limit: int) -> list[Hit]:
    qs = force_units_in_scope(scope).filter(search_name__contains=folded)
    return [
        Hit(
            kind=_("force unit"),
            label=u.name,
            url=reverse("force:unit_detail", args=[u.pk]),
            detail=u.get_kind_display(),
        )
        for u in qs.order_by("code")[:limit]
    ]


def search_cadres(folded: str, scope: Any, limit: int) -> list[Hit]:
    qs = cadres_in_scope(scope).filter(search_name__contains=folded)
    return [
        Hit(
            kind=_("cadre"),
            label=c.full_name,
            url=reverse("force:cadre_detail", args=[c.pk]),
            detail=" · ".join(
                x for x in (c.get_rank_display(), c.unit.name if c.unit else "") if x
            ),
        )
        for c in qs[:limit]
    ]
