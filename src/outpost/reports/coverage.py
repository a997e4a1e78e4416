"""The coverage report: how far the post's people reach the households, villages, branches and
committees of a unit on a date. One function serves the page, the API and the command line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from outpost.accounts.scope import Scope
from outpost.core.indicators import IndicatorContext
from outpost.reports import registry
from outpost.reports.units import ReportUnit, children, extent, in_scope, resolve

# The figures shown for each row of the drill-down table.
KEY_FIGURES = (
    "households",
    "households_assisted",
    "party_members_assisting_households",
    "households_near_border_unassigned",
    "party_members_in_village_branches",
    "villages_without_party_branch",
    "officers_in_commune_committees",
)


def context_for(
    unit: ReportUnit, on: dt.date, date_from: dt.date | None = None
) -> IndicatorContext:
    """The unit's extent on `on`; `date_from` starts a period ending on `on`."""
    ext = extent(unit, on)
    return IndicatorContext(
        commune_ids=ext.commune_ids,
        on=on,
        village_ids=ext.village_ids,
        force_unit_ids=ext.force_unit_ids,
        date_from=date_from,
    )


def figures(unit: ReportUnit, on: dt.date, only: Any = None) -> dict[str, int]:
    return registry.compute(context_for(unit, on), only=only)


def coverage(unit: ReportUnit | str, on: dt.date, only: list[str] | None = None) -> dict[str, Any]:
    """`{"unit": {code, name, kind}, "on": "YYYY-MM-DD", "indicators": {key: int}}`: every
    registered figure, or `only` those named."""
    if isinstance(unit, str):
        unit = resolve(unit, on)
    return {
        "unit": unit.as_json(),
        "on": on.isoformat(),
        "indicators": figures(unit, on, only=only),
    }


@dataclass(frozen=True)
class Row:
    unit: ReportUnit
    figures: dict[str, int]


def drill_down(
    unit: ReportUnit, on: dt.date, scope: Scope, keys: tuple[str, ...] = KEY_FIGURES
) -> list[Row]:
    """The unit's children the user may see, each with the key figures."""
    known = set(registry.keys())
    wanted = [k for k in keys if k in known]
    return [
        Row(child, figures(child, on, only=wanted))
        for child in children(unit, on)
        if in_scope(scope, child, on)
    ]
