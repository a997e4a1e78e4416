"""Writes of the visit schedules: how often a unit's people visit the households in their
charge. Typed, keyword-only, atomic, audited.

A unit has at most one setting on any day. Setting a new interval from a date ends the
setting running then (kept as history) and starts a new one; a setting started the same day
is corrected in place. Ending a unit's own setting makes it follow its parent's again."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from outpost.core import audit
from outpost.fieldwork.models import VisitSchedule
from outpost.force.models import ForceUnit

REPLACED = "replaced by a new interval"


def visit_schedule_set(
    *, actor: Any, force_unit: ForceUnit, interval_days: int, valid_from: dt.date
) -> VisitSchedule:
    """The unit's people visit each household in their charge every `interval_days` days from
    `valid_from` on."""
    with transaction.atomic():
        rows = VisitSchedule.objects.select_for_update().filter(force_unit=force_unit)
        if rows.filter(valid_from__gt=valid_from).exists():
            raise ValidationError(
                {"valid_from": _("This unit has a setting starting later; start after it.")}
            )
        running = (
            rows.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=valid_from))
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=valid_from))
            .first()
        )
        if running is not None and running.valid_from == valid_from:
            return audit.audited_update(running, actor=actor, interval_days=interval_days)
        if (
            running is not None
            and running.valid_to is None
            and running.interval_days == interval_days
        ):
            return running  # nothing changes
        if running is not None:
            audit.audited_end(running, actor=actor, on=valid_from, reason=REPLACED)
        schedule = VisitSchedule(
            force_unit=force_unit, interval_days=interval_days, valid_from=valid_from
        )
        return audit.audited_create(schedule, actor=actor)


def visit_schedule_end(
    *, actor: Any, force_unit: ForceUnit, on: dt.date, reason: str
) -> VisitSchedule:
    """The unit stops having its own interval from `on`: it follows its parent's again."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    open_row = (
        VisitSchedule.objects.filter(force_unit=force_unit, valid_to__isnull=True)
        .order_by("-valid_from")
        .first()
    )
    if open_row is None:
        raise ValidationError(_("This unit has no interval of its own to end."))
    if open_row.valid_from is not None and on <= open_row.valid_from:
        raise ValidationError({"on": _("The end must come after the start.")})
    return audit.audited_end(open_row, actor=actor, on=on, reason=reason.strip())
