"""Every write to activities. Typed, keyword-only, atomic, audited.

Recording is idempotent: the client names each activity with its own `client_id`, so a phone
that sends the same visit twice over a bad connection (or ten times) stores it once and gets the
stored record back. Editing is optimistic: the editor names the `version` they started from,
and an edit made on a stale copy is refused with `StaleVersion` instead of overwriting a newer
change. The cadres and households of an activity (many-to-many) are recorded in the audit event
as sorted lists of ids under "cadres" and "households", next to the changed fields."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outpost.core import audit
from outpost.core.models import AuditEvent
from outpost.fieldwork.models import Activity, ActivityHousehold, ActivityKind, Disaster, Program
from outpost.force.models import Cadre, ForceUnit
from outpost.geo.models import AdminUnit, Village
from outpost.people.models import Household

EDITABLE_FIELDS = {
    "kind",
    "date",
    "force_unit",
    "village",
    "commune",
    "people_reached",
    "cost",
    "materials",
    "notes",
    "program",
    "disaster",
}


# Foreign keys that activity_record receives as model instances already read from the database.
LOADED_RELATIONS = (
    "kind",
    "force_unit",
    "commune",
    "village",
    "program",
    "disaster",
    "recorded_by",
)


class StaleVersion(Exception):
    """An edit named a version the activity has moved past: someone saved in between."""

    def __init__(self, *, current: Activity, expected_version: int) -> None:
        self.current = current
        self.expected_version = expected_version
        super().__init__(
            f"activity {current.pk} is at version {current.version}, not {expected_version}"
        )


class Recorded(NamedTuple):
    activity: Activity
    created: bool  # False: the client_id was already stored and this was a repeat


def json_ready(values: dict[str, Any]) -> dict[str, Any]:
    """Audit values the JSON column can hold (ids such as UUIDs become text)."""
    plain: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, uuid.UUID):
            value = str(value)
        plain[key] = value
    return plain


def _as_uuid(client_id: uuid.UUID | str) -> uuid.UUID:
    try:
        return client_id if isinstance(client_id, uuid.UUID) else uuid.UUID(str(client_id))
    except ValueError as exc:
        raise ValidationError({"client_id": _("The client id is not a valid UUID.")}) from exc


def _place(village: Village | None, commune: AdminUnit | None) -> tuple[Village | None, AdminUnit]:
    """The commune follows from the village; without a village the commune must be named."""
    if village is not None:
        if commune is not None and commune.pk != village.commune_id:
            raise ValidationError({"village": _("The village is not in the activity's commune.")})
        return village, village.commune
    if commune is None:
        raise ValidationError({"village": _("Choose the village (or the commune).")})
    return None, commune


def _check_date(on: dt.date) -> None:
    if on > timezone.localdate():
        raise ValidationError({"date": _("An activity cannot be recorded for a future day.")})


def _check_households(
    households: list[Household], village: Village | None, commune: AdminUnit
) -> None:
    if village is not None:
        strays = [h for h in households if h.village_id != village.pk]
        where = village.name
    else:
        strays = [h for h in households if h.commune_id != commune.pk]
        where = commune.name
    if strays:
        raise ValidationError(
            {
                "households": _("These households are not in %(where)s: %(codes)s")
                % {"where": where, "codes": ", ".join(h.code for h in strays)}
            }
        )


def _check_disaster(disaster: Disaster | None, commune: AdminUnit) -> None:
    if disaster is not None and not disaster.communes.filter(pk=commune.pk).exists():
        raise ValidationError({"disaster": _("The disaster did not strike this commune.")})


def _unique(items: Iterable[Any]) -> list[Any]:
    seen: dict[int, Any] = {}
    for item in items:
        seen.setdefault(item.pk, item)
    return list(seen.values())


def _cadre_ids(activity: Activity) -> list[int]:
    return sorted(activity.cadres.values_list("pk", flat=True))


def _household_ids(activity: Activity) -> list[int]:
    return sorted(
        ActivityHousehold.objects.filter(activity=activity).values_list("household_id", flat=True)
    )


def _set_households(activity: Activity, households: Iterable[Household]) -> None:
    activity.households.set(list(households), through_defaults={"date": activity.date})


def activity_record(
    *,
    actor: Any,
    client_id: uuid.UUID | str,
    kind: ActivityKind,
    date: dt.date,
    force_unit: ForceUnit,
    village: Village | None = None,
    commune: AdminUnit | None = None,
    cadres: Iterable[Cadre] = (),
    households: Iterable[Household] = (),
    people_reached: int = 0,
    cost: int = 0,
    materials: str = "",
    notes: str = "",
    program: Program | None = None,
    disaster: Disaster | None = None,
) -> Recorded:
    """Record an activity once. If `client_id` is already stored, the stored activity comes
    back unchanged with `created=False`: nothing is written and nothing is audited again."""
    client_uuid = _as_uuid(client_id)
    existing = Activity.objects.filter(client_id=client_uuid).first()
    if existing is not None:
        return Recorded(existing, False)
    if not kind.is_active:
        raise ValidationError({"kind": _("This kind of activity is no longer in use.")})
    village, commune = _place(village, commune)
    _check_date(date)
    chosen_cadres = _unique(cadres)
    chosen_households = _unique(households)
    _check_households(chosen_households, village, commune)
    _check_disaster(disaster, commune)
    activity = Activity(
        client_id=client_uuid,
        kind=kind,
        date=date,
        force_unit=force_unit,
        commune=commune,
        village=village,
        people_reached=people_reached,
        cost=cost,
        materials=materials.strip(),
        notes=notes.strip(),
        program=program,
        disaster=disaster,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    # A unique client_id refused by validation means the same submission is being stored
    # right now by another request; the database constraint settles it below.
    # The related objects were handed over already loaded (and scoped) by the caller, so
    # validation need not look each of them up again: recording is the hot path from phones.
    activity.full_clean(exclude=list(LOADED_RELATIONS), validate_unique=False)
    try:
        with transaction.atomic():
            activity.save()
            # A new activity has no links yet: insert them straight away instead of letting
            # the related managers first read which links exist.
            Activity.cadres.through.objects.bulk_create(
                [Activity.cadres.through(activity=activity, cadre=c) for c in chosen_cadres]
            )
            ActivityHousehold.objects.bulk_create(
                [
                    ActivityHousehold(activity=activity, household=h, date=activity.date)
                    for h in chosen_households
                ]
            )
            changes = {
                k: [None, v]
                for k, v in json_ready(audit.snapshot(activity)).items()
                if v not in (None, "")
            }
            changes["cadres"] = [None, sorted(c.pk for c in chosen_cadres)]
            changes["households"] = [None, sorted(h.pk for h in chosen_households)]
            audit.record(
                actor=actor, action=AuditEvent.Action.CREATE, obj=activity, changes=changes
            )
    except IntegrityError:
        existing = Activity.objects.filter(client_id=client_uuid).first()
        if existing is None:
            raise
        return Recorded(existing, False)
    return Recorded(activity, True)


def activity_update(
    *,
    actor: Any,
    activity: Activity,
    expected_version: int,
    cadres: Iterable[Cadre] | None = None,
    households: Iterable[Household] | None = None,
    **changes: Any,
) -> Activity:
    """Change an activity made from `expected_version`. The row is locked while it is checked
    and written, so of two edits made from the same version exactly one is saved and the other
    gets `StaleVersion` (carrying what is stored now). A saved change moves the version on."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        current = Activity.objects.select_for_update().get(pk=activity.pk)
        if current.version != expected_version:
            raise StaleVersion(current=current, expected_version=expected_version)
        if current.is_void:
            raise ValidationError(_("A voided activity cannot be changed."))
        before = audit.snapshot(current)
        old_cadres = _cadre_ids(current)
        old_households = _household_ids(current)
        if "village" in changes or "commune" in changes:
            village = changes.pop("village", current.village)
            commune = changes.pop("commune", None)
            if village is None and commune is None:
                commune = current.commune
            changes["village"], changes["commune"] = _place(village, commune)
        new_kind = changes.get("kind")
        if new_kind is not None and new_kind.pk != current.kind_id and not new_kind.is_active:
            raise ValidationError({"kind": _("This kind of activity is no longer in use.")})
        for name in ("materials", "notes"):
            if name in changes:
                changes[name] = str(changes[name] or "").strip()
        for name, value in changes.items():
            setattr(current, name, value)
        if "date" in changes:
            _check_date(current.date)
        delta = audit.diff(before, audit.snapshot(current))
        new_cadres = old_cadres
        if cadres is not None:
            chosen_cadres = _unique(cadres)
            new_cadres = sorted(c.pk for c in chosen_cadres)
        new_households = old_households
        chosen_households: list[Household] | None = None
        if households is not None:
            chosen_households = _unique(households)
            new_households = sorted(h.pk for h in chosen_households)
        if chosen_households is None and ("village" in delta or "commune" in delta):
            chosen_households = list(current.households.all())
        if chosen_households is not None:
            _check_households(chosen_households, current.village, current.commune)
        if "disaster" in delta or "commune" in delta:
            _check_disaster(current.disaster, current.commune)
        if new_cadres != old_cadres:
            delta["cadres"] = [old_cadres, new_cadres]
        if new_households != old_households:
            delta["households"] = [old_households, new_households]
        if not delta:
            return current
        current.version += 1
        delta["version"] = [expected_version, current.version]
        current.full_clean()
        current.save()
        if new_cadres != old_cadres:
            current.cadres.set(new_cadres)
        if new_households != old_households:
            _set_households(current, chosen_households or [])
        if "date" in delta:
            ActivityHousehold.objects.filter(activity=current).update(date=current.date)
        audit.record(actor=actor, action=AuditEvent.Action.UPDATE, obj=current, changes=delta)
    return current


def activity_void(*, actor: Any, activity: Activity, reason: str) -> Activity:
    """An activity recorded by mistake is voided with its reason, never deleted. It then
    counts in no figure and no list (its households' visits included)."""
    if not reason.strip():
        raise ValidationError({"void_reason": _("Give the reason the activity is voided.")})
    with transaction.atomic():
        current = Activity.objects.select_for_update().get(pk=activity.pk)
        if current.is_void:
            raise ValidationError(_("This activity is already voided."))
        before = audit.snapshot(current)
        current.voided_at = timezone.now()
        current.void_reason = reason.strip()
        current.version += 1
        current.full_clean()
        current.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.END,
            obj=current,
            changes=audit.diff(before, audit.snapshot(current)),
            note=current.void_reason,
        )
    return current
