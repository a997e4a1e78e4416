"""Reads of activity photos: a photo is in scope when its activity is. Voided photos are
neither listed nor served."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from outpost.accounts.scope import get_in_scope
from outpost.fieldwork.models import ActivityPhoto


def photos_in_scope(scope: Any) -> QuerySet[ActivityPhoto]:
    qs = ActivityPhoto.objects.select_related("activity")
    qs = scope.filter(qs, commune="activity__commune", force_unit="activity__force_unit")
    return qs.filter(voided_at__isnull=True)


def photo_get(scope: Any, photo_id: int) -> ActivityPhoto:
    return get_in_scope(photos_in_scope(scope), pk=photo_id)
