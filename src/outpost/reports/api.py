"""Reports over the API: coverage of a unit on a date, and the indicator registry."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest
from django.utils import translation
from ninja import Router, Schema

from outpost.accounts.scope import OBJECT, SIGNED_IN, Scope, scope_rule
from outpost.reports import registry
from outpost.reports.coverage import coverage
from outpost.reports.units import UnitNotFound, in_scope, resolve

router = Router(tags=["reports"])


class UnitOut(Schema):
    code: str
    name: str
    kind: str


class CoverageOut(Schema):
    unit: UnitOut
    on: dt.date
    indicators: dict[str, int]


class IndicatorOut(Schema):
    key: str
    label: str
    label_vi: str
    unit: str


@router.get("/coverage", response=CoverageOut)
@scope_rule(OBJECT)
def coverage_get(request: HttpRequest, unit: str, on: dt.date | None = None) -> dict:
    """The coverage indicators of a unit on a date (default today). `unit` is an administrative
    unit code, a force unit code, `village:<id>` or `VN`. A unit outside the caller's scope is
    not found (404)."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    on = on or dt.date.today()
    try:
        report_unit = resolve(unit, on)
    except UnitNotFound as exc:
        raise Http404 from exc
    if not in_scope(scope, report_unit, on):
        raise Http404
    return coverage(report_unit, on)


@router.get("/indicators", response=list[IndicatorOut])
@scope_rule(SIGNED_IN)
def indicators_list(request: HttpRequest) -> list[dict]:
    """Every indicator reports can show, with its English and Vietnamese labels and what it
    counts."""
    # `label` is documented as the English label, whatever the request's language.
    with translation.override("en"):
        return [
            {"key": i.key, "label": str(i.label), "label_vi": i.label_vi, "unit": i.unit}
            for i in registry.all_indicators()
        ]
