"""Pages for security and order: incidents (list, record, detail, status, close, void), the
villages' drug status per year, self-governing groups and twin village agreements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from outpost.accounts.scope import OBJECT, SIGNED_IN, scope_of, scope_rule
from outpost.border.selectors import patrols_in_scope
from outpost.core.audit import history
from outpost.core.views import HISTORY_ROWS, add_validation_error, paginate
from outpost.people.models import Household
from outpost.security import selectors, services
from outpost.security.forms import (
    AgreementForm,
    CloseForm,
    EndForm,
    GroupForm,
    IncidentForm,
    IncidentStatusForm,
    MembersAddForm,
    MembersEndForm,
    ReasonForm,
    StatusForm,
)
from outpost.security.models import Incident, SelfGoverningGroup


def _scope(request: HttpRequest) -> Any:
    return scope_of(request)


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _form_page(
    request: HttpRequest,
    form: forms.Form,
    write: Callable[[dict[str, Any]], Any],
    done: Callable[[Any], HttpResponse],
    *,
    title: str,
    back: str,
    success: str,
) -> HttpResponse:
    """Show a form; on a valid POST run the service, report its errors on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            result = write(dict(form.cleaned_data))
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, success)
            return done(result)
    return render(request, "security/form.html", {"form": form, "title": title, "back": back})


# --- incidents -----------------------------------------------------------------------------


@scope_rule(SIGNED_IN)
def incident_list(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    kind = request.GET.get("kind") or None
    status = request.GET.get("status") or None
    filters: dict[str, Any] = {
        "kind": kind if kind in Incident.Kind.values else None,
        "status": status if status in Incident.Status.values else None,
        "year": _int_or_none(request.GET.get("year")),
    }
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "security/incident_list.html",
        {
            "page": paginate(request, selectors.incident_list(scope, **filters)),
            "filters": filters,
            "kinds": Incident.Kind.choices,
            "statuses": Incident.Status.choices,
            "query": query.urlencode(),
            "can_write": scope.can_write,
        },
    )


@scope_rule(OBJECT)
def incident_detail(request: HttpRequest, incident_id: int) -> HttpResponse:
    scope = _scope(request)
    incident = selectors.incident_get(scope, incident_id)
    live = not incident.voided and incident.status != Incident.Status.CLOSED
    # The patrol may be another commune's (the segment's): link to it only when in scope.
    patrol_visible = (
        incident.patrol_id is not None
        and patrols_in_scope(scope).filter(pk=incident.patrol_id).exists()
    )
    return render(
        request,
        "security/incident_detail.html",
        {
            "incident": incident,
            "patrol_visible": patrol_visible,
            "history": history(incident)[:HISTORY_ROWS],
            "can_write": scope.can_write and live,
            "can_void": scope.can_write and not incident.voided,
        },
    )


@scope_rule(SIGNED_IN)
def incident_create(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    scope.require_write()
    form = IncidentForm(request.POST or None, scope=scope)
    return _form_page(
        request,
        form,
        lambda data: services.incident_create(actor=request.user, **data),
        lambda incident: redirect("security:incident_detail", incident_id=incident.pk),
        title=_("Record an incident"),
        back="security:incident_list",
        success=_("Incident recorded."),
    )


def _incident_action(
    request: HttpRequest, incident_id: int, form_class: type[forms.Form], act: Any, title: str
) -> HttpResponse:
    scope = _scope(request)
    incident = selectors.incident_get(scope, incident_id)
    scope.require_write()
    return _form_page(
        request,
        form_class(request.POST or None),
        lambda data: act(incident, data),
        lambda _result: redirect("security:incident_detail", incident_id=incident.pk),
        title=title,
        back="security:incident_list",
        success=_("Incident saved."),
    )


@scope_rule(OBJECT)
def incident_status(request: HttpRequest, incident_id: int) -> HttpResponse:
    return _incident_action(
        request,
        incident_id,
        IncidentStatusForm,
        lambda incident, data: services.incident_set_status(
            actor=request.user, incident=incident, status=data["status"]
        ),
        _("Change the status"),
    )


@scope_rule(OBJECT)
def incident_close(request: HttpRequest, incident_id: int) -> HttpResponse:
    return _incident_action(
        request,
        incident_id,
        CloseForm,
        lambda incident, data: services.incident_close(
            actor=request.user, incident=incident, on=data["on"]
        ),
        _("Close the incident"),
    )


@scope_rule(OBJECT)
def incident_void(request: HttpRequest, incident_id: int) -> HttpResponse:
    return _incident_action(
        request,
        incident_id,
        ReasonForm,
        lambda incident, data: services.incident_void(
            actor=request.user, incident=incident, reason=data["reason"]
        ),
        _("Void the incident"),
    )


# --- village status per year ---------------------------------------------------------------


@scope_rule(SIGNED_IN)
def status_list(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    year = _int_or_none(request.GET.get("year")) or dt.date.today().year
    return render(
        request,
        "security/status_list.html",
        {
            "statuses": selectors.status_list(scope, year=year),
            "year": year,
            "can_write": scope.can_write,
        },
    )


@scope_rule(SIGNED_IN)
def status_set(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    scope.require_write()
    form = StatusForm(request.POST or None, scope=scope, initial={"year": dt.date.today().year})
    return _form_page(
        request,
        form,
        lambda data: services.village_status_set(actor=request.user, **data),
        lambda row: redirect(f"{_status_url()}?year={row.year}"),
        title=_("Village drug status"),
        back="security:status_list",
        success=_("Status saved."),
    )


def _status_url() -> str:
    from django.urls import reverse

    return reverse("security:status_list")


@scope_rule(OBJECT)
def status_edit(request: HttpRequest, status_id: int) -> HttpResponse:
    scope = _scope(request)
    row = selectors.status_get(scope, status_id)
    scope.require_write()
    initial = {
        "village": row.village,
        "year": row.year,
        "drug_free": row.drug_free,
        "key_drug_area": row.key_drug_area,
        "note": row.note,
    }
    form = StatusForm(request.POST or None, scope=scope, initial=initial)
    form.fields["village"].disabled = True
    form.fields["year"].disabled = True
    return _form_page(
        request,
        form,
        lambda data: services.village_status_set(
            actor=request.user,
            village=row.village,
            year=row.year,
            drug_free=data["drug_free"],
            key_drug_area=data["key_drug_area"],
            note=data["note"],
        ),
        lambda saved: redirect(f"{_status_url()}?year={saved.year}"),
        title=_("Village drug status"),
        back="security:status_list",
        success=_("Status saved."),
    )


# --- self-governing groups -----------------------------------------------------------------


@scope_rule(SIGNED_IN)
def group_list(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    kind = request.GET.get("kind") or None
    kind = kind if kind in SelfGoverningGroup.Kind.values else None
    return render(
        request,
        "security/group_list.html",
        {
            "groups": selectors.group_list(scope, kind=kind),
            "kind": kind,
            "kinds": SelfGoverningGroup.Kind.choices,
            "can_write": scope.can_write,
        },
    )


@scope_rule(OBJECT)
def group_detail(request: HttpRequest, group_id: int) -> HttpResponse:
    scope = _scope(request)
    group = selectors.group_get(scope, group_id)
    memberships = list(selectors.group_memberships(group))
    return render(
        request,
        "security/group_detail.html",
        {
            "group": group,
            "members": [m for m in memberships if m.valid_to is None],
            "former": [m for m in memberships if m.valid_to is not None],
            "markers": group.markers.order_by("number"),
            "history": history(group)[:HISTORY_ROWS],
            "can_write": scope.can_write and not group.dissolved_on,
        },
    )


@scope_rule(OBJECT)
def group_members_add(request: HttpRequest, group_id: int) -> HttpResponse:
    """Choose households of the group's commune (searched by code or name, diacritics
    ignored) and the day they joined."""
    scope = _scope(request)
    group = selectors.group_get(scope, group_id)
    scope.require_write()
    query = (request.POST.get("q") if request.method == "POST" else request.GET.get("q")) or ""
    candidates = selectors.group_candidates(scope, group, query)
    form = MembersAddForm(request.POST or None, households=candidates, initial={"q": query})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.group_add_members(
                actor=request.user, group=group, households=data["households"], on=data["on"]
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Members added."))
            return redirect("security:group_detail", group_id=group.pk)
    return render(
        request,
        "security/group_members_add.html",
        {"group": group, "form": form, "query": query, "dissolved": bool(group.dissolved_on)},
    )


@scope_rule(OBJECT)
def group_members_end(request: HttpRequest, group_id: int) -> HttpResponse:
    """End the membership of chosen households on a date, with the reason."""
    scope = _scope(request)
    group = selectors.group_get(scope, group_id)
    scope.require_write()
    members = Household.objects.filter(
        pk__in=group.memberships.filter(valid_to__isnull=True).values("household_id")
    ).select_related("village")
    chosen = [int(v) for v in request.GET.getlist("household") if v.isdigit()]
    form = MembersEndForm(
        request.POST or None, households=members.order_by("code"), initial={"households": chosen}
    )
    return _form_page(
        request,
        form,
        lambda data: services.group_end_members(actor=request.user, group=group, **data),
        lambda _r: redirect("security:group_detail", group_id=group.pk),
        title=_("End membership: %(group)s") % {"group": group.name},
        back="security:group_list",
        success=_("Membership ended."),
    )


@scope_rule(SIGNED_IN)
def group_create(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    scope.require_write()
    form = GroupForm(request.POST or None, scope=scope)
    return _form_page(
        request,
        form,
        lambda data: services.group_create(actor=request.user, **data),
        lambda group: redirect("security:group_detail", group_id=group.pk),
        title=_("New self-governing group"),
        back="security:group_list",
        success=_("Group recorded."),
    )


@scope_rule(OBJECT)
def group_dissolve(request: HttpRequest, group_id: int) -> HttpResponse:
    scope = _scope(request)
    group = selectors.group_get(scope, group_id)
    scope.require_write()
    return _form_page(
        request,
        EndForm(request.POST or None),
        lambda data: services.group_dissolve(actor=request.user, group=group, **data),
        lambda _r: redirect("security:group_detail", group_id=group.pk),
        title=_("Dissolve the group"),
        back="security:group_list",
        success=_("Group dissolved."),
    )


# --- twin village agreements ---------------------------------------------------------------


@scope_rule(SIGNED_IN)
def agreement_list(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    return render(
        request,
        "security/agreement_list.html",
        {
            "agreements": selectors.agreement_list(scope),
            "today": dt.date.today(),
            "can_write": scope.can_write,
        },
    )


@scope_rule(OBJECT)
def agreement_detail(request: HttpRequest, agreement_id: int) -> HttpResponse:
    scope = _scope(request)
    agreement = selectors.agreement_get(scope, agreement_id)
    return render(
        request,
        "security/agreement_detail.html",
        {
            "agreement": agreement,
            "history": history(agreement)[:HISTORY_ROWS],
            "can_write": scope.can_write and agreement.valid_to is None,
        },
    )


@scope_rule(SIGNED_IN)
def agreement_create(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    scope.require_write()
    form = AgreementForm(request.POST or None, scope=scope)
    return _form_page(
        request,
        form,
        lambda data: services.agreement_create(actor=request.user, **data),
        lambda agreement: redirect("security:agreement_detail", agreement_id=agreement.pk),
        title=_("New twin village agreement"),
        back="security:agreement_list",
        success=_("Agreement recorded."),
    )


@scope_rule(OBJECT)
def agreement_end(request: HttpRequest, agreement_id: int) -> HttpResponse:
    scope = _scope(request)
    agreement = selectors.agreement_get(scope, agreement_id)
    scope.require_write()
    return _form_page(
        request,
        EndForm(request.POST or None),
        lambda data: services.agreement_end(actor=request.user, agreement=agreement, **data),
        lambda _r: redirect("security:agreement_detail", agreement_id=agreement.pk),
        title=_("End the agreement"),
        back="security:agreement_list",
        success=_("Agreement ended."),
    )
