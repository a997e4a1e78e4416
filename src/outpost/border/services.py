"""Every write to the border line: segments, markers, self-managing households, patrols.
Typed, keyword-only, atomic, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from outpost.border.models import BorderMarker, BorderSegment, MarkerSelfManagement, Patrol
from outpost.core import audit
from outpost.core.models import AuditEvent
from outpost.force.models import ForceUnit
from outpost.geo.models import AdminUnit
from outpost.people.models import Household


def segment_create(
    *,
    actor: Any,
    post: ForceUnit,
    commune: AdminUnit,
    country: str,
    name: str,
    length_km: Decimal,
    valid_from: dt.date | None = None,
    path: list[list[float]] | None = None,
) -> BorderSegment:
    segment = BorderSegment(
        post=post,
        commune=commune,
        country=country,
        name=name.strip(),
        length_km=Decimal(length_km),
        valid_from=valid_from,
        path=_path(path),
    )
    return audit.audited_create(segment, actor=actor)


def _path(path: Any) -> Any:
    """Points as lists (tuples are welcome); anything else is left for the model to refuse."""
    if not isinstance(path, list | tuple):
        return path if path else []
    return [list(p) if isinstance(p, list | tuple) else p for p in path]


def segment_set_path(
    *, actor: Any, segment: BorderSegment, path: Iterable[Iterable[float]]
) -> BorderSegment:
    """Draw the segment's line on the map: [latitude, longitude] points, in order."""
    return audit.audited_update(segment, actor=actor, path=_path(path))


def segment_end(*, actor: Any, segment: BorderSegment, on: dt.date, reason: str) -> BorderSegment:
    if segment.valid_to is not None:
        raise ValidationError(_("This segment has already ended."))
    if not reason.strip():
        raise ValidationError({"end_reason": _("Give the reason the segment ended.")})
    return audit.audited_end(segment, actor=actor, on=on, reason=reason.strip())


def marker_create(
    *,
    actor: Any,
    segment: BorderSegment,
    number: str,
    kind: str = BorderMarker.Kind.MAIN,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> BorderMarker:
    number = number.strip()
    if BorderMarker.objects.filter(segment=segment, number=number).exists():
        raise ValidationError({"number": _("This segment already has a marker with that number.")})
    marker = BorderMarker(
        segment=segment, number=number, kind=kind, latitude=latitude, longitude=longitude
    )
    return audit.audited_create(marker, actor=actor)


def marker_assign_households(
    *, actor: Any, marker: BorderMarker, households: Iterable[Household], on: dt.date
) -> list[MarkerSelfManagement]:
    """Make `households` the ones self-managing the marker from `on`: households no longer
    listed stop on that date, new ones start on it. Returns the current rows."""
    wanted = {h.pk: h for h in households}
    commune_id = marker.segment.commune_id
    for household in wanted.values():
        if household.commune_id != commune_id:
            raise ValidationError(
                {"households": _("Households must live in the segment's commune.")}
            )
    with transaction.atomic():
        current = {
            row.household_id: row
            for row in MarkerSelfManagement.objects.select_for_update()
            .filter(marker=marker, valid_to__isnull=True)
            .select_related("marker__segment", "household")
        }
        for household_id, row in current.items():
            if household_id not in wanted:
                audit.audited_end(row, actor=actor, on=on, reason=_("no longer self-managing"))
        rows = [row for hid, row in current.items() if hid in wanted]
        for household_id, household in wanted.items():
            if household_id not in current:
                row = MarkerSelfManagement(marker=marker, household=household, valid_from=on)
                rows.append(audit.audited_create(row, actor=actor))
    return rows


def patrol_record(
    *,
    actor: Any,
    segment: BorderSegment,
    date: dt.date,
    km: Decimal,
    post: ForceUnit | None = None,
    markers: Iterable[BorderMarker] = (),
    residents_joining: int = 0,
    findings: str = "",
) -> Patrol:
    markers = list(markers)
    if any(m.segment_id != segment.pk for m in markers):
        raise ValidationError(
            {"markers_checked": _("The markers checked must be on the patrol's segment.")}
        )
    patrol = Patrol(
        segment=segment,
        post=post or segment.post,
        date=date,
        km=Decimal(km),
        residents_joining=residents_joining,
        findings=findings.strip(),
    )
    with transaction.atomic():
        patrol.full_clean()
        patrol.save()
        patrol.markers_checked.set(markers)
        changes: dict[str, list[Any]] = {
            k: [None, v] for k, v in audit.snapshot(patrol).items() if v not in (None, "")
        }
        if markers:
            changes["markers_checked"] = [None, sorted(m.pk for m in markers)]
        audit.record(actor=actor, action=AuditEvent.Action.CREATE, obj=patrol, changes=changes)
    return patrol
