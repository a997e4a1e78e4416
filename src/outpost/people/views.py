"""Pages for households, residents and poverty assessments.

Religion and household coordinates (sensitive under Law 91/2025) are shown only to users whose
scope `sees_sensitive`, and every page that shows them logs a "read" audit event."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from outpost.accounts.scope import OBJECT, SIGNED_IN, scope_of, scope_rule
from outpost.core.audit import history, mask_sensitive
from outpost.core.views import HISTORY_ROWS, add_validation_error, paginate
from outpost.people import forms, selectors, services
from outpost.people.charts import assessment_chart
from outpost.people.models import Household, PovertyAssessment, Resident
from outpost.people.poverty import INDICATOR_LABELS


def _scope(request: HttpRequest) -> Any:
    return scope_of(request)


def _household_for_write(request: HttpRequest, household_id: int) -> Household:
    scope = _scope(request)
    household = selectors.household_get(scope, household_id)
    scope.require_write()
    if household.valid_to is not None:
        raise Http404
    return household


def _resident_for_write(request: HttpRequest, resident_id: int) -> Resident:
    scope = _scope(request)
    resident = selectors.resident_get(scope, resident_id)
    scope.require_write()
    if resident.valid_to is not None:
        raise Http404
    return resident


def _history(obj: Household | Resident, sees_sensitive: bool) -> list[Any]:
    return mask_sensitive(history(obj)[:HISTORY_ROWS], sees_sensitive)


@scope_rule(SIGNED_IN)
def household_list(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    # The filter's village choices: only what the options show, written by one template.
    villages = selectors.villages_for_households(scope).select_related(None).only("pk", "name")
    form = forms.HouseholdFilterForm(request.GET or None, villages=villages)
    form.fields["village"].widget.template_name = "people/widgets/select.html"
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    village = data.get("village")
    on = data.get("on")
    households = selectors.household_list(
        scope,
        village_id=village.pk if village else None,
        status=data.get("status", ""),
        near_border=True if data.get("near_border") else None,
        policy_family=True if data.get("policy_family") else None,
        unassigned=bool(data.get("unassigned")),
        query=data.get("q", ""),
        on=on,
    )
    page = paginate(request, households)
    counts = selectors.member_counts(page.object_list, on=on)
    rows = [(h, counts.get(h.pk, 0)) for h in page.object_list]
    return render(
        request,
        "people/household_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "can_write": scope.can_write,
            "statuses": dict(PovertyAssessment.Status.choices),
        },
    )


@scope_rule(OBJECT)
def household_detail(request: HttpRequest, household_id: int) -> HttpResponse:
    scope = _scope(request)
    household = selectors.household_get(scope, household_id)
    show_past = request.GET.get("past") == "1"
    members = list(selectors.household_members(household, include_past=show_past))
    assessments = list(selectors.household_assessments(household))
    predecessors, successors = selectors.household_lineage(household)
    if scope.sees_sensitive:
        services.sensitive_read_record(
            actor=request.user, objects=[household, *members], note=_("household page")
        )
    return render(
        request,
        "people/household_detail.html",
        {
            "household": household,
            "members": members,
            "show_past": show_past,
            "assessments": assessments,
            "chart": assessment_chart(assessments),
            "indicator_labels": INDICATOR_LABELS,
            "assignments": selectors.household_assignments(household),
            "predecessors": predecessors,
            "successors": successors,
            "history": _history(household, scope.sees_sensitive),
            "sees_sensitive": scope.sees_sensitive,
            "can_write": scope.can_write and household.valid_to is None,
            "statuses": dict(PovertyAssessment.Status.choices),
        },
    )


@scope_rule(SIGNED_IN)
def household_create(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    scope.require_write()
    villages = selectors.villages_for_households(scope)
    initial = {}
    if request.GET.get("village"):
        initial["village"] = request.GET["village"]
    form = forms.HouseholdCreateForm(request.POST or None, villages=villages, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                household = _create_with_head(request, data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Household %(code)s added.") % {"code": household.code})
            return redirect("people:household_detail", household_id=household.pk)
    return render(request, "people/household_form.html", {"form": form})


def _create_with_head(request: HttpRequest, data: dict[str, Any]) -> Household:
    household = services.household_create(
        actor=request.user,
        village=data["village"],
        code=data["code"],
        is_policy_family=data["is_policy_family"],
        is_near_border=data["is_near_border"],
        note=data["note"],
        valid_from=data["valid_from"],
    )
    if data["head_name"]:
        services.resident_add(
            actor=request.user,
            household=household,
            full_name=data["head_name"],
            relation=Resident.Relation.HEAD,
            sex=data["head_sex"],
            birth_year=data["head_birth_year"],
        )
    return household


@scope_rule(OBJECT)
def household_edit(request: HttpRequest, household_id: int) -> HttpResponse:
    household = _household_for_write(request, household_id)
    sensitive = _scope(request).sees_sensitive
    form_class = forms.HouseholdSensitiveForm if sensitive else forms.HouseholdForm
    initial = {name: getattr(household, name) for name in form_class.base_fields}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_update(actor=request.user, household=household, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Household saved."))
            return redirect("people:household_detail", household_id=household.pk)
    elif sensitive and request.method != "POST":
        services.sensitive_read_record(
            actor=request.user, objects=[household], note=_("household form")
        )
    return render(request, "people/household_form.html", {"form": form, "household": household})


@scope_rule(OBJECT)
def household_move(request: HttpRequest, household_id: int) -> HttpResponse:
    household = _household_for_write(request, household_id)
    villages = selectors.villages_for_households(_scope(request)).exclude(pk=household.village_id)
    form = forms.HouseholdMoveForm(request.POST or None, villages=villages)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            after = services.household_move(
                actor=request.user,
                household=household,
                village=data["village"],
                on=data["on"],
                code=data["code"] or None,
                reason=data["reason"],
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Household moved."))
            return redirect("people:household_detail", household_id=after.pk)
    return render(
        request,
        "people/household_action.html",
        {"form": form, "household": household, "title": _("Move the household")},
    )


@scope_rule(OBJECT)
def household_split(request: HttpRequest, household_id: int) -> HttpResponse:
    household = _household_for_write(request, household_id)
    members = selectors.household_members(household)
    form = forms.HouseholdSplitForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = services.household_split(
                actor=request.user,
                household=household,
                members=list(data["members"]),
                head=data["head"],
                remaining_head=data["remaining_head"],
                code=data["code"],
                on=data["on"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Household %(code)s split off.") % {"code": new.code})
            return redirect("people:household_detail", household_id=new.pk)
    return render(
        request,
        "people/household_action.html",
        {"form": form, "household": household, "title": _("Split the household")},
    )


@scope_rule(OBJECT)
def household_merge(request: HttpRequest, household_id: int) -> HttpResponse:
    household = _household_for_write(request, household_id)
    candidates = (
        selectors.household_list(_scope(request), village_id=household.village_id)
        .exclude(pk=household.pk)
        .order_by("code")
    )
    form = forms.HouseholdMergeForm(request.POST or None, households=candidates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.household_merge(
                actor=request.user,
                sources=list(data["sources"]),
                into=household,
                on=data["on"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Households merged."))
            return redirect("people:household_detail", household_id=household.pk)
    return render(
        request,
        "people/household_action.html",
        {"form": form, "household": household, "title": _("Merge households into this one")},
    )


@scope_rule(OBJECT)
def household_end(request: HttpRequest, household_id: int) -> HttpResponse:
    household = _household_for_write(request, household_id)
    form = forms.EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_end(actor=request.user, household=household, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Household ended."))
            return redirect("people:household_detail", household_id=household.pk)
    return render(
        request,
        "people/household_action.html",
        {"form": form, "household": household, "title": _("End the household")},
    )


@scope_rule(OBJECT)
def household_set_head(request: HttpRequest, household_id: int) -> HttpResponse:
    household = _household_for_write(request, household_id)
    form = forms.SetHeadForm(request.POST or None, members=selectors.household_members(household))
    if request.method == "POST" and form.is_valid():
        try:
            services.household_set_head(
                actor=request.user, household=household, resident=form.cleaned_data["resident"]
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Head of household changed."))
            return redirect("people:household_detail", household_id=household.pk)
    return render(
        request,
        "people/household_action.html",
        {"form": form, "household": household, "title": _("Change the head of household")},
    )


@scope_rule(OBJECT)
def resident_add(request: HttpRequest, household_id: int) -> HttpResponse:
    household = _household_for_write(request, household_id)
    sensitive = _scope(request).sees_sensitive
    form_class = forms.ResidentSensitiveForm if sensitive else forms.ResidentForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            resident = services.resident_add(
                actor=request.user, household=household, **form.cleaned_data
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("%(name)s added.") % {"name": resident.full_name})
            if "another" in request.POST:
                return redirect("people:resident_add", household_id=household.pk)
            return redirect("people:household_detail", household_id=household.pk)
    return render(
        request,
        "people/resident_form.html",
        {"form": form, "household": household, "adding": True},
    )


@scope_rule(OBJECT)
def resident_detail(request: HttpRequest, resident_id: int) -> HttpResponse:
    scope = _scope(request)
    resident = selectors.resident_get(scope, resident_id)
    if scope.sees_sensitive:
        services.sensitive_read_record(
            actor=request.user, objects=[resident], note=_("resident page")
        )
    return render(
        request,
        "people/resident_detail.html",
        {
            "resident": resident,
            "household": resident.household,
            "sees_sensitive": scope.sees_sensitive,
            "can_write": scope.can_write and resident.valid_to is None,
            "moved_to": resident.moved_to.select_related("household"),
            "history": _history(resident, scope.sees_sensitive),
        },
    )


@scope_rule(OBJECT)
def resident_edit(request: HttpRequest, resident_id: int) -> HttpResponse:
    resident = _resident_for_write(request, resident_id)
    sensitive = _scope(request).sees_sensitive
    form_class = forms.ResidentSensitiveForm if sensitive else forms.ResidentForm
    initial = {name: getattr(resident, name) for name in form_class.base_fields}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.resident_update(actor=request.user, resident=resident, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("people:resident_detail", resident_id=resident.pk)
    elif sensitive and request.method != "POST":
        services.sensitive_read_record(
            actor=request.user, objects=[resident], note=_("resident form")
        )
    return render(
        request,
        "people/resident_form.html",
        {"form": form, "household": resident.household, "resident": resident},
    )


@scope_rule(OBJECT)
def resident_leave(request: HttpRequest, resident_id: int) -> HttpResponse:
    resident = _resident_for_write(request, resident_id)
    form = forms.EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resident_leave(actor=request.user, resident=resident, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("%(name)s left the household.") % {"name": resident})
            return redirect("people:household_detail", household_id=resident.household_id)
    return render(
        request,
        "people/household_action.html",
        {
            "form": form,
            "household": resident.household,
            "title": _("%(name)s leaves the household") % {"name": resident.full_name},
        },
    )


@scope_rule(OBJECT)
def assessment_create(request: HttpRequest, household_id: int) -> HttpResponse:
    household = _household_for_write(request, household_id)
    form = forms.AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = services.poverty_assess(
                actor=request.user,
                household=household,
                year=data["year"],
                area=data["area"],
                income_per_person_month=data["income_per_person_month"],
                deprivations=data["deprivations"],
                status=data["status"] or None,
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("Assessment %(year)s: %(status)s.")
                % {"year": assessment.year, "status": assessment.get_status_display()},
            )
            return redirect("people:household_detail", household_id=household.pk)
    return render(
        request,
        "people/household_action.html",
        {"form": form, "household": household, "title": _("Poverty assessment")},
    )


@scope_rule(OBJECT)
def assessment_void(request: HttpRequest, assessment_id: int) -> HttpResponse:
    scope = _scope(request)
    assessment = selectors.assessment_get(scope, assessment_id)
    scope.require_write()
    if assessment.voided_at is not None:
        raise Http404
    form = forms.VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.poverty_assessment_void(
                actor=request.user, assessment=assessment, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Assessment void."))
            return redirect("people:household_detail", household_id=assessment.household_id)
    return render(
        request,
        "people/household_action.html",
        {
            "form": form,
            "household": assessment.household,
            "title": _("Void the assessment of %(year)s") % {"year": assessment.year},
        },
    )
