"""Lineage of administrative units: what a unit came from and what it became."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from outpost.geo.models import AdminUnit, UnitChange


@dataclass(frozen=True)
class Lineage:
    unit: AdminUnit
    predecessors: list[UnitChange]  # changes whose to_unit is this unit
    successors: list[UnitChange]  # changes whose from_unit is this unit

    def as_json(self) -> dict[str, Any]:
        def unit_json(u: AdminUnit) -> dict[str, Any]:
            return {
                "code": u.code,
                "name": u.name,
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
                }
                for c in self.predecessors
            ],
            "successors": [
                {
                    **unit_json(c.to_unit),
                    "kind": c.kind,
                    "effective": c.effective.isoformat(),
                    "note": c.note,
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
    """The units that carried a code; on a date, the one that carried it then."""
    qs = AdminUnit.objects.filter(
        level=level,
        code=code.strip().zfill(5 if level == AdminUnit.Level.COMMUNE else len(code.strip())),
    )
    if on is not None:
        qs = qs.valid_on(on)
    return list(qs.order_by("valid_from"))
