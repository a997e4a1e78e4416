"""Every write to disasters and the response to them: evacuations, damage repaired, cadres
deployed. Typed, keyword-only, atomic, audited; nothing is deleted, a record made by mistake
is voided with its reason.

Many-to-many lists (a disaster's communes, the households evacuated, the cadres deployed) are
recorded in the audit event as sorted lists of ids under their own name, next to the fields.
Services that take a `scope` refuse communes, units and cadres outside it (see programs.py)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outpost.core import audit
from outpost.core.models import AuditEvent
from outpost.fieldwork.models import DamageRepair, Deployment, Disaster, Evacuation
from outpost.force.models import Cadre, ForceUnit
from outpost.geo.models import AdminUnit, Village
from outpost.people.models import Household

DISASTER_FIELDS = {"kind", "name", "started_on", "ended_on", "description", "force_unit"}
Response = TypeVar("Response", Evacuation, DamageRepair, Deployment)


def _created(obj: Any) -> dict[str, list[Any]]:
    return {k: [None, v] for k, v in audit.snapshot(obj).items() if v not in (None, "")}


def _check_communes(scope: Any, communes: list[AdminUnit]) -> None:
    if not communes:
        raise ValidationError({"communes": _("Choose at least one commune.")})
    not_communes = [c.name for c in communes if c.level != AdminUnit.Level.COMMUNE]
    if not_communes:
        message = _("These are not communes: %(names)s") % {"names": ", ".join(not_communes)}
        raise ValidationError({"communes": message})
    if scope is not None:
        strays = [c.name for c in communes if not scope.has_commune(c.pk)]
        if strays:
            raise ValidationError(
                {
                    "communes": _("These communes are not in your area: %(names)s")
                    % {"names": ", ".join(strays)}
                }
            )


def _check_unit(scope: Any, force_unit: ForceUnit, field: str = "force_unit") -> None:
    if scope is not None and not scope.has_force_unit(force_unit.pk):
        raise ValidationError({field: _("This unit is not one of yours.")})


def disaster_create(
    *,
    actor: Any,
    kind: str,
    name: str,
    started_on: dt.date,
    communes: Iterable[AdminUnit],
    force_unit: ForceUnit,
    ended_on: dt.date | None = None,
    description: str = "",
    scope: Any = None,
) -> Disaster:
    """Record a disaster that struck one or more communes, by the unit that records it."""
    chosen = list(communes)
    _check_communes(scope, chosen)
    _check_unit(scope, force_unit)
    disaster = Disaster(
        kind=kind,
        name=name.strip(),
        started_on=started_on,
        ended_on=ended_on,
        force_unit=force_unit,
        description=description.strip(),
    )
    with transaction.atomic():
        disaster.full_clean()
        disaster.save()
        disaster.communes.set(chosen)
        changes = _created(disaster)
        changes["communes"] = [None, sorted(c.pk for c in chosen)]
        audit.record(actor=actor, action=AuditEvent.Action.CREATE, obj=disaster, changes=changes)
    return disaster


def disaster_update(
    *,
    actor: Any,
    disaster: Disaster,
    communes: Iterable[AdminUnit] | None = None,
    scope: Any = None,
    **changes: Any,
) -> Disaster:
    """Change a disaster's fields and/or its communes; one audit event for both. A user can
    add or remove only communes of their own area: the others stay as they are."""
    unknown = set(changes) - DISASTER_FIELDS
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    if disaster.voided_at is not None:
        raise ValidationError(_("This disaster was voided; it can no longer be changed."))
    if "force_unit" in changes and changes["force_unit"] != disaster.force_unit:
        _check_unit(scope, changes["force_unit"])
    for text in ("name", "description"):
        if text in changes:
            changes[text] = str(changes[text] or "").strip()
    with transaction.atomic():
        before = audit.snapshot(disaster)
        current = list(disaster.communes.all())
        old_ids = sorted(c.pk for c in current)
        new_ids = old_ids
        if communes is not None:
            chosen = list(communes)
            # Communes outside the user's area are neither shown to them nor removable.
            kept = [c for c in current if scope is not None and not scope.has_commune(c.pk)]
            added = [c for c in chosen if c.pk not in old_ids]
            if added:
                _check_communes(scope, added)
            chosen = list({c.pk: c for c in [*chosen, *kept]}.values())
            _check_communes(None, chosen)
            new_ids = sorted(c.pk for c in chosen)
        for field_name, value in changes.items():
            setattr(disaster, field_name, value)
        delta = audit.diff(before, audit.snapshot(disaster))
        if new_ids != old_ids:
            delta["communes"] = [old_ids, new_ids]
        if not delta:
            return disaster
        disaster.full_clean()
        disaster.save()
        if new_ids != old_ids:
            disaster.communes.set(new_ids)
        audit.record(actor=actor, action=AuditEvent.Action.UPDATE, obj=disaster, changes=delta)
    return disaster


def _void(obj: Any, *, actor: Any, reason: str, what: str) -> Any:
    if obj.voided_at is not None:
        raise ValidationError(_("This %(what)s is already voided.") % {"what": what})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason it is voided.")})
    return audit.audited_update(
        obj, actor=actor, voided_at=timezone.now(), void_reason=reason.strip()[:300]
    )


def disaster_void(*, actor: Any, disaster: Disaster, reason: str) -> Disaster:
    """A disaster recorded by mistake (or twice) is voided with its reason, never deleted.
    Its evacuations, repairs and deployments no longer count either."""
    return _void(disaster, actor=actor, reason=reason, what=_("disaster"))


# --- the response -------------------------------------------------------------------------


def _prepare_response(
    response: Any,
    *,
    disaster: Disaster,
    commune: AdminUnit,
    village: Village | None,
    force_unit: ForceUnit,
    scope: Any,
    client_id: uuid.UUID | None,
) -> None:
    if disaster.voided_at is not None:
        raise ValidationError(_("This disaster was voided: nothing more is recorded for it."))
    if not disaster.communes.filter(pk=commune.pk).exists():
        raise ValidationError(
            {
                "commune": _("%(commune)s is not among the communes struck by %(disaster)s.")
                % {"commune": commune.name, "disaster": disaster.name}
            }
        )
    if scope is not None and not scope.has_commune(commune.pk):
        raise ValidationError({"commune": _("This commune is not in your area.")})
    _check_unit(scope, force_unit)
    if village is not None and village.commune_id != commune.pk:
        raise ValidationError({"village": _("The village is not in this commune.")})
    if client_id is not None:
        response.client_id = client_id


def _save_response(response: Any, *, actor: Any, lists: dict[str, list[Any]]) -> None:
    """Save a new response with its many-to-many lists, and its audit event."""
    response.full_clean()
    response.save()
    changes = _created(response)
    for name, rows in lists.items():
        getattr(response, name).set(rows)
        if rows:
            changes[name] = [None, sorted(r.pk for r in rows)]
    audit.record(actor=actor, action=AuditEvent.Action.CREATE, obj=response, changes=changes)


def evacuation_create(
    *,
    actor: Any,
    disaster: Disaster,
    commune: AdminUnit,
    on: dt.date,
    people_moved: int,
    destination: str,
    force_unit: ForceUnit,
    village: Village | None = None,
    households_moved: int | None = None,
    households: Iterable[Household] = (),
    note: str = "",
    scope: Any = None,
    client_id: uuid.UUID | None = None,
) -> Evacuation:
    """People moved out of harm's way. The households may be listed; the count of households
    moved defaults to the length of the list and cannot be smaller than it."""
    listed = list(households)
    evacuation = Evacuation(
        disaster=disaster,
        commune=commune,
        village=village,
        force_unit=force_unit,
        on=on,
        people_moved=people_moved,
        households_moved=len(listed) if households_moved is None else households_moved,
        destination=destination.strip(),
        note=note.strip(),
    )
    _prepare_response(
        evacuation,
        disaster=disaster,
        commune=commune,
        village=village,
        force_unit=force_unit,
        scope=scope,
        client_id=client_id,
    )
    place = village or commune
    strays = [
        h.code
        for h in listed
        if h.commune_id != commune.pk or (village is not None and h.village_id != village.pk)
    ]
    if strays:
        raise ValidationError(
            {
                "households": _("These households are not in %(place)s: %(codes)s")
                % {"place": place.name, "codes": ", ".join(strays)}
            }
        )
    if evacuation.households_moved < len(listed):
        raise ValidationError(
            {"households_moved": _("More households are listed than were moved.")}
        )
    with transaction.atomic():
        _save_response(evacuation, actor=actor, lists={"households": listed})
    return evacuation


def damage_repair_create(
    *,
    actor: Any,
    disaster: Disaster,
    commune: AdminUnit,
    on: dt.date,
    kind: str,
    force_unit: ForceUnit,
    quantity: int = 1,
    labour_days: int = 0,
    description: str = "",
    village: Village | None = None,
    note: str = "",
    scope: Any = None,
    client_id: uuid.UUID | None = None,
) -> DamageRepair:
    """Damage the force repaired: houses, roads, schools, fields, water, with the labour."""
    repair = DamageRepair(
        disaster=disaster,
        commune=commune,
        village=village,
        force_unit=force_unit,
        on=on,
        kind=kind,
        quantity=quantity,
        labour_days=labour_days,
        description=description.strip(),
        note=note.strip(),
    )
    _prepare_response(
        repair,
        disaster=disaster,
        commune=commune,
        village=village,
        force_unit=force_unit,
        scope=scope,
        client_id=client_id,
    )
    if quantity < 1:
        raise ValidationError({"quantity": _("Repair at least one.")})
    with transaction.atomic():
        _save_response(repair, actor=actor, lists={})
    return repair


def deployment_create(
    *,
    actor: Any,
    disaster: Disaster,
    commune: AdminUnit,
    on: dt.date,
    force_unit: ForceUnit,
    cadre_count: int | None = None,
    cadres: Iterable[Cadre] = (),
    days: int = 1,
    village: Village | None = None,
    note: str = "",
    scope: Any = None,
    client_id: uuid.UUID | None = None,
) -> Deployment:
    """Cadres a unit sent to a commune for some days: counted, named, or both (the count
    defaults to the names and cannot be smaller than them)."""
    named = list(cadres)
    deployment = Deployment(
        disaster=disaster,
        commune=commune,
        village=village,
        force_unit=force_unit,
        on=on,
        cadre_count=len(named) if cadre_count is None else cadre_count,
        days=days,
        note=note.strip(),
    )
    _prepare_response(
        deployment,
        disaster=disaster,
        commune=commune,
        village=village,
        force_unit=force_unit,
        scope=scope,
        client_id=client_id,
    )
    if deployment.cadre_count < 1:
        raise ValidationError(
            {"cadre_count": _("Give the number of cadres deployed or name them.")}
        )
    if deployment.cadre_count < len(named):
        raise ValidationError({"cadre_count": _("More cadres are named than were counted.")})
    if days < 1:
        raise ValidationError({"days": _("A deployment lasts at least one day.")})
    if scope is not None:
        strays = [c.full_name for c in named if not scope.has_force_unit(c.unit_id)]
        if strays:
            raise ValidationError(
                {
                    "cadres": _("These cadres are not in your units: %(names)s")
                    % {"names": ", ".join(strays)}
                }
            )
    with transaction.atomic():
        _save_response(deployment, actor=actor, lists={"cadres": named})
    return deployment


def response_void(*, actor: Any, response: Response, reason: str) -> Response:
    """An evacuation, repair or deployment recorded by mistake is voided with its reason."""
    what = {
        Evacuation: _("evacuation"),
        DamageRepair: _("repair"),
        Deployment: _("deployment"),
    }[type(response)]
    return _void(response, actor=actor, reason=reason, what=what)
