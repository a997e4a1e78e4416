"""The units a report is made for, and the communes that make them up on a date.

A unit is named by a code: an administrative unit's code (province 2 digits, district 3,
commune 5; the unit carrying that code on the report date), a force unit's code ("DBP-A"),
"village:<id>", or "VN" for the whole country. `CODE@YYYY-MM-DD` names the administrative
unit that carried CODE on that day (codes were reused in 2025, see `outpost.geo.codes`).
A report on a date counts the communes valid on that date: a post's 2024 figures cover the
communes it was responsible for in 2024, and a unit that did not exist on the date reports
through lineage (the communes it came from, or became)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from outpost.accounts.scope import Scope
from outpost.core import tree
from outpost.core.models import valid_on_q
from outpost.force.models import AreaOfResponsibility, ForceUnit
from outpost.geo import codes
from outpost.geo.lineage import villages_merged_into
from outpost.geo.models import AdminUnit, UnitChange, Village

NATIONAL_CODE = "VN"
VILLAGE_PREFIX = "village:"
LINEAGE_STEPS = 6  # how many reorganisations a lineage walk follows


class UnitNotFound(LookupError):
    """No unit has the code; the message says so (translated)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class AmbiguousUnit(UnitNotFound):
    """Two administrative units carried the code during the report's period: the message
    names both and the `CODE@YYYY-MM-DD` that picks each."""


def _not_found(code: str) -> UnitNotFound:
    return UnitNotFound(_("No unit has code %(code)s.") % {"code": code})


@dataclass(frozen=True)
class ReportUnit:
    kind: str  # "national", an AdminUnit level, "village", or a ForceUnit kind
    code: str  # the designation that finds this unit again
    name: str
    admin_unit: AdminUnit | None = field(default=None, compare=False)
    force_unit: ForceUnit | None = field(default=None, compare=False)
    village: Village | None = field(default=None, compare=False)

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "kind": self.kind}

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))


KIND_LABELS: dict[str, Any] = {
    "national": _("country"),
    "village": _("village"),
    **{str(value): label for value, label in AdminUnit.Level.choices},
    **{str(value): label for value, label in ForceUnit.Kind.choices},
}


def national() -> ReportUnit:
    return ReportUnit(kind="national", code=NATIONAL_CODE, name=str(_("Whole country")))


def from_admin_unit(unit: AdminUnit) -> ReportUnit:
    return ReportUnit(kind=unit.level, code=unit.code, name=unit.name, admin_unit=unit)


def from_force_unit(unit: ForceUnit) -> ReportUnit:
    return ReportUnit(kind=unit.kind, code=unit.code, name=unit.name, force_unit=unit)


def from_village(village: Village) -> ReportUnit:
    return ReportUnit(
        kind="village", code=f"{VILLAGE_PREFIX}{village.pk}", name=village.name, village=village
    )


def _admin_unit_by_code(text: str, when: codes.When) -> AdminUnit:
    """The unit carrying the code on the report's date (`geo.codes`; `CODE@YYYY-MM-DD`
    forces another date). When none carried it that day: the next one to carry it, else the
    last one; the report then goes through lineage."""
    try:
        ref = codes.parse(text)
        level = {2: AdminUnit.Level.PROVINCE, 3: AdminUnit.Level.DISTRICT}.get(
            len(ref.code), AdminUnit.Level.COMMUNE
        )
        if level == AdminUnit.Level.COMMUNE:
            ref = codes.CodeRef(ref.code.zfill(5), ref.forced)
        return codes.resolve(str(ref), when, levels=(level,), lineage=True)
    except codes.AmbiguousCode as exc:
        raise AmbiguousUnit(exc.message) from exc
    except codes.CodeError as exc:
        raise UnitNotFound(exc.message) from exc


def resolve(code: str, on: dt.date, *, since: dt.date | None = None) -> ReportUnit:
    """The unit a report names, on `on`; over a period from `since` to `on`, an
    administrative code must name one unit for the whole period (`AmbiguousUnit`)."""
    code = (code or "").strip()
    if not code:
        raise _not_found(code)
    if code.upper() == NATIONAL_CODE:
        return national()
    if code.lower().startswith(VILLAGE_PREFIX):
        raw = code[len(VILLAGE_PREFIX) :]
        village = (
            Village.objects.select_related("commune").filter(pk=int(raw)).first()
            if raw.isdigit()
            else None
        )
        if village is None:
            raise _not_found(code)
        return from_village(village)
    if code.partition(codes.SEPARATOR)[0].strip().isdigit():
        when: codes.When = codes.Period(since, on) if since and since < on else on
        return from_admin_unit(_admin_unit_by_code(code, when))
    force_unit = ForceUnit.objects.filter(code=code).first()
    if force_unit is None:
        raise _not_found(code)
    return from_force_unit(force_unit)


# --- communes of a unit on a date -------------------------------------------------------------


def _walk_lineage(commune_ids: set[int], on: dt.date, backward: bool) -> set[int]:
    """Follow commune lineage from the given communes to the ones valid on the date."""
    found: set[int] = set()
    frontier = set(commune_ids)
    seen = set(frontier)
    for _step in range(LINEAGE_STEPS):
        if not frontier:
            break
        if backward:
            rows = UnitChange.objects.filter(to_unit_id__in=frontier).values_list(
                "from_unit_id", flat=True
            )
        else:
            rows = UnitChange.objects.filter(from_unit_id__in=frontier).values_list(
                "to_unit_id", flat=True
            )
        nxt = set(rows) - seen
        seen |= nxt
        valid = set(
            AdminUnit.objects.filter(valid_on_q(on), pk__in=nxt).values_list("pk", flat=True)
        )
        found |= valid
        frontier = nxt - valid
    return found


def _admin_communes(unit: AdminUnit, on: dt.date) -> set[int]:
    if unit.is_valid_on(on):
        return tree.commune_ids_under({unit.pk}, on=on)
    # The unit did not exist on the date: its communes when it existed, traced through lineage.
    backward = unit.valid_from is not None and on < unit.valid_from
    own_date = unit.valid_from if backward else (unit.valid_to or on) - dt.timedelta(days=1)
    assert own_date is not None
    return _walk_lineage(tree.commune_ids_under({unit.pk}, on=own_date), on, backward)


def _force_communes(unit_ids: Any, on: dt.date) -> set[int]:
    """The communes of the units' areas on the date (`unit_ids`: ids, or a subquery of them)."""
    return set(
        AreaOfResponsibility.objects.filter(valid_on_q(on), force_unit_id__in=unit_ids).values_list(
            "commune_id", flat=True
        )
    )


@dataclass(frozen=True)
class Extent:
    commune_ids: frozenset[int]
    village_ids: frozenset[int] | None = None
    force_unit_ids: frozenset[int] | None = None


def extent(unit: ReportUnit, on: dt.date) -> Extent:
    if unit.kind == "national":
        ids = AdminUnit.objects.filter(valid_on_q(on), level=AdminUnit.Level.COMMUNE)
        return Extent(frozenset(ids.values_list("pk", flat=True)))
    if unit.village is not None:
        # A merged village's figures read the records of the villages merged into it.
        villages = villages_merged_into(unit.village, on)
        return Extent(frozenset({unit.village.commune_id}), frozenset(villages))
    if unit.force_unit is not None:
        roots = {unit.force_unit.pk}
        units = tree.force_units_under(roots)
        communes = _force_communes(tree.force_subtree(roots), on)
        return Extent(frozenset(communes), force_unit_ids=frozenset(units))
    assert unit.admin_unit is not None
    return Extent(frozenset(_admin_communes(unit.admin_unit, on)))


# --- scope and drill-down ---------------------------------------------------------------------


def in_scope(scope: Scope, unit: ReportUnit, on: dt.date) -> bool:
    """A unit is in scope when the user sees all of it: their force unit (or one under it),
    a village of their communes, or an administrative unit whose communes are all theirs."""
    if scope.everything:
        return True
    if unit.kind == "national":
        return False
    if unit.force_unit is not None:
        return scope.has_force_unit(unit.force_unit.pk)
    if unit.village is not None:
        return scope.has_commune(unit.village.commune_id)
    assert unit.admin_unit is not None
    if unit.admin_unit.level == AdminUnit.Level.COMMUNE and scope.has_commune(unit.admin_unit.pk):
        return True
    communes = extent(unit, on).commune_ids
    return bool(communes) and communes <= scope.commune_ids


def default_unit(scope: Scope, on: dt.date) -> ReportUnit | None:
    """Where a user's coverage page opens: the country for national viewers, else their top
    force unit (provincial command or post), else their first commune."""
    if scope.everything:
        return national()
    if scope.force_unit_ids:
        units = ForceUnit.objects.filter(pk__in=scope.force_unit_ids)
        top = [u for u in units if u.parent_id not in scope.force_unit_ids]
        if top:
            return from_force_unit(min(top, key=lambda u: u.code))
    if scope.commune_ids:
        communes = AdminUnit.objects.filter(pk__in=scope.commune_ids).order_by(
            "-valid_from", "code"
        )
        current = [c for c in communes if c.is_valid_on(on)] or list(communes)
        if current:
            return from_admin_unit(current[0])
    return None


def children(unit: ReportUnit, on: dt.date) -> list[ReportUnit]:
    """One level down: country -> provinces -> communes -> villages; command -> posts ->
    communes -> villages."""
    if unit.kind == "national":
        provinces = AdminUnit.objects.filter(valid_on_q(on), level=AdminUnit.Level.PROVINCE)
        return [from_admin_unit(p) for p in provinces.order_by("code")]
    if unit.village is not None:
        return []
    if unit.admin_unit is not None and unit.admin_unit.level == AdminUnit.Level.COMMUNE:
        commune_ids = extent(unit, on).commune_ids
        villages = Village.objects.filter(valid_on_q(on), commune_id__in=commune_ids)
        return [from_village(v) for v in villages.order_by("name")]
    if unit.force_unit is not None:
        sub_units = ForceUnit.objects.filter(valid_on_q(on), parent_id=unit.force_unit.pk)
        if sub_units.exists() and unit.force_unit.kind in {
            ForceUnit.Kind.HIGH_COMMAND,
            ForceUnit.Kind.PROVINCIAL_COMMAND,
        }:
            return [from_force_unit(u) for u in sub_units.order_by("code")]
    communes = AdminUnit.objects.filter(pk__in=extent(unit, on).commune_ids)
    return [from_admin_unit(c) for c in communes.order_by("code", "valid_from")]


def parent(unit: ReportUnit, on: dt.date, scope: Scope | None = None) -> ReportUnit | None:
    """One level up, for breadcrumbs: a commune goes up to the force unit responsible for it on
    the date when the user sees that unit, else to its province."""
    if unit.kind == "national":
        return None
    if unit.village is not None:
        return from_admin_unit(unit.village.commune)
    if unit.force_unit is not None:
        above = unit.force_unit.parent
        return from_force_unit(above) if above is not None else None
    admin_unit = unit.admin_unit
    assert admin_unit is not None
    if admin_unit.level == AdminUnit.Level.PROVINCE:
        return national()
    if admin_unit.level == AdminUnit.Level.COMMUNE:
        areas = AreaOfResponsibility.objects.filter(
            valid_on_q(on), commune_id=admin_unit.pk
        ).select_related("force_unit")
        for area in areas.order_by("force_unit__code"):
            if scope is None or scope.has_force_unit(area.force_unit_id):
                return from_force_unit(area.force_unit)
    up = admin_unit.parent
    return from_admin_unit(up) if up is not None else None
