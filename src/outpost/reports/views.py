"""The coverage page (with drill-down and chart) and its export."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from outpost.accounts.scope import SIGNED_IN, Scope, scope_of, scope_rule
from outpost.core.indicators import Indicator
from outpost.reports import charts, registry
from outpost.reports.coverage import KEY_FIGURES, coverage, drill_down
from outpost.reports.units import (
    ReportUnit,
    UnitNotFound,
    default_unit,
    in_scope,
    parent,
    resolve,
)

# What an indicator counts, shown beside its figure.
UNIT_LABELS = {
    "people": gettext_lazy("people"),
    "households": gettext_lazy("households"),
    "villages": gettext_lazy("villages"),
    "branches": gettext_lazy("branches"),
    "communes": gettext_lazy("communes"),
}


def label_for(indicator: Indicator) -> str:
    """Vietnamese pages show the Vietnamese label; other languages the translated msgid."""
    if (get_language() or "vi").startswith("vi"):
        return indicator.label_vi
    return str(indicator.label)


def _on(request: HttpRequest) -> dt.date:
    raw = request.GET.get("on", "")
    try:
        return dt.date.fromisoformat(raw) if raw else dt.date.today()
    except ValueError:
        return dt.date.today()


def unit_for_request(request: HttpRequest, scope: Scope, on: dt.date) -> ReportUnit | None:
    """The unit named in the query string, or the user's default one. Out of scope == 404."""
    code = request.GET.get("unit", "").strip()
    if not code:
        return default_unit(scope, on)
    try:
        unit = resolve(code, on)
    except UnitNotFound as exc:
        raise Http404 from exc
    if not in_scope(scope, unit, on):
        raise Http404
    return unit


def _breadcrumbs(scope: Scope, unit: ReportUnit, on: dt.date) -> list[ReportUnit]:
    trail: list[ReportUnit] = []
    current = parent(unit, on, scope)
    while current is not None and len(trail) < 6 and in_scope(scope, current, on):
        trail.insert(0, current)
        current = parent(current, on, scope)
    return trail


@scope_rule(SIGNED_IN)
def coverage_page(request: HttpRequest) -> HttpResponse:
    scope: Scope = scope_of(request)
    on = _on(request)
    unit = unit_for_request(request, scope, on)
    context: dict[str, Any] = {"on": on, "unit": unit}
    if unit is not None:
        figures = coverage(unit, on)["indicators"]
        rows = [
            {
                "key": key,
                "label": label_for(registry.get(key)),
                "unit": UNIT_LABELS.get(registry.get(key).unit, registry.get(key).unit),
                "value": value,
            }
            for key, value in figures.items()
        ]
        child_keys = [registry.get(k) for k in KEY_FIGURES if k in set(registry.keys())]
        context.update(
            {
                "rows": rows,
                "chart": charts.horizontal_bars([(r["label"], r["value"]) for r in rows]),
                "child_keys": [{"key": i.key, "label": label_for(i)} for i in child_keys],
                "children": [
                    {"unit": row.unit, "values": [row.figures.get(i.key) for i in child_keys]}
                    for row in drill_down(unit, on, scope)
                ],
                "breadcrumbs": _breadcrumbs(scope, unit, on),
            }
        )
    return render(request, "reports/coverage.html", context)


def coverage_table(
    unit: ReportUnit, on: dt.date, scope: Scope
) -> tuple[list[str], list[list[Any]]]:
    """The unit and its children with every figure: what the export writes."""
    keys = registry.keys()
    header = [_("Code"), _("Name"), _("Kind"), *[label_for(registry.get(k)) for k in keys]]
    own = coverage(unit, on)["indicators"]
    lines = [[unit.code, unit.name, unit.kind_label, *[own.get(k, "") for k in keys]]]
    for row in drill_down(unit, on, scope, keys=tuple(keys)):
        lines.append(
            [
                row.unit.code,
                row.unit.name,
                row.unit.kind_label,
                *[row.figures.get(k, "") for k in keys],
            ]
        )
    return [str(h) for h in header], lines


@scope_rule(SIGNED_IN)
def coverage_export(request: HttpRequest) -> HttpResponse:
    scope: Scope = scope_of(request)
    on = _on(request)
    unit = unit_for_request(request, scope, on)
    if unit is None:
        raise Http404
    header, lines = coverage_table(unit, on, scope)
    stem = f"coverage-{unit.code.replace(':', '-')}-{on.isoformat()}"
    if request.GET.get("format", "csv") == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "coverage"
        sheet.append([f"{unit.name} ({unit.code})", on.isoformat()])
        sheet.append(header)
        for line in lines:
            sheet.append(line)
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
        return response
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(lines)
    response = HttpResponse("\ufeff" + text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
    return response
