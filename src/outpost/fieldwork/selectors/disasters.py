"""Reads of disasters and the response to them, always through the user's scope.

A disaster is in scope when one of its communes or its recording unit is; each evacuation,
repair and deployment through its own commune or unit. A user who sees a disaster that also
struck other posts' communes sees only their own communes and their own part of the response."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, QuerySet, Sum

from outpost.accounts.scope import get_in_scope
from outpost.core.models import valid_on_q
from outpost.fieldwork.models import Activity, DamageRepair, Deployment, Disaster, Evacuation
from outpost.force.models import Cadre, ForceUnit
from outpost.geo.models import AdminUnit, Village
from outpost.people.models import Household


def communes_in_scope(scope: Any) -> QuerySet[AdminUnit]:
    return scope.filter(
        AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE), commune="pk"
    ).order_by("name")


def communes_with_disasters(scope: Any) -> QuerySet[AdminUnit]:
    return communes_in_scope(scope).filter(disasters__isnull=False).distinct()


def disasters_in_scope(scope: Any) -> QuerySet[Disaster]:
    qs = Disaster.objects.select_related("force_unit").prefetch_related(
        Prefetch("communes", queryset=communes_in_scope(scope), to_attr="visible_communes")
    )
    if scope.everything:
        return qs
    # Through a subquery: filtering on the communes directly would repeat a disaster once
    # per commune of ours it struck.
    ids = scope.filter(Disaster.objects.all(), commune="communes", force_unit="force_unit")
    return qs.filter(pk__in=ids.values("pk"))


def disaster_get(scope: Any, disaster_id: int) -> Disaster:
    return get_in_scope(disasters_in_scope(scope), pk=disaster_id)


def disaster_list(
    scope: Any,
    *,
    kind: str | None = None,
    commune_id: int | None = None,
    year: int | None = None,
    include_void: bool = False,
) -> QuerySet[Disaster]:
    qs = disasters_in_scope(scope)
    if kind:
        qs = qs.filter(kind=kind)
    if commune_id is not None:
        qs = qs.filter(pk__in=Disaster.objects.filter(communes__id=commune_id).values("pk"))
    if year is not None:
        qs = qs.filter(started_on__year=year)
    if not include_void:
        qs = qs.filter(voided_at__isnull=True)
    return qs.order_by("-started_on", "-id")


def disaster_years(scope: Any) -> list[int]:
    return sorted(
        {d.year for d in disasters_in_scope(scope).order_by().values_list("started_on", flat=True)},
        reverse=True,
    )


def _responses(scope: Any, model: Any) -> QuerySet[Any]:
    qs = model.objects.select_related("disaster", "commune", "village", "force_unit")
    return scope.filter(qs, commune="commune", force_unit="force_unit")


def evacuations_in_scope(scope: Any) -> QuerySet[Evacuation]:
    return _responses(scope, Evacuation)


def repairs_in_scope(scope: Any) -> QuerySet[DamageRepair]:
    return _responses(scope, DamageRepair)


def deployments_in_scope(scope: Any) -> QuerySet[Deployment]:
    return _responses(scope, Deployment)


def evacuation_get(scope: Any, evacuation_id: int) -> Evacuation:
    return get_in_scope(evacuations_in_scope(scope), pk=evacuation_id)


def repair_get(scope: Any, repair_id: int) -> DamageRepair:
    return get_in_scope(repairs_in_scope(scope), pk=repair_id)


def deployment_get(scope: Any, deployment_id: int) -> Deployment:
    return get_in_scope(deployments_in_scope(scope), pk=deployment_id)


def response_list(
    scope: Any,
    model: Any,
    *,
    disaster_id: int | None = None,
    commune_id: int | None = None,
    include_void: bool = False,
) -> QuerySet[Any]:
    qs = _responses(scope, model)
    if disaster_id is not None:
        qs = qs.filter(disaster_id=disaster_id)
    if commune_id is not None:
        qs = qs.filter(commune_id=commune_id)
    if not include_void:
        qs = qs.filter(voided_at__isnull=True)
    return qs.order_by("-on", "-id")


def disaster_activities(scope: Any, disaster: Disaster) -> QuerySet[Activity]:
    """Activities in scope that name the disaster (rebuilding, relief), not voided."""
    qs = Activity.objects.select_related("kind", "commune", "village", "force_unit").filter(
        disaster=disaster, voided_at__isnull=True
    )
    return scope.filter(qs, commune="commune", force_unit="force_unit").order_by("-date", "-id")


@dataclass
class DisasterResponseView:
    """A disaster's response as one user sees it, with its totals (voided rows left out of
    the totals and listed apart)."""

    evacuations: list[Evacuation]
    repairs: list[DamageRepair]
    deployments: list[Deployment]
    activities: list[Activity]
    voided: list[Any]
    totals: dict[str, int] = field(default_factory=dict)
    repairs_by_kind: list[tuple[str, int, int]] = field(default_factory=list)


def disaster_response(scope: Any, disaster: Disaster) -> DisasterResponseView:
    evacuations = list(
        response_list(scope, Evacuation, disaster_id=disaster.pk, include_void=True).annotate(
            household_list_count=Count("households")
        )
    )
    repairs = list(response_list(scope, DamageRepair, disaster_id=disaster.pk, include_void=True))
    deployments = list(
        response_list(
            scope, Deployment, disaster_id=disaster.pk, include_void=True
        ).prefetch_related("cadres")
    )
    activities = disaster_activities(scope, disaster)
    activity_totals = activities.aggregate(
        n=Count("id"), cost=Sum("cost"), people=Sum("people_reached")
    )
    standing = {
        "evacuations": [e for e in evacuations if e.voided_at is None],
        "repairs": [r for r in repairs if r.voided_at is None],
        "deployments": [d for d in deployments if d.voided_at is None],
    }
    by_kind: dict[str, list[int]] = {}
    for repair in standing["repairs"]:
        row = by_kind.setdefault(repair.get_kind_display(), [0, 0])
        row[0] += repair.quantity
        row[1] += repair.labour_days
    totals = {
        "households_moved": sum(e.households_moved for e in standing["evacuations"]),
        "people_moved": sum(e.people_moved for e in standing["evacuations"]),
        "repairs": sum(r.quantity for r in standing["repairs"]),
        "repair_labour_days": sum(r.labour_days for r in standing["repairs"]),
        "cadres_deployed": sum(d.cadre_count for d in standing["deployments"]),
        "cadre_days": sum(d.cadre_count * d.days for d in standing["deployments"]),
        "activities": activity_totals["n"] or 0,
        "activity_cost": activity_totals["cost"] or 0,
        "activity_people": activity_totals["people"] or 0,
    }
    return DisasterResponseView(
        evacuations=standing["evacuations"],
        repairs=standing["repairs"],
        deployments=standing["deployments"],
        activities=list(activities[:200]),
        voided=[r for r in [*evacuations, *repairs, *deployments] if r.voided_at is not None],
        totals=totals,
        repairs_by_kind=[(k, q, days) for k, (q, days) in sorted(by_kind.items())],
    )


# --- what the forms offer -----------------------------------------------------------------


def force_units_for_disasters(scope: Any) -> QuerySet[ForceUnit]:
    return scope.filter(ForceUnit.objects.current(), force_unit="pk").order_by("code")


def current_communes_in_scope(scope: Any) -> QuerySet[AdminUnit]:
    return communes_in_scope(scope).filter(valid_on_q(dt.date.today()))


def disaster_communes_in_scope(scope: Any, disaster: Disaster) -> QuerySet[AdminUnit]:
    return communes_in_scope(scope).filter(disasters=disaster)


def villages_of_communes(communes: QuerySet[AdminUnit]) -> QuerySet[Village]:
    return (
        Village.objects.select_related("commune")
        .filter(commune__in=communes)
        .filter(valid_on_q(dt.date.today()))
        .order_by("commune__name", "name")
    )


def households_by_code(scope: Any, commune: AdminUnit, codes: list[str]) -> list[Household]:
    qs = scope.filter(Household.objects.filter(commune=commune), commune="commune_id")
    return list(qs.filter(code__in=codes).order_by("code"))


def cadres_for_deployment(scope: Any) -> QuerySet[Cadre]:
    qs = Cadre.objects.select_related("unit").filter(left_force_on__isnull=True)
    return scope.filter(qs, force_unit="unit").order_by("full_name", "pk")
