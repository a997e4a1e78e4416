"""The border line: segments, their markers with the households self-managing them, and the
patrols along them.

A segment is matched by its commune and name, and recorded with `segment_create` (an end
date ends it with `segment_end`); a marker by its segment and number (`marker_create`), its
households made the self-managing ones from the row's date with `marker_assign_households`
when they differ from those recorded; a patrol by its date, post and segment
(`patrol_record`). The app has no service to change a segment's length, a marker's place or
a patrol's distance, so neither has the importer: a different value is refused on its cell."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from outpost.accounts.scope import Scope
from outpost.border import selectors, services
from outpost.border.models import BorderMarker, BorderSegment, MarkerSelfManagement, Patrol
from outpost.geo.models import AdminUnit
from outpost.imports import spec
from outpost.imports.kinds.base import Columns, ServiceSheet, export_columns, joined


class _OnSegments(ServiceSheet):
    """Rows that name a segment of their commune."""

    def load_segments(self) -> None:
        commune_ids = self.lookups.commune_ids()
        self.segments: dict[tuple[int, str], BorderSegment] = {}
        for segment in BorderSegment.objects.filter(commune_id__in=commune_ids).order_by(
            "valid_from", "pk"
        ):
            key = (segment.commune_id, self.fold(segment.name))
            known = self.segments.get(key)
            if known is None or known.valid_to is not None:  # the open one wins
                self.segments[key] = segment

    def segment(self, n: int, commune: AdminUnit, name: str) -> BorderSegment:
        segment = self.segments.get((commune.pk, self.fold(name)))
        if segment is None:
            self.fail(
                n,
                "segment",
                name,
                _("Commune %(commune)s has no border segment of this name.")
                % {"commune": commune.name},
            )
        return segment


class SegmentSheet(_OnSegments):
    sheet = spec.BORDER_SEGMENTS
    dated_by = ("valid_from",)
    fields = {
        "post": "post_code",
        "commune": "commune_code",
        "name": "name",
        "country": "country",
        "length_km": "length_km",
        "valid_from": "valid_from",
        "valid_to": "valid_to",
        "end_reason": "end_reason",
    }

    def key(self, v: dict[str, Any]) -> tuple[Any, ...]:
        return (v["commune_code"], self.fold(v["name"]))

    def load(self) -> None:
        self.load_segments()

    def write_row(self, n: int, v: dict[str, Any]) -> None:
        post = self.force_unit(n, "post_code", v["post_code"])
        commune = self.commune(n, v)
        key = (commune.pk, self.fold(v["name"]))
        segment = self.segments.get(key)
        if segment is None:
            segment = self.call(
                n,
                "name",
                services.segment_create,
                post=post,
                commune=commune,
                country=v["country"],
                name=v["name"],
                length_km=v["length_km"],
                valid_from=v.get("valid_from"),
            )
            self.segments[key] = segment
            self.end(n, segment, v)
            self.created(segment)
            return
        self.same(n, "post_code", segment.post.code, post.code)
        self.same(n, "country", segment.country, v["country"])
        self.same(n, "length_km", segment.length_km, v["length_km"])
        self.same(n, "valid_from", segment.valid_from, v.get("valid_from"))
        if self.end(n, segment, v):
            self.updated(segment)
        else:
            self.unchanged()

    def end(self, n: int, segment: BorderSegment, v: dict[str, Any]) -> bool:
        return self.end_once(
            n,
            v,
            recorded_on=segment.valid_to,
            recorded_reason=segment.end_reason,
            missing_date=_("Give the date the segment ended."),
            end=partial(services.segment_end, segment=segment),
        )


def _open_managements() -> Prefetch:
    rows = MarkerSelfManagement.objects.filter(valid_to__isnull=True).select_related("household")
    return Prefetch("managements", rows, to_attr="open_managements")


class MarkerSheet(_OnSegments):
    sheet = spec.BORDER_MARKERS
    dated_by = ("managed_from",)
    fields = {
        "number": "number",
        "kind": "kind",
        "latitude": "latitude",
        "longitude": "longitude",
        "households": "households",
        "segment": "segment",
    }

    def key(self, v: dict[str, Any]) -> tuple[Any, ...]:
        return (v["commune_code"], self.fold(v["segment"]), v["number"])

    def load(self) -> None:
        self.load_segments()
        self.markers = {
            (m.segment_id, m.number): m
            for m in BorderMarker.objects.filter(
                segment_id__in=[s.pk for s in self.segments.values()]
            ).prefetch_related(_open_managements())
        }

    def write_row(self, n: int, v: dict[str, Any]) -> None:
        commune = self.commune(n, v)
        segment = self.segment(n, commune, v["segment"])
        marker = self.markers.get((segment.pk, v["number"]))
        new = marker is None
        if marker is None:
            marker = self.call(
                n,
                "number",
                services.marker_create,
                segment=segment,
                number=v["number"],
                kind=v.get("kind") or BorderMarker.Kind.MAIN,
                latitude=v.get("latitude"),
                longitude=v.get("longitude"),
            )
            marker.open_managements = []  # type: ignore[attr-defined]
            self.markers[(segment.pk, v["number"])] = marker
        else:
            self.same(n, "kind", marker.kind, v.get("kind"))
            self.same(n, "latitude", marker.latitude, v.get("latitude"))
            self.same(n, "longitude", marker.longitude, v.get("longitude"))
        managed = self.manage(n, commune, marker, v)
        if new:
            self.created(marker)
        elif managed:
            self.updated(marker)
        else:
            self.unchanged()

    def manage(self, n: int, commune: AdminUnit, marker: BorderMarker, v: dict[str, Any]) -> bool:
        """Make the row's households the self-managing ones; whether they changed."""
        codes = v.get("households")
        if not codes:
            return False
        households = []
        for code in codes:
            household = self.lookups.households.get((commune.pk, code))
            if household is None:
                self.fail(
                    n,
                    "households",
                    code,
                    _("No household has this code in commune %(commune)s.")
                    % {"commune": commune.name},
                )
            households.append(self.saved(household))
        current = {m.household_id for m in marker.open_managements}  # type: ignore[attr-defined]
        if {h.pk for h in households} == current:
            return False
        if v.get("managed_from") is None:
            self.fail(
                n,
                "managed_from",
                None,
                _("Give the date these households start self-managing the marker."),
            )
        self.call(
            n,
            "households",
            services.marker_assign_households,
            marker=marker,
            households=households,
            on=v["managed_from"],
        )
        return True


class PatrolSheet(_OnSegments):
    sheet = spec.PATROLS
    dated_by = ("date",)
    fields = {
        "date": "date",
        "post": "post_code",
        "segment": "segment",
        "km": "km",
        "markers_checked": "markers_checked",
        "residents_joining": "residents_joining",
        "findings": "findings",
    }

    def key(self, v: dict[str, Any]) -> tuple[Any, ...]:
        return (v["date"], v.get("post_code") or "", v["commune_code"], self.fold(v["segment"]))

    def load(self) -> None:
        self.load_segments()
        segment_ids = [s.pk for s in self.segments.values()]
        self.markers = {
            (m.segment_id, m.number): m
            for m in BorderMarker.objects.filter(segment_id__in=segment_ids)
        }
        self.patrols = {
            (p.date, p.post_id, p.segment_id): p
            for p in Patrol.objects.filter(segment_id__in=segment_ids).prefetch_related(
                "markers_checked"
            )
        }

    def write_row(self, n: int, v: dict[str, Any]) -> None:
        commune = self.commune(n, v)
        segment = self.segment(n, commune, v["segment"])
        post = self.force_unit(n, "post_code", v["post_code"]) if v.get("post_code") else None
        markers = []
        for number in v.get("markers_checked") or []:
            marker = self.markers.get((segment.pk, number))
            if marker is None:
                self.fail(
                    n,
                    "markers_checked",
                    number,
                    _("Segment %(segment)s has no marker with this number.")
                    % {"segment": segment.name},
                )
            markers.append(marker)
        key = (v["date"], post.pk if post else segment.post_id, segment.pk)
        patrol = self.patrols.get(key)
        if patrol is not None:
            self.same(n, "km", patrol.km, v["km"])
            checked = joined(sorted(m.number for m in patrol.markers_checked.all()))
            given = v.get("markers_checked")
            self.same(n, "markers_checked", checked, joined(sorted(given)) if given else None)
            self.same(n, "residents_joining", patrol.residents_joining, v.get("residents_joining"))
            self.same(n, "findings", patrol.findings, v.get("findings"))
            self.unchanged()
            return
        patrol = self.call(
            n,
            "",
            services.patrol_record,
            segment=segment,
            date=v["date"],
            km=v["km"],
            post=post,
            markers=markers,
            residents_joining=v.get("residents_joining") or 0,
            findings=v.get("findings") or "",
        )
        self.patrols[key] = patrol
        self.created(patrol)


def segments_export(scope: Scope) -> tuple[QuerySet, Columns, spec.Sheet]:
    qs = selectors.segments_in_scope(scope).order_by("post__code", "commune__code", "name", "pk")
    sheet = spec.BORDER_SEGMENTS
    columns = export_columns(
        sheet,
        {
            "post_code": "post.code",
            "commune_code": "commune.code",
            "name": "name",
            "country": "country",
            "length_km": "length_km",
            "valid_from": "valid_from",
            "valid_to": "valid_to",
            "end_reason": "end_reason",
        },
    )
    return qs, columns, sheet


def markers_export(scope: Scope) -> tuple[QuerySet, Columns, spec.Sheet]:
    qs = (
        selectors.markers_in_scope(scope)
        .prefetch_related(_open_managements())
        .order_by("segment__commune__code", "segment__name", "number", "pk")
    )
    sheet = spec.BORDER_MARKERS
    columns = export_columns(
        sheet,
        {
            "commune_code": "segment.commune.code",
            "segment": "segment.name",
            "number": "number",
            "kind": "kind",
            "latitude": "latitude",
            "longitude": "longitude",
            "households": lambda m: joined(sorted(x.household.code for x in m.open_managements)),
            "managed_from": lambda m: None,  # to fill in when the households change
        },
    )
    return qs, columns, sheet


def patrols_export(scope: Scope) -> tuple[QuerySet, Columns, spec.Sheet]:
    qs = (
        selectors.patrols_in_scope(scope)
        .prefetch_related("markers_checked")
        .order_by("date", "post__code", "pk")
    )
    sheet = spec.PATROLS
    columns = export_columns(
        sheet,
        {
            "date": "date",
            "post_code": "post.code",
            "commune_code": "segment.commune.code",
            "segment": "segment.name",
            "km": "km",
            "markers_checked": lambda p: joined(sorted(m.number for m in p.markers_checked.all())),
            "residents_joining": "residents_joining",
            "findings": "findings",
        },
    )
    return qs, columns, sheet
