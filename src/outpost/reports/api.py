"""Reports over the API: coverage of a unit on a date, report groups on a date or over a period,
and the indicator registry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import translation
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from outpost.accounts.scope import OBJECT, SIGNED_IN, Scope, scope_of, scope_rule
from outpost.reports import registry
from outpost.reports.coverage import coverage
from outpost.reports.groups import UnknownGroup, group_keys, group_report
from outpost.reports.units import AmbiguousUnit, ReportUnit, UnitNotFound, in_scope, resolve

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


def _resolved(code: str, on: dt.date, *, since: dt.date | None = None) -> ReportUnit:
    """The unit `unit=` names: an unknown code is a 404, a code two units carried during the
    period a 400, each saying why (`CODE@YYYY-MM-DD` picks one)."""
    try:
        return resolve(code, on, since=since)
    except AmbiguousUnit as exc:
        raise HttpError(400, str(exc)) from exc
    except UnitNotFound as exc:
        raise HttpError(404, str(exc)) from exc


@router.get("/coverage", response=CoverageOut)
@scope_rule(OBJECT)
def coverage_get(request: HttpRequest, unit: str, on: dt.date | None = None) -> dict:
    """The coverage indicators of a unit on a date (default today). `unit` is an administrative
    unit code (`CODE@YYYY-MM-DD`: the unit that carried it that day), a force unit code,
    `village:<id>` or `VN`. A unit outside the caller's scope is
    not found (404)."""
    scope: Scope = scope_of(request)
    on = on or dt.date.today()
    report_unit = _resolved(unit, on)
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


@router.get("/{group}")
@scope_rule(OBJECT)
def group_get(
    request: HttpRequest,
    group: str,
    unit: str,
    on: dt.date | None = None,
    date_from: dt.date | None = Query(None, alias="from"),
    to: dt.date | None = None,
) -> dict[str, Any]:
    """A report group (`grassroots`, `security`, `border`, `works`, `fieldwork`) for a unit on
    a date (default today), or over a period with `from` and `to`: figures counted "this year"
    count in the period, the others are taken on its last day. Answers
    `{"unit", "on", "indicators"}` or `{"unit", "from", "to", "indicators"}`. An unknown group
    is not found (404); a unit outside the caller's scope is not found (404)."""
    scope: Scope = scope_of(request)
    try:
        group_keys(group)
    except UnknownGroup as exc:
        raise HttpError(404, str(exc)) from exc
    if (date_from is None) != (to is None):
        raise HttpError(400, "a period needs both `from` and `to`")
    if date_from is not None and on is not None:
        raise HttpError(400, "give either `on` or `from` and `to`, not both")
    last = to or on or dt.date.today()
    report_unit = _resolved(unit, last, since=date_from)
    if not in_scope(scope, report_unit, last):
        raise Http404
    try:
        return group_report(group, report_unit, on=on, date_from=date_from, date_to=to)
    except ValueError as exc:
        raise HttpError(400, str(exc)) from exc
