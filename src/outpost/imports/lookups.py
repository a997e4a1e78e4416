"""What the rows of a file name (communes, villages, households, cadres, force units), loaded
once for the whole file and resolved in memory, each code on the date its record is about.

A commune (or district) code is resolved by `outpost.geo.codes` on the record's own date,
never on today, because codes were reused in 2025 (03158 was Xã Leng Su Sìn until 2025-06-30
and is Xã Sín Thầu after):

- the row's date, from the columns its sheet names (`dated_by`): an assignment's or a seat's
  start, an activity's date, a household's, a village's or a segment's own valid_from, ...;
- a year (a poverty assessment, a village's drug status, a conversion) is the whole year: a
  code carried by two units during that year is refused as ambiguous;
- a code only one unit has ever carried names that unit, whatever the row's date;
- a row with no date (a resident, a household or a village without valid_from) naming a
  reused code is refused as ambiguous, naming both units, so no row is silently put on
  today's unit;
- `CODE@YYYY-MM-DD` in the cell reads the code on that day, whatever the row's date.

A refusal about the unit found (no such village or household there, outside the area of
work) says which other unit carried the code, and when, so a row meant for the old commune
shows the real cause.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext as _

from outpost.force.models import Cadre, ForceUnit
from outpost.geo import codes
from outpost.geo.models import AdminUnit, Village
from outpost.people.models import Household

if TYPE_CHECKING:
    from outpost.accounts.scope import Scope
    from outpost.imports.reader import SheetRows

CHUNK = 900  # values in one `IN (...)`: below SQLite's old limit of 999 variables
COMMUNE_LEVELS: tuple[str, ...] = (AdminUnit.Level.COMMUNE,)
SEAT_LEVELS: tuple[str, ...] = (AdminUnit.Level.COMMUNE, AdminUnit.Level.DISTRICT)
# Columns naming a commune (or a district), read with the codes of the file.
CODE_COLUMNS = ("commune_code",)

ErrorSink = Callable[["SheetRows", int, str, Any, str], None]


def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def in_chunks(qs: models.QuerySet, lookup: str, values: Iterable[Any]) -> Iterator[Any]:
    for chunk in chunks(sorted(set(values), key=str), CHUNK):
        yield from qs.filter(**{f"{lookup}__in": chunk})


def when_of(v: Mapping[str, Any], columns: Sequence[str]) -> codes.When:
    """The date a row is about: the first of its dated columns with a value; a whole number
    there is a year."""
    for column in columns:
        value = v.get(column)
        if isinstance(value, dt.date):
            return value
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 9999:
            return codes.Period.year(value)
    return None


def code_of(text: Any) -> str:
    """The code part of a cell (`03158@2023-05-01` -> `03158`), for loading."""
    try:
        return codes.parse(str(text)).code
    except codes.BadCode:
        return ""


class Lookups:
    """One file's lookups. `report(rows, row, column, value, message)` records a refusal."""

    def __init__(self, *, scope: Scope | None, report: ErrorSink, fold: Callable[[str], str]):
        self.scope = scope
        self.report = report
        self.fold = fold
        self.units_by_code: dict[str, list[AdminUnit]] = {}
        self.villages: dict[tuple[int, str], Village] = {}
        self.households: dict[tuple[int, str], Household] = {}
        self.households_by_pk: dict[int, Household] = {}
        self.cadres: dict[str, Cadre] = {}
        self.force_units: dict[str, ForceUnit] = {}
        self.force_units_by_pk: dict[int, ForceUnit] = {}
        self._resolved: dict[tuple[str, codes.When, tuple[str, ...]], AdminUnit | str] = {}
        self._districts_in_scope: dict[int, bool] = {}
        self._last: tuple[AdminUnit, codes.When] | None = None

    # --- loading, once per file ------------------------------------------------------------

    def load(self, *, unit_codes: Iterable[str], service_numbers: Iterable[str]) -> None:
        self.units_by_code = codes.load_candidates(
            {code_of(c) for c in unit_codes} - {""}, SEAT_LEVELS
        )
        commune_ids = self.commune_ids()
        for village in Village.objects.filter(commune_id__in=commune_ids).order_by(
            "-valid_to"
        ):  # open villages (NULL) come last on SQLite and first on PostgreSQL
            key = (village.commune_id, village.search_name)
            current = self.villages.get(key)
            if current is None or (current.valid_to is not None and village.valid_to is None):
                self.villages[key] = village
        self.force_units = {u.code: u for u in ForceUnit.objects.all()}
        self.force_units_by_pk = {u.pk: u for u in self.force_units.values()}
        self.cadres = {
            c.service_number: c
            for c in in_chunks(Cadre.objects.all(), "service_number", service_numbers)
        }
        if commune_ids:
            for household in Household.objects.filter(commune_id__in=commune_ids).iterator(
                chunk_size=5000
            ):
                self.households[(household.commune_id, household.code)] = household
                self.households_by_pk[household.pk] = household

    def commune_ids(self) -> set[int]:
        """Every unit any code of the file names, on any date."""
        return {u.pk for units in self.units_by_code.values() for u in units}

    def carriers(self, text: str) -> list[AdminUnit]:
        """Every unit that carried the code of a cell."""
        return self.units_by_code.get(code_of(text), [])

    # --- administrative units, on the record's date ------------------------------------------

    def unit(
        self,
        rows: SheetRows,
        number: int,
        column: str,
        text: str,
        *,
        when: codes.When,
        levels: tuple[str, ...] = COMMUNE_LEVELS,
        scoped: bool = True,
    ) -> AdminUnit | None:
        """The unit a cell names on `when`, in the user's area of work (unless not `scoped`:
        a new area of responsibility is what widens it); else None, with the refusal
        reported on the cell."""
        found = self._resolve(text, when, levels)
        if isinstance(found, str):
            self.report(rows, number, column, text, found)
            return None
        if scoped and not self._in_scope(found):
            message = _("This commune is outside your area of work.")
            self.report(rows, number, column, text, self._with_hint(message, found, when))
            return None
        self._last = (found, when)
        return found

    def _resolve(self, text: str, when: codes.When, levels: tuple[str, ...]) -> AdminUnit | str:
        """The unit, or the message refusing it; the same cell on the same date is resolved
        once per file."""
        memo = (text, when, levels)
        found = self._resolved.get(memo)
        if found is None:
            try:
                ref = codes.parse(text)
                candidates = [u for u in self.units_by_code.get(ref.code, []) if u.level in levels]
                found = codes.resolve_among(candidates, ref, when, levels=levels)
            except codes.CodeError as exc:
                found = exc.message
            self._resolved[memo] = found
        return found

    def _in_scope(self, unit: AdminUnit) -> bool:
        if self.scope is None or self.scope.has_commune(unit.pk):
            return True
        if unit.level != AdminUnit.Level.DISTRICT:
            return False
        known = self._districts_in_scope.get(unit.pk)
        if known is None:
            known = self._districts_in_scope[unit.pk] = AdminUnit.objects.filter(
                parent=unit, pk__in=self.scope.commune_ids
            ).exists()
        return known

    def hint(self, unit: AdminUnit, when: codes.When) -> str:
        """Which other unit carried the code of `unit`, and when (empty if none did)."""
        return codes.other_carriers(self.units_by_code.get(unit.code, []), unit, when)

    def _with_hint(self, message: str, unit: AdminUnit, when: codes.When) -> str:
        hint = self.hint(unit, when)
        return f"{message} {hint}" if hint else message

    def about(self, unit: AdminUnit, message: str) -> str:
        """`message`, refusing something about the unit the row's code was just resolved to,
        with which other unit carried that code: the row may have meant the other one."""
        if self._last is None or self._last[0] is not unit:
            return message
        return self._with_hint(message, unit, self._last[1])

    # --- what a unit holds -------------------------------------------------------------------

    def village(
        self, rows: SheetRows, number: int, commune: AdminUnit, name: str
    ) -> Village | None:
        village = self.villages.get((commune.pk, self.fold(name)))
        if village is None:
            message = _("Commune %(commune)s has no village of this name.") % {
                "commune": commune.name
            }
            self.report(rows, number, "village", name, self.about(commune, message))
        return village

    def household(
        self, rows: SheetRows, number: int, commune: AdminUnit, code: str
    ) -> Household | None:
        household = self.households.get((commune.pk, code))
        if household is None:
            message = _("No household has this code in commune %(commune)s.") % {
                "commune": commune.name
            }
            self.report(rows, number, "household_code", code, self.about(commune, message))
        return household

    # --- the force ---------------------------------------------------------------------------

    def cadre(
        self, rows: SheetRows, number: int, service_number: str, column: str = "service_number"
    ) -> Cadre | None:
        cadre = self.cadres.get(service_number)
        if cadre is None:
            self.report(
                rows, number, column, service_number, _("No cadre has this service number.")
            )
            return None
        if self.scope is not None and not self.scope.has_force_unit(cadre.unit_id):
            self.report(
                rows, number, column, service_number, _("This cadre is not in a unit you work for.")
            )
            return None
        return cadre

    def force_unit(self, rows: SheetRows, number: int, column: str, code: str) -> ForceUnit | None:
        unit = self.force_units.get(code)
        if unit is None:
            self.report(rows, number, column, code, _("No unit has this code."))
            return None
        if self.scope is not None and not self.scope.has_force_unit(unit.pk):
            self.report(rows, number, column, code, _("This unit is outside your area of work."))
            return None
        return unit

    def unit_ids_above(self, unit_id: int | None) -> set[int]:
        """A force unit and every unit above it, from the units loaded."""
        found: set[int] = set()
        unit = self.force_units_by_pk.get(unit_id) if unit_id else None
        while unit is not None and unit.pk not in found:
            found.add(unit.pk)
            unit = self.force_units_by_pk.get(unit.parent_id) if unit.parent_id else None
        return found
