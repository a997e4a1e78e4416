"""Bulk writes of administrative units and lineage, each row with its audit event.

Importers validate the whole file before calling these; the writes then run inside the
import's transaction with `audit_source(IMPORT)` set by the caller.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from outpost.core import audit
from outpost.core.models import AuditEvent
from outpost.core.text import fold
from outpost.geo.importers.reader import ProgressFn, Summary
from outpost.geo.models import AdminUnit, UnitChange

BATCH = 1000


def field_problems(obj: AdminUnit | UnitChange) -> list[tuple[str, str]]:
    """Field-level validation without database queries: (field, message) pairs."""
    if isinstance(obj, AdminUnit):
        obj.search_name = fold(obj.name)
    problems: list[tuple[str, str]] = []
    try:
        obj.clean_fields(exclude=["parent", "from_unit", "to_unit", "search_name"])
        if isinstance(obj, AdminUnit):
            obj.clean_validity()
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            problems.extend((name, str(m)) for m in messages)
    return problems


def _created(obj: Any) -> dict[str, list[Any]]:
    return {k: [None, v] for k, v in audit.snapshot(obj).items() if v not in (None, "")}


def create_all(
    objs: list[Any],
    *,
    what: str,
    summary: Summary,
    actor: Any = None,
    progress: ProgressFn | None = None,
) -> None:
    """Insert rows in batches and one audit event per row."""
    if not objs:
        return
    model = type(objs[0])
    for obj in objs:
        if isinstance(obj, AdminUnit):
            obj.search_name = fold(obj.name)
    for start in range(0, len(objs), BATCH):
        chunk = objs[start : start + BATCH]
        model.objects.bulk_create(chunk)
        audit.record_many(
            audit.build_event(
                actor=actor, action=AuditEvent.Action.CREATE, obj=obj, changes=_created(obj)
            )
            for obj in chunk
        )
        if progress and len(objs) > BATCH:
            progress(f"  {what}: {min(start + BATCH, len(objs))}/{len(objs)}")
    summary.add("created", what, len(objs))


def update_all(
    changes: Iterable[tuple[Any, dict[str, Any]]],
    *,
    what: str,
    summary: Summary,
    actor: Any = None,
    note: str = "",
) -> int:
    """Apply field changes to existing rows; only real changes are written and audited.

    Returns how many rows changed."""
    changed: list[Any] = []
    events: list[AuditEvent] = []
    fields: set[str] = set()
    for obj, values in changes:
        before = audit.snapshot(obj)
        for name, value in values.items():
            setattr(obj, name, value)
        if isinstance(obj, AdminUnit):
            obj.search_name = fold(obj.name)
        delta = audit.diff(before, audit.snapshot(obj))
        if not delta:
            continue
        fields.update(values)
        obj.updated_at = timezone.now()
        changed.append(obj)
        events.append(
            audit.build_event(
                actor=actor, action=AuditEvent.Action.UPDATE, obj=obj, changes=delta, note=note
            )
        )
    if changed:
        model = type(changed[0])
        update_fields = sorted(
            fields | {"updated_at"} | ({"search_name"} if model is AdminUnit else set())
        )
        model.objects.bulk_update(changed, update_fields, batch_size=BATCH)
        audit.record_many(events)
        summary.add("updated", what, len(changed))
    return len(changed)
