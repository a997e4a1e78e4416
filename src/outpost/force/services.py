"""Every write to the force structure. Typed, keyword-only, atomic, audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from outpost.core import audit
from outpost.core.models import overlapping_q
from outpost.core.tree import admin_units_above, force_chains_up, force_units_under
from outpost.force.models import AreaOfResponsibility, Cadre, ForceUnit, Posting
from outpost.geo.models import AdminUnit, UnitChange

# Units only those who see the whole force (or the system) may create.
TOP_KINDS = (ForceUnit.Kind.HIGH_COMMAND, ForceUnit.Kind.PROVINCIAL_COMMAND)


def require_may_shape(actor: Any, *, kind: str, parent: ForceUnit | None) -> None:
    """Who may change the shape of the force: the system (no actor) and those who see
    everything anywhere; a provincial command's staff under their command; nobody else (a
    post's officers and commanders record their work, not the force's structure)."""
    if actor is None or actor.is_superuser:
        return
    if kind in TOP_KINDS:
        raise ValidationError(
            {"kind": _("Only the High Command's administrators may create this kind of unit.")}
        )
    from outpost.accounts.models import User

    own = force_units_under(actor.force_units.values_list("pk", flat=True))
    if actor.role != User.Role.PROVINCE_STAFF or parent is None or parent.pk not in own:
        raise ValidationError(
            {"parent": _("Only the staff of the command above may change this unit.")}
        )


def force_unit_create(
    *,
    actor: Any,
    kind: str,
    code: str,
    name: str,
    parent: ForceUnit | None = None,
    province: AdminUnit | None = None,
    valid_from: dt.date | None = None,
) -> ForceUnit:
    require_may_shape(actor, kind=kind, parent=parent)
    unit = ForceUnit(
        kind=kind,
        code=code,
        name=name,
        parent=parent,
        province=province,
        valid_from=valid_from,
    )
    return audit.audited_create(unit, actor=actor)


def force_unit_end(*, actor: Any, unit: ForceUnit, on: dt.date, reason: str = "") -> ForceUnit:
    require_may_shape(actor, kind=unit.kind, parent=unit.parent)
    return audit.audited_end(unit, actor=actor, on=on, reason=reason)


def area_assign(
    *,
    actor: Any,
    force_unit: ForceUnit,
    commune: AdminUnit,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    decision: str = "",
) -> AreaOfResponsibility:
    if commune.level != AdminUnit.Level.COMMUNE:
        raise ValidationError("An area of responsibility is a commune.")
    require_may_shape(actor, kind=force_unit.kind, parent=force_unit.parent)
    require_in_province(force_unit=force_unit, commune=commune)
    require_no_overlap(force_unit=force_unit, commune=commune, start=valid_from, end=valid_to)
    area = AreaOfResponsibility(
        force_unit=force_unit,
        commune=commune,
        valid_from=valid_from,
        valid_to=valid_to,
        decision=decision,
    )
    return audit.audited_create(area, actor=actor)


def province_of_command(unit: ForceUnit) -> AdminUnit | None:
    """The province of the command a unit is, or sits under (None: no command names one)."""
    chain = force_chains_up([unit.pk]).get(unit.pk, [unit.pk])  # nearest first, one query
    named = {
        u.pk: u
        for u in ForceUnit.objects.filter(pk__in=chain, province__isnull=False).select_related(
            "province"
        )
    }
    nearest = next((named[pk] for pk in chain if pk in named), None)
    return nearest.province if nearest is not None else None


def require_in_province(*, force_unit: ForceUnit, commune: AdminUnit) -> None:
    """A unit's communes lie in its command's province: under it, under the earlier province
    that carried its code, or under a province that merged into it in 2025."""
    province = province_of_command(force_unit)
    if province is None:
        return
    codes = {province.code} | set(
        UnitChange.objects.filter(to_unit=province).values_list("from_unit__code", flat=True)
    )
    above = AdminUnit.objects.filter(
        pk__in=admin_units_above([commune.pk]), level=AdminUnit.Level.PROVINCE
    )
    if any(p.code in codes for p in above):
        return
    raise ValidationError(
        {
            "commune": _("%(commune)s is not in %(province)s, the province of %(unit)s.")
            % {"commune": commune.name, "province": province.name, "unit": force_unit.name}
        }
    )


def require_no_overlap(
    *, force_unit: ForceUnit, commune: AdminUnit, start: dt.date | None, end: dt.date | None
) -> None:
    """A unit is responsible for a commune once at a time: two areas of the same unit and
    commune over the same days would count its households twice."""
    other = AreaOfResponsibility.objects.filter(
        overlapping_q(start, end), force_unit=force_unit, commune=commune
    ).first()
    if other is not None:
        raise ValidationError(
            {
                "valid_from": _(
                    "%(unit)s is already responsible for %(commune)s over part of this "
                    "period (from %(start)s)."
                )
                % {
                    "unit": force_unit.name,
                    "commune": commune.name,
                    "start": other.valid_from.strftime("%d/%m/%Y")
                    if other.valid_from
                    else _("before the records begin"),
                }
            }
        )


def area_end(
    *, actor: Any, area: AreaOfResponsibility, on: dt.date, reason: str
) -> AreaOfResponsibility:
    force_unit = area.force_unit
    require_may_shape(actor, kind=force_unit.kind, parent=force_unit.parent)
    return audit.audited_end(area, actor=actor, on=on, reason=reason)


def cadre_create(
    *,
    actor: Any,
    service_number: str,
    full_name: str,
    rank: str,
    unit: ForceUnit,
    posted_on: dt.date,
    position: str = "",
    category: str = Cadre.Category.OFFICER,
    sex: str = Cadre.Sex.MALE,
    birth_year: int | None = None,
    ethnic_group_id: int | None = None,
    languages: str = "",
    party_joined_on: dt.date | None = None,
    party_full_on: dt.date | None = None,
) -> Cadre:
    """A new cadre with their first posting."""
    with transaction.atomic():
        cadre = Cadre(
            service_number=service_number,
            full_name=full_name,
            rank=rank,
            unit=unit,
            position=position,
            category=category,
            sex=sex,
            birth_year=birth_year,
            ethnic_group_id=ethnic_group_id,
            languages=languages,
            party_joined_on=party_joined_on,
            party_full_on=party_full_on,
        )
        audit.audited_create(cadre, actor=actor)
        posting = Posting(cadre=cadre, force_unit=unit, position=position, valid_from=posted_on)
        audit.audited_create(posting, actor=actor)
    return cadre


def cadre_update(*, actor: Any, cadre: Cadre, **changes: Any) -> Cadre:
    if "unit" in changes or "unit_id" in changes:
        raise ValidationError("Move a cadre with cadre_post, which keeps the posting history.")
    return audit.audited_update(cadre, actor=actor, **changes)


def cadre_post(
    *,
    actor: Any,
    cadre: Cadre,
    to_unit: ForceUnit,
    on: dt.date,
    position: str = "",
    decision: str = "",
) -> Posting:
    """Post a cadre to another unit: the current posting ends, a new one begins.

    Other apps hook in through `outpost.force.signals.cadre_posted_away` (sent inside the
    transaction) to hand over what the cadre was in charge of."""
    from outpost.force.signals import cadre_posted_away

    with transaction.atomic():
        current = cadre.postings.filter(valid_to__isnull=True).first()
        if current is not None:
            if current.force_unit_id == to_unit.pk:
                raise ValidationError(_("The cadre is already posted to that unit."))
            audit.audited_end(current, actor=actor, on=on, reason=decision or "posted away")
        posting = Posting(
            cadre=cadre, force_unit=to_unit, position=position, valid_from=on, decision=decision
        )
        audit.audited_create(posting, actor=actor)
        audit.audited_update(cadre, actor=actor, unit=to_unit, position=position or cadre.position)
        cadre_posted_away.send(sender=Cadre, cadre=cadre, on=on, actor=actor, posting=posting)
    return posting


def posting_end(*, actor: Any, posting: Posting, on: dt.date, reason: str = "") -> Posting:
    """A posting that ended without a new one in the force's records (the cadre left, or
    the next posting is outside them)."""
    return audit.audited_end(posting, actor=actor, on=on, reason=reason)
