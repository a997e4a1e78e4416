"""Pages for village Party branches."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from outpost.accounts.scope import OBJECT, SIGNED_IN, scope_rule
from outpost.assign.selectors import village_get
from outpost.core.audit import history
from outpost.core.views import HISTORY_ROWS, add_validation_error, paginate
from outpost.grassroots import selectors, services
from outpost.grassroots.forms import BranchEndForm, BranchForm


def _scope(request: HttpRequest) -> Any:
    return request.scope  # type: ignore[attr-defined]


@scope_rule(SIGNED_IN)
def branch_list(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    past = request.GET.get("past") == "1"
    branches = selectors.branch_list(scope, on=None if past else dt.date.today())
    return render(
        request,
        "grassroots/branch_list.html",
        {"page": paginate(request, branches), "past": past, "can_write": scope.can_write},
    )


@scope_rule(OBJECT)
def branch_detail(request: HttpRequest, branch_id: int) -> HttpResponse:
    scope = _scope(request)
    branch = selectors.branch_get(scope, branch_id)
    memberships = branch.memberships.select_related("cadre__unit", "handed_over_to").order_by(
        "-valid_from"
    )
    return render(
        request,
        "grassroots/branch_detail.html",
        {
            "branch": branch,
            "memberships": memberships,
            "history": history(branch)[:HISTORY_ROWS],
            "can_write": scope.can_write and branch.valid_to is None,
        },
    )


@scope_rule(OBJECT)
def branch_create(request: HttpRequest, village_id: int) -> HttpResponse:
    scope = _scope(request)
    village = village_get(scope, village_id)
    scope.require_write()
    form = BranchForm(
        request.POST or None, initial={"name": _("Party branch of %s") % village.name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            branch = services.party_branch_create(
                actor=request.user, village=village, **form.cleaned_data
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Party branch recorded."))
            return redirect("grassroots:branch_detail", branch_id=branch.pk)
    return render(request, "grassroots/branch_form.html", {"form": form, "village": village})


@scope_rule(OBJECT)
def branch_edit(request: HttpRequest, branch_id: int) -> HttpResponse:
    scope = _scope(request)
    branch = selectors.branch_get(scope, branch_id)
    scope.require_write()
    initial = {
        "name": branch.name,
        "established_on": branch.valid_from,
        "has_committee": branch.has_committee,
        "member_count": branch.member_count,
    }
    form = BranchForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["valid_from"] = data.pop("established_on")
        try:
            services.party_branch_update(actor=request.user, branch=branch, **data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Party branch saved."))
            return redirect("grassroots:branch_detail", branch_id=branch.pk)
    return render(
        request,
        "grassroots/branch_form.html",
        {"form": form, "branch": branch, "village": branch.village},
    )


@scope_rule(OBJECT)
def branch_end(request: HttpRequest, branch_id: int) -> HttpResponse:
    scope = _scope(request)
    branch = selectors.branch_get(scope, branch_id)
    scope.require_write()
    form = BranchEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.party_branch_end(
                actor=request.user,
                branch=branch,
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Party branch ended."))
            return redirect("grassroots:branch_detail", branch_id=branch.pk)
    return render(request, "grassroots/branch_end.html", {"form": form, "branch": branch})
