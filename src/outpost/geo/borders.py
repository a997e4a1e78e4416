"""Reads of border flags: which units were border units on a date, a unit's flag history, and
the flag a new unit inherits from its predecessors.

`border_flags_on` is the one answer to "was this a border unit on D": figures, pages, the API
and the demo all ask through it (or through `border_unit_ids`, built on it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from outpost.core.models import valid_on_q
from outpost.geo import codes
from outpost.geo.lineage import level_for_code
from outpost.geo.models import AdminUnit, BorderFlag, UnitChange


def border_flags_on(on: dt.date) -> QuerySet[BorderFlag]:
    """The border flags valid on a date."""
    return BorderFlag.objects.filter(valid_on_q(on))


def border_unit_ids(on: dt.date) -> QuerySet[Any]:
    """The ids of the units that were border units on a date, as a subquery
    (`unit_id__in=border_unit_ids(on)`)."""
    return border_flags_on(on).values("unit_id")


def border_flag_on(unit: AdminUnit, on: dt.date) -> BorderFlag | None:
    return border_flags_on(on).filter(unit=unit).first()


def flag_history(unit: AdminUnit) -> list[BorderFlag]:
    """Every flag the unit has had, oldest first, ended ones included."""
    return list(
        BorderFlag.objects.filter(unit=unit).order_by(F("valid_from").asc(nulls_first=True), "pk")
    )


def status_day(unit: AdminUnit, today: dt.date | None = None) -> dt.date:
    """The day a unit's border status is shown for when no date is asked: today, or the last
    day of a unit that has ended (an old commune shows what it was, not "no")."""
    today = today or dt.date.today()
    last = unit.last_day()
    return min(today, last) if last else today


def with_border_countries(
    qs: QuerySet[Any], on: dt.date | None = None, unit: str = ""
) -> QuerySet[Any]:
    """Annotate each unit (or each row's unit at the path `unit`, e.g. "commune") with
    `border_countries_on`: its flag's countries on `on` ("" when it was no border unit then).
    Without a date, on today or, for an ended unit, on its last day (see `status_day`), in
    one query for the whole list."""
    path = f"{unit}__" if unit else ""
    pk, ended = OuterRef(f"{path}pk"), OuterRef(f"{path}valid_to")
    day = on or dt.date.today()
    on_day = border_flags_on(day).filter(unit=pk).values("countries")[:1]
    if on is not None:
        return qs.annotate(border_countries_on=Coalesce(Subquery(on_day), Value("")))
    # An ended unit's flag covers its last day when it starts before its end and ends with it.
    at_end = (
        BorderFlag.objects.filter(unit=pk, valid_to__gte=ended)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lt=ended))
        .values("countries")[:1]
    )
    return qs.annotate(border_countries_on=Coalesce(Subquery(on_day), Subquery(at_end), Value("")))


def may_flag(scope: Any, unit: AdminUnit) -> bool:
    """Staff who may write flag their own communes, old or new; a province or district is
    flagged by those who see everything."""
    if not scope.can_write:
        return False
    return scope.has_commune(unit.pk) if unit.level == AdminUnit.Level.COMMUNE else scope.everything


# --- resolving a code ---------------------------------------------------------------------


def unit_for_code(code: str, on: dt.date | None = None) -> AdminUnit:
    """The unit that carried an official code (2 digits: province, 3: district, 5: commune) on
    a date, through the one resolver (`geo.codes`): `CODE@YYYY-MM-DD` forces the date, and a
    reused code with no date is refused naming every unit that carried it."""
    ref = codes.parse(code)
    try:
        return codes.resolve(code, on, levels=[level_for_code(ref.code)])
    except codes.CodeError as exc:
        raise ValidationError(exc.message) from None


# --- a new unit's flag, proposed from its predecessors' ------------------------------------


@dataclass(frozen=True)
class BorderProposal:
    """The flag a unit that began on `on` would inherit: the countries its predecessors'
    flags named the day before, and which predecessors those were."""

    unit: AdminUnit
    on: dt.date
    countries: list[str]
    sources: list[tuple[AdminUnit, list[str]]]

    @property
    def source_names(self) -> str:
        return ", ".join(u.name for u, _countries in self.sources)

    def as_json(self) -> dict[str, Any]:
        return {
            "unit": {"id": self.unit.pk, "code": self.unit.code, "name": self.unit.name},
            "on": self.on.isoformat(),
            "countries": self.countries,
            "from": [
                {"id": u.pk, "code": u.code, "name": u.name, "countries": countries}
                for u, countries in self.sources
            ],
        }


def border_proposal(unit: AdminUnit) -> BorderProposal | None:
    """A proposal when the unit began through lineage (the 2025 merger), has no flag on its
    first day, and at least one predecessor was a border unit on the day before."""
    if unit.valid_from is None or border_flag_on(unit, unit.valid_from) is not None:
        return None
    proposals = _proposals(AdminUnit.objects.filter(pk=unit.pk))
    return proposals[0] if proposals else None


def border_proposals(units: QuerySet[AdminUnit] | None = None) -> list[BorderProposal]:
    """The proposals of every unit (or of `units`) that began through lineage without a
    flag on its first day. Two queries, whatever the number of units."""
    qs = AdminUnit.objects.all() if units is None else units
    flag_on_first_day = BorderFlag.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=OuterRef("valid_from")),
        Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef("valid_from")),
        unit=OuterRef("pk"),
    )
    unflagged = qs.exclude(valid_from__isnull=True).exclude(Exists(flag_on_first_day))
    return _proposals(unflagged)


def _proposals(units: QuerySet[AdminUnit]) -> list[BorderProposal]:
    changes = (
        UnitChange.objects.filter(to_unit__in=units, effective=F("to_unit__valid_from"))
        .select_related("from_unit", "to_unit")
        .order_by("to_unit__code", "to_unit_id", "from_unit__code")
    )
    by_unit: dict[int, tuple[AdminUnit, list[AdminUnit]]] = {}
    for change in changes:
        by_unit.setdefault(change.to_unit_id, (change.to_unit, []))[1].append(change.from_unit)
    flags = _flags_of({u.pk for _unit, froms in by_unit.values() for u in froms})
    found = []
    for unit, predecessors in by_unit.values():
        assert unit.valid_from is not None
        eve = unit.valid_from - dt.timedelta(days=1)
        sources = [
            (p, flag.country_list)
            for p in predecessors
            for flag in flags.get(p.pk, [])
            if flag.is_valid_on(eve)
        ]
        if sources:
            countries = sorted({c for _p, codes in sources for c in codes})
            found.append(BorderProposal(unit, unit.valid_from, countries, sources))
    return found


def _flags_of(unit_ids: set[int]) -> dict[int, list[BorderFlag]]:
    found: dict[int, list[BorderFlag]] = {}
    for flag in BorderFlag.objects.filter(unit_id__in=unit_ids):
        found.setdefault(flag.unit_id, []).append(flag)
    return found
