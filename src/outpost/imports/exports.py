"""Exports of lists to XLSX or CSV.

`export_response(rows, columns, filename, fmt)` is the shared helper for any list page:
`columns` is a list of (header, accessor) where the accessor is an attribute path
("village.name") or a callable taking the row. CSV streams row by row; XLSX is written with
openpyxl's write-only workbook. The exports below use the import headers, so an exported
sheet can be corrected and imported again."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator
from operator import attrgetter
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook

from outpost.accounts.scope import Scope
from outpost.imports import spec
from outpost.imports.kinds import EXPORTS as RECORD_EXPORTS
from outpost.imports.kinds.base import export_columns

Accessor = str | Callable[[Any], Any]
Columns = list[tuple[str, Accessor]]
FORMATS = ("xlsx", "csv")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _getter(accessor: Accessor) -> Callable[[Any], Any]:
    if callable(accessor):
        return accessor
    get = attrgetter(accessor)

    def safe(row: Any) -> Any:
        try:
            return get(row)
        except AttributeError:  # a null foreign key on the way
            return None

    return safe


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, int | float | dt.date):
        return value
    return str(value)


def _iterate(rows: Iterable[Any]) -> Iterator[Any]:
    if isinstance(rows, QuerySet):
        return rows.iterator(chunk_size=2000)
    return iter(rows)


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_response(
    rows: Iterable[Any],
    columns: Columns,
    filename: str,
    fmt: str = "xlsx",
    *,
    sheet_title: str = "Export",
) -> HttpResponse | StreamingHttpResponse:
    getters = [_getter(a) for _h, a in columns]
    headers = [h for h, _a in columns]
    if fmt == "csv":
        writer = csv.writer(_Echo())

        def lines() -> Iterator[str]:
            yield "\ufeff"  # so Excel reads the file as UTF-8
            yield writer.writerow(headers)
            for row in _iterate(rows):
                yield writer.writerow(
                    [
                        v.isoformat() if isinstance(v, dt.date) else v
                        for v in (_cell(g(row)) for g in getters)
                    ]
                )

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    if fmt != "xlsx":
        raise ValueError(f"unknown export format {fmt!r}")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title[:31])
    ws.append(headers)
    for row in _iterate(rows):
        ws.append([_cell(g(row)) for g in getters])
    buffer = io.BytesIO()
    wb.save(buffer)
    xlsx = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    xlsx["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return xlsx


# --- the lists ------------------------------------------------------------------------------


_headers = export_columns  # the import headers, commune codes as they read back


def villages_export(scope: Scope) -> tuple[QuerySet, Columns, spec.Sheet]:
    from outpost.geo.models import Village

    qs = scope.filter(Village.objects.select_related("commune"), commune="commune").order_by(
        "commune__code", "name"
    )
    columns = _headers(
        spec.VILLAGES,
        {
            "commune_code": "commune.code",
            "name": "name",
            "kind": "kind",
            "code": "code",
            "is_border": "is_border",
            "valid_from": "valid_from",
        },
    )
    return qs, columns, spec.VILLAGES


def cadres_export(scope: Scope) -> tuple[QuerySet, Columns, spec.Sheet]:
    from outpost.force.models import Cadre

    qs = scope.filter(
        Cadre.objects.select_related("unit", "ethnic_group"), force_unit="unit"
    ).order_by("service_number")
    columns = _headers(
        spec.CADRES,
        {
            "service_number": "service_number",
            "full_name": "full_name",
            "rank": "rank",
            "unit_code": "unit.code",
            "category": "category",
            "position": "position",
            "sex": "sex",
            "birth_year": "birth_year",
            "ethnic_group": "ethnic_group.name",
            "languages": "languages",
            "party_joined_on": "party_joined_on",
            "party_full_on": "party_full_on",
        },
    )
    return qs, columns, spec.CADRES


def households_export(scope: Scope) -> tuple[QuerySet, Columns, spec.Sheet]:
    from outpost.people.models import Household

    qs = scope.filter(
        Household.objects.select_related("commune", "village"), commune="commune"
    ).order_by("commune__code", "code")
    columns = _headers(
        spec.HOUSEHOLDS,
        {
            "commune_code": "commune.code",
            "household_code": "code",
            "village": "village.name",
            "head_name": "head_name",
            "is_policy_family": "is_policy_family",
            "is_near_border": "is_near_border",
            "valid_from": "valid_from",
            "note": "note",
        },
    )
    return qs, columns, spec.HOUSEHOLDS


def residents_export(scope: Scope) -> tuple[QuerySet, Columns, spec.Sheet]:
    """Religion is sensitive personal data (Law 91/2025): never exported."""
    from outpost.people.models import Resident

    qs = scope.filter(
        Resident.objects.select_related("household__commune", "ethnic_group").filter(
            valid_to__isnull=True
        ),
        commune="household__commune",
    ).order_by("household__commune__code", "household__code", "id")
    columns = _headers(
        spec.RESIDENTS,
        {
            "commune_code": "household.commune.code",
            "household_code": "household.code",
            "full_name": "full_name",
            "relation": "relation",
            "sex": "sex",
            "birth_year": "birth_year",
            "birth_date": "birth_date",
            "ethnic_group": "ethnic_group.name",
            "is_village_chief": "is_village_chief",
            "is_village_elder": "is_village_elder",
            "is_reputable_person": "is_reputable_person",
        },
    )
    return qs, columns, spec.RESIDENTS


def assignments_export(scope: Scope) -> tuple[QuerySet, Columns, spec.Sheet]:
    from outpost.assign.models import HouseholdAssignment

    qs = scope.filter(
        HouseholdAssignment.objects.select_related("cadre", "household__commune"),
        commune="household__commune",
        force_unit="cadre__unit",
    ).order_by("household__commune__code", "household__code", "valid_from")
    columns = _headers(
        spec.HOUSEHOLD_ASSIGNMENTS,
        {
            "service_number": "cadre.service_number",
            "commune_code": "household.commune.code",
            "household_code": "household.code",
            "valid_from": "valid_from",
            "decision": "decision",
            "valid_to": "valid_to",
            "end_reason": "end_reason",
        },
    )
    return qs, columns, spec.HOUSEHOLD_ASSIGNMENTS


EXPORTS: dict[str, Callable[[Scope], tuple[QuerySet, Columns, spec.Sheet]]] = {
    "villages": villages_export,
    "cadres": cadres_export,
    "households": households_export,
    "residents": residents_export,
    "assignments": assignments_export,
    **RECORD_EXPORTS,  # candidates, organisations, works, the border line, incidents
}


def export_kind(
    scope: Scope, kind: str, fmt: str, *, on: dt.date | None = None
) -> HttpResponse | StreamingHttpResponse:
    rows, columns, sheet = EXPORTS[kind](scope)
    stamp = (on or dt.date.today()).isoformat()
    return export_response(rows, columns, f"outpost-{kind}-{stamp}", fmt, sheet_title=sheet.title)
