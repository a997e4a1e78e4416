"""The spreadsheet importer: validate a whole workbook, then write it in one transaction.

Validation applies the rules the services apply (model `clean()`s, the poverty rule, the
assignment rules) but against lookups loaded once, so a row costs no query. Writing uses
one prepared statement per table (`outpost.core.bulk`: COPY on PostgreSQL) for new rows and
`bulk_update` for changed ones, with one audit event per created or changed record written the
same way, inside the same transaction: a file imports whole or not at all.

Rows are matched to what is already recorded by natural keys, so importing a file twice
creates nothing new: village = commune code + village name; cadre = service number;
household = commune code + household code; resident = household + full name + birth year;
assessment = household + year; branch = village; assignment = cadre + target + start date.
An empty cell leaves an existing record's value as it is.

What rows name (communes, villages, households, cadres, force units) is loaded once for the
file into `lookups.Lookups`, which the sheets below and those of `kinds` share. A commune
code is read on the date its record is about (`lookups`, `outpost.geo.codes`), never on
today: an assignment's or a seat's start, a household's, a village's or a branch's own date,
an assessment's year. Codes were reused in 2025, so a reused code whose row has no date, or
a year in which two communes carried it, is refused naming both; `CODE@YYYY-MM-DD` in the
cell reads the code on that day. A code never reused names its one commune whatever the date.

The sheets of `kinds` (Party candidates, mass organisations and their consolidation, works,
border segments, markers and patrols, incidents) are few rows with rules that live in their
services (a candidate's stages, a work's completion): after the sheets above are written, each
of their rows is written by calling those services in the same transaction, which is rolled
back when any row fails and after a dry run (`_write_with_services`, `kinds.base`).

A file that builds the force (units, areas of responsibility, postings: `kinds.force`) is
written in the stages of `spec.STAGES` inside its one transaction, each stage checked once
the ones before it are written (`_run_in_stages`): its cadres, villages and assignments may
name the units, areas and postings the same file creates.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outpost.accounts.scope import Scope, scope_for
from outpost.assign import rules
from outpost.assign.models import BranchMembership, CommitteeSeat, HouseholdAssignment
from outpost.core import bulk, ethnic_groups
from outpost.core.audit import audit_source, diff, snapshot
from outpost.core.models import AuditEvent, EthnicGroup
from outpost.core.text import fold, squash
from outpost.force.models import Cadre, Posting
from outpost.geo.codes import Period
from outpost.geo.models import AdminUnit, Village
from outpost.grassroots.models import PartyBranch
from outpost.grassroots.services import branch_committee_set
from outpost.imports import spec
from outpost.imports.kinds import KINDS
from outpost.imports.kinds.base import ServiceSheet
from outpost.imports.lookups import SEAT_LEVELS, Lookups, chunks, in_chunks
from outpost.imports.reader import SheetRows, read_workbook
from outpost.people.models import Household, PovertyAssessment, PovertyStandard, Resident
from outpost.people.poverty import INDICATOR_KEYS, INDICATOR_LABELS, classify
from outpost.people.services import HOUSEHOLD_FIELDS, RESIDENT_FIELDS, standard_for_year

Source = str | Path | bytes | BinaryIO
M = TypeVar("M", bound=models.Model)
PREVIEW_ROWS = 5
BATCH = 2000
ANALYZE_AFTER = 10_000  # created rows: refresh the planner's statistics after that
MEMO_SIZE = 200_000  # parsed cell values and folded names kept for reuse
_UNSEEN = object()

READ = "read"
VALIDATE = "validate"
WRITE = "write"


@dataclass(frozen=True)
class Step:
    """How far an import has gone: the rows of the phase done of all, and where it is (the
    file, its place among the import's files, the sheet and the rows of that file's sheet)."""

    phase: str
    done: int
    total: int
    file: str = ""
    file_number: int = 0
    files: int = 0
    sheet: str = ""
    sheet_done: int = 0
    sheet_total: int = 0

    @property
    def where(self) -> str:
        """Where the import is, as far as known: "3/120 post-A-2023.xlsx · households
        1,200/4,000"."""
        parts = []
        if self.file:
            parts.append(
                f"{self.file_number}/{self.files} {self.file}" if self.files > 1 else self.file
            )
        if self.sheet:
            parts.append(f"{self.sheet} {self.sheet_done:,}/{self.sheet_total:,}")
        return " · ".join(parts)


Progress = Callable[[Step], None]


class BadValue(Exception):
    pass


class _RollBack(Exception):
    """Undo the import's transaction: a row failed, or it was a dry run."""


@dataclass
class RowError:
    file: str
    sheet: str
    row: int
    column: str
    value: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }

    def __str__(self) -> str:
        where = f"{self.file}, {self.sheet}, row {self.row}" if self.sheet else self.file
        if self.column:
            where += f", {self.column}"
        value = f" = {self.value!r}" if self.value else ""
        return f"{where}{value}: {self.message}"


@dataclass
class SheetPlan:
    key: str
    title: str
    headers: list[str] = field(default_factory=list)
    rows: int = 0
    creates: list[models.Model] = field(default_factory=list)
    updates: list[tuple[models.Model, dict[str, list[Any]]]] = field(default_factory=list)
    unchanged: int = 0
    preview: list[list[str]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "rows": self.rows,
            "create": len(self.creates),
            "update": len(self.updates),
            "unchanged": self.unchanged,
            "headers": self.headers,
            "preview": self.preview,
        }


@dataclass
class Report:
    file: str
    sheets: list[SheetPlan]
    errors: list[RowError]
    ignored: list[str]
    written: bool = False
    seconds: float = 0.0
    files: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total_rows(self) -> int:
        return sum(s.rows for s in self.sheets)

    def counts(self) -> dict[str, dict[str, int]]:
        return {
            s.key: {"create": len(s.creates), "update": len(s.updates), "unchanged": s.unchanged}
            for s in self.sheets
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "files": self.files,
            "sheets": [s.summary() for s in self.sheets],
            "errors": [e.as_dict() for e in self.errors],
            "ignored": self.ignored,
            "written": self.written,
            "total_rows": self.total_rows,
            "seconds": round(self.seconds, 2),
        }


def files_label(names: Sequence[str], limit: int = 255) -> str:
    """How an import of many files is named (its job, its audit events): how many, then
    as many of their names as fit."""
    label = _("%(count)s files: %(names)s") % {"count": len(names), "names": ", ".join(names)}
    return label if len(label) <= limit else label[: limit - 1] + "…"


_GROUPED = re.compile(r"^\d{1,3}([.,]\d{3})+$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_TRUE = {"x", "co", "yes", "y", "1", "true", "dung", "v"}
_FALSE = {"khong", "no", "n", "0", "false", "sai", "-"}


def _decimal(raw: Any) -> Decimal:
    """21.5, 21,5 or 1.234,5 (Vietnamese grouping) as a Decimal."""
    if isinstance(raw, bool):
        raise BadValue(_("A number is expected."))
    if isinstance(raw, int | float):
        text = repr(raw) if isinstance(raw, float) else str(raw)
    else:
        text = str(raw).replace(" ", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise BadValue(_("A number is expected.")) from None
    if not number.is_finite():
        raise BadValue(_("A number is expected."))
    return number


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _set_columns(
    model: type[models.Model], columns: list[str], rows: list[tuple[Any, ...]]
) -> None:
    """UPDATE many rows by primary key in one prepared statement: bulk_update's CASE WHEN
    is far slower for the tens of thousands of rows of a large import."""
    from django.db import connection

    table = connection.ops.quote_name(model._meta.db_table)
    assignments = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in columns)
    with connection.cursor() as cursor:
        for chunk in chunks(rows, BATCH * 5):
            cursor.executemany(f"UPDATE {table} SET {assignments} WHERE id = %s", chunk)


@dataclass(frozen=True)
class _Target:
    """What an assignment row points at: a household, a village's Party branch."""

    model: type[models.Model]  # the assignment model
    field: str  # its field naming the target
    obj: Any
    key: Any  # how the assignment index knows the target
    column: str  # the sheet column naming it


class _Blueprint:
    """What `Model.__init__` does for one model, worked out once: each field's default, and
    for each foreign key where its id goes and where the related object is cached."""

    def __init__(self, model: type[models.Model]) -> None:
        self.defaults: list[tuple[str, Any]] = []
        self.computed: list[tuple[str, Callable[[], Any]]] = []
        self.relations: dict[str, tuple[str, str, str]] = {}
        self.attnames: dict[str, str] = {}
        for f in model._meta.concrete_fields:
            if f.has_default() and callable(f.default):
                self.computed.append((f.attname, f.get_default))
            else:
                self.defaults.append((f.attname, f.get_default()))
            if f.is_relation:
                target = f.target_field.attname  # type: ignore[attr-defined]
                self.relations[f.name] = (f.attname, f.cache_name, target)  # type: ignore[attr-defined]
            self.attnames[f.name] = f.attname


_BLUEPRINTS: dict[type[models.Model], _Blueprint] = {}


def _new(model: type[M], **values: Any) -> M:
    """`model(**values)` for the hundreds of thousands of rows of a large import, at a fraction
    of the cost: the same attributes, ids and cached related objects, for models without
    init signals (`tests/imports/test_importer.py` compares the two)."""
    plan = _BLUEPRINTS.get(model)
    if plan is None:
        plan = _BLUEPRINTS[model] = _Blueprint(model)
    obj = model.__new__(model)
    state = obj._state = models.base.ModelState()
    attrs = obj.__dict__
    attrs.update(plan.defaults)
    for attname, make in plan.computed:
        attrs[attname] = make()
    relations = plan.relations
    for name, value in values.items():
        relation = relations.get(name)
        if relation is None:
            attrs[plan.attnames[name]] = value
            continue
        attname, cache_name, target = relation
        if value is None:
            attrs[attname] = None
        else:
            attrs[attname] = getattr(value, target)
            if state.db is None:
                state.db = value._state.db
        state.fields_cache[cache_name] = value
    return obj


class Importer:
    """One import of one or many workbooks by one actor.

    The sheets of every workbook are checked and written together, in the order of
    `spec.SHEETS` (what depends on what), in one transaction: a row may refer to a row of
    another file of the same import, and one refused row anywhere writes nothing. Each error
    names its file.

    `scope` is the importing user's scope; `None` is the system (the command line without
    `--user`), allowed everywhere."""

    def __init__(
        self,
        *,
        actor: Any = None,
        scope: Scope | None = None,
        file_name: str = "",
        progress: Progress | None = None,
        imported_on: dt.date | None = None,
    ) -> None:
        self.actor = actor
        self.scope = scope
        self.file_name = file_name
        self.progress = progress
        # The day a state given without a date (a branch's committee flag) is recorded on.
        # Never used to read a code: codes are read on their records' own dates.
        self.imported_on = imported_on or timezone.localdate()
        self.errors: list[RowError] = []
        self.plans: dict[str, SheetPlan] = {}
        self._done = 0
        self._total = 0
        self._last_tick = 0
        self._files = 1
        self._part: SheetRows | None = None  # the file's sheet being checked or written
        self._part_done = 0
        # Work left for the write phase beyond the sheet plans.
        self.postings: list[Posting] = []
        self.head_links: dict[int, tuple[Household, Resident]] = {}  # id(household) -> ...
        self.status_updates: dict[int, Household] = {}  # existing households, by pk
        # Each branch row's "has a committee" and the date it holds from: written through
        # the grassroots service once the branches are (a committee is a dated record).
        self.branch_committees: list[tuple[PartyBranch, bool, dt.date | None]] = []
        # The file's sheets written through their apps' services, in the order of `spec`.
        self.kinds: dict[str, ServiceSheet] = {}
        self._ethnic_cache: dict[str, EthnicGroup | None] = {}
        self._values: dict[tuple[int, type, Any], Any] = {}  # parsed cell values
        self._folded: dict[str, str] = {}
        self.lookups = Lookups(scope=scope, report=self._col_error, fold=self._fold)

    # --- entry points ------------------------------------------------------------------------

    def run(self, source: Source, *, dry_run: bool = False) -> Report:
        """Import one workbook, named `file_name` in errors."""
        return self.run_files([(self.file_name, source)], dry_run=dry_run)

    def run_files(self, files: Sequence[tuple[str, Source]], *, dry_run: bool = False) -> Report:
        """Import many workbooks, given as (name, content), as one: all or nothing."""
        started = time.monotonic()
        names = [name for name, _source in files]
        if len(files) > 1:
            self.file_name = files_label(names)
        self._files = len(files)
        sheets, ignored = self._read(files)
        report = Report(
            file=self.file_name, sheets=[], errors=self.errors, ignored=ignored, files=names
        )
        if spec.needs_stages({s.sheet.key for s in sheets}):
            report.written = self._run_in_stages(sheets, dry_run=dry_run)
            report.sheets = [self.plans[s.key] for s in spec.SHEETS if s.key in self.plans]
            report.seconds = time.monotonic() - started
            return report
        self.validate(sheets)
        report.sheets = list(self.plans.values())
        if self.kinds:
            report.written = self._write_with_services(dry_run=dry_run)
        elif not self.errors and not dry_run:
            self.write()
            report.written = True
        report.seconds = time.monotonic() - started
        return report

    def _read(self, files: Sequence[tuple[str, Source]]) -> tuple[list[SheetRows], list[str]]:
        """The known sheets of every file, each marked with its file; the ignored sheets'
        titles (with their file's name when there are many)."""
        sheets: list[SheetRows] = []
        ignored: list[str] = []
        for number, (name, source) in enumerate(files, start=1):
            try:
                found, skipped = read_workbook(source)
            except Exception as exc:  # not a workbook, or a damaged one: say which, read on
                message = _("The file could not be read: %(error)s") % {"error": exc}
                self._error("", 0, "", None, message, file=name)
                continue
            if not found:
                self._error(
                    "", 0, "", None, _("The file has no sheet this importer knows."), file=name
                )
            for rows in found:
                rows.file, rows.file_number = name, number
            sheets.extend(found)
            ignored.extend(f"{name}: {title}" if len(files) > 1 else title for title in skipped)
            if self.progress is not None:
                self.progress(Step(READ, number, len(files), name, number, len(files)))
        return sheets, ignored

    def validate(self, sheets: list[SheetRows]) -> None:
        by_key = self._begin(sheets)
        if by_key is not None:
            self._check_sheets(by_key, by_key.keys())
        self._tick(VALIDATE, 0, force=True)

    def _begin(self, sheets: list[SheetRows]) -> dict[str, list[SheetRows]] | None:
        """The files' sheets by key, with what they name loaded; None if they cannot be read."""
        if not sheets:
            if not self.errors:  # each file read says it had none
                self._error("", 0, "", None, _("The file has no sheet this importer knows."))
            return None
        if self.scope is not None and not self.scope.can_write:
            self._error("", 0, "", None, _("Your account may not change records."))
            return None
        by_key: dict[str, list[SheetRows]] = {}
        for rows in sheets:
            by_key.setdefault(rows.sheet.key, []).append(rows)
        self._total = sum(len(s.rows) for s in sheets)
        self._load(by_key)
        return by_key

    def _check_sheets(self, by_key: dict[str, list[SheetRows]], keys: Iterable[str]) -> None:
        """Check the rows of the sheets named, every file's sheet of a kind, then the next
        kind, in the order of `spec.SHEETS`."""
        wanted = set(keys)
        for sheet in spec.SHEETS:
            parts = by_key.get(sheet.key)
            if not parts or sheet.key not in wanted:
                continue
            plan = self.plans[sheet.key] = self._plan(sheet, parts)
            for rows in parts:
                self._check_part(rows, plan)
            finish = getattr(self, f"_finish_{sheet.key}", None)
            if finish is not None:
                finish(plan)
        self._part = None

    def _plan(self, sheet: spec.Sheet, parts: list[SheetRows]) -> SheetPlan:
        """One plan for a sheet of all the files; its headers and preview from the first."""
        first = parts[0]
        shown = [c for c in sheet.columns if c.key in first.headers]
        plan = SheetPlan(
            key=sheet.key,
            title=first.title,
            headers=[first.headers[c.key] for c in shown],
            rows=sum(len(rows.rows) for rows in parts),
        )
        for _number, record in first.rows[:PREVIEW_ROWS]:
            plan.preview.append([_shown(record.get(c.key)) for c in shown])
        return plan

    def _check_part(self, rows: SheetRows, plan: SheetPlan) -> None:
        """Check one file's sheet, row by row."""
        self._part, self._part_done = rows, 0
        for key in rows.missing:
            col = rows.sheet.column(key)
            self._col_error(rows, 1, "", None, _("This required column is missing."), col.header)
        if rows.missing:
            self._tick(VALIDATE, len(rows.rows), force=True)
            return
        check = self._checker(rows, plan)
        for number, record in rows.rows:
            parsed = self._parse(rows, number, record)
            if parsed is not None:
                check(rows, plan, number, parsed)
            self._tick(VALIDATE, 1)
        self._tick(VALIDATE, 0, force=True)  # this file's sheet is checked: say so

    def _checker(self, rows: SheetRows, plan: SheetPlan) -> Callable[..., None]:
        kind = KINDS.get(rows.sheet.key)
        if kind is None:
            return getattr(self, f"_check_{rows.sheet.key}")
        sheet = self.kinds.get(rows.sheet.key)
        if sheet is None:  # one per sheet kind, holding the rows of every file
            sheet = self.kinds[rows.sheet.key] = kind(self, rows, plan)
        return sheet.check

    def _write_with_services(self, *, dry_run: bool) -> bool:
        """Sheets written through their apps' services are checked by running the services
        (`kinds.base`): after the other sheets are written, inside the same transaction, which
        is rolled back when any row fails and after a dry run. Whether it was kept."""
        try:
            with transaction.atomic(), audit_source(AuditEvent.Source.IMPORT):
                if not self.errors:
                    self.write()
                self._total = self._done + sum(len(k.pending) for k in self.kinds.values())
                for kind in self.kinds.values():
                    kind.apply()
                self._tick(WRITE, 0, force=True)
                if self.errors or dry_run:
                    raise _RollBack
        except _RollBack:
            return False
        return True

    def _run_in_stages(self, sheets: list[SheetRows], *, dry_run: bool) -> bool:
        """A file that builds the force (`spec.STAGES`): each stage is checked once the
        stages before it are written, in one transaction, rolled back when any row fails
        and after a dry run. Whether it was kept."""
        try:
            with transaction.atomic(), audit_source(AuditEvent.Source.IMPORT):
                by_key = self._begin(sheets)
                if by_key is not None:
                    for keys in spec.stages_of(by_key.keys()):
                        self._check_sheets(by_key, keys)
                        self._write_stage(keys)
                self._tick(WRITE, 0, force=True)
                if self.errors or dry_run:
                    raise _RollBack
        except _RollBack:
            return False
        return True

    def _write_stage(self, keys: Sequence[str]) -> None:
        """Write one stage's sheets. After an error nothing more is written in bulk, but the
        later sheets are still checked, so the file's other errors are listed too."""
        if not self.errors:
            self.write(keys)
        for key in keys:
            kind = self.kinds.get(key)
            if kind is not None:
                self._total += len(kind.pending)
                kind.apply()
        self._widen_scope()

    def _widen_scope(self) -> None:
        """The units and areas a stage created are the importing user's to fill in the next
        ones (a post new under their command, the communes of its new area)."""
        if self.scope is not None and self.actor is not None:
            self.scope = self.lookups.scope = scope_for(self.actor)

    # --- progress and errors -----------------------------------------------------------------

    def _tick(self, phase: str, n: int, *, force: bool = False) -> None:
        self._done += n
        self._part_done += n
        if self.progress is None:
            return
        step = max(1000, self._total // 100)
        if force or self._done - self._last_tick >= step:
            self._last_tick = self._done
            self.progress(self._step(phase))

    def _step(self, phase: str) -> Step:
        part = self._part
        if part is None:
            return Step(phase, min(self._done, self._total), self._total, files=self._files)
        return Step(
            phase,
            min(self._done, self._total),
            self._total,
            file=part.file,
            file_number=part.file_number,
            files=self._files,
            sheet=part.title,
            sheet_done=min(self._part_done, len(part.rows)),
            sheet_total=len(part.rows),
        )

    def working_on(self, rows: SheetRows) -> None:
        """The file's sheet whose rows are now being written (for progress)."""
        if rows is not self._part:
            self._part, self._part_done = rows, 0

    def _error(
        self, sheet: str, row: int, column: str, value: Any, message: str, *, file: str = ""
    ) -> None:
        self.errors.append(
            RowError(
                file=file or self.file_name,
                sheet=sheet,
                row=row,
                column=column,
                value=_shown(value),
                message=str(message),
            )
        )

    def _col_error(
        self, rows: SheetRows, row: int, key: str, value: Any, message: str, header: str = ""
    ) -> None:
        """An error on a row's cell (`key`: the column's key; `header`: its name, when the
        column is not in the file)."""
        col = rows.sheet.column(key) if key else None
        if key:
            header = rows.headers.get(key, col.header if col else "")
        self._error(rows.title, row, header, value, message, file=rows.file)

    def _validation_error(
        self,
        rows: SheetRows,
        row: int,
        exc: ValidationError,
        fields: dict[str, str],
        *,
        about: AdminUnit | None = None,
    ) -> None:
        """A model's or rule's ValidationError, placed on the column its field comes from.
        `about`: the unit the row's code was resolved to, named when its code was reused."""

        def said(message: str) -> str:
            return self.lookups.about(about, message) if about is not None else message

        if hasattr(exc, "error_dict"):
            for name, errors in exc.message_dict.items():
                key = fields.get(name, "")
                for message in errors:
                    self._col_error(rows, row, key, None, said(message))
        else:
            for message in exc.messages:
                self._col_error(rows, row, "", None, said(message))

    # --- cell values -------------------------------------------------------------------------

    def _parse(self, rows: SheetRows, number: int, record: dict[str, Any]) -> dict[str, Any] | None:
        parsed: dict[str, Any] = {}
        ok = True
        seen = self._values
        for col in rows.sheet.columns:
            key = col.key
            if key not in rows.headers:
                continue
            raw = record.get(key)
            if raw is None:
                if col.required:
                    self._col_error(rows, number, key, None, _("A value is required."))
                    ok = False
                parsed[key] = None
                continue
            # The same cell text gives the same value: codes, villages, choices, years repeat.
            memo = (id(col), type(raw), raw)
            value = seen.get(memo, _UNSEEN)
            if value is _UNSEEN:
                try:
                    value = self._value(col, raw)
                except BadValue as exc:
                    self._col_error(rows, number, key, raw, str(exc))
                    ok = False
                    continue
                if col.kind != spec.LIST and len(seen) < MEMO_SIZE:
                    seen[memo] = value
            parsed[key] = value
        return parsed if ok else None

    def _fold(self, text: str) -> str:
        folded = self._folded.get(text)
        if folded is None:
            folded = fold(text)
            if len(self._folded) < MEMO_SIZE:
                self._folded[text] = folded
        return folded

    def _value(self, col: spec.Column, raw: Any) -> Any:
        kind = col.kind
        if kind == spec.TEXT:
            text = squash(_shown(raw))
            if col.max_length and len(text) > col.max_length:
                raise BadValue(
                    _("At most %(n)s characters (this has %(m)s).")
                    % {"n": col.max_length, "m": len(text)}
                )
            return text
        if kind == spec.INT:
            if isinstance(raw, bool):
                raise BadValue(_("A whole number is expected."))
            if isinstance(raw, int):
                number = raw
            elif isinstance(raw, float) and raw.is_integer():
                number = int(raw)
            else:
                text = str(raw).replace(" ", "")
                if _GROUPED.match(text):
                    text = text.replace(".", "").replace(",", "")
                if not text.isdigit():
                    raise BadValue(_("A whole number is expected."))
                number = int(text)
            if number < 0:
                raise BadValue(_("The number cannot be negative."))
            return number
        if kind == spec.DECIMAL:
            return _decimal(raw)
        if kind == spec.DATE:
            if isinstance(raw, dt.datetime):
                return raw.date()
            if isinstance(raw, dt.date):
                return raw
            text = str(raw).strip()
            match = _DMY.match(text)
            try:
                if match:
                    day, month, year = (int(g) for g in match.groups())
                    return dt.date(year, month, day)
                return dt.date.fromisoformat(text)
            except ValueError:
                raise BadValue(_("A date is expected, as dd/mm/yyyy.")) from None
        if kind == spec.BOOL:
            if isinstance(raw, bool):
                return raw
            key = self._fold(_shown(raw))
            if key in _TRUE:
                return True
            if key in _FALSE:
                return False
            raise BadValue(_("Write x (or có) for yes, leave empty (or không) for no."))
        if kind == spec.CHOICE:
            value = self._choice_maps(col).get(self._fold(_shown(raw)))
            if value is None:
                raise BadValue(
                    _("Not an allowed value. Allowed: %(values)s") % {"values": col.allowed_text()}
                )
            return value
        if kind == spec.LIST:
            return [p.strip() for p in re.split(r"[,;]", _shown(raw)) if p.strip()]
        if kind == spec.ETHNIC:
            text = _shown(raw)
            if text not in self._ethnic_cache:
                self._ethnic_cache[text] = ethnic_groups.lookup(text)
            group = self._ethnic_cache[text]
            if group is None:
                raise BadValue(_("Unknown ethnic group (see the Instructions sheet)."))
            return group
        raise AssertionError(kind)

    _choice_cache: dict[str, dict[str, str]] = {}

    def _choice_maps(self, col: spec.Column) -> dict[str, str]:
        cache = type(self)._choice_cache
        key = f"{id(col)}"
        if key not in cache:
            cache[key] = col.choice_map()
        return cache[key]

    # --- lookups, loaded once ----------------------------------------------------------------

    def _load(self, by_key: dict[str, list[SheetRows]]) -> None:
        def values(keys: Iterable[str], column: str) -> set[str]:
            found: set[str] = set()
            for key in keys:
                for rows in by_key.get(key, ()):
                    found.update(_shown(r.get(column)).strip() for _n, r in rows.rows)
            found.discard("")
            return found

        def having(column: str) -> tuple[str, ...]:
            return tuple(
                k for k, parts in by_key.items() if any(column in rows.headers for rows in parts)
            )

        self.lookups.load(
            unit_codes=values(having("commune_code"), "commune_code")
            | values(("committee_seats",), "unit_code"),
            service_numbers=values(having("service_number"), "service_number")
            | values(having("mentor"), "mentor"),
        )
        commune_ids = self.lookups.commune_ids()
        households_by_pk = self.lookups.households_by_pk
        self.residents: dict[tuple[int, str, int | None], Resident] = {}
        if ({"residents", "party_candidates"} & by_key.keys()) and households_by_pk:
            for resident in Resident.objects.filter(household__commune_id__in=commune_ids).iterator(
                chunk_size=5000
            ):
                resident.household = households_by_pk[resident.household_id]
                rkey = (id(resident.household), resident.search_name, resident.birth_year)
                known = self.residents.get(rkey)
                if known is None or (known.valid_to is not None and resident.valid_to is None):
                    self.residents[rkey] = resident
        self.assessments: dict[tuple[int, int], PovertyAssessment] = {}
        if "poverty" in by_key and households_by_pk:
            for assessment in PovertyAssessment.objects.filter(
                household__commune_id__in=commune_ids, voided_at__isnull=True
            ):
                assessment.household = households_by_pk[assessment.household_id]
                self.assessments[(id(assessment.household), assessment.year)] = assessment
        self.standards = {s.code: s for s in PovertyStandard.objects.all()}
        self._standard_by_year: dict[int, PovertyStandard | ValidationError] = {}

        villages_by_pk = {v.pk: v for v in self.lookups.villages.values()}
        self.branches: dict[int, PartyBranch] = {}  # id(village) -> open branch
        for branch in PartyBranch.objects.filter(
            village__commune_id__in=commune_ids, valid_to__isnull=True
        ):
            branch_village = villages_by_pk.get(branch.village_id)
            if branch_village is not None:
                branch.village = branch_village
                self.branches[id(branch_village)] = branch

        self.assignments: dict[tuple[Any, ...], models.Model] = {}
        # The same rows by (kind, cadre, target), so an overlap check is a lookup, not a scan.
        self._assignments_by_pair: dict[tuple[Any, ...], list[models.Model]] = {}
        self._assignments_loaded: set[str] = set()
        # Each sheet's row keys seen so far: where (file, row) each was first seen.
        self._in_file: dict[str, dict[tuple[Any, ...], tuple[str, int]]] = {}
        # The rows starting a one-per-committee seat: their sheet, row, start, seat.
        self._new_deputies: list[tuple[SheetRows, int, dt.date, CommitteeSeat]] = []

    def _load_assignments(self, key: str) -> None:
        """Existing assignments of the cadres named in the file (loaded when first needed)."""
        if key in self._assignments_loaded:
            return
        self._assignments_loaded.add(key)
        cadre_ids = [c.pk for c in self.lookups.cadres.values() if c.pk]
        if not cadre_ids:
            return
        if key == "household_assignments":
            hh_by_pk = {h.pk: h for h in self.lookups.households.values() if h.pk}
            for a in in_chunks(HouseholdAssignment.objects.all(), "cadre_id", cadre_ids):
                household = hh_by_pk.get(a.household_id)
                if household is not None:
                    self._remember_assignment((key, a.cadre_id, id(household), a.valid_from), a)
        elif key == "branch_memberships":
            for m in in_chunks(BranchMembership.objects.all(), "cadre_id", cadre_ids):
                self._remember_assignment((key, m.cadre_id, m.branch_id, m.valid_from), m)
        else:
            for s in in_chunks(CommitteeSeat.objects.all(), "cadre_id", cadre_ids):
                self._remember_assignment((key, s.cadre_id, s.unit_id, s.valid_from), s)

    def _remember_assignment(self, key: tuple[Any, ...], obj: models.Model) -> None:
        self.assignments[key] = obj
        self._assignments_by_pair.setdefault(key[:3], []).append(obj)

    def _running_assignment(
        self, kind: str, cadre_key: Any, target_key: Any, on: Any
    ) -> models.Model | None:
        """An assignment of this cadre to this target that is still running on `on`."""
        for other in self._assignments_by_pair.get((kind, cadre_key, target_key), []):
            if other.valid_to is None or other.valid_to > on:  # type: ignore[attr-defined]
                return other
        return None

    # --- shared row checks -------------------------------------------------------------------

    def _duplicate(self, rows: SheetRows, number: int, key: tuple[Any, ...]) -> bool:
        seen = self._in_file.setdefault(rows.sheet.key, {})
        first = seen.get(key)
        if first is None:
            seen[key] = (rows.file, number)
            return False
        file, row = first
        if file == rows.file:
            message = _("This row repeats row %(row)s of the same sheet.") % {"row": row}
        else:
            message = _("This row repeats row %(row)s of the same sheet in %(file)s.") % {
                "row": row,
                "file": file,
            }
        self._col_error(rows, number, "", None, message)
        return True

    def _clean(
        self, rows: SheetRows, number: int, obj: models.Model, fields: dict[str, str]
    ) -> bool:
        try:
            obj.clean()
        except ValidationError as exc:
            self._validation_error(rows, number, exc, fields)
            return False
        return True

    def _apply(self, obj: models.Model, changes: dict[str, Any]) -> dict[str, list[Any]]:
        """Set the non-empty values on an existing record; the audit diff of what changed."""
        before = snapshot(obj)
        for name, value in changes.items():
            if value is not None:
                setattr(obj, name, value)
        return diff(before, snapshot(obj))

    def _plan_update(
        self,
        rows: SheetRows,
        plan: SheetPlan,
        number: int,
        obj: models.Model,
        changes: dict[str, Any],
        fields: dict[str, str],
    ) -> None:
        delta = self._apply(obj, changes)
        if not delta:
            plan.unchanged += 1
            return
        if self._clean(rows, number, obj, fields):
            plan.updates.append((obj, delta))

    def _unit_ids(self, cadre: Cadre) -> set[int] | None:
        """The units of a cadre new in this file (only the unit of their first posting, not
        yet written); None for a recorded cadre, whose postings the rules read."""
        return None if cadre.pk else self.lookups.unit_ids_above(cadre.unit_id)

    def _area_ok(
        self,
        rows: SheetRows,
        number: int,
        cadre: Cadre,
        commune: AdminUnit,
        on: dt.date,
        column: str,
    ) -> bool:
        """The assignment rules: working in their unit's area on the date."""
        try:
            rules.require_area(
                cadre, commune_id=commune.pk, on=on, field="target", unit_ids=self._unit_ids(cadre)
            )
        except ValidationError as exc:
            self._validation_error(rows, number, exc, {"target": column}, about=commune)
            return False
        return True

    # --- one check per sheet -----------------------------------------------------------------

    def _check_villages(self, rows: SheetRows, plan: SheetPlan, n: int, v: dict[str, Any]) -> None:
        commune = self.lookups.unit(
            rows, n, "commune_code", v["commune_code"], when=v.get("valid_from")
        )
        if commune is None:
            return
        name = v["name"]
        folded = self._fold(name)
        key = (commune.pk, folded)
        if self._duplicate(rows, n, key):
            return
        fields = {"name": "name", "kind": "kind", "code": "code", "valid_from": "valid_from"}
        village = self.lookups.villages.get(key)
        if village is not None:
            self._plan_update(
                rows,
                plan,
                n,
                village,
                {"kind": v.get("kind"), "code": v.get("code"), "is_border": v.get("is_border")},
                fields,
            )
            return
        village = Village(
            commune=commune,
            name=name,
            search_name=folded,
            kind=v.get("kind") or Village.Kind.BAN,
            code=v.get("code") or "",
            is_border=bool(v.get("is_border")),
            valid_from=v.get("valid_from"),
        )
        # Village.clean() looks for a namesake in the database; the lookup above did that.
        try:
            village.clean_validity()
        except ValidationError as exc:
            self._validation_error(rows, n, exc, fields)
            return
        self.lookups.villages[key] = village
        plan.creates.append(village)

    def _check_cadres(self, rows: SheetRows, plan: SheetPlan, n: int, v: dict[str, Any]) -> None:
        number = v["service_number"]
        if self._duplicate(rows, n, (number,)):
            return
        unit = self.lookups.force_units.get(v["unit_code"])
        if unit is None:
            self._col_error(rows, n, "unit_code", v["unit_code"], _("No unit has this code."))
            return
        if self.scope is not None and not self.scope.has_force_unit(unit.pk):
            self._col_error(
                rows, n, "unit_code", v["unit_code"], _("This unit is outside your area of work.")
            )
            return
        fields = {
            "party_joined_on": "party_joined_on",
            "party_full_on": "party_full_on",
            "full_name": "full_name",
        }
        values = {
            "full_name": v.get("full_name"),
            "rank": v.get("rank"),
            "category": v.get("category"),
            "position": v.get("position"),
            "sex": v.get("sex"),
            "birth_year": v.get("birth_year"),
            "ethnic_group": v.get("ethnic_group"),
            "languages": v.get("languages"),
            "party_joined_on": v.get("party_joined_on"),
            "party_full_on": v.get("party_full_on"),
        }
        cadre = self.lookups.cadres.get(number)
        if cadre is not None:
            if self.scope is not None and not self.scope.has_force_unit(cadre.unit_id):
                self._col_error(
                    rows,
                    n,
                    "service_number",
                    number,
                    _("This cadre is not in a unit you work for."),
                )
                return
            if cadre.unit_id != unit.pk and not self._served_in(cadre, unit.pk):
                self._col_error(
                    rows,
                    n,
                    "unit_code",
                    v["unit_code"],
                    _("The cadre serves in another unit: record a posting, not an import."),
                )
                return
            if values["full_name"]:
                cadre.search_name = fold(values["full_name"])
            self._plan_update(rows, plan, n, cadre, values, fields)
            return
        if v.get("posted_on") is None:
            self._col_error(
                rows, n, "posted_on", None, _("A new cadre needs the date of their posting.")
            )
            return
        cadre = Cadre(
            service_number=number,
            unit=unit,
            search_name=fold(values["full_name"]),
            **{k: val for k, val in values.items() if val is not None},
        )
        if not self._clean(rows, n, cadre, fields):
            return
        self.lookups.cadres[number] = cadre
        plan.creates.append(cadre)
        self.postings.append(
            Posting(
                cadre=cadre,
                force_unit=unit,
                position=cadre.position,
                valid_from=v["posted_on"],
            )
        )

    @staticmethod
    def _served_in(cadre: Cadre, unit_id: int) -> bool:
        """Whether a recorded cadre was ever posted to the unit: the row of the file that
        brought them in, read again after the postings that moved them on."""
        return (
            cadre.pk is not None
            and Posting.objects.filter(cadre=cadre, force_unit_id=unit_id).exists()
        )

    def _check_households(
        self, rows: SheetRows, plan: SheetPlan, n: int, v: dict[str, Any]
    ) -> None:
        commune = self.lookups.unit(
            rows, n, "commune_code", v["commune_code"], when=v.get("valid_from")
        )
        if commune is None:
            return
        code = v["household_code"]
        if self._duplicate(rows, n, (commune.pk, code)):
            return
        village = self.lookups.village(rows, n, commune, v["village"])
        if village is None:
            return
        fields = {"village": "village", "valid_from": "valid_from", "valid_to": "valid_from"}
        values = {
            "head_name": v.get("head_name"),
            "is_policy_family": v.get("is_policy_family"),
            "is_near_border": v.get("is_near_border"),
            "note": v.get("note"),
        }
        household = self.lookups.households.get((commune.pk, code))
        if household is not None:
            if household.valid_to is not None:
                self._col_error(
                    rows,
                    n,
                    "household_code",
                    code,
                    _("Household %(code)s has ended; it cannot be changed.") % {"code": code},
                )
                return
            if household.village_id != village.pk:
                self._col_error(
                    rows,
                    n,
                    "village",
                    v["village"],
                    _("The household lives in another village: record a move, not an import."),
                )
                return
            changes = {k: val for k, val in values.items() if k in HOUSEHOLD_FIELDS}
            if changes.get("head_name") is not None:
                household.search_name = fold(f"{code} {changes['head_name']}")
            self._plan_update(rows, plan, n, household, changes, fields)
            return
        if village.valid_to is not None:
            self._col_error(
                rows,
                n,
                "village",
                v["village"],
                _("The village %(name)s has ended.") % {"name": village},
            )
            return
        head_name = values["head_name"] or ""
        household = _new(
            Household,
            commune=commune,
            village=village,
            code=code,
            head_name=head_name,
            search_name=self._fold(f"{code} {head_name}"),
            is_policy_family=bool(values["is_policy_family"]),
            is_near_border=bool(values["is_near_border"]),
            note=values["note"] or "",
            valid_from=v.get("valid_from"),
        )
        if not self._clean(rows, n, household, fields):
            return
        self.lookups.households[(commune.pk, code)] = household
        plan.creates.append(household)

    def _check_residents(self, rows: SheetRows, plan: SheetPlan, n: int, v: dict[str, Any]) -> None:
        commune = self.lookups.unit(rows, n, "commune_code", v["commune_code"], when=None)
        if commune is None:
            return
        household = self.lookups.household(rows, n, commune, v["household_code"])
        if household is None:
            return
        if household.valid_to is not None:
            self._col_error(
                rows,
                n,
                "household_code",
                v["household_code"],
                _("Household %(code)s has ended; it cannot be changed.") % {"code": household.code},
            )
            return
        birth_date = v.get("birth_date")
        birth_year = v.get("birth_year") or (birth_date.year if birth_date else None)
        name = v["full_name"]
        folded = self._fold(name)
        key = (id(household), folded, birth_year)
        if self._duplicate(rows, n, key):
            return
        fields = {"birth_year": "birth_year", "birth_date": "birth_date", "valid_to": ""}
        values = {
            "relation": v.get("relation"),
            "sex": v.get("sex"),
            "birth_date": birth_date,
            "birth_year": birth_year,
            "ethnic_group": v.get("ethnic_group"),
            "religion": v.get("religion"),
            "is_village_chief": v.get("is_village_chief"),
            "is_village_elder": v.get("is_village_elder"),
            "is_reputable_person": v.get("is_reputable_person"),
        }
        resident = self.residents.get(key)
        if resident is not None:
            changes = {k: val for k, val in values.items() if k in RESIDENT_FIELDS}
            self._plan_update(rows, plan, n, resident, changes, fields)
            return
        resident = _new(
            Resident,
            household=household,
            full_name=name,
            search_name=folded,
            **{k: val for k, val in values.items() if val is not None},
        )
        if not self._clean(rows, n, resident, fields):
            return
        self.residents[key] = resident
        plan.creates.append(resident)
        if (
            resident.relation == Resident.Relation.HEAD
            and household.head_id is None
            and id(household) not in self.head_links
        ):
            self.head_links[id(household)] = (household, resident)

    def _standard(self, rows: SheetRows, n: int, v: dict[str, Any]) -> PovertyStandard | None:
        if v.get("standard"):
            standard = self.standards.get(v["standard"])
            if standard is None:
                self._col_error(rows, n, "standard", v["standard"], _("Unknown poverty standard."))
            return standard
        year = v["year"]
        if year not in self._standard_by_year:
            try:
                self._standard_by_year[year] = standard_for_year(year)
            except ValidationError as exc:
                self._standard_by_year[year] = exc
        found = self._standard_by_year[year]
        if isinstance(found, ValidationError):
            self._validation_error(rows, n, found, {"year": "year"})
            return None
        return found

    def _indicators(self, rows: SheetRows, n: int, items: list[str] | None) -> list[str] | None:
        if not items:
            return []
        by_name: dict[str, str] = {}
        for number, name in enumerate(INDICATOR_KEYS, start=1):
            by_name[str(number)] = name
            by_name[fold(name)] = name
            by_name[fold(str(INDICATOR_LABELS[name]))] = name
        found: list[str] = []
        for item in items or []:
            key = by_name.get(fold(item).replace(" ", "_")) or by_name.get(fold(item))
            if key is None:
                self._col_error(rows, n, "deprivations", item, _("Unknown indicator."))
                return None
            if key not in found:
                found.append(key)
        return [k for k in INDICATOR_KEYS if k in found]

    def _check_poverty(self, rows: SheetRows, plan: SheetPlan, n: int, v: dict[str, Any]) -> None:
        commune = self.lookups.unit(
            rows, n, "commune_code", v["commune_code"], when=Period.year(v["year"])
        )
        if commune is None:
            return
        household = self.lookups.household(rows, n, commune, v["household_code"])
        if household is None:
            return
        year = v["year"]
        if self._duplicate(rows, n, (id(household), year)):
            return
        if household.valid_to is not None:
            self._col_error(
                rows,
                n,
                "household_code",
                v["household_code"],
                _("Household %(code)s has ended; it cannot be changed.") % {"code": household.code},
            )
            return
        standard = self._standard(rows, n, v)
        keys = self._indicators(rows, n, v.get("deprivations"))
        if standard is None or keys is None:
            return
        verdict = classify(standard=standard, area=v["area"], income=v["income"], lacking=len(keys))
        values = {
            "standard": standard,
            "area": v["area"],
            "income_per_person_month": v["income"],
            "deprivations": keys,
            "deprivation_count": len(keys),
            "status": verdict.status,
        }
        fields = {"year": "year", "area": "area", "income_per_person_month": "income"}
        assessment = self.assessments.get((id(household), year))
        if assessment is not None:
            before = len(plan.updates)
            self._plan_update(rows, plan, n, assessment, values, fields)
            if len(plan.updates) > before:
                self._note_status(household, year, verdict.status)
            return
        assessment = PovertyAssessment(household=household, year=year, **values)
        if not self._clean(rows, n, assessment, fields):
            return
        self.assessments[(id(household), year)] = assessment
        plan.creates.append(assessment)
        self._note_status(household, year, verdict.status)

    def _note_status(self, household: Household, year: int, status: str) -> None:
        """Keep the household's latest status on its row, as the poverty service does."""
        if household.poverty_year is not None and household.poverty_year > year:
            return
        household.poverty_status, household.poverty_year = status, year
        if household.pk:
            self.status_updates[household.pk] = household

    def _check_branches(self, rows: SheetRows, plan: SheetPlan, n: int, v: dict[str, Any]) -> None:
        commune = self.lookups.unit(
            rows, n, "commune_code", v["commune_code"], when=v.get("established_on")
        )
        if commune is None:
            return
        village = self.lookups.village(rows, n, commune, v["village"])
        if village is None or self._duplicate(rows, n, (id(village),)):
            return
        fields = {"village": "village", "valid_from": "established_on"}
        values = {"name": v.get("name"), "member_count": v.get("member_count")}
        branch = self.branches.get(id(village))
        if branch is not None:
            self._plan_update(rows, plan, n, branch, values, fields)
            if v.get("has_committee") is not None:
                # The sheet has no date for the committee itself: the flag says how the branch
                # stands on the day of the import.
                self.branch_committees.append((branch, bool(v["has_committee"]), self.imported_on))
            return
        established = v.get("established_on")
        if village.valid_to is not None and (
            established is None or established >= village.valid_to
        ):
            self._col_error(
                rows, n, "village", v["village"], _("The village no longer exists on that date.")
            )
            return
        if established and village.valid_from and established < village.valid_from:
            self._col_error(
                rows,
                n,
                "established_on",
                established,
                _("The branch cannot be established before its village existed."),
            )
            return
        branch = PartyBranch(
            village=village,
            name=v["name"],
            valid_from=established,
            member_count=v.get("member_count"),
        )
        try:
            branch.clean_validity()  # PartyBranch.clean() queries; the lookup above did that
        except ValidationError as exc:
            self._validation_error(rows, n, exc, fields)
            return
        self.branches[id(village)] = branch
        plan.creates.append(branch)
        if v.get("has_committee"):
            self.branch_committees.append((branch, True, established))

    def _assignment_values(self, v: dict[str, Any]) -> dict[str, Any]:
        return {
            "decision": v.get("decision"),
            "valid_to": v.get("valid_to"),
            "end_reason": v.get("end_reason"),
        }

    def _party_member(self, rows: SheetRows, n: int, cadre: Cadre, on: dt.date) -> bool:
        try:
            rules.require_party_member(cadre, on)
        except ValidationError as exc:
            self._validation_error(rows, n, exc, {"cadre": "service_number"})
            return False
        return True

    def _check_household_assignments(
        self, rows: SheetRows, plan: SheetPlan, n: int, v: dict[str, Any]
    ) -> None:
        cadre = self.lookups.cadre(rows, n, v["service_number"])
        commune = self.lookups.unit(
            rows, n, "commune_code", v["commune_code"], when=v["valid_from"]
        )
        if cadre is None or commune is None:
            return
        household = self.lookups.household(rows, n, commune, v["household_code"])
        if household is None:
            return
        self._check_assignment(
            rows,
            plan,
            n,
            v,
            cadre=cadre,
            commune=commune,
            target=_Target(
                HouseholdAssignment, "household", household, id(household), "household_code"
            ),
            absent=_("The household does not exist on that date."),
            taken=lambda: (
                _("%(cadre)s is already in charge of household %(household)s.")
                % {"cadre": cadre, "household": household}
            ),
        )

    def _check_branch_memberships(
        self, rows: SheetRows, plan: SheetPlan, n: int, v: dict[str, Any]
    ) -> None:
        cadre = self.lookups.cadre(rows, n, v["service_number"])
        commune = self.lookups.unit(
            rows, n, "commune_code", v["commune_code"], when=v["valid_from"]
        )
        if cadre is None or commune is None:
            return
        village = self.lookups.village(rows, n, commune, v["village"])
        if village is None:
            return
        branch = self.branches.get(id(village))
        if branch is None:
            self._col_error(
                rows, n, "village", v["village"], _("This village has no Party branch.")
            )
            return
        self._check_assignment(
            rows,
            plan,
            n,
            v,
            cadre=cadre,
            commune=commune,
            target=_Target(BranchMembership, "branch", branch, branch.pk or id(branch), "village"),
            absent=_("The Party branch does not exist on that date."),
            taken=lambda: (
                _("%(cadre)s already takes part in %(branch)s.")
                % {"cadre": cadre, "branch": branch}
            ),
        )

    def _check_assignment(
        self,
        rows: SheetRows,
        plan: SheetPlan,
        n: int,
        v: dict[str, Any],
        *,
        cadre: Cadre,
        commune: AdminUnit,
        target: _Target,
        absent: str,
        taken: Callable[[], str],
    ) -> None:
        """A cadre assigned to a target in the commune (a household, a village's branch) from a
        date: the same record again is an update, a new one must pass the assignment rules."""
        kind = rows.sheet.key
        column = target.column
        on = v["valid_from"]
        key = (kind, cadre.pk or id(cadre), target.key, on)
        if self._duplicate(rows, n, key[1:]):
            return
        self._load_assignments(kind)
        fields = {"valid_to": "valid_to", "end_reason": "end_reason", target.field: column}
        existing = self.assignments.get(key)
        if existing is not None:
            self._plan_update(rows, plan, n, existing, self._assignment_values(v), fields)
            return
        if not self._party_member(rows, n, cadre, on):
            return
        if not target.obj.is_valid_on(on):
            self._col_error(rows, n, "valid_from", on, absent)
            return
        if not self._area_ok(rows, n, cadre, commune, on, column):
            return
        if self._running_assignment(kind, key[1], key[2], on) is not None:
            self._col_error(rows, n, column, v[column], taken())
            return
        values = {k: val for k, val in self._assignment_values(v).items() if val is not None}
        assignment = target.model(
            cadre=cadre, valid_from=on, **{target.field: target.obj}, **values
        )
        if not self._clean(rows, n, assignment, fields):
            return
        self._remember_assignment(key, assignment)
        plan.creates.append(assignment)

    def _check_committee_seats(
        self, rows: SheetRows, plan: SheetPlan, n: int, v: dict[str, Any]
    ) -> None:
        cadre = self.lookups.cadre(rows, n, v["service_number"])
        on = v["valid_from"]
        unit = self.lookups.unit(rows, n, "unit_code", v["unit_code"], when=on, levels=SEAT_LEVELS)
        if cadre is None or unit is None:
            return
        key = ("committee_seats", cadre.pk or id(cadre), unit.pk, on)
        if self._duplicate(rows, n, key[1:]):
            return
        self._load_assignments("committee_seats")
        fields = {"valid_to": "valid_to", "end_reason": "end_reason", "unit": "unit_code"}
        values = {"role": v["role"], **self._assignment_values(v)}
        existing = self.assignments.get(key)
        if existing is not None:
            self._plan_update(rows, plan, n, existing, values, fields)
            return
        try:
            rules.require_officer(cadre)
            rules.require_seat_place(
                cadre, unit=unit, valid_from=on, unit_ids=self._unit_ids(cadre)
            )
        except ValidationError as exc:
            self._validation_error(rows, n, exc, {"cadre": "service_number", **fields}, about=unit)
            return
        if self._running_assignment("committee_seats", key[1], unit.pk, on) is not None:
            self._col_error(
                rows,
                n,
                "unit_code",
                v["unit_code"],
                _("%(cadre)s already holds a seat on this committee.") % {"cadre": cadre},
            )
            return
        seat = CommitteeSeat(
            cadre=cadre,
            unit=unit,
            valid_from=on,
            **{k: val for k, val in values.items() if val is not None},
        )
        if not self._clean(rows, n, seat, fields):
            return
        self._remember_assignment(key, seat)
        plan.creates.append(seat)
        if seat.role in CommitteeSeat.ONE_PER_COMMITTEE:
            self._new_deputies.append((rows, n, on, seat))

    def _finish_committee_seats(self, plan: SheetPlan) -> None:
        """One Secretary and one Deputy Secretary per committee at a time, checked once every
        row is read: a file may end one seat and start the next on the same day, in either
        order."""
        if not self._new_deputies:
            return
        planned = {
            o.pk: o for o in self.assignments.values() if isinstance(o, CommitteeSeat) and o.pk
        }
        seats = [
            planned.get(s.pk, s)  # as the file leaves it: ended by one of its rows, perhaps
            for s in CommitteeSeat.objects.filter(
                unit_id__in={seat.unit_id for _r, _n, _on, seat in self._new_deputies},
                role__in=CommitteeSeat.ONE_PER_COMMITTEE,
            )
        ] + [seat for _r, _n, _on, seat in self._new_deputies]
        for rows, n, on, seat in self._new_deputies:
            others = [s for s in seats if s is not seat and s.unit_id == seat.unit_id]
            try:
                rules.require_role_free(
                    others, role=seat.role, valid_from=on, valid_to=seat.valid_to
                )
            except ValidationError as exc:
                for message in exc.messages:
                    self._col_error(rows, n, "role", seat.role, message)

    # --- writing -----------------------------------------------------------------------------

    def write(self, keys: Sequence[str] | None = None) -> None:
        """Write every planned change (of the sheets `keys`, when given) and its audit event,
        in one transaction.

        New rows get their ids first (`bulk.allocate_ids`), so that a household can name its
        head and a resident its household before either is written; then each table is
        written with one prepared statement (`bulk.ModelRows`: COPY on PostgreSQL) and the
        audit events as plain rows (`bulk.AuditRows`), with what `build_event` would record.
        """
        if self.errors:
            raise ValueError("refusing to write a file with errors")
        self._done = 0
        self._last_tick = 0
        self._total = sum(len(p.creates) + len(p.updates) for p in self.plans.values())
        events_for: list[tuple[str, models.Model, dict[str, list[Any]]]] = []
        created = 0
        with transaction.atomic(), audit_source(AuditEvent.Source.IMPORT):
            now = timezone.now()
            self._tables: dict[type[models.Model], bulk.ModelRows] = {}
            self._now = now
            new: dict[type[models.Model], list[models.Model]] = {}
            plans = [
                p
                for p in self.plans.values()
                if p.key not in self.kinds  # services write those
                and (keys is None or p.key in keys)
            ]
            for planned in plans:
                for obj in planned.creates:
                    new.setdefault(type(obj), []).append(obj)
            postings = self.postings if keys is None or "cadres" in keys else []
            for posting in postings:
                new.setdefault(Posting, []).append(posting)
            for model, objs in new.items():
                for obj, pk in zip(objs, bulk.allocate_ids(model, len(objs)), strict=True):
                    obj.pk = pk
                created += len(objs)
            new_households = {id(h) for h in getattr(self.plans.get("households"), "creates", [])}
            linked: list[Household] = []
            for household, resident in self.head_links.values():
                household.head = resident  # a new household is written with its head
                if id(household) not in new_households:
                    linked.append(household)
            for plan in sorted(plans, key=lambda p: spec.SHEET_ORDER[p.key]):
                self._create(plan.creates)
                if plan.key == "cadres" and postings:
                    self._create(postings, tick=False)
                    events_for.extend(("create", p, {}) for p in postings)
                if plan.key == "residents" and linked:
                    events_for.extend(("update", h, {"head": [None, h.head_id]}) for h in linked)
                    _set_columns(Household, ["head_id"], [(h.head_id, h.pk) for h in linked])
                self._update(plan.updates)
                events_for.extend(("create", obj, {}) for obj in plan.creates)
                events_for.extend(("update", obj, delta) for obj, delta in plan.updates)
            if self.status_updates:
                _set_columns(
                    Household,
                    ["poverty_status", "poverty_year"],
                    [
                        (h.poverty_status, h.poverty_year, h.pk)
                        for h in self.status_updates.values()
                    ],
                )
            self._write_events(events_for, now)
            for branch, has_committee, on in self.branch_committees:
                branch_committee_set(
                    actor=self.actor, branch=branch, has_committee=has_committee, on=on
                )
        if created >= ANALYZE_AFTER:
            self._analyze(new)
        self._tick(WRITE, 0, force=True)

    def _table(self, model: type[models.Model]) -> bulk.ModelRows:
        table = self._tables.get(model)
        if table is None:
            table = self._tables[model] = bulk.ModelRows(model, self._now)
        return table

    def _create(self, objs: Sequence[models.Model], *, tick: bool = True) -> None:
        if not objs:
            return
        table = self._table(type(objs[0]))
        for chunk in chunks(objs, BATCH * 10):
            table.write(chunk)
            if tick:
                self._tick(WRITE, len(chunk))

    def _update(self, updates: list[tuple[models.Model, dict[str, list[Any]]]]) -> None:
        if not updates:
            return
        by_fields: dict[tuple[str, ...], list[models.Model]] = {}
        for obj, delta in updates:
            names = tuple(sorted(delta)) + (("search_name",) if hasattr(obj, "search_name") else ())
            by_fields.setdefault(names, []).append(obj)
        for names, objs in by_fields.items():
            type(objs[0])._default_manager.bulk_update(objs, list(names), batch_size=BATCH)
            self._tick(WRITE, len(objs))

    def _write_events(
        self, items: list[tuple[str, models.Model, dict[str, list[Any]]]], now: dt.datetime
    ) -> None:
        """One audit event per created or changed record, as `build_event` makes them."""
        events = bulk.AuditRows(
            actor=self.actor,
            source=AuditEvent.Source.IMPORT,
            note=f"import {self.file_name}"[:300],
            now=now,
        )
        create, update = str(AuditEvent.Action.CREATE), str(AuditEvent.Action.UPDATE)
        for start in range(0, len(items), BATCH * 10):
            for action, obj, delta in items[start : start + BATCH * 10]:
                if action == "create":
                    table = self._table(type(obj))
                    events.add(create, obj, table.created(obj), table.label)
                else:
                    events.add(update, obj, delta)
            events.write()

    def _analyze(self, new: dict[type[models.Model], list[models.Model]]) -> None:
        """Fresh planner statistics for the tables a large import filled: without them
        SQLite may read a whole table through an index that selects nothing."""
        from django.db import connection

        tables = [m._meta.db_table for m in new]
        if connection.vendor == "postgresql":
            tables.append(AuditEvent._meta.db_table)
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
