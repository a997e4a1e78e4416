"""Pages for household outcomes: a household's outcomes with its poverty trajectory, the
forms to record a conversion, a loan or a house, the lists of each kind (filters, export),
a record's page with its history and voiding; and the comparison of how often households in
someone's charge leave poverty against the others of the same communes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outpost.accounts.scope import OBJECT, SIGNED_IN, scope_of, scope_rule
from outpost.core.audit import history
from outpost.core.views import HISTORY_ROWS, add_validation_error, paginate
from outpost.fieldwork.forms.outcomes import (
    ComparisonForm,
    ConversionForm,
    HouseSupportForm,
    LoanForm,
    OutcomeForm,
    VoidForm,
)
from outpost.fieldwork.models import Conversion, HouseSupport, Loan
from outpost.fieldwork.selectors import outcomes as selectors
from outpost.fieldwork.selectors.followups import default_unit, household_follow_up
from outpost.fieldwork.services import outcomes as services
from outpost.imports.exports import FORMATS, Columns, export_response
from outpost.people.selectors import household_get
from outpost.reports import charts


def _scope(request: HttpRequest) -> Any:
    return scope_of(request)


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _choice(value: str | None, allowed: Any) -> str | None:
    return value if value in allowed else None


# --- the three kinds of outcome -------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """What differs between conversions, loans and houses, so the pages can be shared."""

    key: str  # URL prefix and template name: conversions, loans, houses
    name: str  # the URL names' stem: conversion, loan, house_support
    kwarg: str  # the object kwarg in URLs
    model: type[Model]
    form: type[OutcomeForm]
    record: Callable[..., Any]
    get: Callable[[Any, int], Any]
    title: Any
    one: Any
    recorded: Any
    columns: Columns
    facts: Callable[[Any], list[tuple[Any, Any]]]


def _money(value: int | None) -> str:
    return f"{value:,}" if value is not None else "—"


def _common_facts(o: Any) -> list[tuple[Any, Any]]:
    return [
        (gettext_lazy("Cadre"), o.cadre or "—"),
        (
            gettext_lazy("Activity"),
            f"{o.activity.date:%Y-%m-%d} · {o.activity.kind}" if o.activity else "—",
        ),
        (gettext_lazy("Note"), o.note or "—"),
    ]


def _conversion_facts(c: Conversion) -> list[tuple[Any, Any]]:
    return [
        (gettext_lazy("Kind"), c.get_kind_display()),
        (gettext_lazy("From"), c.from_name),
        (gettext_lazy("To"), c.to_name),
        (gettext_lazy("Area (ha)"), c.area_ha if c.area_ha is not None else "—"),
        (gettext_lazy("Head of livestock"), c.heads if c.heads is not None else "—"),
        (gettext_lazy("Year"), c.year),
        *_common_facts(c),
    ]


def _loan_facts(loan: Loan) -> list[tuple[Any, Any]]:
    return [
        (gettext_lazy("Granted on"), f"{loan.granted_on:%Y-%m-%d}"),
        (gettext_lazy("Amount (VND)"), _money(loan.amount)),
        (gettext_lazy("Lender"), loan.lender_name or loan.get_lender_display()),
        (gettext_lazy("Purpose"), loan.purpose or "—"),
        (gettext_lazy("Term (months)"), loan.term_months or "—"),
        *_common_facts(loan),
    ]


def _house_facts(h: HouseSupport) -> list[tuple[Any, Any]]:
    return [
        (gettext_lazy("Built or repaired"), h.get_kind_display()),
        (gettext_lazy("Completed on"), f"{h.completed_on:%Y-%m-%d}"),
        (gettext_lazy("Cost (VND)"), _money(h.cost)),
        (gettext_lazy("Unit's contribution (VND)"), _money(h.unit_contribution)),
        (gettext_lazy("Labour days"), h.labour_days),
        (gettext_lazy("Program"), h.program or "—"),
        *_common_facts(h),
    ]


_SHARED_COLUMNS: Columns = [
    ("household_code", "household.code"),
    ("head_of_household", "household.head_name"),
    ("village", "household.village.name"),
    ("commune", "commune.name"),
]
_TAIL_COLUMNS: Columns = [
    ("cadre", "cadre.full_name"),
    ("activity_id", "activity_id"),
    ("note", "note"),
    ("voided_at", lambda o: o.voided_at.date() if o.voided_at else None),
    ("void_reason", "void_reason"),
]

KINDS: dict[str, Kind] = {
    "conversions": Kind(
        key="conversions",
        name="conversion",
        kwarg="conversion_id",
        model=Conversion,
        form=ConversionForm,
        record=services.conversion_record,
        get=selectors.conversion_get,
        title=gettext_lazy("Crop and livestock conversions"),
        one=gettext_lazy("Conversion"),
        recorded=gettext_lazy("Conversion recorded."),
        columns=[
            ("id", "pk"),
            *_SHARED_COLUMNS,
            ("kind", "kind"),
            ("from", "from_name"),
            ("to", "to_name"),
            ("area_ha", "area_ha"),
            ("heads", "heads"),
            ("year", "year"),
            *_TAIL_COLUMNS,
        ],
        facts=_conversion_facts,
    ),
    "loans": Kind(
        key="loans",
        name="loan",
        kwarg="loan_id",
        model=Loan,
        form=LoanForm,
        record=services.loan_record,
        get=selectors.loan_get,
        title=gettext_lazy("Loans facilitated"),
        one=gettext_lazy("Loan"),
        recorded=gettext_lazy("Loan recorded."),
        columns=[
            ("id", "pk"),
            *_SHARED_COLUMNS,
            ("granted_on", "granted_on"),
            ("amount_vnd", "amount"),
            ("lender", "lender"),
            ("lender_name", "lender_name"),
            ("purpose", "purpose"),
            ("term_months", "term_months"),
            *_TAIL_COLUMNS,
        ],
        facts=_loan_facts,
    ),
    "houses": Kind(
        key="houses",
        name="house_support",
        kwarg="house_support_id",
        model=HouseSupport,
        form=HouseSupportForm,
        record=services.house_support_record,
        get=selectors.house_support_get,
        title=gettext_lazy("Houses built or repaired"),
        one=gettext_lazy("House"),
        recorded=gettext_lazy("House recorded."),
        columns=[
            ("id", "pk"),
            *_SHARED_COLUMNS,
            ("kind", "kind"),
            ("completed_on", "completed_on"),
            ("cost_vnd", "cost"),
            ("unit_contribution_vnd", "unit_contribution"),
            ("labour_days", "labour_days"),
            ("program", "program.name_vi"),
            *_TAIL_COLUMNS,
        ],
        facts=_house_facts,
    ),
}


# --- a household's outcomes -----------------------------------------------------------------


@scope_rule(OBJECT)
def household_outcomes(request: HttpRequest, household_id: int) -> HttpResponse:
    scope = _scope(request)
    household = household_get(scope, household_id)
    outcomes = selectors.household_outcomes(household)
    return render(
        request,
        "fieldwork/outcomes/household.html",
        {
            "household": household,
            "outcomes": outcomes,
            "follow_up": household_follow_up(household),
            "can_write": scope.can_write,
        },
    )


def _record(request: HttpRequest, household_id: int, kind: Kind) -> HttpResponse:
    scope = _scope(request)
    household = household_get(scope, household_id)
    scope.require_write()
    initial = {"cadre": selectors.current_cadre_of(household)}
    form = kind.form(request.POST or None, scope=scope, household=household, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            kind.record(actor=request.user, household=household, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, str(kind.recorded))
            return redirect("fieldwork:household_outcomes", household_id=household.pk)
    return render(
        request,
        "fieldwork/outcomes/form.html",
        {"form": form, "household": household, "kind": kind},
    )


@scope_rule(OBJECT)
def conversion_create(request: HttpRequest, household_id: int) -> HttpResponse:
    return _record(request, household_id, KINDS["conversions"])


@scope_rule(OBJECT)
def loan_create(request: HttpRequest, household_id: int) -> HttpResponse:
    return _record(request, household_id, KINDS["loans"])


@scope_rule(OBJECT)
def house_support_create(request: HttpRequest, household_id: int) -> HttpResponse:
    return _record(request, household_id, KINDS["houses"])


# --- lists ----------------------------------------------------------------------------------


def _filters(request: HttpRequest, kind: Kind) -> dict[str, Any]:
    get = request.GET
    filters: dict[str, Any] = {
        "year": _int_or_none(get.get("year")),
        "commune_id": _int_or_none(get.get("commune")),
        "cadre_id": _int_or_none(get.get("cadre")),
        "include_void": get.get("void") == "1",
    }
    if kind.key == "conversions":
        filters["kind"] = _choice(get.get("kind"), Conversion.Kind.values)
        filters["to_name"] = get.get("to", "").strip() or None
    elif kind.key == "loans":
        filters["lender"] = _choice(get.get("lender"), Loan.Lender.values)
    else:
        filters["kind"] = _choice(get.get("kind"), HouseSupport.Kind.values)
        filters["program_id"] = _int_or_none(get.get("program"))
    return filters


def _rows(scope: Any, kind: Kind, filters: dict[str, Any]) -> QuerySet[Any]:
    if kind.key == "conversions":
        return selectors.conversion_list(scope, **filters)
    if kind.key == "loans":
        return selectors.loan_list(scope, **filters)
    return selectors.house_support_list(scope, **filters)


def _list(request: HttpRequest, kind: Kind) -> HttpResponse:
    scope = _scope(request)
    filters = _filters(request, kind)
    query = request.GET.copy()
    query.pop("page", None)
    context: dict[str, Any] = {
        "kind": kind,
        "page": paginate(request, _rows(scope, kind, filters)),
        "filters": filters,
        "communes": selectors.outcome_communes(scope),
        "query": query.urlencode(),
        "export_url": f"fieldwork:{kind.name}_export",
    }
    if kind.key == "conversions":
        context["kinds"] = Conversion.Kind.choices
    elif kind.key == "loans":
        context["lenders"] = Loan.Lender.choices
    else:
        context["kinds"] = HouseSupport.Kind.choices
        context["programs"] = selectors.programs_for_houses(scope)
    return render(request, f"fieldwork/outcomes/{kind.key}.html", context)


@scope_rule(SIGNED_IN)
def conversion_list(request: HttpRequest) -> HttpResponse:
    return _list(request, KINDS["conversions"])


@scope_rule(SIGNED_IN)
def loan_list(request: HttpRequest) -> HttpResponse:
    return _list(request, KINDS["loans"])


@scope_rule(SIGNED_IN)
def house_support_list(request: HttpRequest) -> HttpResponse:
    return _list(request, KINDS["houses"])


def _export(request: HttpRequest, kind: Kind, fmt: str) -> HttpResponse | StreamingHttpResponse:
    if fmt not in FORMATS:
        raise Http404
    rows = _rows(_scope(request), kind, _filters(request, kind)).select_related("activity")
    return export_response(rows, kind.columns, kind.key, fmt, sheet_title=str(kind.title))


@scope_rule(SIGNED_IN)
def conversion_export(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    return _export(request, KINDS["conversions"], fmt)


@scope_rule(SIGNED_IN)
def loan_export(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    return _export(request, KINDS["loans"], fmt)


@scope_rule(SIGNED_IN)
def house_support_export(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    return _export(request, KINDS["houses"], fmt)


# --- one record: its page and voiding -------------------------------------------------------


def _detail(request: HttpRequest, kind: Kind, pk: int) -> HttpResponse:
    scope = _scope(request)
    outcome = kind.get(scope, pk)
    return render(
        request,
        "fieldwork/outcomes/detail.html",
        {
            "kind": kind,
            "outcome": outcome,
            "facts": kind.facts(outcome),
            "void_url": f"fieldwork:{kind.name}_void",
            "history": history(outcome)[:HISTORY_ROWS],
            "can_void": scope.can_write and outcome.voided_at is None,
        },
    )


def _void(request: HttpRequest, kind: Kind, pk: int) -> HttpResponse:
    scope = _scope(request)
    outcome = kind.get(scope, pk)
    scope.require_write()
    form = VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_void(
                actor=request.user, outcome=outcome, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Record voided."))
            return redirect("fieldwork:household_outcomes", household_id=outcome.household_id)
    return render(
        request,
        "fieldwork/outcomes/void.html",
        {"form": form, "kind": kind, "outcome": outcome, "facts": kind.facts(outcome)},
    )


@scope_rule(OBJECT)
def conversion_detail(request: HttpRequest, conversion_id: int) -> HttpResponse:
    return _detail(request, KINDS["conversions"], conversion_id)


@scope_rule(OBJECT)
def loan_detail(request: HttpRequest, loan_id: int) -> HttpResponse:
    return _detail(request, KINDS["loans"], loan_id)


@scope_rule(OBJECT)
def house_support_detail(request: HttpRequest, house_support_id: int) -> HttpResponse:
    return _detail(request, KINDS["houses"], house_support_id)


@scope_rule(OBJECT)
def conversion_void(request: HttpRequest, conversion_id: int) -> HttpResponse:
    return _void(request, KINDS["conversions"], conversion_id)


@scope_rule(OBJECT)
def loan_void(request: HttpRequest, loan_id: int) -> HttpResponse:
    return _void(request, KINDS["loans"], loan_id)


@scope_rule(OBJECT)
def house_support_void(request: HttpRequest, house_support_id: int) -> HttpResponse:
    return _void(request, KINDS["houses"], house_support_id)


# --- households in someone's charge against the others --------------------------------------


def _comparison(request: HttpRequest) -> tuple[ComparisonForm, selectors.Comparison | None]:
    scope = _scope(request)
    query = request.GET.copy()
    if not query.get("unit"):
        default = default_unit(scope)
        if default is not None:
            query["unit"] = str(default.pk)
    form = ComparisonForm(query, scope=scope)
    if form.is_valid():
        data = form.cleaned_data
    else:
        data = {"unit": None, "year_to": dt.date.today().year, "base": selectors.DEFAULT_BASE}
        data["year_from"] = data["year_to"] - 4
    unit = data.get("unit") or default_unit(scope)
    if unit is None:
        return form, None
    result = selectors.poverty_exit_comparison(
        scope, unit, year_from=data["year_from"], year_to=data["year_to"], base=data["base"]
    )
    return form, result


def _chart(result: selectors.Comparison) -> charts.BarChart:
    items: list[tuple[str, int]] = []
    for row in result.years:
        for label, group in ((_("in charge"), row.in_charge), (_("others"), row.others)):
            items.append((f"{row.year} · {label}", round(group.share or 0)))
    return charts.horizontal_bars(items, label_width=160)


@scope_rule(SIGNED_IN)
def comparison(request: HttpRequest) -> HttpResponse:
    form, result = _comparison(request)
    query = request.GET.copy()
    return render(
        request,
        "fieldwork/outcomes/comparison.html",
        {
            "form": form,
            "result": result,
            "base_label": selectors.BASES[result.base][0] if result else "",
            "chart": _chart(result) if result else None,
            "query": query.urlencode(),
        },
    )


COMPARISON_COLUMNS: Columns = [
    ("year", lambda r: r[0]),
    ("group", lambda r: r[1]),
    ("households_at_start", lambda r: r[2].base),
    ("assessed_again", lambda r: r[2].assessed),
    ("not_assessed", lambda r: r[2].not_assessed),
    ("left", lambda r: r[2].left),
    ("share_left_percent", lambda r: r[2].share),
]


@scope_rule(SIGNED_IN)
def comparison_export(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    if fmt not in FORMATS:
        raise Http404
    _form, result = _comparison(request)
    rows: list[tuple[int, str, selectors.GroupYear]] = []
    for row in result.years if result else []:
        rows.append((row.year, "in_charge", row.in_charge))
        rows.append((row.year, "others", row.others))
    return export_response(
        rows, COMPARISON_COLUMNS, "poverty-exit-comparison", fmt, sheet_title="Comparison"
    )


urlpatterns = [
    path(
        "outcomes/households/<int:household_id>/",
        household_outcomes,
        name="household_outcomes",
    ),
    path(
        "outcomes/households/<int:household_id>/conversions/new/",
        conversion_create,
        name="conversion_create",
    ),
    path("outcomes/households/<int:household_id>/loans/new/", loan_create, name="loan_create"),
    path(
        "outcomes/households/<int:household_id>/houses/new/",
        house_support_create,
        name="house_support_create",
    ),
    path("outcomes/conversions/", conversion_list, name="conversion_list"),
    path("outcomes/conversions/export.<str:fmt>", conversion_export, name="conversion_export"),
    path("outcomes/conversions/<int:conversion_id>/", conversion_detail, name="conversion_detail"),
    path("outcomes/conversions/<int:conversion_id>/void/", conversion_void, name="conversion_void"),
    path("outcomes/loans/", loan_list, name="loan_list"),
    path("outcomes/loans/export.<str:fmt>", loan_export, name="loan_export"),
    path("outcomes/loans/<int:loan_id>/", loan_detail, name="loan_detail"),
    path("outcomes/loans/<int:loan_id>/void/", loan_void, name="loan_void"),
    path("outcomes/houses/", house_support_list, name="house_support_list"),
    path("outcomes/houses/export.<str:fmt>", house_support_export, name="house_support_export"),
    path(
        "outcomes/houses/<int:house_support_id>/",
        house_support_detail,
        name="house_support_detail",
    ),
    path(
        "outcomes/houses/<int:house_support_id>/void/",
        house_support_void,
        name="house_support_void",
    ),
    path("outcomes/comparison/", comparison, name="outcome_comparison"),
    path(
        "outcomes/comparison/export.<str:fmt>",
        comparison_export,
        name="outcome_comparison_export",
    ),
]
