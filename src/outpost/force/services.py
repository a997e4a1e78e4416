"""Every write to the force structure. Typed, keyword-only, atomic, audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from outpost.core import audit
from outpost.force.models import AreaOfResponsibility, Cadre, ForceUnit, Posting
from outpost.geo.models import AdminUnit


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
    unit = ForceUnit(
        kind=kind, code=code, name=name, parent=parent, province=province, valid_from=valid_from
    )
    return audit.audited_create(unit, actor=actor)


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
    area = AreaOfResponsibility(
        force_unit=force_unit,
        commune=commune,
        valid_from=valid_from,
        valid_to=valid_to,
        decision=decision,
    )
    return audit.audited_create(area, actor=actor)


def area_end(
    *, actor: Any, area: AreaOfResponsibility, on: dt.date, reason: str
) -> AreaOfResponsibility:
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
