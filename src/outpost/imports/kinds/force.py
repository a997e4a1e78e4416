"""The force's structure: its units, their areas of responsibility and cadres' postings, each
sheet written through `outpost.force.services` (the rules on who may shape the force, and on
overlapping areas, live there).

- A unit is matched by its code. A new one is created under its parent: a unit recorded, or
  one of an earlier row of the sheet (the rows are written parents first, whatever their
  order). A recorded unit cannot be changed by an import, except ended.
- An area is matched by its unit, commune and first day. The commune code is read on that
  day, so a 2023 row on a code reused in 2025 lands on the old commune.
- A posting is matched by its cadre, unit and first day. A new one is recorded with
  `cadre_post`, which ends the cadre's current posting on that day; a cadre's rows are
  written in date order.

The engine writes these sheets first (`spec.STAGES`), so the cadres, villages and
assignments of the same file may name the units and areas they create."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from outpost.accounts.scope import Scope
from outpost.core.tree import in_tree_order
from outpost.force import services
from outpost.force.models import AreaOfResponsibility, ForceUnit, Posting
from outpost.geo import borders, codes
from outpost.geo.models import AdminUnit
from outpost.imports import spec
from outpost.imports.kinds.base import Columns, ServiceSheet, export_columns


class ForceUnitSheet(ServiceSheet):
    sheet = spec.FORCE_UNITS
    fields = {
        "kind": "kind",
        "code": "code",
        "name": "name",
        "parent": "parent_code",
        "province": "province_code",
        "valid_from": "valid_from",
        "valid_to": "valid_to",
        "end_reason": "end_reason",
        "__all__": "code",
    }

    def key(self, v: dict[str, Any]) -> tuple[Any, ...]:
        return (v["code"],)

    def load(self) -> None:
        """Parents before their children: a row may name the unit of a later row."""
        rows = {v["code"]: (n, v) for n, v in self.pending}
        depth: dict[str, int] = {}

        def depth_of(code: str, seen: frozenset[str]) -> int:
            if code in depth:
                return depth[code]
            parent = rows[code][1].get("parent_code")
            if parent is None or parent not in rows or parent in seen:  # recorded, or a loop
                depth[code] = 0
            else:
                depth[code] = depth_of(parent, seen | {code}) + 1
            return depth[code]

        self.pending.sort(key=lambda item: (depth_of(item[1]["code"], frozenset()), item[0]))

    def write_row(self, n: int, v: dict[str, Any]) -> None:
        unit = self.lookups.force_units.get(v["code"])
        if unit is None:
            self.created(self.create(n, v))
            return
        if self.importer.scope is not None and not self.importer.scope.has_force_unit(unit.pk):
            self.fail(n, "code", v["code"], _("This unit is outside your area of work."))
        self.same(n, "name", unit.name, v["name"])
        self.same(n, "kind", unit.kind, v["kind"])
        self.same(n, "parent_code", unit.parent.code if unit.parent else None, v["parent_code"])
        self.same(n, "valid_from", unit.valid_from, v.get("valid_from"))
        if self.end_once(
            n,
            v,
            recorded_on=unit.valid_to,
            recorded_reason=unit.end_reason,
            missing_date=_("Give the date the unit ended."),
            end=lambda **kw: services.force_unit_end(unit=unit, **kw),
        ):
            self.updated(unit)
        else:
            self.unchanged()

    def create(self, n: int, v: dict[str, Any]) -> ForceUnit:
        unit = self.call(
            n,
            "code",
            services.force_unit_create,
            kind=v["kind"],
            code=v["code"],
            name=v["name"],
            parent=self.parent(n, v),
            province=self.province(n, v),
            valid_from=v.get("valid_from"),
        )
        self.lookups.force_units[unit.code] = unit
        self.lookups.force_units_by_pk[unit.pk] = unit
        self.end_once(
            n,
            v,
            recorded_on=None,
            recorded_reason="",
            missing_date=_("Give the date the unit ended."),
            end=lambda **kw: services.force_unit_end(unit=unit, **kw),
        )
        return unit

    def parent(self, n: int, v: dict[str, Any]) -> ForceUnit | None:
        code = v.get("parent_code")
        if not code:
            return None
        parent = self.lookups.force_units.get(code)
        if parent is None:
            self.fail(
                n,
                "parent_code",
                code,
                _("No unit has this code, in the records or in an earlier row of this sheet."),
            )
        return parent

    def province(self, n: int, v: dict[str, Any]) -> AdminUnit | None:
        """The province of a provincial command, read on the unit's first day."""
        code = v.get("province_code")
        if not code:
            return None
        try:
            province = borders.unit_for_code(code, on=v.get("valid_from"))
        except ValidationError as exc:
            self.fail(n, "province_code", code, "; ".join(exc.messages))
        if province.level != AdminUnit.Level.PROVINCE:
            self.fail(n, "province_code", code, _("A province code has 2 digits."))
        return province


class AreaSheet(ServiceSheet):
    sheet = spec.AREAS
    dated_by = ("valid_from",)
    fields = {
        "valid_from": "valid_from",
        "valid_to": "valid_to",
        "end_reason": "end_reason",
        "decision": "decision",
        "commune": "commune_code",
        "force_unit": "unit_code",
        "parent": "unit_code",
        "kind": "unit_code",
    }

    def key(self, v: dict[str, Any]) -> tuple[Any, ...]:
        return (v["unit_code"], v["commune_code"], v.get("valid_from"))

    def write_row(self, n: int, v: dict[str, Any]) -> None:
        unit = self.force_unit(n, "unit_code", v["unit_code"])
        commune = self.saved(
            self.lookups.unit(
                self.rows, n, "commune_code", v["commune_code"], when=self.when(v), scoped=False
            )
        )
        area = AreaOfResponsibility.objects.filter(
            force_unit=unit, commune=commune, valid_from=v.get("valid_from")
        ).first()
        if area is None:
            self.created(self.assign(n, unit, commune, v))
            return
        self.same(n, "decision", area.decision, v.get("decision"))
        if self.end_once(
            n,
            v,
            recorded_on=area.valid_to,
            recorded_reason=area.end_reason,
            missing_date=_("Give the date the area ended."),
            end=lambda **kw: services.area_end(area=area, **kw),
        ):
            self.updated(area)
        else:
            self.unchanged()

    def assign(
        self, n: int, unit: ForceUnit, commune: AdminUnit, v: dict[str, Any]
    ) -> AreaOfResponsibility:
        area = self.call(
            n,
            "commune_code",
            services.area_assign,
            force_unit=unit,
            commune=commune,
            valid_from=v.get("valid_from"),
            decision=v.get("decision") or "",
        )
        self.end_once(
            n,
            v,
            recorded_on=None,
            recorded_reason="",
            missing_date=_("Give the date the area ended."),
            end=lambda **kw: services.area_end(area=area, **kw),
        )
        return area


class PostingSheet(ServiceSheet):
    sheet = spec.POSTINGS
    fields = {
        "valid_from": "valid_from",
        "valid_to": "valid_to",
        "end_reason": "decision",
        "position": "position",
        "decision": "decision",
        "rank": "rank",
        "force_unit": "unit_code",
        "to_unit": "unit_code",
    }

    def key(self, v: dict[str, Any]) -> tuple[Any, ...]:
        return (v["service_number"], v["unit_code"], v["valid_from"])

    def load(self) -> None:
        """A cadre's postings in the order they happened: each ends the one before."""
        self.pending.sort(key=lambda item: (item[1]["service_number"], item[1]["valid_from"]))

    def write_row(self, n: int, v: dict[str, Any]) -> None:
        cadre = self.cadre(n, "service_number", v["service_number"])
        unit = self.force_unit(n, "unit_code", v["unit_code"])
        posting = Posting.objects.filter(
            cadre=cadre, force_unit=unit, valid_from=v["valid_from"]
        ).first()
        if posting is None:
            posting = self.post(n, cadre, unit, v)
            self.created(posting)
            self.end(n, posting, v)
            return
        self.same(n, "position", posting.position, v.get("position"))
        self.same(n, "decision", posting.decision, v.get("decision"))
        if self.end(n, posting, v):
            self.updated(posting)
        else:
            self.unchanged()

    def post(self, n: int, cadre: Any, unit: ForceUnit, v: dict[str, Any]) -> Posting:
        posting = self.call(
            n,
            "unit_code",
            services.cadre_post,
            cadre=cadre,
            to_unit=unit,
            on=v["valid_from"],
            position=v.get("position") or "",
            decision=v.get("decision") or "",
        )
        if v.get("rank") and v["rank"] != cadre.rank:
            self.call(n, "rank", services.cadre_update, cadre=cadre, rank=v["rank"])
        return posting

    def end(self, n: int, posting: Posting, v: dict[str, Any]) -> bool:
        """End the posting on the row's end date; True when it was ended now. A posting
        already ended (by the cadre's next posting) must end on that day."""
        on = v.get("valid_to")
        if on is None:
            return False
        if posting.valid_to is not None:
            self.same(n, "valid_to", posting.valid_to, on)
            return False
        self.call(n, "valid_to", services.posting_end, posting=posting, on=on)
        return True


def province_code() -> Callable[[ForceUnit], str | None]:
    """A command's province code as it reads back: `14@2025-07-01` when two provinces
    carried 14 (the reorganisation kept some provinces' codes)."""
    reused: set[str] | None = None

    def code(unit: ForceUnit) -> str | None:
        nonlocal reused
        if unit.province is None:
            return None
        if reused is None:
            reused = codes.reused_codes(AdminUnit.Level.PROVINCE)
        return codes.designation(unit.province, reused)

    return code


def force_units_export(scope: Scope) -> tuple[list[ForceUnit], Columns, spec.Sheet]:
    """The units the user sees, parents first, so the sheet imports back in one pass."""
    qs = scope.filter(
        ForceUnit.objects.select_related("parent", "province"), force_unit="pk"
    ).order_by("code")
    rows = [unit for unit, _depth in in_tree_order(qs)]
    sheet = spec.FORCE_UNITS
    columns = export_columns(
        sheet,
        {
            "code": "code",
            "name": "name",
            "kind": "kind",
            "parent_code": "parent.code",
            "province_code": province_code(),
            "valid_from": "valid_from",
            "valid_to": "valid_to",
            "end_reason": "end_reason",
        },
    )
    return rows, columns, sheet


def areas_export(scope: Scope) -> tuple[QuerySet, Columns, spec.Sheet]:
    qs = scope.filter(
        AreaOfResponsibility.objects.select_related("force_unit", "commune"),
        force_unit="force_unit",
    ).order_by("force_unit__code", "valid_from", "commune__code", "pk")
    sheet = spec.AREAS
    columns = export_columns(
        sheet,
        {
            "unit_code": "force_unit.code",
            "commune_code": "commune.code",
            "valid_from": "valid_from",
            "valid_to": "valid_to",
            "decision": "decision",
            "end_reason": "end_reason",
        },
    )
    return qs, columns, sheet


def postings_export(scope: Scope) -> tuple[QuerySet, Columns, spec.Sheet]:
    qs = scope.filter(
        Posting.objects.select_related("cadre", "force_unit"), force_unit="force_unit"
    ).order_by("cadre__service_number", "valid_from", "pk")
    sheet = spec.POSTINGS
    columns = export_columns(
        sheet,
        {
            "service_number": "cadre.service_number",
            "unit_code": "force_unit.code",
            "position": "position",
            "valid_from": "valid_from",
            "valid_to": "valid_to",
            "decision": "decision",
        },
    )
    return qs, columns, sheet
