"""Lineage of administrative units: what a unit came from and what it became."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F

from outpost.geo.models import AdminUnit, UnitChange, VillageChange


@dataclass(frozen=True)
class Lineage:
    unit: AdminUnit
    predecessors: list[UnitChange]  # changes whose to_unit is this unit
    successors: list[UnitChange]  # changes whose from_unit is this unit

    def as_json(self) -> dict[str, Any]:
        def unit_json(u: AdminUnit) -> dict[str, Any]:
            return {
                "id": u.pk,
                "code": u.code,
                "name": u.name,
                "type": u.kind,  # "Xã", "Phường"...; "kind" is the kind of change
                "level": u.level,
                "valid_from": u.valid_from.isoformat() if u.valid_from else None,
                "valid_to": u.valid_to.isoformat() if u.valid_to else None,
            }

        return {
            "unit": unit_json(self.unit),
            "predecessors": [
                {
                    **unit_json(c.from_unit),
                    "kind": c.kind,
                    "effective": c.effective.isoformat(),
                    "note": c.note,
                    "part_of_area": c.part_of_area,
                    "whole_population": c.whole_population,
                }
                for c in self.predecessors
            ],
            "successors": [
                {
                    **unit_json(c.to_unit),
                    "kind": c.kind,
                    "effective": c.effective.isoformat(),
                    "note": c.note,
                    "part_of_area": c.part_of_area,
                    "whole_population": c.whole_population,
                }
                for c in self.successors
            ],
        }


def lineage_of(unit: AdminUnit) -> Lineage:
    changes = UnitChange.objects.select_related("from_unit", "to_unit")
    return Lineage(
        unit=unit,
        predecessors=list(changes.filter(to_unit=unit).order_by("from_unit__code")),
        successors=list(changes.filter(from_unit=unit).order_by("to_unit__code")),
    )


def units_with_code(
    code: str, on: dt.date | None = None, level: str = AdminUnit.Level.COMMUNE
) -> list[AdminUnit]:
    """The units that carried a code; on a date, the one that carried it then. Oldest first
    (a unit with no known start comes before the others)."""
    width = CODE_WIDTH.get(level, len(code.strip()))
    qs = AdminUnit.objects.filter(level=level, code=code.strip().zfill(width))
    if on is not None:
        qs = qs.valid_on(on)
    return list(qs.order_by(F("valid_from").asc(nulls_first=True), "pk"))


CODE_WIDTH: dict[str, int] = {
    AdminUnit.Level.PROVINCE: 2,
    AdminUnit.Level.DISTRICT: 3,
    AdminUnit.Level.COMMUNE: 5,
}


def level_for_code(code: str) -> str:
    """Official codes have 2 (province), 3 (district) or 5 (commune) digits."""
    return {2: AdminUnit.Level.PROVINCE, 3: AdminUnit.Level.DISTRICT}.get(
        len(code.strip()), AdminUnit.Level.COMMUNE
    )


def lineage_document(code: str, on: dt.date | None = None, level: str | None = None) -> dict:
    """The lineage of every unit that carried `code` (on `on`, if given), JSON-ready.

    Shape (stable; keys are only ever added):
    {"code": "03158", "level": "commune", "on": "2025-07-01" | null,
     "units": [{"unit": UNIT,
                "predecessors": [UNIT + CHANGE, ...],
                "successors": [UNIT + CHANGE, ...]}, ...]}
    UNIT = {"id", "code", "name", "type", "level", "valid_from", "valid_to"} (dates ISO or
    null; valid_to is exclusive); CHANGE = {"kind", "effective", "note", "part_of_area",
    "whole_population"}, kind one of UnitChange.Kind. Units are ordered oldest first,
    predecessors and successors by code.
    """
    level = level or level_for_code(code)
    units = units_with_code(code, on=on, level=level)
    return {
        "code": code.strip().zfill(CODE_WIDTH[level]),
        "level": level,
        "on": on.isoformat() if on else None,
        "units": [lineage_of(u).as_json() for u in units],
    }


# How many merges, one into the next, a village's records are followed through.
VILLAGE_MERGE_STEPS = 6


def villages_merged_into(village: Any, on: dt.date) -> set[int]:
    """The villages whose records are this village's on `on`: itself and, while it exists,
    every village merged whole into it by then (and those merged into them). A merge moves
    no record: the households and people of the old villages are read through this lineage.
    A split gives its parts nothing: which part a household went to is recorded by moving
    it (`people.services.household_move`)."""
    found = {village.pk}
    if not village.is_valid_on(on):
        return found
    frontier = {village.pk}
    for _step in range(VILLAGE_MERGE_STEPS):
        sources = (
            set(
                VillageChange.objects.filter(
                    to_village_id__in=frontier, kind=UnitChange.Kind.MERGED_WHOLE, effective__lte=on
                ).values_list("from_village_id", flat=True)
            )
            - found
        )
        if not sources:
            break
        found |= sources
        frontier = sources
    return found
