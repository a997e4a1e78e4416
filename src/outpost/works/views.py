"""Pages for infrastructure works: list (with filters and export), detail with history,
create, edit, complete and cancel."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from outpost.accounts.scope import OBJECT, SIGNED_IN, scope_of, scope_rule
from outpost.core.audit import history
from outpost.core.views import HISTORY_ROWS, add_validation_error, paginate
from outpost.imports.exports import FORMATS, Columns, export_response
from outpost.works import selectors, services
from outpost.works.forms import CancelForm, CompleteForm, WorkForm
from outpost.works.models import Work

OPEN = (Work.Status.PLANNED, Work.Status.IN_PROGRESS)


def _scope(request: HttpRequest) -> Any:
    return scope_of(request)


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _filters(request: HttpRequest) -> dict[str, Any]:
    kind = request.GET.get("kind") or None
    status = request.GET.get("status") or None
    return {
        "kind": kind if kind in Work.Kind.values else None,
        "status": status if status in Work.Status.values else None,
        "commune_id": _int_or_none(request.GET.get("commune")),
        "village_id": _int_or_none(request.GET.get("village")),
    }


@scope_rule(SIGNED_IN)
def work_list(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    filters = _filters(request)
    works = selectors.work_list(scope, **filters)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "works/work_list.html",
        {
            "page": paginate(request, works),
            "filters": filters,
            "kinds": Work.Kind.choices,
            "statuses": Work.Status.choices,
            "communes": selectors.communes_of_works(scope),
            "query": query.urlencode(),
            "can_write": scope.can_write,
        },
    )


EXPORT_COLUMNS: Columns = [
    ("id", "pk"),
    ("kind", "kind"),
    ("name", "name"),
    ("commune", "commune.name"),
    ("villages", lambda w: ", ".join(v.name for v in w.villages.all())),
    ("quantity", "quantity"),
    ("unit", "quantity_unit"),
    ("funding_state_vnd", "funding_state"),
    ("funding_unit_vnd", "funding_unit"),
    ("land_m2", "contributed_land_m2"),
    ("labour_days", "contributed_labour_days"),
    ("money_vnd", "contributed_money"),
    ("started_on", "started_on"),
    ("completed_on", "completed_on"),
    ("status", "status"),
    ("cancel_reason", "cancel_reason"),
    ("force_unit", "force_unit.name"),
]


@scope_rule(SIGNED_IN)
def work_export(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    if fmt not in FORMATS:
        raise Http404
    works = selectors.work_list(_scope(request), **_filters(request))
    return export_response(list(works), EXPORT_COLUMNS, "works", fmt, sheet_title="Works")


@scope_rule(OBJECT)
def work_detail(request: HttpRequest, work_id: int) -> HttpResponse:
    scope = _scope(request)
    work = selectors.work_get(scope, work_id)
    return render(
        request,
        "works/work_detail.html",
        {
            "work": work,
            "villages": work.villages.order_by("name"),
            "history": history(work)[:HISTORY_ROWS],
            "can_write": scope.can_write and work.status in OPEN,
        },
    )


def _work_data(form: WorkForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data["quantity_unit"] = data.get("quantity_unit") or ""
    return data


@scope_rule(SIGNED_IN)
def work_create(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    scope.require_write()
    form = WorkForm(request.POST or None, scope=scope)
    if request.method == "POST" and form.is_valid():
        try:
            work = services.work_create(actor=request.user, **_work_data(form))
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Work recorded."))
            return redirect("works:work_detail", work_id=work.pk)
    return render(request, "works/work_form.html", {"form": form})


@scope_rule(OBJECT)
def work_edit(request: HttpRequest, work_id: int) -> HttpResponse:
    scope = _scope(request)
    work = selectors.work_get(scope, work_id)
    scope.require_write()
    if work.status not in OPEN:
        return redirect("works:work_detail", work_id=work.pk)
    initial = {name: getattr(work, name) for name in services.EDITABLE_FIELDS}
    initial["villages"] = list(work.villages.all())
    form = WorkForm(request.POST or None, scope=scope, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = _work_data(form)
        villages = data.pop("villages")
        try:
            services.work_update(actor=request.user, work=work, villages=villages, **data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Work saved."))
            return redirect("works:work_detail", work_id=work.pk)
    return render(request, "works/work_form.html", {"form": form, "work": work})


@scope_rule(OBJECT)
def work_complete(request: HttpRequest, work_id: int) -> HttpResponse:
    scope = _scope(request)
    work = selectors.work_get(scope, work_id)
    scope.require_write()
    form = CompleteForm(request.POST or None, initial={"quantity": work.quantity})
    if request.method == "POST" and form.is_valid():
        try:
            services.work_complete(actor=request.user, work=work, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Work completed."))
            return redirect("works:work_detail", work_id=work.pk)
    return render(
        request,
        "works/work_action.html",
        {"form": form, "work": work, "title": _("Complete the work")},
    )


@scope_rule(OBJECT)
def work_cancel(request: HttpRequest, work_id: int) -> HttpResponse:
    scope = _scope(request)
    work = selectors.work_get(scope, work_id)
    scope.require_write()
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.work_cancel(actor=request.user, work=work, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Work cancelled."))
            return redirect("works:work_detail", work_id=work.pk)
    return render(
        request,
        "works/work_action.html",
        {"form": form, "work": work, "title": _("Cancel the work")},
    )
