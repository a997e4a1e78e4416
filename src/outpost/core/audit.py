"""Audit trail: who changed what, when, from where, with old and new values.

Services call `audited_create`, `audited_update` and `audited_end` (or `record` directly);
each writes the change and its `AuditEvent` in one transaction. The source of a change (web,
API, import, command line) is set once per request or command with `audit_source`.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import decimal
import uuid
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from django.db import models, transaction

from outpost.core.models import AuditEvent, Validity

_source: contextvars.ContextVar[str] = contextvars.ContextVar(
    "audit_source", default=AuditEvent.Source.SYSTEM
)

M = TypeVar("M", bound=models.Model)
V = TypeVar("V", bound=Validity)
SKIPPED_FIELDS = {"created_at", "updated_at", "search_name"}


@contextlib.contextmanager
def audit_source(source: str) -> Iterator[None]:
    token = _source.set(source)
    try:
        yield
    finally:
        _source.reset(token)


def current_source() -> str:
    return _source.get()


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """Concrete field values of a row, JSON-ready (foreign keys as ids)."""
    values: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in SKIPPED_FIELDS or field.primary_key:
            continue
        values[field.name] = _plain(getattr(obj, field.attname))
    return values


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    keys = set(old) | set(new)
    return {k: [old.get(k), new.get(k)] for k in sorted(keys) if old.get(k) != new.get(k)}


def _locate(obj: models.Model) -> tuple[int | None, int | None]:
    """The commune and force unit an object belongs to, for scoping the audit page.

    Models say where they live through `audit_commune_id` / `audit_force_unit_id`."""
    commune_id = getattr(obj, "audit_commune_id", None)
    force_unit_id = getattr(obj, "audit_force_unit_id", None)
    return (
        commune_id() if callable(commune_id) else commune_id,
        force_unit_id() if callable(force_unit_id) else force_unit_id,
    )


def build_event(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    changes: dict[str, list[Any]],
    note: str = "",
    source: str | None = None,
) -> AuditEvent:
    commune_id, force_unit_id = _locate(obj)
    return AuditEvent(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        source=source or current_source(),
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=changes,
        commune_id=commune_id,
        force_unit_id=force_unit_id,
        note=note[:300],
    )


def record(
    *, actor: Any, action: str, obj: models.Model, changes: dict[str, list[Any]], note: str = ""
) -> AuditEvent:
    event = build_event(actor=actor, action=action, obj=obj, changes=changes, note=note)
    event.save()
    return event


def record_many(events: Iterable[AuditEvent], batch_size: int = 2000) -> None:
    """Bulk imports: many events in one go, inside the import's own transaction."""
    AuditEvent.objects.bulk_create(list(events), batch_size=batch_size)


def audited_create(obj: M, *, actor: Any, note: str = "") -> M:
    with transaction.atomic():
        obj.full_clean()
        obj.save()
        record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=obj,
            changes={k: [None, v] for k, v in snapshot(obj).items() if v not in (None, "")},
            note=note,
        )
    return obj


def audited_update(obj: M, *, actor: Any, note: str = "", **changes: Any) -> M:
    """Apply field changes, validate, save, and record old and new values. No-op changes write
    nothing, so re-running an import leaves no trace."""
    with transaction.atomic():
        before = snapshot(obj)
        for name, value in changes.items():
            setattr(obj, name, value)
        after = snapshot(obj)
        delta = diff(before, after)
        if not delta:
            return obj
        obj.full_clean()
        obj.save()
        record(actor=actor, action=AuditEvent.Action.UPDATE, obj=obj, changes=delta, note=note)
    return obj


def audited_end(obj: V, *, actor: Any, on: dt.date, reason: str = "") -> V:
    """End something that held for a while (a `Validity` row). Nothing is deleted."""
    with transaction.atomic():
        before = snapshot(obj)
        obj.valid_to = on
        if reason:
            obj.end_reason = reason
        obj.full_clean()
        obj.save()
        record(
            actor=actor,
            action=AuditEvent.Action.END,
            obj=obj,
            changes=diff(before, snapshot(obj)),
            note=reason,
        )
    return obj


def history(obj: models.Model) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).select_related("actor")


HIDDEN = "•••"


def sensitive_fields(object_type: str) -> tuple[str, ...]:
    """The fields a model declares sensitive (`SENSITIVE_FIELDS`), by "app_label.model"."""
    from django.apps import apps

    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return ()
    return tuple(getattr(model, "SENSITIVE_FIELDS", ()))


def mask_sensitive(events: Iterable[AuditEvent], sees_sensitive: bool) -> list[AuditEvent]:
    """Events to show: old and new values of sensitive fields are hidden from those who may
    not see them. The stored events are not changed."""
    shown = list(events)
    if sees_sensitive:
        return shown
    for event in shown:
        hidden = [name for name in sensitive_fields(event.object_type) if name in event.changes]
        if hidden:
            event.changes = {**event.changes, **{name: [HIDDEN, HIDDEN] for name in hidden}}
    return shown
