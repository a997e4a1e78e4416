"""Pages for village Party branches."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from outpost.accounts.scope import OBJECT, SIGNED_IN, scope_of, scope_rule
from outpost.assign.selectors import village_get
from outpost.core.audit import history
from outpost.core.views import HISTORY_ROWS, add_validation_error, paginate
from outpost.force.models import Cadre, ForceUnit
from outpost.geo.models import Village
from outpost.geo.selectors import unit_get
from outpost.grassroots import selectors, services
from outpost.grassroots.forms import BranchEditForm, BranchEndForm, BranchForm, DateInput
from outpost.grassroots.models import MassOrganisation, PartyCandidate, VillageCadreTraining
from outpost.people.models import Resident


def _scope(request: HttpRequest) -> Any:
    return scope_of(request)


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
            "committees": branch.committees.order_by("valid_from", "id"),
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
    form = BranchEditForm(request.POST or None, initial=initial)
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


# --- Mass organisations and village cadre training ------------------------------------------


class MassOrganisationForm(forms.Form):
    kind = forms.ChoiceField(label=_l("kind"), choices=MassOrganisation.Kind.choices)
    village = forms.ModelChoiceField(
        label=_l("village"),
        queryset=Village.objects.none(),
        required=False,
        help_text=_l("Leave empty for an organisation of the commune."),
    )
    name = forms.CharField(label=_l("name"), max_length=160)
    established_on = forms.DateField(label=_l("set up on"), required=False, widget=DateInput)
    member_count = forms.IntegerField(label=_l("members"), required=False, min_value=0)

    def __init__(self, *args: Any, villages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages  # type: ignore[attr-defined]


class ConsolidationForm(forms.Form):
    on = forms.DateField(label=_l("date"), initial=dt.date.today, widget=DateInput)
    action = forms.CharField(label=_l("what was done"), max_length=300)
    supporting_unit = forms.ModelChoiceField(
        label=_l("supporting force unit"), queryset=ForceUnit.objects.none(), required=False
    )

    def __init__(self, *args: Any, scope: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supporting_unit"].queryset = selectors.supporting_units(scope)  # type: ignore[attr-defined]


class VillageCadreForm(forms.Form):
    resident = forms.ModelChoiceField(label=_l("resident"), queryset=Resident.objects.none())
    role = forms.ChoiceField(label=_l("role"), choices=VillageCadreTraining.Role.choices)
    identified_on = forms.DateField(
        label=_l("identified on"), initial=dt.date.today, widget=DateInput
    )
    course_name = forms.CharField(label=_l("course"), max_length=200, required=False)
    course_from = forms.DateField(label=_l("course from"), required=False, widget=DateInput)
    course_to = forms.DateField(label=_l("course to"), required=False, widget=DateInput)
    completed = forms.BooleanField(label=_l("completed"), required=False)

    def __init__(self, *args: Any, residents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = residents  # type: ignore[attr-defined]


@scope_rule(SIGNED_IN)
def mass_organisation_list(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    past = request.GET.get("past") == "1"
    commune_id = _int_or_none(request.GET.get("commune"))
    village_id = _int_or_none(request.GET.get("village"))
    organisations = selectors.mass_organisation_list(
        scope,
        on=None if past else dt.date.today(),
        commune_id=commune_id,
        village_id=village_id,
    )
    return render(
        request,
        "grassroots/mass_organisation_list.html",
        {
            "page": paginate(request, organisations),
            "past": past,
            "commune_id": commune_id,
            "village_id": village_id,
            "can_write": scope.can_write,
        },
    )


@scope_rule(OBJECT)
def mass_organisation_create(request: HttpRequest, unit_id: int) -> HttpResponse:
    scope = _scope(request)
    commune = unit_get(scope, unit_id)
    scope.require_write()
    villages = selectors.villages_for_branches(scope).filter(commune_id=commune.pk)
    form = MassOrganisationForm(request.POST or None, villages=villages)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.mass_organisation_create(
                actor=request.user, commune=commune, **form.cleaned_data
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Mass organisation recorded."))
            return redirect("grassroots:mass_organisation_detail", organisation_id=organisation.pk)
    return render(
        request, "grassroots/mass_organisation_form.html", {"form": form, "commune": commune}
    )


def _organisation_page(
    request: HttpRequest, organisation: MassOrganisation, form: ConsolidationForm | None = None
) -> HttpResponse:
    scope = _scope(request)
    return render(
        request,
        "grassroots/mass_organisation_detail.html",
        {
            "organisation": organisation,
            "consolidations": selectors.consolidations_of(organisation),
            "form": form or ConsolidationForm(scope=scope),
            "history": history(organisation)[:HISTORY_ROWS],
            "can_write": scope.can_write and organisation.valid_to is None,
        },
    )


@scope_rule(OBJECT)
def mass_organisation_detail(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = selectors.mass_organisation_get(_scope(request), organisation_id)
    return _organisation_page(request, organisation)


@scope_rule(OBJECT)
def organisation_consolidate(request: HttpRequest, organisation_id: int) -> HttpResponse:
    scope = _scope(request)
    organisation = selectors.mass_organisation_get(scope, organisation_id)
    scope.require_write()
    if request.method != "POST":
        return redirect("grassroots:mass_organisation_detail", organisation_id=organisation.pk)
    form = ConsolidationForm(request.POST, scope=scope)
    if form.is_valid():
        try:
            services.organisation_consolidate(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Consolidation recorded."))
            return redirect("grassroots:mass_organisation_detail", organisation_id=organisation.pk)
    return _organisation_page(request, organisation, form)


@scope_rule(SIGNED_IN)
def village_cadre_list(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    commune_id = _int_or_none(request.GET.get("commune"))
    village_id = _int_or_none(request.GET.get("village"))
    village = village_get(scope, village_id) if village_id is not None else None
    cadres = selectors.village_cadre_list(scope, commune_id=commune_id, village_id=village_id)
    return render(
        request,
        "grassroots/village_cadre_list.html",
        {
            "page": paginate(request, cadres),
            "village": village,
            "commune_id": commune_id,
            "can_write": scope.can_write and village is not None,
        },
    )


@scope_rule(OBJECT)
def village_cadre_create(request: HttpRequest, village_id: int) -> HttpResponse:
    scope = _scope(request)
    village = village_get(scope, village_id)
    scope.require_write()
    form = VillageCadreForm(
        request.POST or None, residents=selectors.residents_of_village(scope, village)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.village_cadre_identify(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Village cadre recorded."))
            return redirect(f"{reverse('grassroots:village_cadre_list')}?village={village.pk}")
    return render(request, "grassroots/village_cadre_form.html", {"form": form, "village": village})


class CourseForm(forms.Form):
    RESULTS = [
        ("completed", _l("completed the course")),
        ("not_completed", _l("not completed (or still under way)")),
    ]

    course_name = forms.CharField(label=_l("course"), max_length=200)
    course_from = forms.DateField(label=_l("course from"), required=False, widget=DateInput)
    course_to = forms.DateField(label=_l("course to"), required=False, widget=DateInput)
    result = forms.ChoiceField(label=_l("result"), choices=RESULTS, initial="not_completed")


@scope_rule(OBJECT)
def village_cadre_detail(request: HttpRequest, village_cadre_id: int) -> HttpResponse:
    scope = _scope(request)
    training = selectors.village_cadre_get(scope, village_cadre_id)
    return render(
        request,
        "grassroots/village_cadre_detail.html",
        {
            "training": training,
            "history": history(training)[:HISTORY_ROWS],
            "can_write": scope.can_write,
        },
    )


@scope_rule(OBJECT)
def village_cadre_course(request: HttpRequest, village_cadre_id: int) -> HttpResponse:
    """Record the course a village cadre followed (or correct it): name, dates, result."""
    scope = _scope(request)
    training = selectors.village_cadre_get(scope, village_cadre_id)
    scope.require_write()
    initial = {
        "course_name": training.course_name,
        "course_from": training.course_from,
        "course_to": training.course_to,
        "result": "completed" if training.completed else "not_completed",
    }
    form = CourseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.village_cadre_record_course(
                actor=request.user,
                training=training,
                course_name=data["course_name"],
                course_from=data["course_from"],
                course_to=data["course_to"],
                completed=data["result"] == "completed",
            )
        except ValidationError as exc:
            # The result is one field on the page: the model's "completed" errors go there.
            if hasattr(exc, "error_dict") and "completed" in exc.error_dict:
                exc.error_dict["result"] = exc.error_dict.pop("completed")
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Course recorded."))
            return redirect("grassroots:village_cadre_detail", village_cadre_id=training.pk)
    return render(
        request, "grassroots/village_cadre_course.html", {"form": form, "training": training}
    )
