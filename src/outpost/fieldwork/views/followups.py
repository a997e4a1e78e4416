"""Follow-up pages: "my households due" for the signed-in officer, a cadre's households, a
unit's follow-ups (due or overdue, filters, export) and the households not visited within a
period; and the visit interval of each unit, set by its commanders."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outpost.accounts.models import User
from outpost.accounts.scope import OBJECT, SIGNED_IN, get_in_scope, scope_of, scope_rule
from outpost.core.tree import force_subtree
from outpost.core.views import HISTORY_ROWS, add_validation_error, paginate
from outpost.fieldwork.forms.followups import VisitScheduleEndForm, VisitScheduleForm
from outpost.fieldwork.selectors import followups as selectors
from outpost.fieldwork.selectors.outcomes import outcome_communes
from outpost.fieldwork.services import followups as services
from outpost.force.models import Cadre, ForceUnit
from outpost.force.selectors import cadre_get, force_unit_get
from outpost.imports.exports import FORMATS, Columns, export_response

STATUS_LABELS = {
    selectors.DUE: gettext_lazy("due or overdue"),
    selectors.OVERDUE: gettext_lazy("overdue"),
    selectors.DUE_SOON: gettext_lazy("due soon"),
    selectors.OK: gettext_lazy("not due yet"),
}
# Who sets a unit's visit interval: its commanders and the provincial staff above it.
SCHEDULE_ROLES = {User.Role.POST_COMMANDER, User.Role.PROVINCE_STAFF}


def _scope(request: HttpRequest) -> Any:
    return scope_of(request)


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _may_set_schedules(request: HttpRequest) -> bool:
    user: Any = request.user
    return _scope(request).can_write and (user.is_superuser or user.role in SCHEDULE_ROLES)


def _unit(request: HttpRequest) -> ForceUnit | None:
    """The unit named by ?unit= (it must be in scope), or the user's highest unit."""
    scope = _scope(request)
    unit_id = _int_or_none(request.GET.get("unit"))
    if unit_id is not None:
        return get_in_scope(selectors.units_in_scope(scope), pk=unit_id)
    return selectors.default_unit(scope)


def _status(request: HttpRequest, default: str | None) -> str | None:
    raw = request.GET.get("status")
    if raw == "all":
        return None
    return raw if raw in STATUS_LABELS else default


def _counts(rows: list[selectors.FollowUp]) -> dict[str, int]:
    counts = {s: 0 for s in selectors.STATUSES}
    for row in rows:
        counts[row.status] += 1
    counts[selectors.DUE] = counts[selectors.OVERDUE] + counts[selectors.DUE_SOON]
    return counts


def _status_choices(counts: dict[str, int]) -> list[tuple[str, Any, int]]:
    return [(key, label, counts[key]) for key, label in STATUS_LABELS.items()]


def _only(rows: list[selectors.FollowUp], status: str | None) -> list[selectors.FollowUp]:
    if status == selectors.DUE:
        return [r for r in rows if r.status in (selectors.OVERDUE, selectors.DUE_SOON)]
    if status:
        return [r for r in rows if r.status == status]
    return rows


# --- one cadre ------------------------------------------------------------------------------


def _cadre_page(request: HttpRequest, cadre: Cadre | None, *, mine: bool) -> HttpResponse:
    scope = _scope(request)
    status = _status(request, None)
    rows = selectors.cadre_follow_ups(scope, cadre) if cadre is not None else []
    return render(
        request,
        "fieldwork/followups/cadre.html",
        {
            "cadre": cadre,
            "mine": mine,
            "rows": _only(rows, status),
            "status": status or "all",
            "status_choices": _status_choices(_counts(rows)),
            "interval": selectors.interval_of(cadre.unit if cadre else None),
            "can_write": scope.can_write,
        },
    )


@scope_rule(SIGNED_IN)
def followup_mine(request: HttpRequest) -> HttpResponse:
    cadre = getattr(request.user, "cadre", None)
    return _cadre_page(request, cadre, mine=True)


@scope_rule(OBJECT)
def followup_cadre(request: HttpRequest, cadre_id: int) -> HttpResponse:
    return _cadre_page(request, cadre_get(_scope(request), cadre_id), mine=False)


# --- a unit ---------------------------------------------------------------------------------


def _unit_filters(request: HttpRequest) -> dict[str, Any]:
    return {
        "cadre_id": _int_or_none(request.GET.get("cadre")),
        "commune_id": _int_or_none(request.GET.get("commune")),
        "village_id": _int_or_none(request.GET.get("village")),
    }


def _unit_cadres(scope: Any, unit: ForceUnit) -> Any:
    qs = scope.filter(Cadre.objects.all(), force_unit="unit")
    units = force_subtree({unit.pk})
    return qs.filter(unit_id__in=units, left_force_on__isnull=True).order_by("full_name")


@scope_rule(SIGNED_IN)
def followup_unit(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    unit = _unit(request)
    status = _status(request, selectors.DUE)
    filters = _unit_filters(request)
    rows = selectors.unit_follow_ups(scope, unit, **filters) if unit else []
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "fieldwork/followups/unit.html",
        {
            "unit": unit,
            "units": selectors.units_in_scope(scope).filter(valid_to__isnull=True),
            "cadres": _unit_cadres(scope, unit) if unit else [],
            "communes": outcome_communes(scope),
            "filters": filters,
            "status": status or "all",
            "status_choices": _status_choices(_counts(rows)),
            "page": paginate(request, _only(rows, status)),
            "interval": selectors.interval_of(unit),
            "query": query.urlencode(),
            "can_write": scope.can_write,
        },
    )


FOLLOW_UP_COLUMNS: Columns = [
    ("household_code", "household.code"),
    ("head_of_household", "household.head_name"),
    ("village", "household.village.name"),
    ("commune", "household.commune.name"),
    ("cadre", "cadre.full_name"),
    ("service_number", "cadre.service_number"),
    ("in_charge_since", "assignment.valid_from"),
    ("last_visit", "last_visit"),
    ("interval_days", "interval_days"),
    ("next_due", "next_due"),
    ("status", "status"),
    ("days_overdue", "days_overdue"),
]


@scope_rule(SIGNED_IN)
def followup_export(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    if fmt not in FORMATS:
        raise Http404
    unit = _unit(request)
    rows = (
        selectors.unit_follow_ups(_scope(request), unit, **_unit_filters(request)) if unit else []
    )
    rows = _only(rows, _status(request, selectors.DUE))
    return export_response(rows, FOLLOW_UP_COLUMNS, "follow-ups", fmt, sheet_title="Follow-ups")


def _days(request: HttpRequest, unit: ForceUnit | None) -> int:
    days = _int_or_none(request.GET.get("days"))
    if days is None or not 1 <= days <= 3660:
        days = selectors.interval_of(unit).days
    return days


@scope_rule(SIGNED_IN)
def followup_not_visited(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    unit = _unit(request)
    days = _days(request, unit)
    filters = _unit_filters(request)
    filters.pop("cadre_id")
    households = selectors.households_not_visited(scope, unit, days=days, **filters) if unit else []
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "fieldwork/followups/not_visited.html",
        {
            "unit": unit,
            "units": selectors.units_in_scope(scope).filter(valid_to__isnull=True),
            "communes": outcome_communes(scope),
            "filters": filters,
            "days": days,
            "page": paginate(request, households),
            "query": query.urlencode(),
        },
    )


NOT_VISITED_COLUMNS: Columns = [
    ("household_code", "code"),
    ("head_of_household", "head_name"),
    ("village", "village.name"),
    ("commune", "commune.name"),
    ("in_charge", lambda h: ", ".join(a.cadre.full_name for a in h.current_assignments)),
    ("last_visit", "last_visit"),
]


@scope_rule(SIGNED_IN)
def followup_not_visited_export(
    request: HttpRequest, fmt: str
) -> HttpResponse | StreamingHttpResponse:
    if fmt not in FORMATS:
        raise Http404
    unit = _unit(request)
    filters = _unit_filters(request)
    filters.pop("cadre_id")
    rows: Any = []
    if unit is not None:
        rows = list(
            selectors.households_not_visited(
                _scope(request), unit, days=_days(request, unit), **filters
            )
        )
    return export_response(rows, NOT_VISITED_COLUMNS, "not-visited", fmt, sheet_title="Not visited")


# --- visit intervals ------------------------------------------------------------------------


@scope_rule(SIGNED_IN)
def visit_schedule_list(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    return render(
        request,
        "fieldwork/followups/schedules.html",
        {
            "rows": selectors.unit_intervals(scope),
            "may_set": _may_set_schedules(request),
            "default_days": selectors.DEFAULT_VISIT_INTERVAL_DAYS,
        },
    )


def _schedule_page(request: HttpRequest, unit: ForceUnit, form: Any, end_form: Any) -> HttpResponse:
    own = list(selectors.schedules_of(unit))
    return render(
        request,
        "fieldwork/followups/schedule.html",
        {
            "unit": unit,
            "interval": selectors.interval_of(unit),
            "own": own,
            "has_open": any(s.valid_to is None for s in own),
            "form": form,
            "end_form": end_form,
            "may_set": _may_set_schedules(request),
            "history": selectors.schedule_history(unit)[:HISTORY_ROWS],
        },
    )


def _schedule_unit_for_write(request: HttpRequest, force_unit_id: int) -> ForceUnit:
    scope = _scope(request)
    unit = force_unit_get(scope, force_unit_id)
    if request.method == "POST":
        scope.require_write()
        if not _may_set_schedules(request):
            raise PermissionDenied("commanders only")
    return unit


@scope_rule(OBJECT)
def visit_schedule_set(request: HttpRequest, force_unit_id: int) -> HttpResponse:
    unit = _schedule_unit_for_write(request, force_unit_id)
    interval = selectors.interval_of(unit)
    form = VisitScheduleForm(request.POST or None, initial={"interval_days": interval.days})
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_schedule_set(actor=request.user, force_unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Visit interval saved."))
            return redirect("fieldwork:visit_schedule_set", force_unit_id=unit.pk)
    return _schedule_page(request, unit, form, VisitScheduleEndForm())


@scope_rule(OBJECT)
def visit_schedule_end(request: HttpRequest, force_unit_id: int) -> HttpResponse:
    unit = _schedule_unit_for_write(request, force_unit_id)
    end_form = VisitScheduleEndForm(request.POST or None)
    if request.method == "POST" and end_form.is_valid():
        try:
            services.visit_schedule_end(
                actor=request.user, force_unit=unit, **end_form.cleaned_data
            )
        except ValidationError as exc:
            add_validation_error(end_form, exc)
        else:
            messages.success(request, _("The unit now follows the interval of the unit above it."))
            return redirect("fieldwork:visit_schedule_set", force_unit_id=unit.pk)
    interval = selectors.interval_of(unit)
    form = VisitScheduleForm(initial={"interval_days": interval.days})
    return _schedule_page(request, unit, form, end_form)


urlpatterns = [
    path("followups/", followup_unit, name="followup_unit"),
    path("followups/export.<str:fmt>", followup_export, name="followup_export"),
    path("followups/mine/", followup_mine, name="followup_mine"),
    path("followups/not-visited/", followup_not_visited, name="followup_not_visited"),
    path(
        "followups/not-visited/export.<str:fmt>",
        followup_not_visited_export,
        name="followup_not_visited_export",
    ),
    path("followups/cadres/<int:cadre_id>/", followup_cadre, name="followup_cadre"),
    path("followups/schedules/", visit_schedule_list, name="visit_schedule_list"),
    path(
        "followups/schedules/<int:force_unit_id>/",
        visit_schedule_set,
        name="visit_schedule_set",
    ),
    path(
        "followups/schedules/<int:force_unit_id>/end/",
        visit_schedule_end,
        name="visit_schedule_end",
    ),
]
