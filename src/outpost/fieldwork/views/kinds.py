"""The kinds of activity, kept by administrators (superusers or staff); anyone else gets 403."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from outpost.accounts.scope import OBJECT, SIGNED_IN, scope_rule
from outpost.core.audit import history
from outpost.core.views import HISTORY_ROWS, add_validation_error
from outpost.fieldwork.forms.kinds import KindCreateForm, KindEditForm
from outpost.fieldwork.selectors import kinds as selectors
from outpost.fieldwork.services import kinds as services


def _require_manager(request: HttpRequest) -> None:
    if not services.may_manage_kinds(request.user):
        raise PermissionDenied("administrators only")


@scope_rule(SIGNED_IN)
def kind_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    return render(request, "fieldwork/kinds/list.html", {"kinds": selectors.kind_list()})


@scope_rule(SIGNED_IN)
def kind_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = KindCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.kind_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Kind added."))
            return redirect("fieldwork:kind_list")
    return render(request, "fieldwork/kinds/form.html", {"form": form})


@scope_rule(OBJECT)
def kind_edit(request: HttpRequest, activity_kind_id: int) -> HttpResponse:
    _require_manager(request)
    kind = selectors.kind_get(activity_kind_id)
    initial = {name: getattr(kind, name) for name in services.EDITABLE_FIELDS}
    form = KindEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.kind_update(actor=request.user, kind=kind, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Kind saved."))
            return redirect("fieldwork:kind_list")
    return render(
        request,
        "fieldwork/kinds/form.html",
        {"form": form, "kind": kind, "history": history(kind)[:HISTORY_ROWS]},
    )


urlpatterns = [
    path("kinds/", kind_list, name="kind_list"),
    path("kinds/new/", kind_create, name="kind_create"),
    path("kinds/<int:activity_kind_id>/edit/", kind_edit, name="kind_edit"),
]
