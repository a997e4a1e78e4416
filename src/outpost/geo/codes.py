"""An administrative unit's code, resolved on the date the record naming it is about.

Codes were reused in the 2025 reorganisation: 3,310 old commune codes are carried after
1 July 2025 by a different, new commune (03158 was Xã Leng Su Sìn until 2025-06-30 and is Xã
Sín Thầu from 2025-07-01). So a code alone does not name a unit; a code and a date do.

- `CODE@YYYY-MM-DD` names the unit that carried CODE on that day, whatever the record's date
  (the suffix forces the date).
- A code only one unit has ever carried names that unit, whatever the date: there is no
  other it could mean (the record's own rules then say if the unit did not exist yet).
- A reused code, on a date: the unit that carried it that day. None did: refused, naming
  who carried it and when (`NotCarried`).
- A reused code over a period (a year): the one unit that carried it during the period. Two
  did: refused, naming both with their validity and asking for `CODE@date` (`AmbiguousCode`).
- A reused code with no date at all: refused like a period, since picking today's unit would
  silently move an old record.

Everything here works on candidates loaded once (`load_candidates`, one query per 900
codes), so a whole file resolves in memory; `resolve` is the one-code shortcut.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from outpost.geo.models import AdminUnit

SEPARATOR = "@"
CHUNK = 900  # values in one `IN (...)`: below SQLite's old limit of 999 variables
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class CodeError(ValueError):
    """A code that names no unit on the record's date; the message says why (translated)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class BadCode(CodeError):
    """The text is not `CODE` or `CODE@YYYY-MM-DD`."""


class UnknownCode(CodeError):
    """No unit of the wanted levels has ever carried the code."""


class NotCarried(CodeError):
    """Units carried the code, but none on the date (or during the period)."""


class AmbiguousCode(CodeError):
    """Two different units carried the code during the period the record covers."""


@dataclass(frozen=True)
class Period:
    """Days from `start` to `end`, both included (a record "of 2025")."""

    start: dt.date
    end: dt.date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    def label(self) -> str:
        if self == Period.year(self.start.year):
            return str(self.start.year)
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


When = dt.date | Period | None


@dataclass(frozen=True)
class CodeRef:
    """A code as written: the code itself, and the date forced by `@`, if any."""

    code: str
    forced: dt.date | None = None

    def __str__(self) -> str:
        return f"{self.code}{SEPARATOR}{self.forced.isoformat()}" if self.forced else self.code


def parse(text: str) -> CodeRef:
    """`CODE` or `CODE@YYYY-MM-DD` (spaces around the parts are ignored)."""
    code, sep, suffix = (text or "").strip().partition(SEPARATOR)
    code, suffix = code.strip(), suffix.strip()
    if not code:
        raise BadCode(_("A unit code is expected, as CODE or CODE@YYYY-MM-DD."))
    if not sep:
        return CodeRef(code)
    try:
        if not _ISO.match(suffix):
            raise ValueError(suffix)
        return CodeRef(code, dt.date.fromisoformat(suffix))
    except ValueError:
        raise BadCode(
            _("%(text)s: after @ comes the date the code is read on, as YYYY-MM-DD.")
            % {"text": text.strip()}
        ) from None


# --- loading ---------------------------------------------------------------------------------


def load_candidates(codes: Iterable[str], levels: Sequence[str]) -> dict[str, list[AdminUnit]]:
    """Every unit of the levels that ever carried one of the codes, oldest first."""
    wanted = sorted({c for c in codes if c})
    found: dict[str, list[AdminUnit]] = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        for unit in AdminUnit.objects.filter(level__in=list(levels), code__in=chunk):
            found.setdefault(unit.code, []).append(unit)
    for units in found.values():
        units.sort(key=_start)
    return found


def resolve(text: str, when: When, *, levels: Sequence[str], lineage: bool = False) -> AdminUnit:
    """The unit `text` names on `when` (one query); see `resolve_among`."""
    ref = parse(text)
    candidates = load_candidates([ref.code], levels).get(ref.code, [])
    return resolve_among(candidates, ref, when, levels=levels, lineage=lineage)


def reused_codes(level: str = AdminUnit.Level.COMMUNE) -> set[str]:
    """The codes more than one unit of the level has carried."""
    return set(
        AdminUnit.objects.filter(level=level)
        .values("code")
        .annotate(units=Count("pk"))
        .filter(units__gt=1)
        .values_list("code", flat=True)
    )


def designation(unit: AdminUnit, reused: Container[str]) -> str:
    """How a file names a unit so that reading it back gives this unit: the code, followed by
    `@` and a day it carried the code when other units carried it too."""
    if unit.code not in reused:
        return unit.code
    return f"{unit.code}{SEPARATOR}{_day_of(unit, None).isoformat()}"


# --- resolving in memory ---------------------------------------------------------------------


def resolve_among(
    candidates: Sequence[AdminUnit],
    ref: CodeRef,
    when: When,
    *,
    levels: Sequence[str],
    lineage: bool = False,
) -> AdminUnit:
    """The unit among `candidates` (the units that carried `ref.code`) that `ref` names on
    `when`. With `lineage` (reports), a date on which nobody carried the code gives the next
    unit to carry it, else the last one (the report then goes through lineage) instead of a
    refusal, and a period in which one unit continued under the same name and code gives the
    unit of its last day."""
    if not candidates:
        raise UnknownCode(_unknown_message(ref.code, levels))
    if len(candidates) == 1 and not ref.forced:
        return candidates[0]  # never reused: the record's date cannot point elsewhere
    when = ref.forced or when
    lineage = lineage and not ref.forced  # a date written with the code is meant
    if isinstance(when, dt.date):
        return _on_date(candidates, ref, when, lineage=lineage)
    if isinstance(when, Period):
        found = [u for u in candidates if _overlaps(u, when)]
        if len(found) == 1:
            return found[0]
        if not found:
            if lineage:
                return _on_date(candidates, ref, when.end, lineage=True)
            raise NotCarried(_not_carried_message(ref, when, candidates))
        if lineage and len({u.name for u in found}) == 1:
            # One unit continued under its name and code (province 14, Sơn La, before and
            # after 2025): a report over the period follows it on its last day.
            return _on_date(found, ref, when.end, lineage=True)
        raise AmbiguousCode(_ambiguous_message(ref, when.label(), found, when))
    if len(candidates) == 1:
        return candidates[0]
    raise AmbiguousCode(_ambiguous_message(ref, "", candidates, None))


def other_carriers(candidates: Sequence[AdminUnit], unit: AdminUnit, on: When) -> str:
    """A sentence for a refusal about `unit` when other units carried its code too ("03158 on
    2026-01-10 is Xã Sín Thầu; Xã Leng Su Sìn carried this code until 2025-06-30."), so a row
    meant for the other unit says so; empty when the code was never reused."""
    others = [u for u in candidates if u.pk != unit.pk]
    if not others:
        return ""
    if isinstance(on, dt.date):
        head = _("%(code)s on %(date)s is %(unit)s") % {
            "code": unit.code,
            "date": on.isoformat(),
            "unit": unit.name,
        }
    else:
        head = _("%(code)s is read as %(unit)s") % {"code": unit.code, "unit": unit.name}
    carried = [
        _("%(unit)s carried this code %(validity)s") % {"unit": u.name, "validity": validity(u)}
        for u in others
    ]
    return "; ".join([head, *carried]) + "."


def validity(unit: AdminUnit) -> str:
    """When a unit carried its code: "until 2025-06-30", "from 2025-07-01", "from ... to ..."."""
    last = unit.valid_to - dt.timedelta(days=1) if unit.valid_to else None
    if unit.valid_from and last:
        return _("from %(start)s to %(end)s") % {
            "start": unit.valid_from.isoformat(),
            "end": last.isoformat(),
        }
    if last:
        return _("until %(end)s") % {"end": last.isoformat()}
    if unit.valid_from:
        return _("from %(start)s") % {"start": unit.valid_from.isoformat()}
    return _("always")


def _start(unit: AdminUnit) -> dt.date:
    return unit.valid_from or dt.date.min


def _overlaps(unit: AdminUnit, period: Period) -> bool:
    return (unit.valid_from is None or unit.valid_from <= period.end) and (
        unit.valid_to is None or unit.valid_to > period.start
    )


def _on_date(
    candidates: Sequence[AdminUnit], ref: CodeRef, on: dt.date, *, lineage: bool
) -> AdminUnit:
    valid = [u for u in candidates if u.is_valid_on(on)]
    if len(valid) == 1:
        return valid[0]
    if valid:  # the same code on two levels at once: say which are meant
        raise AmbiguousCode(_ambiguous_message(ref, on.isoformat(), valid, on))
    if lineage:
        later = [u for u in candidates if u.valid_from and u.valid_from > on]
        return later[0] if later else candidates[-1]
    raise NotCarried(_not_carried_message(ref, on, candidates))


def _unknown_message(code: str, levels: Sequence[str]) -> str:
    wanted = set(levels)
    if wanted == {AdminUnit.Level.COMMUNE}:
        return _("No commune has code %(code)s.") % {"code": code}
    if wanted == {AdminUnit.Level.COMMUNE, AdminUnit.Level.DISTRICT}:
        return _("No commune or district has code %(code)s.") % {"code": code}
    return _("No administrative unit has code %(code)s.") % {"code": code}


def _carriers(units: Sequence[AdminUnit]) -> list[str]:
    return [f"{u.name} ({validity(u)})" for u in units]


def _not_carried_message(ref: CodeRef, when: When, candidates: Sequence[AdminUnit]) -> str:
    values = {"code": ref.code, "carriers": "; ".join(_carriers(candidates))}
    if isinstance(when, Period):
        return _("No unit carried code %(code)s in %(when)s: %(carriers)s.") % {
            **values,
            "when": when.label(),
        }
    assert isinstance(when, dt.date)
    return _("No unit carried code %(code)s on %(when)s: %(carriers)s.") % {
        **values,
        "when": when.isoformat(),
    }


def _ambiguous_message(ref: CodeRef, when: str, units: Sequence[AdminUnit], period: When) -> str:
    """Both units with their validity, and the `CODE@date` that names each of them."""
    names = (" " + _("or") + " ").join(_carriers(units))
    examples = (" " + _("or") + " ").join(
        f"{ref.code}{SEPARATOR}{_day_of(u, period).isoformat()}" for u in units
    )
    if when:
        return _("%(code)s in %(when)s is %(units)s: write %(examples)s.") % {
            "code": ref.code,
            "when": when,
            "units": names,
            "examples": examples,
        }
    return _(
        "%(code)s has been carried by %(units)s and the row has no date: write %(examples)s."
    ) % {"code": ref.code, "units": names, "examples": examples}


def _day_of(unit: AdminUnit, period: When) -> dt.date:
    """A day on which `unit` carried its code, inside `period` when there is one."""
    last = unit.valid_to - dt.timedelta(days=1) if unit.valid_to else None
    if isinstance(period, Period):
        start = max(period.start, unit.valid_from or period.start)
        return start if last is None or start <= last else last
    if isinstance(period, dt.date):
        return period
    return unit.valid_from or last or dt.date.today()
