"""The commune list before the 1 July 2025 reorganisation (communes-2025-01-04.csv).

Columns: province name, province code, district name, district code, commune name, commune
code, type ("Cấp"), English name. Every unit is imported as valid until 2025-07-01 (start
unknown), with its parent: commune -> district -> province. A few island districts had no
communes; their rows carry the district only ("Cấp" = "Huyện") and create the district.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from outpost.core.audit import audit_source
from outpost.core.models import AuditEvent
from outpost.geo.importers.reader import (
    REORG,
    ErrorList,
    ProgressFn,
    Summary,
    cell,
    kind_from_label,
    kind_from_name,
    match_key,
    parse_code,
    read_csv,
    source_label,
)
from outpost.geo.importers.writer import create_all, field_problems, update_all
from outpost.geo.models import AdminUnit

COLUMNS = ["Tỉnh Thành Phố", "Mã TP", "Quận Huyện", "Mã QH", "Phường Xã", "Mã PX", "Cấp"]
COMMUNE_KINDS = {"Xã", "Phường", "Thị trấn"}
Level = AdminUnit.Level


@dataclass(frozen=True)
class LegacyRow:
    line: int
    province_name: str
    province_code: str
    district_name: str
    district_code: str
    commune_name: str  # "" for a district without communes
    commune_code: str
    kind: str
    english_name: str


def parse(path: Path, errors: ErrorList, progress: ProgressFn | None = None) -> list[LegacyRow]:
    rows: list[LegacyRow] = []
    provinces: dict[str, tuple[str, int]] = {}
    districts: dict[str, tuple[str, str, int]] = {}
    communes: dict[str, int] = {}
    for line, record in read_csv(path):
        cells = [cell(record, i) for i in range(8)]
        if not any(cells):
            continue
        if not any(cells[1:]):
            continue  # a banner row: a province name alone
        if parse_code(cells[1], 2) is None and match_key(cells[1]).startswith("ma"):
            continue  # a header row
        province_code = parse_code(cells[1], 2)
        district_code = parse_code(cells[3], 3)
        if province_code is None:
            errors.add(line, COLUMNS[1], cells[1], _("not a 2-digit province code"))
        if not cells[0]:
            errors.add(line, COLUMNS[0], cells[0], _("the province name is missing"))
        if district_code is None:
            errors.add(line, COLUMNS[3], cells[3], _("not a 3-digit district code"))
        if not cells[2]:
            errors.add(line, COLUMNS[2], cells[2], _("the district name is missing"))
        district_only = not cells[4] and not cells[5]
        commune_code = ""
        kind = ""
        if not district_only:
            commune_code = parse_code(cells[5], 5) or ""
            if not commune_code:
                errors.add(line, COLUMNS[5], cells[5], _("not a 5-digit commune code"))
            if not cells[4]:
                errors.add(line, COLUMNS[4], cells[4], _("the commune name is missing"))
            kind = kind_from_label(cells[6]) if cells[6] else kind_from_name(cells[4])
            if kind not in COMMUNE_KINDS:
                errors.add(
                    line,
                    COLUMNS[6],
                    cells[6],
                    _("unknown commune type (expected Xã, Phường or Thị trấn)"),
                )
            elif commune_code in communes:
                errors.add(
                    line,
                    COLUMNS[5],
                    cells[5],
                    _("the code is already used on row %(row)s") % {"row": communes[commune_code]},
                )
            else:
                communes[commune_code] = line
        if province_code and cells[0]:
            seen = provinces.setdefault(province_code, (cells[0], line))
            if match_key(seen[0]) != match_key(cells[0]):
                errors.add(
                    line,
                    COLUMNS[0],
                    cells[0],
                    _("province %(code)s is named '%(name)s' on row %(row)s")
                    % {"code": province_code, "name": seen[0], "row": seen[1]},
                )
        if district_code and cells[2] and province_code:
            seen_d = districts.setdefault(district_code, (cells[2], province_code, line))
            if match_key(seen_d[0]) != match_key(cells[2]) or seen_d[1] != province_code:
                errors.add(
                    line,
                    COLUMNS[2],
                    cells[2],
                    _("district %(code)s differs from row %(row)s")
                    % {"code": district_code, "row": seen_d[2]},
                )
        rows.append(
            LegacyRow(
                line=line,
                province_name=cells[0],
                province_code=province_code or "",
                district_name=cells[2],
                district_code=district_code or "",
                commune_name=cells[4],
                commune_code=commune_code,
                kind=kind,
                english_name=cells[7],
            )
        )
        if progress and len(rows) % 1000 == 0:
            progress(_("read %(n)s rows") % {"n": len(rows)})
    if not rows and not errors:
        errors.whole_file(_("no data rows found"))
    return rows


def old_units(level: str) -> dict[str, AdminUnit]:
    """Units of a level that ended with the reorganisation, by code."""
    qs = AdminUnit.objects.filter(level=level, valid_to=REORG, valid_from__isnull=True)
    return {u.code: u for u in qs}


def import_legacy(path: Path, *, actor: Any = None, progress: ProgressFn | None = None) -> Summary:
    path = Path(path)
    summary = Summary(file=path.name)
    errors = ErrorList(path.name)
    rows = parse(path, errors, progress)
    source = source_label(path)

    # Build the wanted units and check their fields before writing anything.
    wanted_p: dict[str, AdminUnit] = {}
    wanted_d: dict[str, tuple[AdminUnit, str]] = {}
    wanted_c: list[tuple[AdminUnit, str, LegacyRow]] = []
    for row in rows:
        if row.province_code and row.province_code not in wanted_p:
            wanted_p[row.province_code] = AdminUnit(
                level=Level.PROVINCE,
                code=row.province_code,
                name=row.province_name,
                kind=kind_from_name(row.province_name),
                valid_to=REORG,
                source=source,
            )
        if row.district_code and row.district_code not in wanted_d:
            wanted_d[row.district_code] = (
                AdminUnit(
                    level=Level.DISTRICT,
                    code=row.district_code,
                    name=row.district_name,
                    kind=kind_from_name(row.district_name),
                    valid_to=REORG,
                    source=source,
                ),
                row.province_code,
            )
        if row.commune_code:
            unit = AdminUnit(
                level=Level.COMMUNE,
                code=row.commune_code,
                name=row.commune_name,
                kind=row.kind,
                english_name=row.english_name,
                valid_to=REORG,
                source=source,
            )
            for name, message in field_problems(unit):
                errors.add(row.line, name, str(getattr(unit, name, "")), message)
            wanted_c.append((unit, row.district_code, row))
    errors.raise_if_any()

    with transaction.atomic(), audit_source(AuditEvent.Source.IMPORT):
        provinces = _sync(
            list(wanted_p.values()), {}, Level.PROVINCE, "provinces", summary, actor, progress
        )
        districts = _sync(
            [u for u, _p in wanted_d.values()],
            {u.code: provinces[p] for u, p in wanted_d.values()},
            Level.DISTRICT,
            "districts",
            summary,
            actor,
            progress,
        )
        _sync(
            [u for u, _d, _r in wanted_c],
            {u.code: districts[d] for u, d, _r in wanted_c},
            Level.COMMUNE,
            "communes",
            summary,
            actor,
            progress,
        )
    return summary


def _sync(
    wanted: list[AdminUnit],
    parents: dict[str, AdminUnit],
    level: str,
    what: str,
    summary: Summary,
    actor: Any,
    progress: ProgressFn | None,
) -> dict[str, AdminUnit]:
    """Create the missing units, correct the changed ones; return all of them by code."""
    existing = old_units(level)
    to_create: list[AdminUnit] = []
    to_update: list[tuple[AdminUnit, dict[str, Any]]] = []
    for unit in wanted:
        unit.parent = parents.get(unit.code)
        found = existing.get(unit.code)
        if found is None:
            to_create.append(unit)
            existing[unit.code] = unit
            continue
        values = {
            "name": unit.name,
            "kind": unit.kind,
            "parent_id": unit.parent.pk if unit.parent else None,
        }
        if unit.english_name:
            values["english_name"] = unit.english_name
        to_update.append((found, values))
    create_all(to_create, what=what, summary=summary, actor=actor, progress=progress)
    changed = update_all(to_update, what=what, summary=summary, actor=actor)
    if len(to_update) - changed:
        summary.add("unchanged", what, len(to_update) - changed)
    return existing
