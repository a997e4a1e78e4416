"""Report groups: named sets of figures from the registry, reported for a unit on a date or over
a period.

A group takes every figure registered by its apps (an indicator's app is the app whose
`indicators` module registered it) plus the figures it names; a figure or an app that is not
installed is skipped, so a group of an absent app reports no figures rather than failing.

Over a period [date_from, date_to], the figures that count events "this year" (1 January to the
date) count them in the period instead when their function accepts `date_from`; every other
figure is taken as of `date_to`. A figure registered for one kind of report only (`only_in`)
is left out of the other: over a period the fieldwork group gives the enrollments active on
any day of the period, on a date those active on that date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from outpost.core.indicators import Indicator
from outpost.reports import registry
from outpost.reports.coverage import context_for
from outpost.reports.units import ReportUnit, resolve


@dataclass(frozen=True)
class Group:
    name: str
    apps: tuple[str, ...] = ()  # app labels: every figure they register
    keys: tuple[str, ...] = ()  # and these figures, wherever registered


GROUPS: dict[str, Group] = {
    group.name: group
    for group in (
        Group("coverage", keys=registry.ORDER),
        Group(
            "grassroots",
            apps=("grassroots",),
            keys=("villages_without_party_members", "villages_without_party_branch"),
        ),
        Group("security", apps=("security",)),
        Group("border", apps=("border",)),
        Group(
            "works",
            apps=("works",),
            keys=("road_m_concreted", "villages_lit", "villages_total", "houses_built"),
        ),
        Group("fieldwork", apps=("fieldwork",)),
    )
}


class UnknownGroup(LookupError):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"unknown report group {name!r}; known groups: {', '.join(GROUPS)}")


def app_label(indicator: Indicator) -> str:
    """`outpost.border.indicators` -> `border`."""
    parts = indicator.app.split(".")
    return parts[1] if len(parts) > 2 and parts[0] == "outpost" else parts[0]


def group_keys(name: str, *, period: bool | None = None) -> list[str]:
    """The group's figures that are registered, in report order: all of them, or those a
    report on a date (`period=False`) or over a period (`period=True`) shows."""
    group = GROUPS.get(name)
    if group is None:
        raise UnknownGroup(name)
    wanted = set(group.keys)
    return [
        indicator.key
        for indicator in registry.all_indicators()
        if (indicator.key in wanted or app_label(indicator) in group.apps)
        and (period is None or indicator.shown_in(period=period))
    ]


def group_report(
    name: str,
    unit: ReportUnit | str,
    *,
    on: dt.date | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> dict[str, Any]:
    """`{"unit", "on", "indicators"}` for a date, or `{"unit", "from", "to", "indicators"}`
    for a period (both `date_from` and `date_to`)."""
    period = date_from is not None or date_to is not None
    keys = group_keys(name, period=period)
    if period:
        if date_from is None or date_to is None:
            raise ValueError("a period needs both its first and its last day")
        if on is not None:
            raise ValueError("give either a date or a period, not both")
        if date_from > date_to:
            raise ValueError("the period ends before it starts")
        last = date_to
    else:
        last = on or dt.date.today()
    if isinstance(unit, str):
        unit = resolve(unit, last, since=date_from)
    ctx = context_for(unit, last, date_from=date_from)
    indicators = registry.compute(ctx, only=keys)
    if period:
        assert date_from is not None
        return {
            "unit": unit.as_json(),
            "from": date_from.isoformat(),
            "to": last.isoformat(),
            "indicators": indicators,
        }
    return {"unit": unit.as_json(), "on": last.isoformat(), "indicators": indicators}
