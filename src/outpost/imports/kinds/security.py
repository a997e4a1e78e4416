"""Security and order: each village's drug status per year, self-governing groups with their
member households, and twinning agreements with villages across the border.

A status row is matched by its village and year and written with `village_status_set`; the
row is the village's status for that year (an empty box is "no"), so a different one corrects
it. A group is matched by its village, name and founding date and founded with `group_create`;
its markers, when the row's differ from those recorded, are replaced with `group_set_members`
(its members unchanged), and a dissolving date dissolves it with `group_dissolve`. A member row
is matched by its group, household and joining date: a new one joins with `group_add_members`
and a leaving date ends it with `group_end_members`. An agreement is matched by its village,
the village across the border and the signing date, recorded with `agreement_create` and
ended with `agreement_end`. The app has no service to move a group's founding date, its
segment or an agreement's country, so a different value is refused on its cell."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from outpost.accounts.scope import Scope
from outpost.border.models import BorderMarker, BorderSegment
from outpost.geo.models import Village
from outpost.imports import spec
from outpost.imports.kinds.base import Columns, Refused, ServiceSheet, export_columns, joined
from outpost.security import selectors, services
from outpost.security.models import (
    GroupMembership,
    SelfGoverningGroup,
    TwinVillageAgreement,
    VillageSecurityStatus,
)


def _commune_ids(importer: Any) -> set[int]:
    return importer.lookups.commune_ids()


class TickedSheet(ServiceSheet):
    """A sheet with yes/no boxes: a box's value is shown in an error as it is written."""

    def cell(self, column: str) -> Any:
        value = super().cell(column)
        return ("x" if value else "") if isinstance(value, bool) else value


# --- village status per year ---------------------------------------------------------------


class SecurityStatusSheet(TickedSheet):
    sheet = spec.SECURITY_STATUSES
    dated_by = ("year",)
    fields = {
        "village": "village",
        "year": "year",
        "drug_free": "drug_free",
        "key_drug_area": "key_drug_area",
        "note": "note",
    }

    def key(self, v: dict[str, Any]) -> tuple[Any, ...]:
        return (v["commune_code"], self.fold(v["village"]), v["year"])

    def load(self) -> None:
        self.known = {
            (s.village_id, s.year): s
            for s in VillageSecurityStatus.objects.filter(
                village__commune_id__in=_commune_ids(self.importer)
            )
        }

    def write_row(self, n: int, v: dict[str, Any]) -> None:
        commune = self.commune(n, v)
        village = self.village(n, commune, v["village"])
        wanted = {
            "drug_free": bool(v.get("drug_free")),
            "key_drug_area": bool(v.get("key_drug_area")),
            "note": v.get("note") or "",
        }
        status = self.known.get((village.pk, v["year"]))
        if status is not None and all(getattr(status, k) == w for k, w in wanted.items()):
            self.unchanged()
            return
        new = status is None
        status = self.call(
            n,
            "year",
            services.village_status_set,
            village=village,
            year=v["year"],
            **wanted,
        )
        self.known[(village.pk, v["year"])] = status
        if new:
            self.created(status)
        else:
            self.updated(status)


def statuses_export(scope: Scope) -> tuple[QuerySet, Columns, spec.Sheet]:
    qs = selectors.statuses_in_scope(scope).order_by(
        "village__commune__code", "village__name", "year", "pk"
    )
    sheet = spec.SECURITY_STATUSES
    columns = export_columns(
        sheet,
        {
            "commune_code": "village.commune.code",
            "village": "village.name",
            "year": "year",
            "drug_free": "drug_free",
            "key_drug_area": "key_drug_area",
            "note": "note",
        },
    )
    return qs, columns, sheet


# --- self-governing groups and their members -----------------------------------------------

GroupKey = tuple[int, str]  # village, folded name


def _groups(sheet: ServiceSheet) -> dict[GroupKey, list[SelfGoverningGroup]]:
    found: dict[GroupKey, list[SelfGoverningGroup]] = {}
    for group in (
        SelfGoverningGroup.objects.filter(village__commune_id__in=_commune_ids(sheet.importer))
        .select_related("village", "segment")
        .prefetch_related("markers")
        .order_by("founded_on", "pk")
    ):
        found.setdefault((group.village_id, sheet.fold(group.name)), []).append(group)
    return found


class GroupSheet(ServiceSheet):
    sheet = spec.SELF_GOVERNING_GROUPS
    dated_by = ("founded_on",)
    fields = {
        "kind": "kind",
        "village": "village",
        "name": "group",
        "founded_on": "founded_on",
        "segment": "segment",
        "markers": "markers",
        "households": "group",
        "dissolved_on": "dissolved_on",
        "dissolve_reason": "dissolve_reason",
    }

    def key(self, v: dict[str, Any]) -> tuple[Any, ...]:
        return (v["commune_code"], self.fold(v["village"]), self.fold(v["group"]), v["founded_on"])

    def load(self) -> None:
        self.known = _groups(self)
        ids = _commune_ids(self.importer)
        self.segments: dict[tuple[int, str], BorderSegment] = {}
        for segment in BorderSegment.objects.filter(commune_id__in=ids).order_by(
            "valid_from", "pk"
        ):
            key = (segment.commune_id, self.fold(segment.name))
            if key not in self.segments or self.segments[key].valid_to is not None:
                self.segments[key] = segment  # the open one wins

    def segment(self, n: int, commune: Any, name: str) -> BorderSegment:
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

    def markers(
        self, n: int, segment: BorderSegment | None, numbers: list[str] | None
    ) -> list[BorderMarker] | None:
        if not numbers:
            return None
        if segment is None:
            self.fail(n, "segment", None, _("Give the segment the markers are on."))
        on_segment = {m.number: m for m in BorderMarker.objects.filter(segment=segment)}
        found = []
        for number in numbers:
            marker = on_segment.get(number)
            if marker is None:
                self.fail(
                    n,
                    "markers",
                    number,
                    _("Segment %(segment)s has no marker with this number.")
                    % {"segment": segment.name},
                )
            found.append(marker)
        return found

    def write_row(self, n: int, v: dict[str, Any]) -> None:
        commune = self.commune(n, v)
        village = self.village(n, commune, v["village"])
        segment = self.segment(n, commune, v["segment"]) if v.get("segment") else None
        markers = self.markers(n, segment, v.get("markers"))
        same_name = self.known.setdefault((village.pk, self.fold(v["group"])), [])
        group = next((g for g in same_name if g.founded_on == v["founded_on"]), None)
        new, changed = group is None, False
        if group is None:
            still_open = [g for g in same_name if g.dissolved_on is None]
            if still_open:  # the same group, founded on another date
                self.same(n, "founded_on", still_open[0].founded_on, v["founded_on"])
            group = self.call(
                n,
                "group",
                services.group_create,
                kind=v["kind"],
                village=village,
                name=v["group"],
                founded_on=v["founded_on"],
                segment=segment,
                markers=markers or [],
            )
            same_name.append(group)
        else:
            self.same(n, "kind", group.kind, v["kind"])
            self.same(n, "segment", group.segment.name if group.segment else None, v.get("segment"))
            recorded = {m.pk for m in group.markers.all()}
            if markers is not None and {m.pk for m in markers} != recorded:
                if group.dissolved_on:
                    self.fail(n, "markers", self.cell("markers"), _("This group is dissolved."))
                members = [
                    m.household
                    for m in group.memberships.filter(valid_to__isnull=True).select_related(
                        "household"
                    )
                ]
                self.call(
                    n,
                    "markers",
                    services.group_set_members,
                    group=group,
                    households=members,
                    markers=markers,
                )
                changed = True
        if self.dissolve(n, group, v):
            changed = True
        if new:
            self.created(group)
        elif changed:
            self.updated(group)
        else:
            self.unchanged()

    def dissolve(self, n: int, group: SelfGoverningGroup, v: dict[str, Any]) -> bool:
        return self.end_once(
            n,
            v,
            recorded_on=group.dissolved_on,
            recorded_reason=group.dissolve_reason,
            missing_date=_("Give the date the group was dissolved."),
            end=partial(services.group_dissolve, group=group),
            on_column="dissolved_on",
            reason_column="dissolve_reason",
        )


def groups_export(scope: Scope) -> tuple[QuerySet, Columns, spec.Sheet]:
    qs = (
        selectors.groups_in_scope(scope)
        .select_related("village__commune", "segment")
        .prefetch_related("markers")
        .order_by("village__commune__code", "village__name", "name", "founded_on", "pk")
    )
    sheet = spec.SELF_GOVERNING_GROUPS
    columns = export_columns(
        sheet,
        {
            "commune_code": "village.commune.code",
            "village": "village.name",
            "group": "name",
            "kind": "kind",
            "founded_on": "founded_on",
            "segment": "segment.name",
            "markers": lambda g: joined(sorted(m.number for m in g.markers.all())),
            "dissolved_on": "dissolved_on",
            "dissolve_reason": "dissolve_reason",
        },
    )
    return qs, columns, sheet


class GroupMemberSheet(ServiceSheet):
    sheet = spec.GROUP_MEMBERS
    dated_by = ("valid_from",)
    fields = {
        "households": "household_code",
        "household": "household_code",
        "valid_from": "valid_from",
        "on": "valid_to",
        "valid_to": "valid_to",
        "reason": "end_reason",
        "end_reason": "end_reason",
    }

    def key(self, v: dict[str, Any]) -> tuple[Any, ...]:
        return (
            v["commune_code"],
            self.fold(v["village"]),
            self.fold(v["group"]),
            v["household_code"],
            v["valid_from"],
        )

    def load(self) -> None:
        self.known = _groups(self)
        ids = [g.pk for found in self.known.values() for g in found]
        self.memberships: dict[tuple[int, int], list[GroupMembership]] = {}
        for m in GroupMembership.objects.filter(group_id__in=ids):
            self.memberships.setdefault((m.group_id, m.household_id), []).append(m)
        groups = self.importer.kinds.get(spec.SELF_GOVERNING_GROUPS.key)
        # Groups the file's group sheet names: one left unwritten has its errors shown there.
        self.in_file = {
            (r["commune_code"], self.fold(r["village"]), self.fold(r["group"]))
            for _n, r in (groups.pending if groups else [])
        }

    def group(self, n: int, village: Village, v: dict[str, Any]) -> SelfGoverningGroup:
        same_name = self.known.get((village.pk, self.fold(v["group"])), [])
        if not same_name:
            if (v["commune_code"], self.fold(v["village"]), self.fold(v["group"])) in self.in_file:
                raise Refused
            self.fail(
                n,
                "group",
                v["group"],
                _("%(village)s has no self-governing group of this name.")
                % {"village": village.name},
            )
        on = v["valid_from"]
        for group in same_name:
            if group.founded_on <= on and (group.dissolved_on is None or on < group.dissolved_on):
                return group
        return same_name[-1]  # its service says why the household cannot join

    def write_row(self, n: int, v: dict[str, Any]) -> None:
        commune = self.commune(n, v)
        village = self.village(n, commune, v["village"])
        group = self.group(n, village, v)
        household = self.household(n, commune, v["household_code"])
        rows = self.memberships.setdefault((group.pk, household.pk), [])
        membership = next((m for m in rows if m.valid_from == v["valid_from"]), None)
        new = membership is None
        if membership is None:
            (membership,) = self.call(
                n,
                "household_code",
                services.group_add_members,
                group=group,
                households=[household],
                on=v["valid_from"],
            )
            rows.append(membership)
        ended = self.end(n, group, household, membership, v)
        if new:
            self.created(membership)
        elif ended:
            self.updated(membership)
        else:
            self.unchanged()

    def end(
        self,
        n: int,
        group: SelfGoverningGroup,
        household: Any,
        membership: GroupMembership,
        v: dict[str, Any],
    ) -> bool:
        ended = self.end_once(
            n,
            v,
            recorded_on=membership.valid_to,
            recorded_reason=membership.end_reason,
            missing_date=_("Give the date the household left the group."),
            end=partial(services.group_end_members, group=group, households=[household]),
        )
        if ended:  # later rows of the file see the membership as it now is
            membership.refresh_from_db(fields=["valid_to", "end_reason"])
        return ended


def members_export(scope: Scope) -> tuple[QuerySet, Columns, spec.Sheet]:
    qs = scope.filter(
        GroupMembership.objects.select_related("group__village__commune", "household"),
        commune="group__village__commune",
    ).order_by(
        "group__village__commune__code",
        "group__village__name",
        "group__name",
        "household__code",
        "valid_from",
        "pk",
    )
    sheet = spec.GROUP_MEMBERS
    columns = export_columns(
        sheet,
        {
            "commune_code": "group.village.commune.code",
            "village": "group.village.name",
            "group": "group.name",
            "household_code": "household.code",
            "valid_from": "valid_from",
            "valid_to": "valid_to",
            "end_reason": "end_reason",
        },
    )
    return qs, columns, sheet


# --- twin villages -------------------------------------------------------------------------


class TwinVillageSheet(ServiceSheet):
    sheet = spec.TWIN_VILLAGES
    dated_by = ("signed_on",)
    fields = {
        "village": "village",
        "foreign_village": "foreign_village",
        "country": "country",
        "signed_on": "signed_on",
        "valid_from": "valid_from",
        "valid_to": "valid_to",
        "end_reason": "end_reason",
    }

    def key(self, v: dict[str, Any]) -> tuple[Any, ...]:
        return (
            v["commune_code"],
            self.fold(v["village"]),
            self.fold(v["foreign_village"]),
            v["signed_on"],
        )

    def load(self) -> None:
        self.known = {
            (a.village_id, self.fold(a.foreign_village), a.signed_on): a
            for a in TwinVillageAgreement.objects.filter(
                village__commune_id__in=_commune_ids(self.importer)
            )
        }

    def write_row(self, n: int, v: dict[str, Any]) -> None:
        commune = self.commune(n, v)
        village = self.village(n, commune, v["village"])
        key = (village.pk, self.fold(v["foreign_village"]), v["signed_on"])
        agreement = self.known.get(key)
        new = agreement is None
        if agreement is None:
            agreement = self.call(
                n,
                "foreign_village",
                services.agreement_create,
                village=village,
                foreign_village=v["foreign_village"],
                country=v["country"],
                signed_on=v["signed_on"],
                valid_from=v.get("valid_from"),
            )
            self.known[key] = agreement
        else:
            self.same(n, "country", agreement.country, v["country"])
            self.same(n, "valid_from", agreement.valid_from, v.get("valid_from"))
        ended = self.end(n, agreement, v)
        if new:
            self.created(agreement)
        elif ended:
            self.updated(agreement)
        else:
            self.unchanged()

    def end(self, n: int, agreement: TwinVillageAgreement, v: dict[str, Any]) -> bool:
        on = v.get("valid_to")
        if on is None:
            if v.get("end_reason") and agreement.valid_to is None:
                self.fail(n, "valid_to", None, _("Give the date the agreement ended."))
            return False
        if agreement.valid_to == on:
            self.same(n, "end_reason", agreement.end_reason, v.get("end_reason"))
            return False
        self.call(
            n,
            "valid_to",
            services.agreement_end,
            agreement=agreement,
            on=on,
            reason=v.get("end_reason") or "",
        )
        return True


def twin_villages_export(scope: Scope) -> tuple[QuerySet, Columns, spec.Sheet]:
    qs = selectors.agreements_in_scope(scope).order_by(
        "village__commune__code", "village__name", "signed_on", "pk"
    )
    sheet = spec.TWIN_VILLAGES
    columns = export_columns(
        sheet,
        {
            "commune_code": "village.commune.code",
            "village": "village.name",
            "foreign_village": "foreign_village",
            "country": "country",
            "signed_on": "signed_on",
            "valid_from": "valid_from",
            "valid_to": "valid_to",
            "end_reason": "end_reason",
        },
    )
    return qs, columns, sheet
