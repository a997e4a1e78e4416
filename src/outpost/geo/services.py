"""Every write to administrative units and villages. Typed, keyword-only, atomic, audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from outpost.core import audit
from outpost.core.models import valid_on_q
from outpost.core.text import fold
from outpost.geo.borders import BorderProposal, border_flag_on, status_day
from outpost.geo.models import (
    AdminUnit,
    BorderFlag,
    UnitChange,
    Village,
    VillageChange,
    parse_countries,
)


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
    """A unit; created as a border unit (`is_border`, `border_countries` "CN,LA"), it is
    flagged over its whole validity in the same transaction, through `border_flag_set`."""
    unit = AdminUnit(
        level=level,
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
        source=source,
    )
    with transaction.atomic():
        audit.audited_create(unit, actor=actor)
        if is_border:
            border_flag_set(actor=actor, unit=unit, countries=border_countries)
    return unit


def border_flag_set(
    *,
    actor: Any,
    unit: AdminUnit,
    countries: str | list[str],
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    end_reason: str = "",
) -> BorderFlag:
    """Flag a unit as a border unit from `valid_from` (default: the unit's start) to
    `valid_to` (default: the unit's end, or open; `end_reason` says why it ends). The flag
    running on the new start is ended on it; a flag starting on the same day is corrected in
    place (setting the same flag again changes nothing); any other overlap is refused."""
    codes = ",".join(parse_countries(countries))
    start = valid_from if valid_from is not None else unit.valid_from
    end = valid_to if valid_to is not None else unit.valid_to
    with transaction.atomic():
        same_start = BorderFlag.objects.filter(unit=unit, valid_from=start).first()
        if same_start is not None:
            return audit.audited_update(
                same_start, actor=actor, countries=codes, valid_to=end, end_reason=end_reason
            )
        running = _flag_running_on(unit, start)
        if running is not None and start is not None:
            border_flag_end(actor=actor, flag=running, on=start, reason=_("new border flag"))
        flag = BorderFlag(
            unit=unit, countries=codes, valid_from=start, valid_to=end, end_reason=end_reason
        )
        return audit.audited_create(flag, actor=actor)


def _flag_running_on(unit: AdminUnit, on: dt.date | None) -> BorderFlag | None:
    """The flag that began before `on` and still holds on it (None: nothing to close)."""
    if on is None:
        return None
    return (
        BorderFlag.objects.filter(valid_on_q(on), unit=unit)
        .exclude(valid_from=on)
        .select_related("unit")
        .first()
    )


def border_flag_end(*, actor: Any, flag: BorderFlag, on: dt.date, reason: str = "") -> BorderFlag:
    """The unit stops being a border unit on `on` (exclusive). Only shortens a flag."""
    if flag.valid_to is not None and on > flag.valid_to:
        raise ValidationError(
            {
                "valid_to": _("This flag already ended on %(end)s.")
                % {"end": flag.valid_to.isoformat()}
            }
        )
    return audit.audited_end(flag, actor=actor, on=on, reason=reason)


def border_flag_add_countries(
    *, actor: Any, unit: AdminUnit, countries: list[str]
) -> BorderFlag | None:
    """Make sure the unit's flag (today's, or its last day's) names these countries too: the
    flag is corrected in place, or the unit flagged over its validity when it had none.
    None when nothing needed to change."""
    flag = border_flag_on(unit, status_day(unit))
    have = flag.country_list if flag else []
    wanted = sorted(set(have) | set(parse_countries(countries)))
    if wanted == have:
        return None
    start = flag.valid_from if flag else None
    return border_flag_set(actor=actor, unit=unit, countries=wanted, valid_from=start)


def border_proposal_accept(*, actor: Any, proposal: BorderProposal) -> BorderFlag:
    """Flag a new unit as its predecessors' flags propose, from its first day."""
    return border_flag_set(
        actor=actor, unit=proposal.unit, countries=proposal.countries, valid_from=proposal.on
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
    for village in sources:
        _require_open_on(village, on)
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


def village_rename(
    *, actor: Any, village: Village, name: str, on: dt.date, reason: str = ""
) -> Village:
    """The village takes a new name from `on`. It stays the same village (its households and
    branch stay with it); a renamed link to itself keeps the date and the name it had."""
    _require_open_on(village, on)
    old_name = village.name
    with transaction.atomic():
        renamed = village_update(actor=actor, village=village, name=name.strip())
        change = VillageChange(
            from_village=village,
            to_village=village,
            effective=on,
            kind=UnitChange.Kind.RENAMED,
            note=reason,
            old_name=old_name,
        )
        audit.audited_create(change, actor=actor)
    return renamed


def village_split(
    *, actor: Any, village: Village, into_names: list[str], on: dt.date, reason: str = ""
) -> list[Village]:
    """A village splits: it ends on `on` and two or more villages of its commune begin that
    day, each linked to it by a split. The parts take the village's kind and border flag;
    the village's records (households, branch) stay with it until moved to a part."""
    names = _part_names(into_names)
    _require_open_on(village, on)
    with transaction.atomic():
        village_end(actor=actor, village=village, on=on, reason=reason or "split")
        parts = [_split_part(actor, village, name, on) for name in names]
        for part in parts:
            change = VillageChange(
                from_village=village,
                to_village=part,
                effective=on,
                kind=UnitChange.Kind.SPLIT,
                note=reason,
            )
            audit.audited_create(change, actor=actor)
    return parts


def _part_names(into_names: list[str]) -> list[str]:
    """The parts' names, each once; fewer than two parts is not a split."""
    names: dict[str, str] = {}
    for name in into_names:
        if name and name.strip():
            names.setdefault(fold(name), name.strip())
    if len(names) < 2:
        raise ValidationError(
            {"into_names": _("A split needs at least two parts with different names.")}
        )
    return list(names.values())


def _require_open_on(village: Village, on: dt.date) -> None:
    """A change on `on` needs the village to exist that day and the day before."""
    starts_late = village.valid_from is not None and on <= village.valid_from
    ended = village.valid_to is not None and on >= village.valid_to
    if starts_late or ended:
        raise ValidationError(
            {
                "on": _(
                    "%(village)s exists from %(start)s to %(end)s: a change on %(on)s must "
                    "fall after its first day and before its end."
                )
                % {
                    "village": village.name,
                    "start": village.valid_from or "…",
                    "end": village.valid_to or "…",
                    "on": on.isoformat(),
                }
            }
        )


def _split_part(actor: Any, village: Village, name: str, on: dt.date) -> Village:
    """One new village of the split, refused when an open village of the commune has its
    name (the village being split has ended by then, so a part may keep its name)."""
    try:
        return village_create(
            actor=actor,
            commune=village.commune,
            name=name,
            kind=village.kind,
            valid_from=on,
            is_border=village.is_border,
        )
    except ValidationError as exc:
        raise ValidationError(
            {
                "into_names": _("Part %(name)s: %(why)s")
                % {"name": name, "why": " ".join(exc.messages)}
            }
        ) from exc
