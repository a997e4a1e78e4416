"""Every write to administrative units and villages. Typed, keyword-only, atomic, audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from outpost.core import audit
from outpost.geo.models import AdminUnit, UnitChange, Village, VillageChange


def admin_unit_create(
    *,
    actor: Any,
    level: str,
    code: str,
    name: str,
    kind: str = "",
    parent: AdminUnit | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    source: str = "",
    is_border: bool = False,
    border_countries: str = "",
) -> AdminUnit:
    unit = AdminUnit(
        level=level,
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
        source=source,
        is_border=is_border,
        border_countries=border_countries,
    )
    return audit.audited_create(unit, actor=actor)


def admin_unit_set_border(
    *, actor: Any, unit: AdminUnit, is_border: bool, countries: list[str]
) -> AdminUnit:
    if unit.level != AdminUnit.Level.COMMUNE:
        raise ValidationError(_("Only communes are flagged as border communes."))
    cleaned = ",".join(sorted({c.strip().upper() for c in countries if c.strip()}))
    if is_border and not cleaned:
        raise ValidationError(_("A border commune needs at least one neighbouring country."))
    return audit.audited_update(
        unit, actor=actor, is_border=is_border, border_countries=cleaned if is_border else ""
    )


def unit_change_create(
    *,
    actor: Any,
    from_unit: AdminUnit,
    to_unit: AdminUnit,
    effective: dt.date,
    kind: str,
    note: str = "",
) -> UnitChange:
    change = UnitChange(
        from_unit=from_unit, to_unit=to_unit, effective=effective, kind=kind, note=note
    )
    return audit.audited_create(change, actor=actor)


def village_create(
    *,
    actor: Any,
    commune: AdminUnit,
    name: str,
    kind: str = Village.Kind.BAN,
    code: str = "",
    valid_from: dt.date | None = None,
    is_border: bool = False,
) -> Village:
    village = Village(
        commune=commune,
        name=name.strip(),
        kind=kind,
        code=code,
        valid_from=valid_from,
        is_border=is_border,
    )
    return audit.audited_create(village, actor=actor)


def village_update(*, actor: Any, village: Village, **changes: Any) -> Village:
    allowed = {"name", "kind", "code", "is_border"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(f"Cannot change {', '.join(sorted(unknown))} here.")
    return audit.audited_update(village, actor=actor, **changes)


def village_end(*, actor: Any, village: Village, on: dt.date, reason: str) -> Village:
    return audit.audited_end(village, actor=actor, on=on, reason=reason)


def villages_merge(
    *, actor: Any, sources: list[Village], into_name: str, on: dt.date, reason: str = ""
) -> Village:
    """Villages merge: the sources end on `on`, a new village begins, lineage links them."""
    if not sources:
        raise ValidationError(_("Nothing to merge."))
    communes = {v.commune_id for v in sources}
    if len(communes) != 1:
        raise ValidationError(_("Only villages of one commune can be merged."))
    with transaction.atomic():
        for village in sources:
            village_end(actor=actor, village=village, on=on, reason=reason or "merged")
        merged = village_create(
            actor=actor, commune=sources[0].commune, name=into_name, valid_from=on
        )
        for village in sources:
            change = VillageChange(
                from_village=village,
                to_village=merged,
                effective=on,
                kind=UnitChange.Kind.MERGED_WHOLE,
                note=reason,
            )
            audit.audited_create(change, actor=actor)
    return merged
