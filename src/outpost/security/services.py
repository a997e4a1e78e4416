"""Every write to security and order records. Typed, keyword-only, atomic, audited.

A group's member households are membership rows with dates, each with its own audit events;
its markers (many-to-many) are recorded in the group's audit event as a sorted id list under
"markers"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from outpost.border import services as border_services
from outpost.border.models import BorderMarker, BorderSegment, Patrol
from outpost.core import audit
from outpost.core.models import AuditEvent, valid_on_q
from outpost.force.models import AreaOfResponsibility, ForceUnit
from outpost.geo.models import Village
from outpost.people.models import Household
from outpost.security.models import (
    GroupMembership,
    Incident,
    SelfGoverningGroup,
    TwinVillageAgreement,
    VillageSecurityStatus,
)

# --- incidents -----------------------------------------------------------------------------


def incident_create(
    *,
    actor: Any,
    kind: str,
    occurred_on: dt.date,
    village: Village,
    summary: str,
    force_unit: ForceUnit | None = None,
) -> Incident:
    """Record an incident; it is open, and its commune is the village's commune."""
    incident = Incident(
        kind=kind,
        occurred_on=occurred_on,
        village=village,
        commune_id=village.commune_id,
        force_unit=force_unit,
        summary=summary.strip(),
    )
    return audit.audited_create(incident, actor=actor)


def _check_live(incident: Incident) -> None:
    if incident.voided:
        raise ValidationError(_("This incident is voided."))
    if incident.status == Incident.Status.CLOSED:
        raise ValidationError(_("This incident is closed."))


def incident_set_status(*, actor: Any, incident: Incident, status: str) -> Incident:
    """Mark an open incident handled or transferred (closing has its own service)."""
    _check_live(incident)
    if status not in (Incident.Status.OPEN, Incident.Status.HANDLED, Incident.Status.TRANSFERRED):
        raise ValidationError({"status": _("Close an incident with its closing date.")})
    return audit.audited_update(incident, actor=actor, status=status)


def incident_close(*, actor: Any, incident: Incident, on: dt.date | None) -> Incident:
    """Close an incident on a date (required)."""
    _check_live(incident)
    if on is None:
        raise ValidationError({"closed_on": _("Give the date the incident was closed.")})
    return audit.audited_update(incident, actor=actor, status=Incident.Status.CLOSED, closed_on=on)


def incident_void(*, actor: Any, incident: Incident, reason: str) -> Incident:
    """An incident recorded in error is voided with its reason, never deleted."""
    if incident.voided:
        raise ValidationError(_("This incident is already voided."))
    if not reason.strip():
        raise ValidationError({"void_reason": _("Give the reason the incident is voided.")})
    return audit.audited_update(
        incident, actor=actor, note=reason.strip(), voided=True, void_reason=reason.strip()
    )


# --- incidents found on joint patrols ------------------------------------------------------


@dataclass(frozen=True)
class PatrolFinding:
    """Something a joint patrol found, to be recorded as an incident."""

    kind: str
    village: Village
    summary: str


def _check_patrol_village(patrol: Patrol, village: Village) -> None:
    """A patrol reports incidents in the villages of its post's communes on the patrol's date
    (the segment's commune always qualifies)."""
    if village.commune_id == patrol.segment.commune_id:
        return
    areas = AreaOfResponsibility.objects.filter(
        valid_on_q(patrol.date), force_unit_id=patrol.post_id, commune_id=village.commune_id
    )
    if not areas.exists():
        raise ValidationError(
            {"village": _("The village is not in the area of responsibility of the patrol's post.")}
        )


def patrol_record_incident(
    *, actor: Any, patrol: Patrol, kind: str, village: Village, summary: str
) -> Incident:
    """Record what a patrol found as an open incident: on the patrol's date, handled by the
    patrol's post, linked back to the patrol."""
    _check_patrol_village(patrol, village)
    incident = Incident(
        kind=kind,
        occurred_on=patrol.date,
        village=village,
        commune_id=village.commune_id,
        force_unit_id=patrol.post_id,
        summary=summary.strip(),
        patrol=patrol,
    )
    return audit.audited_create(incident, actor=actor)


def patrol_record_with_incidents(
    *,
    actor: Any,
    segment: BorderSegment,
    date: dt.date,
    km: Decimal,
    post: ForceUnit | None = None,
    markers: Iterable[BorderMarker] = (),
    residents_joining: int = 0,
    findings: str = "",
    incidents: Iterable[PatrolFinding] = (),
) -> Patrol:
    """Record a patrol and, in the same transaction, an incident for each of its findings:
    either all of it is saved, with its audit rows, or none of it."""
    with transaction.atomic():
        patrol = border_services.patrol_record(
            actor=actor,
            segment=segment,
            date=date,
            km=km,
            post=post,
            markers=markers,
            residents_joining=residents_joining,
            findings=findings,
        )
        for number, finding in enumerate(incidents, start=1):
            try:
                patrol_record_incident(
                    actor=actor,
                    patrol=patrol,
                    kind=finding.kind,
                    village=finding.village,
                    summary=finding.summary,
                )
            except ValidationError as exc:
                raise ValidationError(
                    {
                        "incidents": _("Incident %(number)s: %(reasons)s")
                        % {"number": number, "reasons": " ".join(exc.messages)}
                    }
                ) from exc
    return patrol


# --- village status per year ---------------------------------------------------------------


def village_status_set(
    *,
    actor: Any,
    village: Village,
    year: int,
    drug_free: bool,
    key_drug_area: bool,
    note: str = "",
) -> VillageSecurityStatus:
    """Record (or correct) a village's drug status for a year: one row per village and year."""
    row = VillageSecurityStatus.objects.filter(village=village, year=year).first()
    if row is None:
        return audit.audited_create(
            VillageSecurityStatus(
                village=village,
                year=year,
                drug_free=drug_free,
                key_drug_area=key_drug_area,
                note=note.strip(),
            ),
            actor=actor,
        )
    return audit.audited_update(
        row, actor=actor, drug_free=drug_free, key_drug_area=key_drug_area, note=note.strip()
    )


# --- self-governing groups -----------------------------------------------------------------


def _check_members(
    village: Village,
    households: list[Household],
    segment: BorderSegment | None,
    markers: list[BorderMarker],
) -> None:
    strays = [h.code for h in households if h.commune_id != village.commune_id]
    if strays:
        raise ValidationError(
            {
                "households": _("These households are not in the village's commune: %(codes)s")
                % {"codes": ", ".join(strays)}
            }
        )
    far = [m.number for m in markers if m.segment.commune_id != village.commune_id]
    if far:
        raise ValidationError(
            {
                "markers": _("These markers are not in the village's commune: %(numbers)s")
                % {"numbers": ", ".join(far)}
            }
        )
    if segment is not None:
        off = [m.number for m in markers if m.segment_id != segment.pk]
        if off:
            raise ValidationError(
                {
                    "markers": _("These markers are not on the group's segment: %(numbers)s")
                    % {"numbers": ", ".join(off)}
                }
            )


def _ids(manager: Any) -> list[int]:
    return sorted(manager.values_list("pk", flat=True))


def _codes(households: Iterable[Household]) -> str:
    return ", ".join(sorted(h.code for h in households))


def _open_memberships(group: SelfGoverningGroup) -> Any:
    return (
        GroupMembership.objects.select_for_update()
        .filter(group=group, valid_to__isnull=True)
        .select_related("household", "group__village")
    )


def _join(
    actor: Any, group: SelfGoverningGroup, households: list[Household], on: dt.date
) -> list[GroupMembership]:
    gone = [h for h in households if not h.is_valid_on(on)]
    if gone:
        raise ValidationError(
            {
                "households": _("These households did not exist on that date: %(codes)s")
                % {"codes": _codes(gone)}
            }
        )
    return [
        audit.audited_create(
            GroupMembership(group=group, household=household, valid_from=on), actor=actor
        )
        for household in households
    ]


def _leave(
    actor: Any, memberships: Iterable[GroupMembership], on: dt.date, reason: str
) -> list[GroupMembership]:
    rows = list(memberships)
    early = [row.household for row in rows if row.valid_from is not None and on <= row.valid_from]
    if early:
        raise ValidationError(
            {
                "on": _("A membership ends after the day it started: %(codes)s")
                % {"codes": _codes(early)}
            }
        )
    return [audit.audited_end(row, actor=actor, on=on, reason=reason) for row in rows]


def group_create(
    *,
    actor: Any,
    kind: str,
    village: Village,
    name: str,
    founded_on: dt.date,
    households: Iterable[Household] = (),
    segment: BorderSegment | None = None,
    markers: Iterable[BorderMarker] = (),
) -> SelfGoverningGroup:
    """Found a group; its households are members from the founding. Its households, segment
    and markers must be in the village's commune."""
    members = list({h.pk: h for h in households}.values())
    chosen_markers = list(markers)
    _check_members(village, members, segment, chosen_markers)
    group = SelfGoverningGroup(
        kind=kind, village=village, name=name.strip(), founded_on=founded_on, segment=segment
    )
    with transaction.atomic():
        group.full_clean()
        group.save()
        group.markers.set(chosen_markers)
        changes = {k: [None, v] for k, v in audit.snapshot(group).items() if v not in (None, "")}
        if chosen_markers:
            changes["markers"] = [None, _ids(group.markers)]
        audit.record(actor=actor, action=AuditEvent.Action.CREATE, obj=group, changes=changes)
        _join(actor, group, members, founded_on)
    return group


def group_add_members(
    *, actor: Any, group: SelfGoverningGroup, households: Iterable[Household], on: dt.date
) -> list[GroupMembership]:
    """Households of the village's commune join the group on a date."""
    if group.dissolved_on:
        raise ValidationError(_("This group is dissolved."))
    members = list({h.pk: h for h in households}.values())
    if not members:
        raise ValidationError({"households": _("Choose at least one household.")})
    _check_members(group.village, members, None, [])
    with transaction.atomic():
        current = {row.household_id for row in _open_memberships(group)}
        already = [h for h in members if h.pk in current]
        if already:
            raise ValidationError(
                {
                    "households": _("These households are already members: %(codes)s")
                    % {"codes": _codes(already)}
                }
            )
        return _join(actor, group, members, on)


def group_end_members(
    *,
    actor: Any,
    group: SelfGoverningGroup,
    households: Iterable[Household],
    on: dt.date,
    reason: str,
) -> list[GroupMembership]:
    """Households leave the group on a date, with the reason: their memberships end (the day
    they left is the first day they are no longer members)."""
    wanted = {h.pk: h for h in households}
    if not wanted:
        raise ValidationError({"households": _("Choose at least one household.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason the households left.")})
    with transaction.atomic():
        rows = [row for row in _open_memberships(group) if row.household_id in wanted]
        found = {row.household_id for row in rows}
        strangers = [h for pk, h in wanted.items() if pk not in found]
        if strangers:
            raise ValidationError(
                {
                    "households": _("These households are not members: %(codes)s")
                    % {"codes": _codes(strangers)}
                }
            )
        return _leave(actor, rows, on, reason.strip())


def group_set_members(
    *,
    actor: Any,
    group: SelfGoverningGroup,
    households: Iterable[Household],
    markers: Iterable[BorderMarker] | None = None,
    on: dt.date | None = None,
) -> SelfGoverningGroup:
    """Make `households` the group's members from `on` (default today): the others leave on
    that date and the new ones join on it. When given, the markers are replaced as well."""
    if group.dissolved_on:
        raise ValidationError(_("This group is dissolved."))
    on = on or dt.date.today()
    members = {h.pk: h for h in households}
    chosen_markers = list(markers) if markers is not None else list(group.markers.all())
    _check_members(group.village, list(members.values()), group.segment, chosen_markers)
    with transaction.atomic():
        current = {row.household_id: row for row in _open_memberships(group)}
        leaving = [row for pk, row in current.items() if pk not in members]
        _leave(actor, leaving, on, _("no longer a member"))
        _join(actor, group, [h for pk, h in members.items() if pk not in current], on)
        old_m, new_m = _ids(group.markers), sorted(m.pk for m in chosen_markers)
        if old_m != new_m:
            group.markers.set(chosen_markers)
            audit.record(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                obj=group,
                changes={"markers": [old_m, new_m]},
            )
    return group


def group_dissolve(
    *, actor: Any, group: SelfGoverningGroup, on: dt.date, reason: str
) -> SelfGoverningGroup:
    """A group that no longer meets is dissolved on a date with a reason, never deleted; its
    members' memberships end on that date."""
    if group.dissolved_on:
        raise ValidationError(_("This group is already dissolved."))
    before = audit.snapshot(group)
    try:
        with transaction.atomic():
            group.dissolved_on = on
            group.dissolve_reason = reason.strip()
            group.full_clean()
            group.save()
            audit.record(
                actor=actor,
                action=AuditEvent.Action.END,
                obj=group,
                changes=audit.diff(before, audit.snapshot(group)),
                note=reason.strip(),
            )
            _leave(actor, _open_memberships(group), on, _("group dissolved"))
    except ValidationError:
        group.dissolved_on, group.dissolve_reason = None, ""
        raise
    return group


# --- twin village agreements ---------------------------------------------------------------


def agreement_create(
    *,
    actor: Any,
    village: Village,
    foreign_village: str,
    country: str,
    signed_on: dt.date,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> TwinVillageAgreement:
    """Record a twinning agreement; it holds from its signing unless another start is given."""
    agreement = TwinVillageAgreement(
        village=village,
        foreign_village=foreign_village.strip(),
        country=country,
        signed_on=signed_on,
        valid_from=valid_from or signed_on,
        valid_to=valid_to,
    )
    return audit.audited_create(agreement, actor=actor)


def agreement_end(
    *, actor: Any, agreement: TwinVillageAgreement, on: dt.date, reason: str
) -> TwinVillageAgreement:
    if agreement.valid_to is not None and agreement.valid_to <= on:
        raise ValidationError(_("This agreement has already ended."))
    if not reason.strip():
        raise ValidationError({"end_reason": _("Give the reason the agreement ended.")})
    return audit.audited_end(agreement, actor=actor, on=on, reason=reason.strip())
