"""The official old-to-new conversion table of the 2025 reorganisation (conversion-2025-07.csv).

Columns: new province "Tỉnh Sơn La (14)", new commune name, new code, old commune name, old
code, note (the kind of change, free text), old district "Huyện Mường Nhé (096)", old province.
Two header rows and province banner rows are skipped.

Every data row becomes one `UnitChange` effective 2025-07-01, from the old unit to the new
commune. Rows without an old commune ("Sắp xếp toàn bộ huyện … thành đặc khu …", or an area
managed by a district) link the old district to the new commune. The province lineage
(old province -> new province) is derived from the rows.

Old units are found by code among the units that ended on 2025-07-01; the few the table
names but the commune list lacks (units changed between January and July 2025) are created
from the row. New communes must already exist (load them first with `outpost geo load-current`
and `outpost geo import-current FILE`): a row whose new code is unknown, or names another
commune, refuses the file, because a draft code list would link the wrong communes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from outpost.core.audit import audit_source
from outpost.core.models import AuditEvent
from outpost.core.text import squash
from outpost.geo.importers.legacy import old_units
from outpost.geo.importers.reader import (
    REORG,
    ErrorList,
    ProgressFn,
    Summary,
    cell,
    kind_from_name,
    match_key,
    parse_code,
    read_csv,
    source_label,
    split_name_code,
)
from outpost.geo.importers.writer import create_all, field_problems, update_all
from outpost.geo.models import AdminUnit, UnitChange

COLUMNS = [
    "Tỉnh, thành phố",
    "Tên Xã mới",
    "Mã Xã mới",
    "Tên Xã cũ",
    "Mã Xã cũ",
    "Ghi chú",
    "Quận/huyện",
    "Tỉnh cũ",
]
Level = AdminUnit.Level
Kind = UnitChange.Kind


@dataclass(frozen=True)
class ChangeKind:
    kind: str
    part_of_area: bool
    whole_population: bool


def parse_kind(note: str) -> ChangeKind | None:
    """The kind of change from the free-text note; None if it cannot be understood.

    Copes with typos in the marks ("Nhâp"), doubled spaces and embedded newlines."""
    k = match_key(note)
    part_of_area = "mot phan dien tich" in k
    whole_population = "toan bo dan so" in k
    if "dac khu" in k and ("sap xep" in k or "thanh dac khu" in k):
        kind = Kind.SPECIAL_ZONE
    elif k.startswith("doi ten"):
        kind = Kind.RENAMED
    elif k.startswith("doi loai hinh"):
        kind = Kind.TYPE_CHANGED
    elif k.startswith("giu nguyen"):
        kind = Kind.UNCHANGED
    elif k.startswith("nhap toan bo"):
        kind = Kind.MERGED_WHOLE
    elif k.startswith("nhap mot phan") or k.startswith("phan con lai"):
        kind = Kind.MERGED_PART
    else:
        return None
    return ChangeKind(str(kind), part_of_area, whole_population)


@dataclass(frozen=True)
class ConversionRow:
    line: int
    new_province_code: str
    new_name: str
    new_code: str
    old_name: str
    old_code: str  # "" when the row starts from a district
    note: str
    change: ChangeKind
    district_name: str
    district_code: str
    old_province_name: str
    old_province_code: str


def is_skipped(cells: list[str]) -> bool:
    if not any(cells[1:]):
        return True  # empty, or a province banner
    first = match_key(cells[0])
    if first.startswith("don vi hanh chinh"):
        return True
    return parse_code(cells[2], 5) is None and match_key(cells[2]).startswith("ma")


def parse(path: Path, errors: ErrorList, progress: ProgressFn | None = None) -> list[ConversionRow]:
    rows: list[ConversionRow] = []
    pairs: dict[tuple[str, str], int] = {}
    for line, record in read_csv(path):
        cells = [cell(record, i) for i in range(8)]
        if is_skipped(cells):
            continue
        before = len(errors.items)
        _name, p_code = split_name_code(cells[0])
        if not p_code or parse_code(p_code, 2) is None:
            errors.add(line, COLUMNS[0], cells[0], _("no 2-digit province code in parentheses"))
        new_code = parse_code(cells[2], 5)
        if new_code is None:
            errors.add(line, COLUMNS[2], cells[2], _("not a 5-digit commune code"))
        if not cells[1]:
            errors.add(line, COLUMNS[1], cells[1], _("the new commune name is missing"))
        change = parse_kind(cells[5])
        if change is None:
            errors.add(line, COLUMNS[5], cells[5], _("unknown kind of change"))
        d_name, d_code = split_name_code(cells[6])
        if cells[6] and parse_code(d_code, 3) is None:
            errors.add(line, COLUMNS[6], cells[6], _("no 3-digit district code in parentheses"))
        op_name, op_code = split_name_code(cells[7])
        if cells[7] and parse_code(op_code, 2) is None:
            errors.add(line, COLUMNS[7], cells[7], _("no 2-digit province code in parentheses"))
        old_code = ""
        if cells[4]:
            old_code = parse_code(cells[4], 5) or ""
            if not old_code:
                errors.add(line, COLUMNS[4], cells[4], _("not a 5-digit commune code"))
        elif not d_code:
            errors.add(
                line,
                COLUMNS[4],
                cells[4],
                _("neither an old commune code nor an old district with its code"),
            )
        if len(errors.items) > before:
            continue
        assert change is not None and new_code is not None
        key = (old_code or f"d{d_code}", new_code)
        if key in pairs:
            errors.add(
                line,
                COLUMNS[4],
                cells[4],
                _("the same change is already on row %(row)s") % {"row": pairs[key]},
            )
            continue
        pairs[key] = line
        rows.append(
            ConversionRow(
                line=line,
                new_province_code=p_code.zfill(2),
                new_name=cells[1],
                new_code=new_code,
                old_name=cells[3],
                old_code=old_code,
                note=cells[5],
                change=change,
                district_name=d_name,
                district_code=d_code.zfill(3) if d_code else "",
                old_province_name=op_name,
                old_province_code=op_code.zfill(2) if op_code else "",
            )
        )
        if progress and len(rows) % 1000 == 0:
            progress(_("read %(n)s rows") % {"n": len(rows)})
    if not rows and not errors:
        errors.whole_file(_("no data rows found"))
    return rows


class _OldUnits:
    """Old provinces, districts and communes by code; the missing ones are made from rows."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.units = {level: old_units(level) for level in Level.values}
        self.new: dict[str, list[AdminUnit]] = {level: [] for level in Level.values}
        self._by_pk: dict[int, AdminUnit] | None = None  # built once all units are saved

    def get(
        self, level: str, code: str, name: str, kind: str, parent: AdminUnit | None
    ) -> AdminUnit:
        found = self.units[level].get(code)
        if found is None:
            found = AdminUnit(
                level=level,
                code=code,
                name=name,
                kind=kind,
                parent=parent,
                valid_to=REORG,
                source=self.source,
            )
            self.units[level][code] = found
            self.new[level].append(found)
        return found

    def province(self, row: ConversionRow) -> AdminUnit | None:
        if not row.old_province_code:
            return None
        return self.get(
            Level.PROVINCE,
            row.old_province_code,
            row.old_province_name,
            kind_from_name(row.old_province_name),
            None,
        )

    def district(self, row: ConversionRow) -> AdminUnit | None:
        if not row.district_code:
            return None
        if row.district_code in self.units[Level.DISTRICT]:
            return self.units[Level.DISTRICT][row.district_code]
        return self.get(
            Level.DISTRICT,
            row.district_code,
            row.district_name,
            kind_from_name(row.district_name),
            self.province(row),
        )

    def commune(self, row: ConversionRow) -> AdminUnit:
        if row.old_code in self.units[Level.COMMUNE]:
            return self.units[Level.COMMUNE][row.old_code]
        return self.get(
            Level.COMMUNE,
            row.old_code,
            row.old_name,
            kind_from_name(row.old_name),
            self.district(row),
        )

    def province_of(self, unit: AdminUnit, row: ConversionRow) -> AdminUnit | None:
        """The old province of an old unit, through its parents (the table's own province
        cell is a fallback: it is occasionally wrong)."""
        if self._by_pk is None:
            self._by_pk = {
                u.pk: u
                for level in (Level.DISTRICT, Level.PROVINCE)
                for u in self.units[level].values()
                if u.pk
            }
        by_pk = self._by_pk
        current: AdminUnit | None = unit
        for _step in range(3):
            if current is None:
                break
            if current.level == Level.PROVINCE:
                return current
            parent = current.parent if current.pk is None else by_pk.get(current.parent_id or 0)
            current = parent
        return self.province(row)


def import_conversion(
    path: Path, *, actor: Any = None, progress: ProgressFn | None = None
) -> Summary:
    path = Path(path)
    summary = Summary(file=path.name)
    errors = ErrorList(path.name)
    rows = parse(path, errors, progress)
    errors.raise_if_any()
    source = source_label(path)

    new_provinces = {
        u.code: u for u in AdminUnit.objects.filter(level=Level.PROVINCE, valid_from=REORG)
    }
    new_communes = {
        u.code: u for u in AdminUnit.objects.filter(level=Level.COMMUNE, valid_from=REORG)
    }
    if not new_communes:
        errors.whole_file(
            _(
                "no current communes in the database: load them first "
                "(outpost geo load-current; outpost geo import-current FILE)"
            )
        )
        errors.raise_if_any()

    olds = _OldUnits(source)
    plans: list[tuple[ConversionRow, AdminUnit, AdminUnit]] = []
    for row in rows:
        to_unit = new_communes.get(row.new_code)
        if to_unit is None:
            errors.add(
                row.line,
                COLUMNS[2],
                row.new_code,
                _("no current commune has this code; import the official current list first"),
            )
            continue
        if match_key(to_unit.name) != match_key(row.new_name):
            errors.add(
                row.line,
                COLUMNS[2],
                row.new_code,
                _(
                    "the current commune with this code is '%(name)s', not '%(row_name)s'; "
                    "import the official current list first"
                )
                % {"name": to_unit.name, "row_name": row.new_name},
            )
            continue
        if row.new_province_code not in new_provinces:
            errors.add(
                row.line, COLUMNS[0], row.new_province_code, _("no current province has this code")
            )
            continue
        from_unit = olds.commune(row) if row.old_code else olds.district(row)
        assert from_unit is not None
        plans.append((row, from_unit, to_unit))
    for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
        for unit in olds.new[level]:
            for name, message in field_problems(unit):
                errors.add(0, name, str(getattr(unit, name, "")), message)
    errors.raise_if_any()

    with transaction.atomic(), audit_source(AuditEvent.Source.IMPORT):
        for level, what in (
            (Level.PROVINCE, "old provinces"),
            (Level.DISTRICT, "old districts"),
            (Level.COMMUNE, "old communes"),
        ):
            for unit in olds.new[level]:
                if unit.parent is not None:
                    unit.parent_id = unit.parent.pk
            create_all(olds.new[level], what=what, summary=summary, actor=actor)

        changes = [
            UnitChange(
                from_unit=from_unit,
                to_unit=to_unit,
                effective=REORG,
                kind=row.change.kind,
                note=_note(row),
                part_of_area=row.change.part_of_area,
                whole_population=row.change.whole_population,
            )
            for row, from_unit, to_unit in plans
        ]
        _sync_changes(changes, "commune changes", summary, actor, progress)

        pairs: set[tuple[int, int]] = set()
        for row, from_unit, _to in plans:
            old_province = olds.province_of(from_unit, row)
            if old_province is not None and old_province.pk:
                pairs.add((old_province.pk, new_provinces[row.new_province_code].pk))
        _sync_changes(
            _province_changes(pairs, source), "province changes", summary, actor, progress
        )
    return summary


def _note(row: ConversionRow) -> str:
    note = squash(row.note)
    if not row.old_code and row.old_name:
        note = f"{row.old_name}: {note}"  # an area without a commune code
    return note[:300]


def _province_changes(pairs: set[tuple[int, int]], source: str) -> list[UnitChange]:
    to_of: dict[int, set[int]] = {}
    from_of: dict[int, set[int]] = {}
    for old, new in pairs:
        to_of.setdefault(old, set()).add(new)
        from_of.setdefault(new, set()).add(old)
    units = AdminUnit.objects.in_bulk([p for pair in pairs for p in pair])
    changes = []
    for old, new in sorted(pairs):
        if len(to_of[old]) > 1:
            kind = Kind.MERGED_PART
        elif len(from_of[new]) > 1:
            kind = Kind.MERGED_WHOLE
        elif match_key(units[old].name) == match_key(units[new].name):
            kind = Kind.UNCHANGED
        else:
            kind = Kind.RENAMED
        changes.append(
            UnitChange(
                from_unit=units[old],
                to_unit=units[new],
                effective=REORG,
                kind=kind,
                note=f"derived from {source}",  # not translated: re-imports compare it
            )
        )
    return changes


def _sync_changes(
    changes: list[UnitChange],
    what: str,
    summary: Summary,
    actor: Any,
    progress: ProgressFn | None,
) -> None:
    existing = {
        (c.from_unit_id, c.to_unit_id): c for c in UnitChange.objects.filter(effective=REORG)
    }
    to_create: list[UnitChange] = []
    to_update: list[tuple[UnitChange, dict[str, Any]]] = []
    for change in changes:
        found = existing.get((change.from_unit.pk, change.to_unit.pk))
        if found is None:
            to_create.append(change)
            continue
        to_update.append(
            (
                found,
                {
                    "kind": change.kind,
                    "note": change.note,
                    "part_of_area": change.part_of_area,
                    "whole_population": change.whole_population,
                },
            )
        )
    create_all(to_create, what=what, summary=summary, actor=actor, progress=progress)
    changed = update_all(to_update, what=what, summary=summary, actor=actor)
    if len(to_update) - changed:
        summary.add("unchanged", what, len(to_update) - changed)
