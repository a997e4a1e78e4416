"""Activity pages: the list (filters, export), recording from a phone, the activity's page with
its photos and history, editing (a stale edit answers 409 and shows both versions) and voiding.
Also the service worker that lets the recording page open without a connection."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from outpost.accounts.scope import OBJECT, PUBLIC, SIGNED_IN, scope_of, scope_rule
from outpost.core.views import HISTORY_ROWS, add_validation_error, paginate
from outpost.fieldwork.forms.activities import ActivityEditForm, ActivityRecordForm, VoidForm
from outpost.fieldwork.models import Activity
from outpost.fieldwork.selectors import activities as selectors
from outpost.fieldwork.services import activities as services
from outpost.fieldwork.services.kinds import may_manage_kinds
from outpost.fieldwork.services.photos import inspect_photo, photo_add
from outpost.imports.exports import FORMATS, Columns, export_response


def _scope(request: HttpRequest) -> Any:
    return scope_of(request)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _filters(request: HttpRequest) -> dict[str, Any]:
    return {
        "date_from": _date(request.GET.get("from")),
        "date_to": _date(request.GET.get("to")),
        "kind": request.GET.get("kind") or None,
        "village_id": _int(request.GET.get("village")),
        "force_unit_id": _int(request.GET.get("unit")),
    }


@scope_rule(SIGNED_IN)
def activity_list(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    filters = _filters(request)
    activities = selectors.with_related(selectors.activity_list(scope, **filters))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "fieldwork/activities/list.html",
        {
            "page": paginate(request, activities),
            "filters": filters,
            "kinds": selectors.kinds_in_use(),
            "villages": selectors.villages_for_activities(scope, on=timezone.localdate()),
            "units": selectors.force_units_for_activities(scope),
            "query": query.urlencode(),
            "can_write": scope.can_write,
            "can_manage_kinds": may_manage_kinds(request.user),
        },
    )


EXPORT_COLUMNS: Columns = [
    ("id", "pk"),
    ("date", "date"),
    ("kind", "kind.code"),
    ("kind_name", "kind.name"),
    ("unit", "force_unit.name"),
    ("commune", "commune.name"),
    ("village", "village.name"),
    ("cadres", lambda a: ", ".join(c.full_name for c in a.cadres.all())),
    ("households", lambda a: ", ".join(h.code for h in a.households.all())),
    ("people_reached", "people_reached"),
    ("cost_vnd", "cost"),
    ("materials", "materials"),
    ("notes", "notes"),
    ("photos", lambda a: len(a.photos.all())),
]


@scope_rule(SIGNED_IN)
def activity_export(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    if fmt not in FORMATS:
        raise Http404
    activities = selectors.with_related(
        selectors.activity_list(_scope(request), **_filters(request))
    )
    return export_response(
        list(activities), EXPORT_COLUMNS, "activities", fmt, sheet_title="Activities"
    )


def _strings() -> dict[str, str]:
    """What the page script says, translated here (the script has no catalogue)."""
    return {
        "waiting_one": _("1 waiting to be sent"),
        "waiting_many": _("{n} waiting to be sent"),
        "nothing_waiting": _("Nothing waiting to be sent."),
        "saved_offline": _("Saved on this phone. It will be sent when the connection is back."),
        "sending": _("Sending…"),
        "sent": _("Sent."),
        "refused": _("Refused by the server"),
        "sign_in": _("Sign in again to send what is waiting."),
        "other_user": _("waiting for its author to sign in"),
        "too_big": _("This photo is too big: {name}"),
        "not_photo": _("This file is not a JPEG, PNG or WebP photo: {name}"),
        "no_storage": _("This phone cannot keep entries offline; connect and try again."),
        "discard": _("Discard"),
        "discard_confirm": _("Discard this entry? It has not been stored."),
        "households_offline": _("The households of this village cannot be loaded offline."),
    }


def _record_initial(request: HttpRequest, form_class: Any, scope: Any) -> dict[str, Any]:
    user: Any = request.user
    probe = form_class(scope=scope)
    initial: dict[str, Any] = {
        "client_id": uuid.uuid4(),
        "date": timezone.localdate(),
        "people_reached": 0,
        "cost": 0,
    }
    units = probe.fields["force_unit"].queryset
    own_unit = units.filter(pk__in=user.force_units.values("pk")).first()
    if own_unit is not None:
        initial["force_unit"] = own_unit
    if user.cadre_id and probe.fields["cadres"].queryset.filter(pk=user.cadre_id).exists():
        initial["cadres"] = [user.cadre_id]
    village_id = _int(request.GET.get("village"))
    if village_id is not None:
        initial["village"] = village_id
        # From a follow-up list: the household due a visit comes ticked, as a household visit.
        household_ids = [int(v) for v in request.GET.getlist("household") if v.isdigit()]
        if household_ids:
            initial["households"] = household_ids
            visit = probe.fields["kind"].queryset.filter(code="household_visit").first()
            if visit is not None:
                initial["kind"] = visit
    return initial


@scope_rule(SIGNED_IN)
def activity_create(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    scope.require_write()
    form = ActivityRecordForm(
        request.POST or None,
        request.FILES or None,
        scope=scope,
        initial=_record_initial(request, ActivityRecordForm, scope),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        photos = data.pop("photos")
        client_id = data.pop("client_id")
        try:
            for photo in photos:
                inspect_photo(photo)
            with transaction.atomic():
                activity, created = services.activity_record(
                    actor=request.user, client_id=client_id, **data
                )
                if created:
                    for index, photo in enumerate(photos):
                        photo_add(
                            actor=request.user,
                            activity=activity,
                            client_id=uuid.uuid5(activity.client_id, str(index)),
                            file=photo,
                        )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "file" in exc.error_dict:
                exc = ValidationError({"photos": exc.error_dict["file"]})
            add_validation_error(form, exc)
        else:
            if created:
                messages.success(request, _("Activity recorded."))
            else:
                messages.info(request, _("This activity was already recorded."))
            return redirect("fieldwork:activity_detail", activity_id=activity.pk)
    return render(
        request,
        "fieldwork/activities/form.html",
        {
            "form": form,
            "strings": _strings(),
            "detail_url": reverse("fieldwork:activity_detail", args=[0]),
            "api_url": reverse("api:fieldwork_activities"),
            "photos_url": reverse("api:fieldwork_activity_photos", kwargs={"activity_id": 0}),
            "max_bytes": settings.PHOTO_MAX_BYTES,
        },
    )


@scope_rule(SIGNED_IN)
def activity_households(request: HttpRequest) -> HttpResponse:
    """The households of one village as checkboxes, for the activity form (loaded when the
    village is chosen; the page filters them by name, ignoring diacritics)."""
    scope = _scope(request)
    households = selectors.households_of_village(
        scope, _int(request.GET.get("village")), request.GET.get("q", "")
    )
    checked = {int(v) for v in request.GET.getlist("households") if v.isdigit()}
    return render(
        request,
        "fieldwork/activities/_households.html",
        {"households": households, "checked": checked, "village_id": request.GET.get("village")},
    )


@scope_rule(OBJECT)
def activity_detail(request: HttpRequest, activity_id: int) -> HttpResponse:
    scope = _scope(request)
    activity = selectors.activity_get(scope, activity_id)
    activity = selectors.with_related(Activity.objects.filter(pk=activity.pk)).get()
    return render(
        request,
        "fieldwork/activities/detail.html",
        {
            "activity": activity,
            "history": selectors.activity_history(activity)[:HISTORY_ROWS],
            "can_write": scope.can_write and not activity.is_void,
        },
    )


def _display(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple) or hasattr(value, "model"):
        items = [str(v) for v in value]
        return ", ".join(sorted(items)) if items else "—"
    return str(value)


def _comparison(form: ActivityEditForm, stored: Activity) -> list[dict[str, Any]]:
    """Field by field: what is stored now and what the user sent."""
    stored_values: dict[str, Any] = {
        "date": stored.date,
        "kind": stored.kind,
        "force_unit": stored.force_unit,
        "village": f"{stored.village.name} · {stored.commune.name}" if stored.village else None,
        "cadres": list(stored.cadres.all()),
        "households": list(stored.households.all()),
        "people_reached": stored.people_reached,
        "cost": stored.cost,
        "materials": stored.materials,
        "notes": stored.notes,
    }
    rows = []
    for name, old in stored_values.items():
        new = form.cleaned_data.get(name)
        if name == "village" and new is not None:
            new = f"{new.name} · {new.commune.name}"
        rows.append(
            {
                "label": form.fields[name].label,
                "stored": _display(old),
                "submitted": _display(new),
                "differs": _display(old) != _display(new),
            }
        )
    return rows


def _edit_form(
    request: HttpRequest, scope: Any, activity: Activity, data: Any = None
) -> ActivityEditForm:
    households = list(activity.households.all())
    initial: dict[str, Any] = {
        "version": activity.version,
        "date": activity.date,
        "kind": activity.kind,
        "force_unit": activity.force_unit,
        "village": activity.village_id,
        "cadres": list(activity.cadres.all()),
        "households": households,
        "people_reached": activity.people_reached,
        "cost": activity.cost,
        "materials": activity.materials,
        "notes": activity.notes,
    }
    return ActivityEditForm(data, scope=scope, initial=initial, editing=activity)


@scope_rule(OBJECT)
def activity_edit(request: HttpRequest, activity_id: int) -> HttpResponse:
    scope = _scope(request)
    activity = selectors.activity_get(scope, activity_id)
    scope.require_write()
    if activity.is_void:
        messages.error(request, _("A voided activity cannot be changed."))
        return redirect("fieldwork:activity_detail", activity_id=activity.pk)
    form = _edit_form(request, scope, activity, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected = data.pop("version")
        cadres = data.pop("cadres")
        households = data.pop("households")
        try:
            services.activity_update(
                actor=request.user,
                activity=activity,
                expected_version=expected,
                cadres=cadres,
                households=households,
                **data,
            )
        except services.StaleVersion as stale:
            stored = selectors.with_related(Activity.objects.filter(pk=activity.pk)).get()
            again = request.POST.copy()
            again["version"] = str(stored.version)
            return render(
                request,
                "fieldwork/activities/edit.html",
                {
                    "activity": stored,
                    "form": _edit_form(request, scope, stored, again),
                    "conflict": _comparison(form, stored),
                    "stale_version": stale.expected_version,
                    "stored_is_void": stored.is_void,
                },
                status=409,
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Activity saved."))
            return redirect("fieldwork:activity_detail", activity_id=activity.pk)
    return render(request, "fieldwork/activities/edit.html", {"activity": activity, "form": form})


@scope_rule(OBJECT)
def activity_void(request: HttpRequest, activity_id: int) -> HttpResponse:
    scope = _scope(request)
    activity = selectors.activity_get(scope, activity_id)
    scope.require_write()
    form = VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_void(
                actor=request.user, activity=activity, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Activity voided."))
            return redirect("fieldwork:activity_detail", activity_id=activity.pk)
    return render(request, "fieldwork/activities/void.html", {"form": form, "activity": activity})


@scope_rule(PUBLIC)
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served from /fieldwork/ so that it may control the field work
    pages. It holds no data of its own: it keeps a copy of the recording page and the files it
    needs, so that the page opens without a connection."""
    response = render(
        request,
        "fieldwork/sw.js",
        {"record_url": reverse("fieldwork:activity_create")},
        content_type="application/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = request.path.rsplit("/", 1)[0] + "/"
    response["Cache-Control"] = "no-cache"
    return response


urlpatterns = [
    path("activities/", activity_list, name="activity_list"),
    path("activities/new/", activity_create, name="activity_create"),
    path("activities/households/", activity_households, name="activity_households"),
    path("activities/export.<str:fmt>", activity_export, name="activity_export"),
    path("activities/<int:activity_id>/", activity_detail, name="activity_detail"),
    path("activities/<int:activity_id>/edit/", activity_edit, name="activity_edit"),
    path("activities/<int:activity_id>/void/", activity_void, name="activity_void"),
    path("sw.js", service_worker, name="service_worker"),
]
