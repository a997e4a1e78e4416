"""Visits for the follow-up tests. A visit is a household touched by a standing activity of
a kind that counts as a visit. Activities are recorded through the activities service when it
is there; otherwise the Activity and ActivityHousehold rows are written directly."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.utils import timezone

from outpost.fieldwork.models import Activity, ActivityHousehold, ActivityKind

try:  # the activities area's service, when present
    from outpost.fieldwork.services.activities import activity_record, activity_void
except ImportError:  # pragma: no cover - depends on what the activities area has written
    activity_record = None  # type: ignore[assignment]
    activity_void = None  # type: ignore[assignment]


def visit(
    households: list[Any],
    on: dt.date,
    *,
    force_unit: Any,
    kind: str = "household_visit",
    cadres: list[Any] = (),  # type: ignore[assignment]
) -> Activity:
    """One activity of `kind` on day `on` touching the households (all of one village)."""
    activity_kind = ActivityKind.objects.get(code=kind)
    village = households[0].village
    if activity_record is not None:
        return activity_record(
            actor=None,
            client_id=uuid.uuid4(),
            kind=activity_kind,
            date=on,
            force_unit=force_unit,
            village=village,
            cadres=list(cadres),
            households=households,
        ).activity
    activity = Activity.objects.create(
        kind=activity_kind,
        date=on,
        force_unit=force_unit,
        commune_id=village.commune_id,
        village=village,
    )
    activity.cadres.set(list(cadres))
    for household in households:
        ActivityHousehold.objects.create(activity=activity, household=household, date=on)
    return activity


def void(activity: Activity, reason: str = "recorded twice") -> Activity:
    if activity_void is not None:
        return activity_void(actor=None, activity=activity, reason=reason)
    Activity.objects.filter(pk=activity.pk).update(voided_at=timezone.now(), void_reason=reason)
    activity.refresh_from_db()
    return activity
