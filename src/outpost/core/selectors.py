from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from outpost.core.models import AuditEvent


def audit_events_in_scope(scope: Any) -> QuerySet[AuditEvent]:
    """Events about objects in the user's communes or force units, and the user's own."""
    qs = AuditEvent.objects.select_related("actor")
    if scope.everything:
        return qs
    return qs.filter(
        Q(commune_id__in=scope.commune_ids)
        | Q(force_unit_id__in=scope.force_unit_ids)
        | Q(actor_id=scope.user_id)
    )


def audit_events_filtered(
    scope: Any,
    *,
    username: str = "",
    object_type: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    qs = audit_events_in_scope(scope)
    if username:
        qs = qs.filter(actor__username=username)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs
