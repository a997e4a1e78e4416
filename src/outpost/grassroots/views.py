"""Pages for village Party branches."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from outpost.accounts.scope import OBJECT, SIGNED_IN, scope_rule
from outpost.assign.selectors import village_get
from outpost.core.audit import history
from outpost.core.views import HISTORY_ROWS, add_validation_error, paginate
from outpost.force.models import Cadre
from outpost.grassroots import selectors, services
from outpost.grassroots.forms import BranchEndForm, BranchForm, DateInput
from outpost.grassroots.models import PartyCandidate
from outpost.people.models import Resident


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


# --- Party development: candidates ----------------------------------------------------------


class CandidateForm(forms.Form):
    resident = forms.ModelChoiceField(label=_l("resident"), queryset=Resident.objects.none())
    identified_on = forms.DateField(
        label=_l("identified on"), initial=dt.date.today, widget=DateInput
    )
    mentor = forms.ModelChoiceField(
        label=_l("mentor"), queryset=Cadre.objects.none(), required=False
    )

    def __init__(self, *args: Any, scope: Any, branch: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = selectors.residents_for_candidacy(scope, branch)  # type: ignore[attr-defined]
        self.fields["mentor"].queryset = selectors.mentors_for_candidacy(scope)  # type: ignore[attr-defined]


class AdvanceForm(forms.Form):
    STAGES = [
        ("class", _l("Party-awareness class completed")),
        ("recommend", _l("recommended")),
        ("admit", _l("admitted (probationary)")),
        ("full", _l("full member")),
        ("drop", _l("dropped")),
    ]
    stage = forms.ChoiceField(label=_l("stage"), choices=STAGES)
    on = forms.DateField(label=_l("on"), initial=dt.date.today, widget=DateInput)
    reason = forms.CharField(label=_l("reason dropped"), max_length=300, required=False)
    age_exception_reason = forms.CharField(
        label=_l("reason for an age exception"), required=False, widget=forms.Textarea
    )


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@scope_rule(SIGNED_IN)
def candidate_list(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    branch_id = _int_or_none(request.GET.get("branch"))
    village_id = _int_or_none(request.GET.get("village"))
    stage = request.GET.get("stage") or "open"
    branch = selectors.branch_get(scope, branch_id) if branch_id is not None else None
    candidates = selectors.candidate_list(
        scope, branch_id=branch_id, village_id=village_id, stage=stage
    )
    return render(
        request,
        "grassroots/candidate_list.html",
        {
            "page": paginate(request, candidates),
            "branch": branch,
            "village_id": village_id,
            "stage": stage,
            "can_write": scope.can_write and branch is not None and branch.valid_to is None,
        },
    )


@scope_rule(OBJECT)
def candidate_create(request: HttpRequest, branch_id: int) -> HttpResponse:
    scope = _scope(request)
    branch = selectors.branch_get(scope, branch_id)
    scope.require_write()
    form = CandidateForm(request.POST or None, scope=scope, branch=branch)
    if request.method == "POST" and form.is_valid():
        try:
            candidate = services.candidate_identify(
                actor=request.user, branch=branch, **form.cleaned_data
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Candidate recorded."))
            return redirect("grassroots:candidate_detail", candidate_id=candidate.pk)
    return render(request, "grassroots/candidate_form.html", {"form": form, "branch": branch})


def _timeline(candidate: PartyCandidate) -> list[dict[str, Any]]:
    labels = dict(PartyCandidate.Stage.choices)
    rows = [
        {"label": labels[stage], "on": getattr(candidate, field)}
        for stage, field in PartyCandidate.STAGE_FIELDS
    ]
    if candidate.dropped_on:
        rows.append(
            {
                "label": labels[PartyCandidate.Stage.DROPPED],
                "on": candidate.dropped_on,
                "note": candidate.drop_reason,
            }
        )
    return rows


def _candidate_page(
    request: HttpRequest, candidate: PartyCandidate, form: AdvanceForm | None = None
) -> HttpResponse:
    scope = _scope(request)
    active = candidate.dropped_on is None and candidate.full_member_on is None
    return render(
        request,
        "grassroots/candidate_detail.html",
        {
            "candidate": candidate,
            "timeline": _timeline(candidate),
            "probation_ends_on": candidate.probation_ends_on(),
            "form": form or AdvanceForm(),
            "history": history(candidate)[:HISTORY_ROWS],
            "can_write": scope.can_write and active,
        },
    )


@scope_rule(OBJECT)
def candidate_detail(request: HttpRequest, candidate_id: int) -> HttpResponse:
    return _candidate_page(request, selectors.candidate_get(_scope(request), candidate_id))


@scope_rule(OBJECT)
def candidate_advance(request: HttpRequest, candidate_id: int) -> HttpResponse:
    scope = _scope(request)
    candidate = selectors.candidate_get(scope, candidate_id)
    scope.require_write()
    if request.method != "POST":
        return redirect("grassroots:candidate_detail", candidate_id=candidate.pk)
    form = AdvanceForm(request.POST)
    if form.is_valid():
        try:
            services.candidate_advance(actor=request.user, candidate=candidate, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Stage recorded."))
            return redirect("grassroots:candidate_detail", candidate_id=candidate.pk)
    return _candidate_page(request, candidate, form)
