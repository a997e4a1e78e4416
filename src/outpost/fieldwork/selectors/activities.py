"""Reads of activities, always through the user's scope: an activity is in scope through its
commune or through the unit that did it. Voided activities are left out of lists unless asked
for; a voided activity's own page still opens (it says it is voided)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from outpost.accounts.scope import get_in_scope
from outpost.core.models import AuditEvent, valid_on_q
from outpost.core.text import fold
from outpost.fieldwork.models import Activity, ActivityKind, ActivityPhoto, Disaster, Program
from outpost.force.models import Cadre, ForceUnit
from outpost.geo.models import Village
from outpost.people.models import Household


def activities_in_scope(scope: Any, *, include_void: bool = False) -> QuerySet[Activity]:
    qs = Activity.objects.select_related("kind", "force_unit", "commune", "village")
    qs = scope.filter(qs, commune="commune", force_unit="force_unit")
    if not include_void:
        qs = qs.filter(voided_at__isnull=True)
    return qs


def with_related(qs: QuerySet[Activity]) -> QuerySet[Activity]:
    """Cadres, households and the photos that stand, in a fixed number of queries."""
    return qs.prefetch_related(
        "cadres",
        Prefetch("households", queryset=Household.objects.order_by("code")),
        Prefetch("photos", queryset=ActivityPhoto.objects.filter(voided_at__isnull=True)),
    )


def activity_list(
    scope: Any,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    kind: str | None = None,
    village_id: int | None = None,
    force_unit_id: int | None = None,
    include_void: bool = False,
) -> QuerySet[Activity]:
    """Activities in scope, newest first. `date_to` is inclusive (the last day shown)."""
    qs = activities_in_scope(scope, include_void=include_void)
    if date_from is not None:
        qs = qs.filter(date__gte=date_from)
    if date_to is not None:
        qs = qs.filter(date__lte=date_to)
    if kind:
        qs = qs.filter(kind__code=kind)
    if village_id is not None:
        qs = qs.filter(village_id=village_id)
    if force_unit_id is not None:
        qs = qs.filter(force_unit_id=force_unit_id)
    return qs.order_by("-date", "-id")


def activity_get(scope: Any, activity_id: int) -> Activity:
    return get_in_scope(activities_in_scope(scope, include_void=True), pk=activity_id)


def activity_by_client_id(scope: Any, client_id: uuid.UUID) -> Activity | None:
    """The activity a client already sent under this id, if it is one the user may see."""
    return activities_in_scope(scope, include_void=True).filter(client_id=client_id).first()


def activity_history(activity: Activity) -> QuerySet[AuditEvent]:
    """The changes to an activity and to its photos, newest first."""
    photo_ids = [str(pk) for pk in activity.photos.values_list("pk", flat=True)]
    return (
        AuditEvent.objects.filter(
            Q(object_type=Activity._meta.label_lower, object_id=str(activity.pk))
            | Q(object_type=ActivityPhoto._meta.label_lower, object_id__in=photo_ids)
        )
        .select_related("actor")
        .order_by("-at", "-id")
    )


# --- what an activity may name ------------------------------------------------------------


def kinds_in_use() -> QuerySet[ActivityKind]:
    return ActivityKind.objects.filter(is_active=True).order_by("sort_order", "code")


def kind_by_code(code: str) -> ActivityKind | None:
    return ActivityKind.objects.filter(code=code).first()


def villages_for_activities(scope: Any, on: dt.date | None = None) -> QuerySet[Village]:
    """Villages in scope; with `on`, only those that existed on that day."""
    qs = scope.filter(Village.objects.select_related("commune"), commune="commune")
    if on is not None:
        qs = qs.filter(valid_on_q(on))
    return qs.order_by("commune__name", "name")


def force_units_for_activities(scope: Any) -> QuerySet[ForceUnit]:
    return scope.filter(ForceUnit.objects.current(), force_unit="pk").order_by("name")


def cadres_for_activities(scope: Any) -> QuerySet[Cadre]:
    """Cadres in scope still in the force, by unit and name."""
    qs = scope.filter(Cadre.objects.select_related("unit"), force_unit="unit")
    return qs.filter(left_force_on__isnull=True).order_by("unit__name", "full_name", "pk")


def households_of_village(scope: Any, village_id: int | None, query: str = "") -> Any:
    """The current households of a village in scope, matched on code and head's name
    ignoring diacritics ("lo van" finds "Lò Văn")."""
    if village_id is None:
        return Household.objects.none()
    qs = scope.filter(Household.objects.select_related("village"), commune="commune_id").filter(
        village_id=village_id, valid_to__isnull=True
    )
    if query.strip():
        qs = qs.filter(search_name__contains=fold(query))
    return qs.order_by("code", "pk")


def households_for_activities(scope: Any) -> QuerySet[Household]:
    """Households an activity in scope may touch (the service checks they are of its village)."""
    return scope.filter(Household.objects.select_related("village"), commune="commune_id")


def programs_for_activities(scope: Any) -> QuerySet[Program]:
    """Force-wide programs and the local programs of units in scope."""
    qs = Program.objects.all()
    if scope.everything:
        return qs
    return qs.filter(Q(scope=Program.Scope.FORCE_WIDE) | Q(owner_unit_id__in=scope.force_unit_ids))


def disasters_for_activities(scope: Any) -> QuerySet[Disaster]:
    qs = Disaster.objects.filter(voided_at__isnull=True)
    if scope.everything:
        return qs
    return qs.filter(
        Q(communes__in=scope.commune_ids) | Q(force_unit_id__in=scope.force_unit_ids)
    ).distinct()
