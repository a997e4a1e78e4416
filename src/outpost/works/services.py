"""Every write to infrastructure works. Typed, keyword-only, atomic, audited.

The villages a work serves (a many-to-many) are recorded in the audit event as a sorted list
of village ids under "villages", next to the changed fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from outpost.core import audit
from outpost.core.models import AuditEvent
from outpost.force.models import ForceUnit
from outpost.geo.models import AdminUnit, Village
from outpost.works.models import Work

EDITABLE_FIELDS = {
    "kind",
    "name",
    "code",
    "quantity",
    "quantity_unit",
    "funding_state",
    "funding_unit",
    "contributed_land_m2",
    "contributed_labour_days",
    "contributed_money",
    "started_on",
    "status",
    "force_unit",
    "note",
}


def _check_villages(commune: AdminUnit, villages: list[Village]) -> None:
    if not villages:
        raise ValidationError({"villages": _("Choose at least one village.")})
    strays = [v.name for v in villages if v.commune_id != commune.pk]
    if strays:
        raise ValidationError(
            {
                "villages": _("These villages are not in %(commune)s: %(names)s")
                % {"commune": commune.name, "names": ", ".join(strays)}
            }
        )


def _village_ids(work: Work) -> list[int]:
    return sorted(work.villages.values_list("pk", flat=True))


def work_create(
    *,
    actor: Any,
    kind: str,
    name: str,
    villages: Iterable[Village],
    commune: AdminUnit | None = None,
    quantity: Decimal | None = None,
    quantity_unit: str = "",
    funding_state: int = 0,
    funding_unit: int = 0,
    contributed_land_m2: int = 0,
    contributed_labour_days: int = 0,
    contributed_money: int = 0,
    started_on: dt.date | None = None,
    status: str = Work.Status.PLANNED,
    force_unit: ForceUnit | None = None,
    note: str = "",
    code: str = "",
) -> Work:
    """Record a work. Its commune is its villages' commune (all must share one). A work
    recorded as completed goes through `work_complete`."""
    chosen = list(villages)
    if commune is None:
        if not chosen:
            raise ValidationError({"villages": _("Choose at least one village.")})
        commune = chosen[0].commune
    _check_villages(commune, chosen)
    if status in (Work.Status.COMPLETED, Work.Status.CANCELLED):
        raise ValidationError({"status": _("Record the work first, then complete or cancel it.")})
    work = Work(
        kind=kind,
        name=name.strip(),
        code=code.strip(),
        commune=commune,
        quantity=quantity,
        quantity_unit=quantity_unit,
        funding_state=funding_state,
        funding_unit=funding_unit,
        contributed_land_m2=contributed_land_m2,
        contributed_labour_days=contributed_labour_days,
        contributed_money=contributed_money,
        started_on=started_on,
        status=status,
        force_unit=force_unit,
        note=note.strip(),
    )
    with transaction.atomic():
        work.full_clean()
        work.save()
        work.villages.set(chosen)
        changes = {k: [None, v] for k, v in audit.snapshot(work).items() if v not in (None, "")}
        changes["villages"] = [None, _village_ids(work)]
        audit.record(actor=actor, action=AuditEvent.Action.CREATE, obj=work, changes=changes)
    return work


def work_update(
    *, actor: Any, work: Work, villages: Iterable[Village] | None = None, **changes: Any
) -> Work:
    """Change a work's fields and/or the villages it serves; one audit event for both.
    Completing and cancelling have their own services."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    final = (Work.Status.COMPLETED, Work.Status.CANCELLED)
    if changes.get("status", work.status) != work.status and (
        work.status in final or changes["status"] in final
    ):
        raise ValidationError(
            {"status": _("Completing and cancelling a work are done on their own.")}
        )
    for text in ("name", "code"):
        if text in changes:
            changes[text] = str(changes[text]).strip()
    with transaction.atomic():
        before = audit.snapshot(work)
        old_villages = _village_ids(work)
        for field_name, value in changes.items():
            setattr(work, field_name, value)
        delta = audit.diff(before, audit.snapshot(work))
        new_villages = old_villages
        if villages is not None:
            chosen = list(villages)
            _check_villages(work.commune, chosen)
            new_villages = sorted(v.pk for v in chosen)
        if new_villages != old_villages:
            delta["villages"] = [old_villages, new_villages]
        if not delta:
            return work
        work.full_clean()
        work.save()
        if new_villages != old_villages:
            work.villages.set(new_villages)
        audit.record(actor=actor, action=AuditEvent.Action.UPDATE, obj=work, changes=delta)
    return work


def work_complete(*, actor: Any, work: Work, on: dt.date, quantity: Decimal | None = None) -> Work:
    """The work was finished on a date (optionally with the quantity actually built)."""
    if work.status == Work.Status.COMPLETED:
        raise ValidationError(_("This work is already completed."))
    if work.status == Work.Status.CANCELLED:
        raise ValidationError(_("A cancelled work cannot be completed."))
    changes: dict[str, Any] = {"status": Work.Status.COMPLETED, "completed_on": on}
    if work.started_on is None:
        changes["started_on"] = on
    if quantity is not None:
        changes["quantity"] = quantity
    return audit.audited_update(work, actor=actor, **changes)


def work_cancel(*, actor: Any, work: Work, reason: str) -> Work:
    """A work that will not go ahead is cancelled with its reason, never deleted."""
    if work.status == Work.Status.CANCELLED:
        raise ValidationError(_("This work is already cancelled."))
    if work.status == Work.Status.COMPLETED:
        raise ValidationError(_("A completed work cannot be cancelled."))
    if not reason.strip():
        raise ValidationError({"cancel_reason": _("Give the reason the work was cancelled.")})
    return audit.audited_update(
        work,
        actor=actor,
        note=reason.strip(),
        status=Work.Status.CANCELLED,
        cancel_reason=reason.strip(),
    )
