"""The database every test starts from, set up once per test process.

After the migrations (and their data: ethnic groups, activity kinds, programs, poverty
standards), the shared `World` of tests/conftest.py is built once, through the real services,
and committed. Each test then runs in its usual rolled-back transaction on top of it:

- a test that asks for `world` gets its own deep copy of the instances `build_world` returned,
  so a test that changes `world.cadre_a` in memory changes nothing for the next one, and a
  change it writes is rolled back with its transaction;
- a test that does not ask for it starts with the world's rows taken away inside its own
  transaction: it sees the database exactly as the migrations left it, as it always did;
- a test on a transactional database (live server, threads) commits, and when it ends Django
  empties every table, the migrations' data included. The starting state is then put back from
  a snapshot taken once, before the next test (or shared fixture) that uses the database.

Fixtures that build data for a whole class or module do so inside `SharedDatabase.scratch()`
(the starting state without the world: the demo, the official unit files) or
`SharedDatabase.on_the_world()` (with it: the field work figures), rolled back when they are
done; each test on top still runs in its own transaction.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Model
from django.utils import translation


@dataclass(frozen=True)
class Rows:
    """Rows of one table: those whose `column` holds one of `values`."""

    table: str
    column: str
    values: tuple[Any, ...]


@dataclass
class SharedDatabase:
    world: Any  # the World as build_world returned it; tests get deep copies
    world_rows: list[Rows]
    migrated_snapshot: str  # every row after the migrations, serialized
    snapshot: str  # the same with the world
    emptied: bool = False
    in_scratch: bool = False
    on_world: bool = False

    def world_copy(self) -> Any:
        if self.in_scratch:
            raise RuntimeError("a test inside scratch() has no world: it was taken away for it")
        return copy.deepcopy(self.world)

    def remove_world(self) -> None:
        """Delete the world's rows in one transaction (the constraints are deferred, so the
        order does not matter); inside a test's transaction this is rolled back with it.

        Inside scratch() they are gone already, and their keys may have been handed out again
        (the national generator numbers its rows itself): nothing more to delete."""
        if self.in_scratch:
            return
        if self.on_world:
            raise RuntimeError(
                "a test without the world cannot run among tests sharing data built on it"
                " (on_the_world()): ask for `world`, or move the test to another module"
            )
        with transaction.atomic(), connection.cursor() as cursor:
            for rows in self.world_rows:
                _delete(cursor, rows)

    def ready(self) -> None:
        """Put the starting state back if a transactional test emptied the database."""
        if self.emptied:
            self.restore()

    def restore(self) -> None:
        # Django's flush left only the content types and permissions that post_migrate made
        # again under new keys; the snapshot brings back the original ones. Deleting from the
        # few tables with rows is much cheaper on PostgreSQL than a second flush (TRUNCATE of
        # every table). The rows come back with their own keys, so the sequences must not
        # restart below them.
        with transaction.atomic(), connection.cursor() as cursor:
            quote = connection.ops.quote_name
            for model in _tables():
                if model._base_manager.exists():
                    cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")
        connection.creation.deserialize_db_from_string(self.snapshot)
        _sequences_past_every_row()
        self.emptied = False

    @contextmanager
    def scratch(self) -> Iterator[None]:
        """A transaction on the starting state without the world, rolled back at the end."""
        self.ready()
        with transaction.atomic():
            self.remove_world()
            self.in_scratch = True
            try:
                yield
            finally:
                self.in_scratch = False
                transaction.set_rollback(True)

    @contextmanager
    def on_the_world(self) -> Iterator[None]:
        """A transaction on the starting state with the world, rolled back at the end: for
        records a whole module of tests on the world reads (each test still rolls back its
        own writes)."""
        self.ready()
        with transaction.atomic():
            self.on_world = True
            try:
                yield
            finally:
                self.on_world = False
                transaction.set_rollback(True)


def copy_onto(records: Any, built_on: Any, world: Any) -> Any:
    """A deep copy of `records` (built on the world copy `built_on`) whose references to
    `built_on`'s instances are to `world`'s instead, as if they had been built on `world`."""
    memo: dict[int, Any] = {id(built_on): world, id(built_on.users): world.users}
    for name in vars(built_on):
        memo[id(getattr(built_on, name))] = getattr(world, name)
    for persona, user in built_on.users.items():
        memo[id(user)] = world.users[persona]
    return copy.deepcopy(records, memo)


def set_up(build_world: Any) -> SharedDatabase:
    """Build the world into the freshly migrated test database and remember what it added."""
    migrated_snapshot = serialized()
    before = _primary_keys()
    # Most tests read English (see english_unless_marked_vietnamese); the world is built the
    # way those tests used to build it.
    with translation.override("en"), transaction.atomic():
        world = build_world()
    after = _primary_keys()
    return SharedDatabase(
        world=world,
        world_rows=_added(before, after),
        migrated_snapshot=migrated_snapshot,
        snapshot=serialized(),
    )


def serialized() -> str:
    """Every row of the database, the way Django's serialized rollback stores it."""
    return connection.creation.serialize_db_to_string()


def _tables() -> list[type[Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _primary_keys() -> dict[type[Model], set[Any]]:
    return {model: set(model._base_manager.values_list("pk", flat=True)) for model in _tables()}


def _added(before: dict[type[Model], set[Any]], after: dict[type[Model], set[Any]]) -> list[Rows]:
    """The rows the world added: by primary key, except in the tables Django makes for
    many-to-many fields, whose rows come back from a snapshot under new keys; there, the
    rows that point to a row of the world."""
    new = {model: after[model] - before[model] for model in after}
    added = []
    for model, pks in new.items():
        if model._meta.auto_created:
            for field in model._meta.concrete_fields:
                joined = new.get(field.related_model) if field.is_relation else None
                if joined:
                    added.append(Rows(model._meta.db_table, field.column, tuple(sorted(joined))))
        elif pks:
            added.append(Rows(model._meta.db_table, model._meta.pk.column, tuple(sorted(pks))))
    return added


def _sequences_past_every_row() -> None:
    """What loaddata does after writing rows with their keys (PostgreSQL; nothing on SQLite)."""
    statements = connection.ops.sequence_reset_sql(no_style(), _tables())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _delete(cursor: Any, rows: Rows) -> None:
    quote = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(rows.values))
    cursor.execute(
        f"DELETE FROM {quote(rows.table)} WHERE {quote(rows.column)} IN ({marks})",
        list(rows.values),
    )
