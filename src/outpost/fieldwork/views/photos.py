"""Activity photos: served only through this scoped view (never as public files), added from
the activity's page, voided with a reason."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from outpost.accounts.scope import OBJECT, scope_of, scope_rule
from outpost.core.views import add_validation_error
from outpost.fieldwork.forms.photos import PhotoForm, PhotoVoidForm
from outpost.fieldwork.selectors import activities as activity_selectors
from outpost.fieldwork.selectors import photos as selectors
from outpost.fieldwork.services import photos as services


def _scope(request: HttpRequest) -> Any:
    return scope_of(request)


@scope_rule(OBJECT)
def photo_file(request: HttpRequest, photo_id: int) -> FileResponse:
    photo = selectors.photo_get(_scope(request), photo_id)
    try:
        handle = photo.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=photo.content_type)
    response["Content-Length"] = str(photo.size)
    response["Content-Disposition"] = f'inline; filename="{photo.client_id}.{photo.extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=86400"
    return response


@scope_rule(OBJECT)
def photo_add(request: HttpRequest, activity_id: int) -> HttpResponse:
    scope = _scope(request)
    activity = activity_selectors.activity_get(scope, activity_id)
    scope.require_write()
    form = PhotoForm(
        request.POST or None, request.FILES or None, initial={"client_id": uuid.uuid4()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.photo_add(
                actor=request.user,
                activity=activity,
                client_id=form.cleaned_data["client_id"],
                file=form.cleaned_data["photo"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "file" in exc.error_dict:
                exc = ValidationError({"photo": exc.error_dict["file"]})
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Photo added."))
            return redirect("fieldwork:activity_detail", activity_id=activity.pk)
    return render(request, "fieldwork/photos/add.html", {"form": form, "activity": activity})


@scope_rule(OBJECT)
def photo_void(request: HttpRequest, photo_id: int) -> HttpResponse:
    scope = _scope(request)
    photo = selectors.photo_get(scope, photo_id)
    scope.require_write()
    form = PhotoVoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.photo_void(actor=request.user, photo=photo, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Photo voided."))
            return redirect("fieldwork:activity_detail", activity_id=photo.activity_id)
    return render(request, "fieldwork/photos/void.html", {"form": form, "photo": photo})


urlpatterns = [
    path("photos/<int:photo_id>/", photo_file, name="photo_file"),
    path("photos/<int:photo_id>/void/", photo_void, name="photo_void"),
    path("activities/<int:activity_id>/photos/new/", photo_add, name="photo_add"),
]
