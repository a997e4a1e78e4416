"""Reads of the kinds of activity. Kinds are shared by everyone (not scoped): what may be done
with them is decided by who the user is (see services.kinds.may_manage_kinds)."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.http import Http404

from outpost.fieldwork.models import ActivityKind


def kind_list(*, include_inactive: bool = True) -> QuerySet[ActivityKind]:
    qs = ActivityKind.objects.annotate(activity_count=Count("activities"))
    if not include_inactive:
        qs = qs.filter(is_active=True)
    return qs.order_by("sort_order", "code")


def kind_get(kind_id: int) -> ActivityKind:
    try:
        return ActivityKind.objects.get(pk=kind_id)
    except ActivityKind.DoesNotExist as exc:
        raise Http404 from exc
