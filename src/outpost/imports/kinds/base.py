"""What every sheet written through its app's services shares.

Such a sheet is read and its cells checked with the others; then, in the import's one
transaction and after the other sheets are written, each row is matched to what is recorded
by its natural key and written by calling the app's services in order, so that their rules
(and their audit events) apply to imported rows as to anything typed in a page. A refused
row is rolled back to its savepoint and its errors are placed on its columns; one refused
row, or a dry run, rolls the whole import back.

A value the app has no service to change (a segment's length, a patrol's distance) is
compared with what is recorded: the same value is fine, another one is refused on its cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from outpost.core.text import squash
from outpost.geo import codes
from outpost.geo.codes import When
from outpost.imports import spec
from outpost.imports.lookups import CODE_COLUMNS, when_of

if TYPE_CHECKING:
    from outpost.force.models import Cadre, ForceUnit
    from outpost.geo.models import AdminUnit, Village
    from outpost.imports.engine import Importer, SheetPlan
    from outpost.imports.reader import SheetRows
    from outpost.people.models import Household

T = TypeVar("T")
Accessor = str | Callable[[Any], Any]
Columns = list[tuple[str, Accessor]]


class Refused(Exception):
    """The row is not written; its errors, if it has any, are already reported."""


def export_columns(sheet: spec.Sheet, accessors: dict[str, Accessor]) -> Columns:
    """The sheet's headers with how to read each from a record, in the sheet's order. A
    commune code is written so that importing the sheet again finds the same commune."""
    return [
        (c.header, dated_code(accessors[c.key]) if c.key in CODE_COLUMNS else accessors[c.key])
        for c in sheet.columns
        if c.key in accessors
    ]


def dated_code(accessor: Accessor) -> Accessor:
    """`"commune.code"` -> the commune's code, as `CODE@date` when the 2025 reorganisation
    gave its code to another commune too (`geo.codes.designation`)."""
    if not isinstance(accessor, str) or not accessor.endswith(".code"):
        return accessor
    unit_of = attrgetter(accessor.removesuffix(".code"))
    reused: set[str] | None = None  # read once per export, when the first row needs it

    def code(row: Any) -> str | None:
        nonlocal reused
        try:
            unit = unit_of(row)
        except AttributeError:  # a null foreign key on the way
            return None
        if unit is None:
            return None
        if reused is None:
            reused = codes.reused_codes()
        return codes.designation(unit, reused)

    return code


def joined(values: Iterable[Any]) -> str:
    return ", ".join(str(v) for v in values)


class ServiceSheet:
    """One sheet of one kind of record. Subclasses give the sheet, the natural key of a row
    (`key`, from its cells, to refuse a row repeated in the file) and `write_row`."""

    sheet: ClassVar[spec.Sheet]
    # A model's or service's field -> the column its errors are shown on.
    fields: ClassVar[dict[str, str]] = {}
    # The columns giving the date the row is about (the first one filled; a year column is
    # the whole year), on which its commune code is read (`lookups`). None: no date.
    dated_by: ClassVar[tuple[str, ...]] = ()

    def __init__(self, importer: Importer, rows: SheetRows, plan: SheetPlan) -> None:
        self.importer = importer
        self.lookups = importer.lookups
        self.rows = rows
        self.plan = plan
        self.actor = importer.actor
        self.pending: list[tuple[int, dict[str, Any]]] = []
        # The file's sheet each pending row comes from (an import may read many files).
        self.pending_in: list[SheetRows] = []
        self.current: dict[str, Any] = {}  # the row being written

    # --- checking the file ---------------------------------------------------------------

    def key(self, v: dict[str, Any]) -> tuple[Any, ...]:
        raise NotImplementedError

    def check(self, rows: SheetRows, plan: SheetPlan, n: int, v: dict[str, Any]) -> None:
        if not self.importer._duplicate(rows, n, self.key(v)):
            self.keep(rows, n, v)

    def keep(self, rows: SheetRows, n: int, v: dict[str, Any]) -> None:
        """Row `n` of `rows` is to be written."""
        self.pending.append((n, v))
        self.pending_in.append(rows)

    # --- writing -------------------------------------------------------------------------

    def load(self) -> None:
        """Read once what the pending rows may match."""

    def write_row(self, n: int, v: dict[str, Any]) -> None:
        raise NotImplementedError

    def apply(self) -> None:
        from outpost.imports.engine import WRITE

        self.load()
        for (n, v), rows in zip(self.pending, self.pending_in, strict=True):
            self.rows = rows  # its errors name its file and sheet
            self.importer.working_on(rows)
            self.current = v
            try:
                with transaction.atomic():
                    self.write_row(n, v)
            except Refused:
                pass
            except ValidationError as exc:
                self._place(n, exc, "")
            self.importer._tick(WRITE, 1)

    def call(self, n: int, column: str, service: Callable[..., T], **kwargs: Any) -> T:
        """Run a service for row `n`; what it refuses is shown on the columns of the fields
        it names, the rest on `column`."""
        try:
            return service(actor=self.actor, **kwargs)
        except ValidationError as exc:
            self._place(n, exc, column)
            raise Refused from exc

    def _place(self, n: int, exc: ValidationError, column: str) -> None:
        if hasattr(exc, "error_dict"):
            for name, messages in exc.message_dict.items():
                key = self.fields.get(name, column)  # NON_FIELD_ERRORS too, when named
                for message in messages:
                    self.importer._col_error(self.rows, n, key, self.cell(key), message)
        else:
            for message in exc.messages:
                self.importer._col_error(self.rows, n, column, self.cell(column), message)

    def cell(self, column: str) -> Any:
        value = self.current.get(column) if column else None
        return ", ".join(value) if isinstance(value, list) else value

    def end_once(
        self,
        n: int,
        v: dict[str, Any],
        *,
        recorded_on: dt.date | None,
        recorded_reason: str,
        missing_date: str,
        end: Callable[..., Any],
        on_column: str = "valid_to",
        reason_column: str = "end_reason",
    ) -> bool:
        """A row's end date and reason. No date keeps the record open (a reason alone is
        refused with `missing_date`); a record already ended must match the row; otherwise
        `end(actor=..., on=..., reason=...)` ends it. True when it was ended now."""
        on = v.get(on_column)
        reason = v.get(reason_column)
        if on is None:
            if reason and recorded_on is None:
                self.fail(n, on_column, None, missing_date)
            return False
        if recorded_on is not None:
            self.same(n, on_column, recorded_on, on)
            self.same(n, reason_column, recorded_reason, reason)
            return False
        self.call(n, on_column, end, on=on, reason=reason or "")
        return True

    def fail(self, n: int, column: str, value: Any, message: str) -> NoReturn:
        self.importer._col_error(self.rows, n, column, value, message)
        raise Refused

    def same(self, n: int, column: str, recorded: Any, given: Any) -> None:
        """An empty cell, or the value already recorded: anything else cannot be imported."""
        if isinstance(recorded, str):
            recorded = squash(recorded)  # as the cell was read
        if given is None or given == recorded or (given == "" and recorded is None):
            return
        shown = recorded if recorded not in (None, "") else _("nothing")
        if isinstance(shown, dt.date):
            shown = shown.strftime("%d/%m/%Y")
        self.fail(
            n,
            column,
            given,
            _("Recorded as %(recorded)s: an import cannot change this.") % {"recorded": shown},
        )

    # --- counting ------------------------------------------------------------------------

    def created(self, obj: models.Model) -> None:
        self.plan.creates.append(obj)

    def updated(self, obj: models.Model) -> None:
        self.plan.updates.append((obj, {}))

    def unchanged(self) -> None:
        self.plan.unchanged += 1

    # --- what a row refers to ------------------------------------------------------------

    @staticmethod
    def saved(obj: T | None) -> T:
        """A record the row needs. One left unwritten (its sheet has errors) leaves the row
        unchecked: the errors already shown come first."""
        if obj is None or getattr(obj, "pk", 1) is None:
            raise Refused
        return obj

    def when(self, v: dict[str, Any]) -> When:
        return when_of(v, self.dated_by)

    def commune(self, n: int, v: dict[str, Any]) -> AdminUnit:
        """The commune the row's code names on the date the row is about."""
        return self.saved(
            self.lookups.unit(self.rows, n, "commune_code", v["commune_code"], when=self.when(v))
        )

    def village(self, n: int, commune: AdminUnit, name: str) -> Village:
        return self.saved(self.lookups.village(self.rows, n, commune, name))

    def household(self, n: int, commune: AdminUnit, code: str) -> Household:
        return self.saved(self.lookups.household(self.rows, n, commune, code))

    def cadre(self, n: int, column: str, number: str) -> Cadre:
        return self.saved(self.lookups.cadre(self.rows, n, number, column))

    def force_unit(self, n: int, column: str, code: str) -> ForceUnit:
        unit = self.lookups.force_unit(self.rows, n, column, code)
        if unit is None:
            raise Refused
        return unit

    def fold(self, text: str) -> str:
        return self.importer._fold(text) if text else ""
