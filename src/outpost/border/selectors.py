"""Reads of the border line, always through the user's scope: a segment is in scope when its
commune or its post is."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from outpost.accounts.scope import get_in_scope
from outpost.border.models import BorderMarker, BorderSegment, MarkerSelfManagement, Patrol
from outpost.core.models import valid_on_q


def segments_in_scope(scope: Any) -> QuerySet[BorderSegment]:
    return scope.filter(
        BorderSegment.objects.select_related("commune", "post"),
        commune="commune",
        force_unit="post",
    )


def segment_list(
    scope: Any,
    *,
    on: dt.date | None = None,
    post_id: int | None = None,
    commune_id: int | None = None,
    country: str = "",
) -> QuerySet[BorderSegment]:
    """Segments in scope; those valid on a date when one is given, all of them otherwise."""
    qs = segments_in_scope(scope)
    if on is not None:
        qs = qs.filter(valid_on_q(on))
    if post_id is not None:
        qs = qs.filter(post_id=post_id)
    if commune_id is not None:
        qs = qs.filter(commune_id=commune_id)
    if country:
        qs = qs.filter(country=country)
    return qs.order_by("post__name", "country", "name", "pk")


def segment_get(scope: Any, segment_id: int) -> BorderSegment:
    return get_in_scope(segments_in_scope(scope), pk=segment_id)


def km_by_post(segments: Any) -> list[dict[str, Any]]:
    """Per post: its segments and their total length by neighbouring country."""
    posts: dict[int, dict[str, Any]] = {}
    for segment in segments:
        entry = posts.setdefault(
            segment.post_id,
            {"post": segment.post, "segments": [], "km": defaultdict(Decimal), "total": Decimal()},
        )
        entry["segments"].append(segment)
        entry["km"][segment.get_country_display()] += segment.length_km
        entry["total"] += segment.length_km
    for entry in posts.values():
        entry["km"] = sorted(entry["km"].items())
    return list(posts.values())


def markers_in_scope(scope: Any) -> QuerySet[BorderMarker]:
    return scope.filter(
        BorderMarker.objects.select_related("segment__commune", "segment__post"),
        commune="segment__commune",
        force_unit="segment__post",
    )


def marker_list(scope: Any, *, segment_id: int | None = None) -> QuerySet[BorderMarker]:
    qs = markers_in_scope(scope)
    if segment_id is not None:
        qs = qs.filter(segment_id=segment_id)
    return qs.order_by("segment_id", "number", "pk")


def marker_get(scope: Any, marker_id: int) -> BorderMarker:
    return get_in_scope(markers_in_scope(scope), pk=marker_id)


def with_current_managers(qs: QuerySet[BorderMarker], on: dt.date) -> QuerySet[BorderMarker]:
    """Markers with `current_managements`: the households self-managing them on the date."""
    rows = MarkerSelfManagement.objects.filter(valid_on_q(on)).select_related("household")
    return qs.prefetch_related(Prefetch("managements", rows, to_attr="current_managements"))


def patrols_in_scope(scope: Any) -> QuerySet[Patrol]:
    return scope.filter(
        Patrol.objects.select_related("segment__commune", "post"),
        commune="segment__commune",
        force_unit="post",
    )


def patrol_list(
    scope: Any,
    *,
    segment_id: int | None = None,
    post_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Patrol]:
    qs = patrols_in_scope(scope)
    if segment_id is not None:
        qs = qs.filter(segment_id=segment_id)
    if post_id is not None:
        qs = qs.filter(post_id=post_id)
    if date_from is not None:
        qs = qs.filter(date__gte=date_from)
    if date_to is not None:
        qs = qs.filter(date__lte=date_to)
    return qs.order_by("-date", "-pk")


def patrol_get(scope: Any, patrol_id: int) -> Patrol:
    return get_in_scope(patrols_in_scope(scope).prefetch_related("markers_checked"), pk=patrol_id)


# --- the map -----------------------------------------------------------------------------
# Villages and communes carry no coordinates yet, so the map shows segments and markers only.

COUNTRY_COLOURS = {"CN": "#c0392b", "LA": "#1f6fb2", "KH": "#1e8449"}
DEFAULT_COLOUR = "#555555"


def map_segments(
    scope: Any, *, on: dt.date, post_id: int | None = None, commune_ids: Any = None
) -> QuerySet[BorderSegment]:
    """Segments in scope on a date, of one post or in some communes."""
    qs = segment_list(scope, on=on, post_id=post_id)
    if commune_ids is not None:
        qs = qs.filter(commune_id__in=commune_ids)
    return qs


def map_geojson(segments: QuerySet[BorderSegment], scope: Any, on: dt.date) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the segments' lines and their located markers, with the
    households self-managing each marker on the date. Coordinates are [longitude, latitude]."""
    from django.urls import reverse

    features: list[dict[str, Any]] = []
    for segment in segments:
        if len(segment.path) < 2:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "LineString",
                    "coordinates": [[float(lon), float(lat)] for lat, lon in segment.path],
                },
                "properties": {
                    "feature": "segment",
                    "id": segment.pk,
                    "name": segment.name,
                    "country": segment.country,
                    "country_name": str(segment.get_country_display()),
                    "colour": COUNTRY_COLOURS.get(segment.country, DEFAULT_COLOUR),
                    "length_km": str(segment.length_km),
                    "url": reverse("border:segment_detail", args=[segment.pk]),
                },
            }
        )
    markers = with_current_managers(
        markers_in_scope(scope).filter(
            segment__in=segments, latitude__isnull=False, longitude__isnull=False
        ),
        on,
    ).order_by("segment_id", "number", "pk")
    for marker in markers:
        assert marker.latitude is not None and marker.longitude is not None
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(marker.longitude), float(marker.latitude)],
                },
                "properties": {
                    "feature": "marker",
                    "id": marker.pk,
                    "number": marker.number,
                    "kind": str(marker.get_kind_display()),
                    "segment_id": marker.segment_id,
                    "colour": COUNTRY_COLOURS.get(marker.segment.country, DEFAULT_COLOUR),
                    "households": [
                        row.household.head_name or row.household.code
                        for row in marker.current_managements  # type: ignore[attr-defined]
                    ],
                    "url": reverse("border:marker_detail", args=[marker.pk]),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
