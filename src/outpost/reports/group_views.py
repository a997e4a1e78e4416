"""The report group pages (/reports/<group>/): a group's figures for a unit in the user's scope,
on a date or over a period, with a chart per kind of count and CSV/Excel export. The coverage
group has its own page (with drill-down); the others are reported here."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outpost.accounts.scope import SIGNED_IN, Scope, scope_of, scope_rule
from outpost.imports.exports import export_response
from outpost.reports import charts, registry
from outpost.reports.groups import GROUPS, group_report
from outpost.reports.units import ReportUnit, children, in_scope
from outpost.reports.views import UNIT_LABELS, _breadcrumbs, label_for, unit_for_request

GROUP_LABELS: dict[str, Any] = {
    "coverage": gettext_lazy("Coverage"),
    "grassroots": gettext_lazy("Party and grassroots"),
    "security": gettext_lazy("Security and order"),
    "border": gettext_lazy("Border line"),
    "works": gettext_lazy("Infrastructure works"),
    "fieldwork": gettext_lazy("Field work"),
}

# What the figures count, beyond the coverage page's own list.
MORE_UNIT_LABELS: dict[str, Any] = {
    "activities": gettext_lazy("activities"),
    "agreements": gettext_lazy("agreements"),
    "cadres": gettext_lazy("cadres"),
    "days": gettext_lazy("days"),
    "enrollments": gettext_lazy("enrollments"),
    "groups": gettext_lazy("groups"),
    "head": gettext_lazy("head of livestock"),
    "houses": gettext_lazy("houses"),
    "incidents": gettext_lazy("incidents"),
    "loans": gettext_lazy("loans"),
    "markers": gettext_lazy("markers"),
    "metres": gettext_lazy("metres"),
    "organisations": gettext_lazy("organisations"),
    "patrols": gettext_lazy("patrols"),
    "percent": gettext_lazy("percent"),
    "records": gettext_lazy("records"),
    "repairs": gettext_lazy("repairs"),
    "square metres": gettext_lazy("square metres"),
    "VND": "VND",
}

# Amounts, lengths and shares: a bar beside a count of people would mislead, so they get none.
MEASURES = {"VND", "metres", "square metres", "percent", "days", "km", "ha"}


def group_label(name: str) -> str:
    return str(GROUP_LABELS.get(name, name.capitalize()))


def counted_in(unit: str) -> str:
    return str(UNIT_LABELS.get(unit) or MORE_UNIT_LABELS.get(unit) or unit)


@dataclass(frozen=True)
class When:
    """A report date (`on`), or a period (`date_from` to `on`, both included)."""

    on: dt.date
    date_from: dt.date | None = None
    error: str = ""

    @property
    def is_period(self) -> bool:
        return self.date_from is not None

    def query(self) -> str:
        if self.date_from is not None:
            return f"from={self.date_from.isoformat()}&to={self.on.isoformat()}"
        return f"on={self.on.isoformat()}"


def _date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def when_for(request: HttpRequest) -> When:
    """The date or the period asked for. A period needs both its days, in order; anything
    unreadable falls back to today, with the reason."""
    today = dt.date.today()
    raw_from, raw_to = request.GET.get("from", ""), request.GET.get("to", "")
    if not raw_from and not raw_to:
        raw_on = request.GET.get("on", "")
        on = _date(raw_on)
        if raw_on and on is None:
            return When(on=today, error=_("The date could not be read; showing today."))
        return When(on=on or today)
    first, last = _date(raw_from), _date(raw_to)
    if first is None or last is None:
        return When(on=today, error=_("A period needs its first and its last day."))
    if first > last:
        return When(on=today, error=_("The period ends before it starts."))
    return When(on=last, date_from=first)


def _group(name: str) -> str:
    if name not in GROUPS:
        raise Http404
    return name


def _rows(name: str, unit: ReportUnit, when: When) -> list[dict[str, Any]]:
    if when.date_from is not None:
        report = group_report(name, unit, date_from=when.date_from, date_to=when.on)
    else:
        report = group_report(name, unit, on=when.on)
    rows = []
    for key, value in report["indicators"].items():
        indicator = registry.get(key)
        rows.append(
            {
                "key": key,
                "label": label_for(indicator),
                "value": value,
                "unit": indicator.unit,
                "counted_in": counted_in(indicator.unit),
            }
        )
    return rows


def _charts(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One bar chart per kind of count that has two figures or more, not all nil."""
    by_unit: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["unit"] not in MEASURES and isinstance(row["value"], int):
            by_unit[row["unit"]].append(row)
    return [
        {
            "title": counted_in(unit),
            "chart": charts.horizontal_bars([(r["label"], r["value"]) for r in group]),
        }
        for unit, group in by_unit.items()
        if len(group) >= 2 and any(r["value"] for r in group)
    ]


@scope_rule(SIGNED_IN)
def group_page(request: HttpRequest, group: str) -> HttpResponse:
    name = _group(group)
    scope: Scope = scope_of(request)
    when = when_for(request)
    unit = unit_for_request(request, scope, when.on)
    context: dict[str, Any] = {
        "group": name,
        "title": group_label(name),
        "when": when,
        "unit": unit,
    }
    if unit is not None:
        rows = _rows(name, unit, when)
        context.update(
            {
                "rows": rows,
                "charts": _charts(rows),
                "breadcrumbs": _breadcrumbs(scope, unit, when.on),
                "below": [c for c in children(unit, when.on) if in_scope(scope, c, when.on)],
            }
        )
    return render(request, "reports/group.html", context)


@scope_rule(SIGNED_IN)
def group_export(request: HttpRequest, group: str) -> HttpResponse:
    """The figures of the page as CSV or Excel: one row per figure."""
    name = _group(group)
    scope: Scope = scope_of(request)
    when = when_for(request)
    if when.error:
        return HttpResponseBadRequest(when.error)
    unit = unit_for_request(request, scope, when.on)
    if unit is None:
        raise Http404
    fmt = request.GET.get("format", "csv")
    if fmt not in ("csv", "xlsx"):
        return HttpResponseBadRequest(_("Export as csv or xlsx."))
    rows = _rows(name, unit, when)
    columns: list[tuple[str, Any]] = [
        (_("Indicator"), lambda r: r["label"]),
        (_("Value"), lambda r: r["value"]),
        (_("Counted in"), lambda r: r["counted_in"]),
        (_("Unit"), lambda r: unit.name),
        (_("Code"), lambda r: unit.code),
    ]
    if when.date_from is not None:
        first = when.date_from
        columns += [(_("From"), lambda r: first), (_("To"), lambda r: when.on)]
        stamp = f"{first.isoformat()}-{when.on.isoformat()}"
    else:
        columns.append((_("As of"), lambda r: when.on))
        stamp = when.on.isoformat()
    columns.append((_("Key"), lambda r: r["key"]))
    filename = f"{name}-{unit.code.replace(':', '-')}-{stamp}"
    response = export_response(rows, columns, filename, fmt, sheet_title=group_label(name))
    if isinstance(response, StreamingHttpResponse):
        # A few dozen rows: sent in one piece, with its length.
        whole = HttpResponse(
            b"".join(response.streaming_content),  # type: ignore[arg-type]
            content_type=response["Content-Type"],
        )
        whole["Content-Disposition"] = response["Content-Disposition"]
        return whole
    return response
