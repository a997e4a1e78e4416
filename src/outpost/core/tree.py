"""Units in trees, at any depth and on any date: administrative units and force units.

Two trees are kept as a `parent` key on rows with a validity period (`valid_from`, exclusive
`valid_to`):

- administrative units: province -> district -> commune before 1 July 2025, province ->
  commune after (the districts were abolished; the units of each side are separate rows);
- force units: High Command -> provincial command -> border post -> team.

Technique: one recursive common table expression (`WITH RECURSIVE`) per walk, written here
once and run through Django's raw SQL, which SQLite and PostgreSQL both run. The parent key
stays the only truth: a closure table would have to be kept in step by every writer (the
services, the unit importers, the bulk loads of the demo), and a missed one would silently
change scopes. Each function below is one query whatever the depth of the tree (the walk is
a subquery, so a caller may also fold it into a query of its own).

Given a date, a walk follows only the units valid on it, the starting units included: a
province of before the reorganisation reaches its communes through its districts, the
province of after reaches its communes directly, and a unit not yet created (or already
ended) is not reached. Without a date a walk follows every unit that ever hung there, which is
what scopes need (a post keeps its pre-2025 communes in view).

The domain models are imported inside the functions, as elsewhere in core: core stays the
lowest layer, importable by geo and force themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from django.db import connection, models
from django.db.models.expressions import RawSQL

if TYPE_CHECKING:
    from outpost.geo.models import AdminUnit


class Node(Protocol):
    """A unit already read: enough to place it in its tree."""

    @property
    def pk(self) -> Any: ...
    @property
    def parent_id(self) -> int | None: ...
    @property
    def code(self) -> str: ...


N = TypeVar("N", bound=Node)

# A walk up stops after this many steps: no real tree is near it, and it bounds the walk should
# bad data ever link a unit under itself. (Walks down cannot loop: UNION drops repeated rows.)
MAX_DEPTH = 32


# --- the walks, for any self-parented model with a validity period ---------------------------


def _column(model: type[models.Model], field_name: str) -> str:
    field = model._meta.get_field(field_name)
    assert isinstance(field, models.Field) and field.column is not None
    return connection.ops.quote_name(field.column)


def _names(model: type[models.Model]) -> tuple[str, str, str]:
    """The quoted table, primary key and parent key of a tree's model."""
    pk = model._meta.pk
    assert pk is not None
    return (
        connection.ops.quote_name(model._meta.db_table),
        _column(model, pk.name),
        _column(model, "parent"),
    )


def _valid_on(alias: str, on: dt.date | None) -> tuple[str, list[Any]]:
    """The SQL condition "valid on the date" for a table alias (see `core.models.valid_on_q`),
    or no condition without a date."""
    if on is None:
        return "1 = 1", []
    day = connection.ops.adapt_datefield_value(on)
    return (
        f"({alias}.valid_from IS NULL OR {alias}.valid_from <= %s)"
        f" AND ({alias}.valid_to IS NULL OR {alias}.valid_to > %s)",
        [day, day],
    )


def _id_list(ids: Iterable[int]) -> tuple[str, list[int]]:
    """An IN list of ids; an empty one matches nothing (SQL has no empty IN list)."""
    values = sorted(set(ids))
    if not values:
        return "(NULL)", []
    return "(" + ", ".join(["%s"] * len(values)) + ")", values


def _down_sql(
    model: type[models.Model],
    roots: Iterable[int],
    on: dt.date | None,
    only: dict[str, str] | None,
) -> tuple[str, list[Any]]:
    """The ids of the given units and of every unit under them; with `only`, of those among
    them whose fields have the given values (the walk carries those columns, so the answer
    needs no second look at the table)."""
    table, pk, parent = _names(model)
    only = only or {}
    carried = [_column(model, name) for name in only]
    in_roots, root_params = _id_list(roots)
    root_valid, root_valid_params = _valid_on("t", on)
    child_valid, child_valid_params = _valid_on("c", on)
    kept = " AND ".join(["1 = 1", *(f"{column} = %s" for column in carried)])
    sql = (
        f"WITH RECURSIVE down AS ("
        f" SELECT {_select('t', pk, carried)} FROM {table} t"
        f" WHERE t.{pk} IN {in_roots} AND {root_valid}"
        f" UNION"
        f" SELECT {_select('c', pk, carried)} FROM {table} c JOIN down ON c.{parent} = down.id"
        f" WHERE {child_valid}"
        f") SELECT id FROM down WHERE {kept}"
    )
    values = [str(value) for value in only.values()]
    return sql, [*root_params, *root_valid_params, *child_valid_params, *values]


def _select(alias: str, pk: str, carried: list[str]) -> str:
    """The columns of a walk's rows: the id, then the carried columns under their own names."""
    return ", ".join([f"{alias}.{pk} AS id", *(f"{alias}.{column}" for column in carried)])


def subtree(
    model: type[models.Model],
    roots: Iterable[int],
    *,
    on: dt.date | None = None,
    only: dict[str, str] | None = None,
) -> RawSQL:
    """The walk down of `ids_under` as a subquery, for a query of the caller's (`pk__in`)."""
    return RawSQL(*_down_sql(model, roots, on, only))


def _up_sql(
    model: type[models.Model], starts: Iterable[int], on: dt.date | None
) -> tuple[str, list[Any]]:
    """Rows (start, unit, steps up) from each start unit (0 steps) to the top of its tree."""
    table, pk, parent = _names(model)
    in_starts, start_params = _id_list(starts)
    start_valid, start_valid_params = _valid_on("t", on)
    parent_valid, parent_valid_params = _valid_on("p", on)
    sql = (
        f"WITH RECURSIVE up(start_id, id, parent_id, depth) AS ("
        f" SELECT t.{pk}, t.{pk}, t.{parent}, 0 FROM {table} t"
        f" WHERE t.{pk} IN {in_starts} AND {start_valid}"
        f" UNION ALL"
        f" SELECT up.start_id, p.{pk}, p.{parent}, up.depth + 1 FROM {table} p"
        f" JOIN up ON p.{pk} = up.parent_id WHERE up.depth < %s AND {parent_valid}"
        f") SELECT start_id, id, depth FROM up ORDER BY start_id, depth"
    )
    return sql, [*start_params, *start_valid_params, MAX_DEPTH, *parent_valid_params]


def ids_under(
    model: type[models.Model],
    roots: Iterable[int],
    *,
    on: dt.date | None = None,
    only: dict[str, str] | None = None,
) -> set[int]:
    """The given units and every unit under them, at any depth (with `only`: those of them
    with the given field values). One query."""
    sql, params = _down_sql(model, roots, on, only)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def chains_up(
    model: type[models.Model], starts: Iterable[int], *, on: dt.date | None = None
) -> dict[int, list[int]]:
    """For each start unit, the unit itself then each unit above it, nearest first. One query."""
    sql, params = _up_sql(model, starts, on)
    chains: dict[int, list[int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for start_id, unit_id, _depth in cursor.fetchall():
            chains.setdefault(start_id, []).append(unit_id)
    return chains


def ids_above(
    model: type[models.Model], starts: Iterable[int], *, on: dt.date | None = None
) -> set[int]:
    """The given units and every unit above them. One query."""
    return {unit_id for chain in chains_up(model, starts, on=on).values() for unit_id in chain}


def in_tree_order(units: Iterable[N]) -> list[tuple[N, int]]:
    """Units already read (the ones a user may see, say), parents before their children and
    siblings by code, each with its depth below the highest of them. A unit whose parent is not
    among them heads a tree of its own. No query."""
    given = list(units)
    ids = {u.pk for u in given}
    children: dict[Any, list[N]] = {}
    for unit in sorted(given, key=lambda u: u.code):
        children.setdefault(unit.parent_id if unit.parent_id in ids else None, []).append(unit)
    rows: list[tuple[N, int]] = []
    stack = [(unit, 0) for unit in reversed(children.get(None, []))]
    while stack:
        unit, depth = stack.pop()
        rows.append((unit, depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(unit.pk, [])))
    return rows


# --- the two trees ---------------------------------------------------------------------------


def communes_under(
    unit_ids: Iterable[int], *, on: dt.date | None = None
) -> models.QuerySet[AdminUnit]:
    """The communes at or under the given administrative units (a commune is its own), at any
    depth, valid on the date when one is given. Lazy: one query when read."""
    from outpost.geo.models import AdminUnit

    communes = subtree(AdminUnit, unit_ids, on=on, only={"level": AdminUnit.Level.COMMUNE})
    return AdminUnit.objects.filter(pk__in=communes)


def commune_ids_under(unit_ids: Iterable[int], *, on: dt.date | None = None) -> set[int]:
    """The ids of `communes_under`, read at once. One query."""
    from outpost.geo.models import AdminUnit

    return ids_under(AdminUnit, unit_ids, on=on, only={"level": AdminUnit.Level.COMMUNE})


def admin_units_above(unit_ids: Iterable[int], *, on: dt.date | None = None) -> set[int]:
    """The given administrative units and every unit above them (district, province)."""
    from outpost.geo.models import AdminUnit

    return ids_above(AdminUnit, unit_ids, on=on)


def force_units_under(unit_ids: Iterable[int], *, on: dt.date | None = None) -> set[int]:
    """The given force units and every unit under them (posts, teams), at any depth."""
    from outpost.force.models import ForceUnit

    return ids_under(ForceUnit, unit_ids, on=on)


def force_subtree(unit_ids: Iterable[int], *, on: dt.date | None = None) -> RawSQL:
    """`force_units_under` as a subquery, for a query of the caller's: the areas of a command
    are read in one query, without sending the ids of all its posts and teams back."""
    from outpost.force.models import ForceUnit

    return subtree(ForceUnit, unit_ids, on=on)


def force_units_above(unit_ids: Iterable[int], *, on: dt.date | None = None) -> set[int]:
    """The given force units and every unit above them, up to the High Command."""
    from outpost.force.models import ForceUnit

    return ids_above(ForceUnit, unit_ids, on=on)


def force_chains_up(unit_ids: Iterable[int], *, on: dt.date | None = None) -> dict[int, list[int]]:
    """For each force unit, itself then its parent, grandparent... up to the High Command:
    for settings a unit inherits from the nearest unit above it that has one."""
    from outpost.force.models import ForceUnit

    return chains_up(ForceUnit, unit_ids, on=on)
