"""Pages for the border line: segments per post, a segment's markers and who self-manages
them, patrols and the incidents they found (recorded as security incidents)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from outpost.accounts.scope import OBJECT, SIGNED_IN, scope_of, scope_rule
from outpost.border import selectors
from outpost.border.forms import PatrolForm
from outpost.core.audit import history
from outpost.core.views import HISTORY_ROWS, add_validation_error
from outpost.security import selectors as security_selectors
from outpost.security import services as security_services
from outpost.security.forms import PatrolIncidentForm, PatrolIncidentFormSet

PATROL_ROWS = 50


def _scope(request: HttpRequest) -> Any:
    return scope_of(request)


@scope_rule(SIGNED_IN)
def segment_list(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    past = request.GET.get("past") == "1"
    segments = selectors.segment_list(scope, on=None if past else dt.date.today())
    return render(
        request,
        "border/segment_list.html",
        {"posts": selectors.km_by_post(segments), "past": past},
    )


@scope_rule(OBJECT)
def segment_detail(request: HttpRequest, segment_id: int) -> HttpResponse:
    scope = _scope(request)
    segment = selectors.segment_get(scope, segment_id)
    markers = selectors.with_current_managers(
        selectors.marker_list(scope, segment_id=segment.pk), dt.date.today()
    )
    patrols = selectors.patrol_list(scope, segment_id=segment.pk)[:PATROL_ROWS]
    return render(
        request,
        "border/segment_detail.html",
        {
            "segment": segment,
            "markers": markers,
            "patrols": patrols,
            "history": history(segment)[:HISTORY_ROWS],
            "can_write": scope.can_write and segment.valid_to is None,
        },
    )


@scope_rule(OBJECT)
def marker_detail(request: HttpRequest, marker_id: int) -> HttpResponse:
    scope = _scope(request)
    marker = selectors.marker_get(scope, marker_id)
    managements = marker.managements.select_related("household").order_by("-valid_from")
    patrols = selectors.patrols_in_scope(scope).filter(markers_checked=marker)[:PATROL_ROWS]
    return render(
        request,
        "border/marker_detail.html",
        {
            "marker": marker,
            "managements": managements,
            "patrols": patrols,
            "history": history(marker)[:HISTORY_ROWS],
        },
    )


@scope_rule(OBJECT)
def patrol_detail(request: HttpRequest, patrol_id: int) -> HttpResponse:
    scope = _scope(request)
    patrol = selectors.patrol_get(scope, patrol_id)
    return render(
        request,
        "border/patrol_detail.html",
        {
            "patrol": patrol,
            "incidents": security_selectors.patrol_incidents(scope, patrol),
            "history": history(patrol)[:HISTORY_ROWS],
            "can_write": scope.can_write,
        },
    )


def _findings(formset: Any) -> list[security_services.PatrolFinding]:
    """The filled rows of the incidents formset (blank rows are skipped)."""
    return [
        security_services.PatrolFinding(
            kind=row["kind"], village=row["village"], summary=row["summary"]
        )
        for row in formset.cleaned_data
        if row and not row.get("DELETE")
    ]


@scope_rule(OBJECT)
def patrol_create(request: HttpRequest, segment_id: int) -> HttpResponse:
    """Record a patrol and the incidents it found, all in one go."""
    scope = _scope(request)
    segment = selectors.segment_get(scope, segment_id)
    scope.require_write()
    form = PatrolForm(request.POST or None, markers=segment.markers.order_by("number"))
    villages = security_selectors.patrol_villages(scope, segment)
    # A post without the incident rows (an older form, a script) records no incidents.
    with_rows = request.method == "POST" and "incidents-TOTAL_FORMS" in request.POST
    formset = PatrolIncidentFormSet(
        request.POST if with_rows else None, prefix="incidents", villages=villages
    )
    if request.method == "POST" and form.is_valid() and (not with_rows or formset.is_valid()):
        data = form.cleaned_data
        try:
            patrol = security_services.patrol_record_with_incidents(
                actor=request.user,
                segment=segment,
                date=data["date"],
                km=data["km"],
                markers=data["markers"],
                residents_joining=data["residents_joining"] or 0,
                findings=data["findings"],
                incidents=_findings(formset) if with_rows else [],
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Patrol recorded."))
            return redirect("border:patrol_detail", patrol_id=patrol.pk)
    return render(
        request,
        "border/patrol_form.html",
        {"form": form, "formset": formset, "segment": segment},
    )


@scope_rule(OBJECT)
def patrol_incident_create(request: HttpRequest, patrol_id: int) -> HttpResponse:
    """Record one more incident found on a patrol already recorded."""
    scope = _scope(request)
    patrol = selectors.patrol_get(scope, patrol_id)
    scope.require_write()
    villages = security_selectors.patrol_villages(scope, patrol.segment, patrol.date)
    form = PatrolIncidentForm(request.POST or None, villages=villages)
    if request.method == "POST" and form.is_valid():
        try:
            incident = security_services.patrol_record_incident(
                actor=request.user, patrol=patrol, **form.cleaned_data
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Incident recorded."))
            return redirect("security:incident_detail", incident_id=incident.pk)
    return render(request, "border/patrol_incident_form.html", {"form": form, "patrol": patrol})


def _map(request: HttpRequest, *, title: str, segments: Any) -> HttpResponse:
    from django.conf import settings

    scope = _scope(request)
    today = dt.date.today()
    return render(
        request,
        "border/map.html",
        {
            "title": title,
            "segments": segments,
            "geojson": selectors.map_geojson(segments, scope, today),
            "tile_url": settings.OUTPOST_TILE_URL,
        },
    )


@scope_rule(OBJECT)
def map_post(request: HttpRequest, force_unit_id: int) -> HttpResponse:
    """The map of a post's border line: its current segments and their markers."""
    from outpost.force.selectors import force_unit_get

    scope = _scope(request)
    unit = force_unit_get(scope, force_unit_id)
    segments = selectors.map_segments(scope, on=dt.date.today(), post_id=unit.pk)
    return _map(request, title=unit.name, segments=segments)


@scope_rule(OBJECT)
def map_province(request: HttpRequest, unit_id: int) -> HttpResponse:
    """The map of the border line in an administrative unit (a province, or a district or
    commune): the current segments in scope in its communes."""
    from outpost.core.tree import communes_under
    from outpost.geo.selectors import unit_get

    scope = _scope(request)
    unit = unit_get(scope, unit_id)
    communes = communes_under({unit.pk}).values("pk")
    segments = selectors.map_segments(scope, on=dt.date.today(), commune_ids=communes)
    return _map(request, title=unit.name, segments=segments)
