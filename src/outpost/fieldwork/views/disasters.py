"""Pages for disasters: the list, a disaster with its evacuations, repairs, deployments, the
activities that name it and their totals; recording each of them, and voiding with a reason."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from outpost.accounts.scope import OBJECT, SIGNED_IN, scope_of, scope_rule
from outpost.core.audit import history
from outpost.core.views import HISTORY_ROWS, add_validation_error, paginate
from outpost.fieldwork.forms.disasters import (
    DamageRepairForm,
    DeploymentForm,
    DisasterForm,
    EvacuationForm,
    VoidForm,
)
from outpost.fieldwork.models import Disaster
from outpost.fieldwork.selectors import disasters as selectors
from outpost.fieldwork.services import disasters as services


def _scope(request: HttpRequest) -> Any:
    return scope_of(request)


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@scope_rule(SIGNED_IN)
def disaster_list(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    kind = request.GET.get("kind") or None
    filters: dict[str, Any] = {
        "kind": kind if kind in Disaster.Kind.values else None,
        "commune_id": _int_or_none(request.GET.get("commune")),
        "year": _int_or_none(request.GET.get("year")),
        "include_void": request.GET.get("void") == "1",
    }
    return render(
        request,
        "fieldwork/disasters/disaster_list.html",
        {
            "page": paginate(request, selectors.disaster_list(scope, **filters)),
            "filters": filters,
            "kinds": Disaster.Kind.choices,
            "communes": selectors.communes_in_scope(scope)
            .filter(disasters__isnull=False)
            .distinct(),
            "years": selectors.disaster_years(scope),
            "can_write": scope.can_write,
        },
    )


@scope_rule(OBJECT)
def disaster_detail(request: HttpRequest, disaster_id: int) -> HttpResponse:
    scope = _scope(request)
    disaster = selectors.disaster_get(scope, disaster_id)
    response = selectors.disaster_response(scope, disaster)
    hidden = disaster.communes.count() - len(disaster.visible_communes)  # type: ignore[attr-defined]
    return render(
        request,
        "fieldwork/disasters/disaster_detail.html",
        {
            "disaster": disaster,
            "response": response,
            "hidden_communes": hidden,
            "history": history(disaster)[:HISTORY_ROWS],
            "can_write": scope.can_write and disaster.voided_at is None,
        },
    )


@scope_rule(SIGNED_IN)
def disaster_create(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    scope.require_write()
    form = DisasterForm(request.POST or None, scope=scope)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["description"] = data.get("description") or ""
        try:
            disaster = services.disaster_create(actor=request.user, scope=scope, **data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Disaster recorded."))
            return redirect("fieldwork:disaster_detail", disaster_id=disaster.pk)
    return render(request, "fieldwork/disasters/disaster_form.html", {"form": form})


@scope_rule(OBJECT)
def disaster_edit(request: HttpRequest, disaster_id: int) -> HttpResponse:
    scope = _scope(request)
    disaster = selectors.disaster_get(scope, disaster_id)
    scope.require_write()
    if disaster.voided_at is not None:
        return redirect("fieldwork:disaster_detail", disaster_id=disaster.pk)
    initial = {name: getattr(disaster, name) for name in services.DISASTER_FIELDS}
    initial["communes"] = list(disaster.visible_communes)  # type: ignore[attr-defined]
    form = DisasterForm(request.POST or None, scope=scope, disaster=disaster, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["description"] = data.get("description") or ""
        communes = data.pop("communes")
        try:
            services.disaster_update(
                actor=request.user, disaster=disaster, communes=communes, scope=scope, **data
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Disaster saved."))
            return redirect("fieldwork:disaster_detail", disaster_id=disaster.pk)
    return render(
        request, "fieldwork/disasters/disaster_form.html", {"form": form, "disaster": disaster}
    )


@scope_rule(OBJECT)
def disaster_void(request: HttpRequest, disaster_id: int) -> HttpResponse:
    scope = _scope(request)
    disaster = selectors.disaster_get(scope, disaster_id)
    scope.require_write()
    if disaster.voided_at is not None:
        return redirect("fieldwork:disaster_detail", disaster_id=disaster.pk)
    form = VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.disaster_void(
                actor=request.user, disaster=disaster, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Disaster voided."))
            return redirect("fieldwork:disaster_detail", disaster_id=disaster.pk)
    return render(
        request,
        "fieldwork/disasters/disaster_action.html",
        {"form": form, "disaster": disaster, "title": _("Void the disaster")},
    )


# --- the response -------------------------------------------------------------------------


def _response_create(
    request: HttpRequest, disaster_id: int, *, form_class: Any, write: Any, title: str
) -> HttpResponse:
    scope = _scope(request)
    disaster = selectors.disaster_get(scope, disaster_id)
    scope.require_write()
    if disaster.voided_at is not None:
        return redirect("fieldwork:disaster_detail", disaster_id=disaster.pk)
    form = form_class(request.POST or None, scope=scope, disaster=disaster)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "household_codes"}
        for text in ("note", "description"):
            if text in data:
                data[text] = data[text] or ""
        try:
            write(actor=request.user, scope=scope, disaster=disaster, **data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Recorded."))
            return redirect("fieldwork:disaster_detail", disaster_id=disaster.pk)
    return render(
        request,
        "fieldwork/disasters/disaster_action.html",
        {"form": form, "disaster": disaster, "title": title},
    )


@scope_rule(OBJECT)
def evacuation_create(request: HttpRequest, disaster_id: int) -> HttpResponse:
    return _response_create(
        request,
        disaster_id,
        form_class=EvacuationForm,
        write=services.evacuation_create,
        title=_("Record an evacuation"),
    )


@scope_rule(OBJECT)
def repair_create(request: HttpRequest, disaster_id: int) -> HttpResponse:
    return _response_create(
        request,
        disaster_id,
        form_class=DamageRepairForm,
        write=services.damage_repair_create,
        title=_("Record damage repaired"),
    )


@scope_rule(OBJECT)
def deployment_create(request: HttpRequest, disaster_id: int) -> HttpResponse:
    return _response_create(
        request,
        disaster_id,
        form_class=DeploymentForm,
        write=services.deployment_create,
        title=_("Record cadres deployed"),
    )


def _response_void(request: HttpRequest, record: Any, title: str) -> HttpResponse:
    scope = _scope(request)
    scope.require_write()
    if record.voided_at is not None:
        return redirect("fieldwork:disaster_detail", disaster_id=record.disaster_id)
    form = VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_void(
                actor=request.user, response=record, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Voided."))
            return redirect("fieldwork:disaster_detail", disaster_id=record.disaster_id)
    return render(
        request,
        "fieldwork/disasters/response_void.html",
        {"form": form, "record": record, "disaster": record.disaster, "title": title},
    )


@scope_rule(OBJECT)
def evacuation_void(request: HttpRequest, evacuation_id: int) -> HttpResponse:
    record = selectors.evacuation_get(_scope(request), evacuation_id)
    return _response_void(request, record, _("Void the evacuation"))


@scope_rule(OBJECT)
def repair_void(request: HttpRequest, damage_repair_id: int) -> HttpResponse:
    record = selectors.repair_get(_scope(request), damage_repair_id)
    return _response_void(request, record, _("Void the repair"))


@scope_rule(OBJECT)
def deployment_void(request: HttpRequest, deployment_id: int) -> HttpResponse:
    record = selectors.deployment_get(_scope(request), deployment_id)
    return _response_void(request, record, _("Void the deployment"))


urlpatterns = [
    path("disasters/", disaster_list, name="disaster_list"),
    path("disasters/new/", disaster_create, name="disaster_create"),
    path("disasters/<int:disaster_id>/", disaster_detail, name="disaster_detail"),
    path("disasters/<int:disaster_id>/edit/", disaster_edit, name="disaster_edit"),
    path("disasters/<int:disaster_id>/void/", disaster_void, name="disaster_void"),
    path(
        "disasters/<int:disaster_id>/evacuations/new/",
        evacuation_create,
        name="evacuation_create",
    ),
    path("disasters/<int:disaster_id>/repairs/new/", repair_create, name="repair_create"),
    path(
        "disasters/<int:disaster_id>/deployments/new/",
        deployment_create,
        name="deployment_create",
    ),
    path(
        "disasters/evacuations/<int:evacuation_id>/void/", evacuation_void, name="evacuation_void"
    ),
    path("disasters/repairs/<int:damage_repair_id>/void/", repair_void, name="repair_void"),
    path(
        "disasters/deployments/<int:deployment_id>/void/", deployment_void, name="deployment_void"
    ),
]
