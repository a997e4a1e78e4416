from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outpost.accounts.scope import OBJECT, SIGNED_IN, get_in_scope, scope_of, scope_rule
from outpost.imports import jobs
from outpost.imports.exports import EXPORTS, FORMATS, export_kind
from outpost.imports.models import ImportJob
from outpost.imports.spec import TEMPLATE_KINDS
from outpost.imports.workbook import template_bytes

MAX_UPLOAD = 50 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRORS_SHOWN = 500


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or more files chosen together: a list of uploads."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    file = MultipleFileField(
        label=gettext_lazy("Workbooks (.xlsx)"),
        help_text=gettext_lazy(
            "Choose one or several: they are checked and imported together, all or nothing."
        ),
    )

    def clean_file(self):
        uploads = self.cleaned_data["file"]
        for upload in uploads:
            if not upload.name.lower().endswith((".xlsx", ".xlsm")):
                raise forms.ValidationError(
                    _("%(file)s: choose an Excel workbook (.xlsx).") % {"file": upload.name}
                )
        if sum(upload.size for upload in uploads) > MAX_UPLOAD:
            raise forms.ValidationError(_("The files are too large (50 MB at most in all)."))
        return uploads


def jobs_visible(request: HttpRequest) -> QuerySet[ImportJob]:
    """A user sees their own imports; a superuser sees every import."""
    qs = ImportJob.objects.select_related("user").defer("content")
    if request.user.is_superuser:
        return qs
    return qs.filter(user=request.user)  # type: ignore[misc]


@scope_rule(SIGNED_IN)
def upload(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request)
    form = UploadForm()
    if request.method == "POST":
        scope.require_write()
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            files = [(upload.name, upload.read()) for upload in form.cleaned_data["file"]]
            job = jobs.create_job(user=request.user, files=files)
            jobs.start(job, write=False)
            return redirect("imports:job", job_id=job.pk)
    return render(
        request,
        "imports/upload.html",
        {
            "form": form,
            "can_write": scope.can_write,
            "kinds": list(TEMPLATE_KINDS),
            "exports": list(EXPORTS),
            "jobs": jobs_visible(request)[:20],
        },
    )


@scope_rule(SIGNED_IN)
def history(request: HttpRequest) -> HttpResponse:
    from outpost.core.views import paginate

    return render(
        request, "imports/history.html", {"page": paginate(request, jobs_visible(request))}
    )


@scope_rule(SIGNED_IN)
def template(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in TEMPLATE_KINDS:
        raise Http404
    response = HttpResponse(template_bytes(kind), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="outpost-{kind}.xlsx"'
    return response


def _context(job: ImportJob) -> dict:
    step = jobs.progress_of(job)
    done, total = step.done, step.total
    return {
        "job": job,
        "phase": step.phase,
        "where": step.where,
        "done": done,
        "total": total,
        "percent": int(100 * done / total) if total else 0,
        "errors": job.errors[:ERRORS_SHOWN],
        "more_errors": max(0, len(job.errors) - ERRORS_SHOWN),
        "sheets": (job.result or {}).get("sheets", []),
        "files": (job.result or {}).get("files", []),
        "running": job.status in (ImportJob.Status.VALIDATING, ImportJob.Status.IMPORTING),
    }


@scope_rule(OBJECT)
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_in_scope(jobs_visible(request), pk=job_id)
    return render(request, "imports/job.html", _context(job))


@scope_rule(OBJECT)
def job_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_in_scope(jobs_visible(request), pk=job_id)
    context = _context(job)
    response = render(request, "imports/_progress.html", context)
    if not context["running"]:
        response["HX-Refresh"] = "true"  # finished: show the full page with the outcome
    return response


@scope_rule(OBJECT)
def job_confirm(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_in_scope(jobs_visible(request).defer(None), pk=job_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    scope_of(request).require_write()
    if job.user_id != request.user.pk:
        raise PermissionDenied
    if job.status != ImportJob.Status.READY:
        raise Http404
    jobs.start(job, write=True)
    return redirect("imports:job", job_id=job.pk)


@scope_rule(SIGNED_IN)
def export(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in EXPORTS or fmt not in FORMATS:
        raise Http404
    return export_kind(scope_of(request), kind, fmt)  # type: ignore[return-value]
