"""Writing many rows fast: one prepared statement per table (COPY on PostgreSQL, one INSERT
run many times on SQLite), with the ids handed out beforehand so that rows can name each
other and their audit events before anything is written.

For bulk loads (the importer, the national data set) where `bulk_create` would build SQL value
by value and, on PostgreSQL, return every id. The audit rows carry what `audit.build_event`
puts in an `AuditEvent`; `AuditRows` builds them as plain tuples.

Foreign keys are checked at commit (Django declares them deferrable), so rows may be written
in any order within the transaction.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

from outpost.core.audit import SKIPPED_FIELDS
from outpost.core.models import AuditEvent

AUDIT_COLUMNS = (
    "at", "actor_id", "action", "source", "object_type", "object_id", "object_repr",
    "changes", "commune_id", "force_unit_id", "note",
)  # fmt: skip

_PLAIN = (str, int, bool, type(None))


def insert(table: str, columns: Iterable[str], rows: Sequence[Sequence[Any]]) -> None:
    """Many rows at once: COPY on PostgreSQL, one prepared INSERT run many times on SQLite.
    Values must be ready for the database (see `ModelRows`)."""
    columns = list(columns)
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` new primary keys for `model`, never handed out before.

    PostgreSQL: taken from the table's sequence (safe alongside other writers). SQLite: above
    the highest id ever used (AUTOINCREMENT keeps it in sqlite_sequence); call this inside the
    transaction that writes the rows: Outpost opens SQLite transactions IMMEDIATE, so no other
    writer can come in between."""
    if count <= 0:
        return []
    table = model._meta.db_table
    pk = str(model._meta.pk.column)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [quote(table), pk, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT MAX({quote(pk)}) FROM {quote(table)}")
        top = cursor.fetchone()[0] or 0
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            if row is not None and row[0] is not None:
                top = max(top, int(row[0]))
        start = int(top) + 1
        return list(range(start, start + count))


def _column_value(f: models.Field, now: Any) -> Callable[[models.Model], Any]:
    """How one field's value is read from an object and made ready for the database."""
    attname = f.attname
    if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
        stamp = connection.ops.adapt_datetimefield_value(now)

        def stamped(obj: models.Model) -> Any:
            setattr(obj, attname, now)
            return stamp

        return stamped
    if isinstance(f, models.JSONField):
        encoder = f.encoder
        return lambda obj: json.dumps(getattr(obj, attname), cls=encoder)
    if f.is_relation:
        name, cache_name = f.name, f.cache_name  # type: ignore[attr-defined]

        def related(obj: models.Model) -> Any:
            value = getattr(obj, attname)
            if value is None:
                # An object created in the same load, set before it had its id.
                cached = obj._state.fields_cache.get(cache_name)
                if cached is not None and cached.pk is not None:
                    setattr(obj, name, cached)
                    value = cached.pk
            return value

        return related

    def plain(obj: models.Model) -> Any:
        value = getattr(obj, attname)
        if type(value) in _PLAIN:
            return value
        return f.get_db_prep_save(value, connection)

    return plain


class ModelRows:
    """How objects of one model become database rows (every concrete column, the id
    included) and the changes of their creation event, worked out once per model."""

    def __init__(self, model: type[models.Model], now: dt.datetime | None = None) -> None:
        meta = model._meta
        self.model = model
        self.table = str(meta.db_table)
        self.now = now or timezone.now()
        fields = list(meta.concrete_fields)
        self.columns = [str(f.column) for f in fields]
        self.getters = [_column_value(f, self.now) for f in fields]
        self.label = meta.label_lower
        # What `audit.snapshot` records: every concrete field but the key and the skipped ones.
        self.snapshot = [
            (f.name, f.attname)
            for f in fields
            if not f.primary_key and f.name not in SKIPPED_FIELDS
        ]

    def row(self, obj: models.Model) -> list[Any]:
        return [get(obj) for get in self.getters]

    def write(self, objs: Sequence[models.Model]) -> None:
        """Insert the objects, which already have their ids (`allocate_ids`)."""
        insert(self.table, self.columns, [self.row(obj) for obj in objs])
        alias = connection.alias
        for obj in objs:
            obj._state.adding = False
            obj._state.db = alias

    def created(self, obj: models.Model) -> dict[str, list[Any]]:
        """The changes `audited_create` records: every field set, as [None, value]."""
        out: dict[str, list[Any]] = {}
        for name, attname in self.snapshot:
            value = getattr(obj, attname)
            if value is None or value == "":
                continue
            out[name] = [None, plain(value)]
        return out


def plain(value: Any) -> Any:
    """A value as `audit.snapshot` records it (JSON-ready)."""
    if type(value) in _PLAIN:
        return value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def where(obj: models.Model) -> tuple[Any, Any]:
    """The commune and force unit of a row, as `audit.build_event` finds them."""
    commune_id = getattr(obj, "audit_commune_id", None)
    force_unit_id = getattr(obj, "audit_force_unit_id", None)
    return (
        commune_id() if callable(commune_id) else commune_id,
        force_unit_id() if callable(force_unit_id) else force_unit_id,
    )


class AuditRows:
    """Audit events as plain rows, with what `audit.build_event` would put in them, written
    with `insert`. One `at` for the whole load."""

    def __init__(
        self, *, actor: Any, source: str, note: str = "", now: dt.datetime | None = None
    ) -> None:
        self.now = now or timezone.now()
        self.at = connection.ops.adapt_datetimefield_value(self.now)
        self.actor_id = actor.pk if getattr(actor, "pk", None) else None
        self.source = str(source)
        self.note = note[:300]
        self.rows: list[tuple[Any, ...]] = []

    def add(self, action: str, obj: models.Model, changes: dict[str, Any], label: str = "") -> None:
        commune_id, force_unit_id = where(obj)
        self.rows.append(
            (
                self.at,
                self.actor_id,
                str(action),
                self.source,
                label or obj._meta.label_lower,
                str(obj.pk),
                str(obj)[:300],
                json.dumps(changes),
                commune_id,
                force_unit_id,
                self.note,
            )
        )

    def write(self) -> None:
        if self.rows:
            insert(AuditEvent._meta.db_table, AUDIT_COLUMNS, self.rows)
        self.rows = []
