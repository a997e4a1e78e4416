"""Pages for the programs catalogue and enrollments: the catalogue, a program with its
enrollments (filtered, exported), enrolling, an enrollment with its history, editing,
suspending, resuming and ending it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from outpost.accounts.scope import OBJECT, SIGNED_IN, get_in_scope, scope_of, scope_rule
from outpost.core.audit import history
from outpost.core.views import HISTORY_ROWS, add_validation_error, paginate
from outpost.fieldwork.forms.programs import (
    EnrollmentEditForm,
    EnrollmentEndForm,
    EnrollmentForm,
    NoteForm,
    ProgramForm,
)
from outpost.fieldwork.models import Enrollment, Program
from outpost.fieldwork.selectors import programs as selectors
from outpost.fieldwork.services import programs as services
from outpost.imports.exports import FORMATS, Columns, export_response

BENEFICIARY_PARAMS = ("resident", "household", "village")


def _scope(request: HttpRequest) -> Any:
    return scope_of(request)


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


# --- programs -----------------------------------------------------------------------------


@scope_rule(SIGNED_IN)
def program_list(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    reach = request.GET.get("scope") or None
    programs = list(
        selectors.program_list(scope, reach=reach if reach in Program.Scope.values else None)
    )
    counts = selectors.active_enrollment_counts(scope)
    for program in programs:
        program.active_count = counts.get(program.pk, 0)  # type: ignore[attr-defined]
    return render(
        request,
        "fieldwork/programs/program_list.html",
        {
            "programs": programs,
            "reach": reach,
            "reaches": Program.Scope.choices,
            "can_write": scope.can_write,
        },
    )


def _enrollment_filters(request: HttpRequest) -> dict[str, Any]:
    status = request.GET.get("status") or None
    return {
        "status": status if status in Enrollment.Status.values else None,
        "commune_id": _int_or_none(request.GET.get("commune")),
    }


@scope_rule(OBJECT)
def program_detail(request: HttpRequest, program_id: int) -> HttpResponse:
    scope = _scope(request)
    program = selectors.program_get(scope, program_id)
    filters = _enrollment_filters(request)
    enrollments = selectors.enrollment_list(scope, program_id=program.pk, **filters)
    query = request.GET.copy()
    query.pop("page", None)
    query["program"] = str(program.pk)
    return render(
        request,
        "fieldwork/programs/program_detail.html",
        {
            "program": program,
            "page": paginate(request, enrollments),
            "filters": filters,
            "statuses": Enrollment.Status.choices,
            "communes": selectors.communes_of_enrollments(scope, program.pk),
            "active_count": selectors.active_enrollment_counts(scope).get(program.pk, 0),
            "export_query": query.urlencode(),
            "history": history(program)[:HISTORY_ROWS],
            "can_enroll": scope.can_write
            and (program.ended_on is None or program.ended_on > dt.date.today()),
            "can_edit": selectors.can_edit_program(scope, request.user, program),
        },
    )


def _program_data(form: ProgramForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    for text in ("name_en", "description"):
        data[text] = data.get(text) or ""
    return data


@scope_rule(SIGNED_IN)
def program_create(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    scope.require_write()
    form = ProgramForm(request.POST or None, scope=scope, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = _program_data(form)
        data["force_wide"] = bool(data.get("force_wide"))
        try:
            program = services.program_create(actor=request.user, scope=scope, **data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Program added."))
            return redirect("fieldwork:program_detail", program_id=program.pk)
    return render(request, "fieldwork/programs/program_form.html", {"form": form})


@scope_rule(OBJECT)
def program_edit(request: HttpRequest, program_id: int) -> HttpResponse:
    scope = _scope(request)
    program = selectors.program_get(scope, program_id)
    scope.require_write()
    if not selectors.can_edit_program(scope, request.user, program):
        raise PermissionDenied("not the program's unit")
    initial = {name: getattr(program, name) for name in services.PROGRAM_FIELDS}
    form = ProgramForm(
        request.POST or None, scope=scope, user=request.user, program=program, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = _program_data(form)
        try:
            services.program_update(actor=request.user, program=program, scope=scope, **data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Program saved."))
            return redirect("fieldwork:program_detail", program_id=program.pk)
    return render(
        request, "fieldwork/programs/program_form.html", {"form": form, "program": program}
    )


# --- enrollments --------------------------------------------------------------------------


@scope_rule(SIGNED_IN)
def enrollment_list(request: HttpRequest) -> HttpResponse:
    """Enrollments across programs; opened from a resident's, household's or village's page
    with `?resident=ID` (and the like) it lists theirs."""
    scope = _scope(request)
    filters = _list_filters(request)
    enrollments = selectors.enrollment_list(scope, **filters)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "fieldwork/programs/enrollment_list.html",
        {
            "page": paginate(request, enrollments),
            "filters": filters,
            "statuses": Enrollment.Status.choices,
            "programs": selectors.programs_in_scope(scope),
            "communes": selectors.communes_of_enrollments(scope),
            "export_query": query.urlencode(),
            "enroll_query": "&".join(
                f"{k}={filters[f'{k}_id']}" for k in BENEFICIARY_PARAMS if filters[f"{k}_id"]
            ),
            "can_write": scope.can_write,
        },
    )


def _list_filters(request: HttpRequest) -> dict[str, Any]:
    filters = _enrollment_filters(request)
    filters["program_id"] = _int_or_none(request.GET.get("program"))
    for key in BENEFICIARY_PARAMS:
        filters[f"{key}_id"] = _int_or_none(request.GET.get(key))
    return filters


def _household_code(enrollment: Enrollment) -> str | None:
    if enrollment.household is not None:
        return enrollment.household.code
    if enrollment.resident is not None:
        return enrollment.resident.household.code
    return None


EXPORT_COLUMNS: Columns = [
    ("id", "pk"),
    ("program", "program.code"),
    ("program_name", "program.name_vi"),
    ("beneficiary_kind", "program.beneficiary"),
    ("resident", "resident.full_name"),
    ("birth_date", "resident.birth_date"),
    ("household", _household_code),
    ("village", "village.name"),
    ("commune", "commune.name"),
    ("sponsor_cadre", "sponsor_cadre.full_name"),
    ("sponsor_unit", "sponsor_unit.name"),
    ("started_on", "started_on"),
    ("ended_on", "ended_on"),
    ("monthly_support_vnd", "monthly_support"),
    ("status", "status"),
    ("end_reason", "end_reason"),
    ("end_note", "end_note"),
    ("note", "note"),
]


@scope_rule(SIGNED_IN)
def enrollment_export(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    if fmt not in FORMATS:
        raise Http404
    enrollments = selectors.enrollment_list(_scope(request), **_list_filters(request))
    return export_response(
        enrollments, EXPORT_COLUMNS, "enrollments", fmt, sheet_title="Enrollments"
    )


def _preselected(request: HttpRequest, scope: Any, kind: str) -> Any:
    pk = _int_or_none(request.GET.get(kind))
    if pk is None:
        return None
    return selectors.beneficiary_queryset(scope, kind).filter(pk=pk).first()


@scope_rule(SIGNED_IN)
def enrollment_create(request: HttpRequest) -> HttpResponse:
    """Enroll a beneficiary: first the program (unless the page was opened from one), then the
    beneficiary, searched by name, and the sponsor."""
    scope = _scope(request)
    scope.require_write()
    program_id = _int_or_none(request.POST.get("program") or request.GET.get("program"))
    carried = {k: request.GET[k] for k in BENEFICIARY_PARAMS if _int_or_none(request.GET.get(k))}
    if program_id is None:
        programs = selectors.programs_open_for_enrollment(scope)
        if carried:
            programs = programs.filter(beneficiary__in=list(carried))
        return render(
            request,
            "fieldwork/programs/enrollment_program_choice.html",
            {"programs": programs, "carried": "&".join(f"{k}={v}" for k, v in carried.items())},
        )
    program = get_in_scope(selectors.programs_open_for_enrollment(scope), pk=program_id)
    kind = program.beneficiary
    chosen = _preselected(request, scope, kind)
    query = request.GET.get("q", "").strip()
    candidates = selectors.beneficiary_candidates(scope, kind, query)
    if chosen is not None and chosen not in candidates:
        candidates.insert(0, chosen)
    initial = {"program": program.pk, "beneficiary": chosen.pk if chosen else None}
    if kind != "village" or program.default_monthly_support:
        initial["monthly_support"] = program.default_monthly_support
    form = EnrollmentForm(
        request.POST or None, scope=scope, program=program, candidates=candidates, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data["program"] != program:
            raise Http404
        beneficiary = data.pop("beneficiary")
        try:
            enrollment = services.enrollment_create(
                actor=request.user,
                scope=scope,
                program=program,
                started_on=data["started_on"],
                sponsor_cadre=data.get("sponsor_cadre"),
                sponsor_unit=data.get("sponsor_unit"),
                monthly_support=data.get("monthly_support"),
                note=data.get("note") or "",
                **{kind: beneficiary},
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and kind in exc.error_dict:
                exc.error_dict["beneficiary"] = exc.error_dict.pop(kind)
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Enrolled."))
            return redirect("fieldwork:enrollment_detail", enrollment_id=enrollment.pk)
    return render(
        request,
        "fieldwork/programs/enrollment_form.html",
        {"form": form, "program": program, "query": query, "kind": kind, "chosen": chosen},
    )


@scope_rule(OBJECT)
def enrollment_detail(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    scope = _scope(request)
    enrollment = selectors.enrollment_get(scope, enrollment_id)
    return render(
        request,
        "fieldwork/programs/enrollment_detail.html",
        {
            "enrollment": enrollment,
            "history": history(enrollment)[:HISTORY_ROWS],
            "can_write": scope.can_write and enrollment.status != Enrollment.Status.ENDED,
        },
    )


@scope_rule(OBJECT)
def enrollment_edit(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    scope = _scope(request)
    enrollment = selectors.enrollment_get(scope, enrollment_id)
    scope.require_write()
    if enrollment.status == Enrollment.Status.ENDED:
        return redirect("fieldwork:enrollment_detail", enrollment_id=enrollment.pk)
    initial = {name: getattr(enrollment, name) for name in services.ENROLLMENT_FIELDS}
    form = EnrollmentEditForm(
        request.POST or None, scope=scope, enrollment=enrollment, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["note"] = data.get("note") or ""
        try:
            services.enrollment_update(
                actor=request.user, enrollment=enrollment, scope=scope, **data
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Enrollment saved."))
            return redirect("fieldwork:enrollment_detail", enrollment_id=enrollment.pk)
    return render(
        request,
        "fieldwork/programs/enrollment_action.html",
        {"form": form, "enrollment": enrollment, "title": _("Edit the enrollment")},
    )


def _enrollment_action(
    request: HttpRequest,
    enrollment_id: int,
    *,
    form_class: Any,
    write: Any,
    title: str,
    done: str,
    allowed: tuple[str, ...],
) -> HttpResponse:
    scope = _scope(request)
    enrollment = selectors.enrollment_get(scope, enrollment_id)
    scope.require_write()
    if enrollment.status not in allowed:
        return redirect("fieldwork:enrollment_detail", enrollment_id=enrollment.pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            write(actor=request.user, enrollment=enrollment, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, done)
            return redirect("fieldwork:enrollment_detail", enrollment_id=enrollment.pk)
    return render(
        request,
        "fieldwork/programs/enrollment_action.html",
        {"form": form, "enrollment": enrollment, "title": title},
    )


@scope_rule(OBJECT)
def enrollment_suspend(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    return _enrollment_action(
        request,
        enrollment_id,
        form_class=NoteForm,
        write=services.enrollment_suspend,
        title=_("Suspend the enrollment"),
        done=_("Enrollment suspended."),
        allowed=(Enrollment.Status.ACTIVE,),
    )


@scope_rule(OBJECT)
def enrollment_resume(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    return _enrollment_action(
        request,
        enrollment_id,
        form_class=NoteForm,
        write=services.enrollment_resume,
        title=_("Resume the enrollment"),
        done=_("Enrollment resumed."),
        allowed=(Enrollment.Status.SUSPENDED,),
    )


@scope_rule(OBJECT)
def enrollment_end(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    return _enrollment_action(
        request,
        enrollment_id,
        form_class=EnrollmentEndForm,
        write=services.enrollment_end,
        title=_("End the enrollment"),
        done=_("Enrollment ended."),
        allowed=(Enrollment.Status.ACTIVE, Enrollment.Status.SUSPENDED),
    )


urlpatterns = [
    path("programs/", program_list, name="program_list"),
    path("programs/new/", program_create, name="program_create"),
    path("programs/<int:program_id>/", program_detail, name="program_detail"),
    path("programs/<int:program_id>/edit/", program_edit, name="program_edit"),
    path("enrollments/", enrollment_list, name="enrollment_list"),
    path("enrollments/new/", enrollment_create, name="enrollment_create"),
    path("enrollments/export.<str:fmt>", enrollment_export, name="enrollment_export"),
    path("enrollments/<int:enrollment_id>/", enrollment_detail, name="enrollment_detail"),
    path("enrollments/<int:enrollment_id>/edit/", enrollment_edit, name="enrollment_edit"),
    path("enrollments/<int:enrollment_id>/suspend/", enrollment_suspend, name="enrollment_suspend"),
    path("enrollments/<int:enrollment_id>/resume/", enrollment_resume, name="enrollment_resume"),
    path("enrollments/<int:enrollment_id>/end/", enrollment_end, name="enrollment_end"),
]
