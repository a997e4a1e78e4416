"""The units after the 1 July 2025 reorganisation: 34 provinces and their communes.

Two sources:
- `load_current()`: the draft list shipped with the `vietnam-provinces` package. It only
  fills gaps: it creates the units that are missing and never changes existing ones, so it
  cannot undo corrections made from the official file.
- `import_current(path)`: the official list (nested JSON: provinces -> wards). It corrects
  the codes and names of existing current units, matched within their province by name
  (exact, then folded if that is unambiguous) and then by code; it creates the missing ones.
  Old values are kept in the audit log.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from outpost.core.audit import audit_source
from outpost.core.models import AuditEvent
from outpost.core.text import fold, squash
from outpost.geo.importers.reader import (
    REORG,
    ErrorList,
    ProgressFn,
    Summary,
    kind_from_label,
    match_key,
    parse_code,
)
from outpost.geo.importers.writer import create_all, field_problems, update_all
from outpost.geo.models import AdminUnit

PACKAGE_SOURCE = "vietnam-provinces 2025.10.1"
COMMUNE_KINDS = {"Xã", "Phường", "Đặc khu"}
PROVINCE_KINDS = {"Tỉnh", "Thành phố"}
Level = AdminUnit.Level


@dataclass(frozen=True)
class UnitSpec:
    where: str  # for error messages: "province 01, ward 3"
    code: str
    name: str
    kind: str
    province_code: str = ""


def _full_name(name: str, kind: str) -> str:
    """The package names provinces without their type ("Cao Bằng"); the official file
    writes "Tỉnh Cao Bằng". Both become the official form."""
    name = squash(name)
    if kind and not fold(name).startswith(fold(kind) + " "):
        return f"{kind} {name}"
    return name


def parse_nested(path: Path, errors: ErrorList) -> tuple[list[UnitSpec], list[UnitSpec]]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        errors.whole_file(_("cannot read the file: %(why)s") % {"why": exc})
        return [], []
    if not isinstance(data, list):
        errors.whole_file(_("expected a list of provinces"))
        return [], []
    provinces: list[UnitSpec] = []
    communes: list[UnitSpec] = []
    for p_index, province in enumerate(data, start=1):
        if not isinstance(province, dict):
            errors.add(p_index, "province", str(province)[:40], _("not a province object"))
            continue
        p_code = parse_code(str(province.get("code", "")), 2)
        p_kind = kind_from_label(str(province.get("division_type", "")))
        if p_code is None:
            errors.add(p_index, "code", str(province.get("code")), _("not a province code"))
        if p_kind not in PROVINCE_KINDS:
            errors.add(
                p_index,
                "division_type",
                str(province.get("division_type")),
                _("unknown province type"),
            )
        p_name = _full_name(str(province.get("name", "")), p_kind)
        provinces.append(UnitSpec(f"{p_index}", p_code or "", p_name, p_kind))
        for w_index, ward in enumerate(province.get("wards") or [], start=1):
            where = f"{p_index}.{w_index}"
            code = parse_code(str(ward.get("code", "")), 5)
            kind = kind_from_label(str(ward.get("division_type", "")))
            name = squash(str(ward.get("name", "")))
            if code is None:
                errors.add(
                    p_index,
                    f"wards[{w_index}].code",
                    str(ward.get("code")),
                    _("not a commune code"),
                )
            if kind not in COMMUNE_KINDS:
                errors.add(
                    p_index,
                    f"wards[{w_index}].division_type",
                    str(ward.get("division_type")),
                    _("unknown commune type"),
                )
            if not name:
                errors.add(p_index, f"wards[{w_index}].name", "", _("the name is missing"))
            communes.append(UnitSpec(where, code or "", name, kind, p_code or ""))
    _check_unique(provinces, "code", errors)
    _check_unique(communes, "wards.code", errors)
    return provinces, communes


def _check_unique(specs: list[UnitSpec], column: str, errors: ErrorList) -> None:
    seen: dict[str, str] = {}
    for spec in specs:
        if not spec.code:
            continue
        if spec.code in seen:
            errors.add(
                int(spec.where.split(".")[0]),
                column,
                spec.code,
                _("the code is used twice (also at %(where)s)") % {"where": seen[spec.code]},
            )
        seen.setdefault(spec.code, spec.where)


def current_units(level: str) -> list[AdminUnit]:
    return list(AdminUnit.objects.filter(level=level, valid_from=REORG))


def load_current(*, actor: Any = None, progress: ProgressFn | None = None) -> Summary:
    import vietnam_provinces

    path = Path(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH)
    return _import(path, PACKAGE_SOURCE, correct=False, actor=actor, progress=progress)


def import_current(path: Path, *, actor: Any = None, progress: ProgressFn | None = None) -> Summary:
    path = Path(path)
    return _import(path, path.name[:60], correct=True, actor=actor, progress=progress)


def _import(
    path: Path, source: str, *, correct: bool, actor: Any, progress: ProgressFn | None
) -> Summary:
    summary = Summary(file=path.name)
    errors = ErrorList(path.name)
    p_specs, c_specs = parse_nested(path, errors)
    for spec in p_specs + c_specs:
        if not spec.code or not spec.kind:
            continue  # already reported
        probe = AdminUnit(
            level=Level.COMMUNE, code=spec.code, name=spec.name, kind=spec.kind, source=source
        )
        for name, message in field_problems(probe):
            errors.add(int(spec.where.split(".")[0]), name, str(getattr(probe, name)), message)
    errors.raise_if_any()

    with transaction.atomic(), audit_source(AuditEvent.Source.IMPORT):
        provinces = _sync_provinces(p_specs, source, correct, summary, actor)
        _sync_communes(c_specs, provinces, source, correct, summary, actor, progress, errors)
        errors.raise_if_any()  # rolls the transaction back
    return summary


def _sync_provinces(
    specs: list[UnitSpec], source: str, correct: bool, summary: Summary, actor: Any
) -> dict[str, AdminUnit]:
    existing = {u.code: u for u in current_units(Level.PROVINCE)}
    to_create: list[AdminUnit] = []
    to_update: list[tuple[AdminUnit, dict[str, Any]]] = []
    for spec in specs:
        found = existing.get(spec.code)
        if found is None:
            unit = AdminUnit(
                level=Level.PROVINCE,
                code=spec.code,
                name=spec.name,
                kind=spec.kind,
                valid_from=REORG,
                source=source,
            )
            to_create.append(unit)
            existing[spec.code] = unit
        elif correct:
            to_update.append((found, {"name": spec.name, "kind": spec.kind}))
    create_all(to_create, what="provinces", summary=summary, actor=actor)
    changed = update_all(to_update, what="provinces", summary=summary, actor=actor, note=source)
    unchanged = len(specs) - len(to_create) - changed
    if unchanged:
        summary.add("unchanged", "provinces", unchanged)
    return existing


def _sync_communes(
    specs: list[UnitSpec],
    provinces: dict[str, AdminUnit],
    source: str,
    correct: bool,
    summary: Summary,
    actor: Any,
    progress: ProgressFn | None,
    errors: ErrorList,
) -> None:
    units = current_units(Level.COMMUNE)
    by_exact: dict[tuple[int | None, str], list[AdminUnit]] = {}
    by_key: dict[tuple[int | None, str], list[AdminUnit]] = {}
    by_code: dict[str, AdminUnit] = {}
    for u in units:
        by_exact.setdefault((u.parent_id, squash(u.name)), []).append(u)
        by_key.setdefault((u.parent_id, match_key(u.name)), []).append(u)
        by_code[u.code] = u
    taken: set[int] = set()

    def pick(candidates: list[AdminUnit], code: str) -> AdminUnit | None:
        free = [u for u in candidates if u.pk not in taken]
        if len(free) == 1:
            return free[0]
        same_code = [u for u in free if u.code == code]
        return same_code[0] if len(same_code) == 1 else None

    # Pass 1 by name, pass 2 by code for the rest, so that a code cannot steal a unit that
    # another row names.
    found_for: dict[int, AdminUnit] = {}
    for index, spec in enumerate(specs):
        province = provinces[spec.province_code]
        found = pick(by_exact.get((province.pk, spec.name), []), spec.code)
        if found is None:
            found = pick(by_key.get((province.pk, match_key(spec.name)), []), spec.code)
        if found is not None:
            taken.add(found.pk)
            found_for[index] = found
    for index, spec in enumerate(specs):
        if index in found_for:
            continue
        same_code = by_code.get(spec.code)
        province = provinces[spec.province_code]
        if (
            same_code is not None
            and same_code.pk not in taken
            and same_code.parent_id == province.pk
        ):
            taken.add(same_code.pk)
            found_for[index] = same_code

    matched: list[tuple[UnitSpec, AdminUnit]] = []
    to_create: list[AdminUnit] = []
    for index, spec in enumerate(specs):
        if index in found_for:
            matched.append((spec, found_for[index]))
            continue
        to_create.append(
            AdminUnit(
                level=Level.COMMUNE,
                code=spec.code,
                name=spec.name,
                kind=spec.kind,
                parent=provinces[spec.province_code],
                valid_from=REORG,
                source=source,
            )
        )

    if not correct:
        # The draft list fills gaps only; a unit whose code is taken is left for the official
        # file to sort out.
        used = {u.code for u in units}
        to_create = [u for u in to_create if u.code not in used]
        summary.add("unchanged", "communes", len(matched))
        create_all(to_create, what="communes", summary=summary, actor=actor, progress=progress)
        return

    # Current communes the file does not name keep their codes: the file may not reuse them.
    untouched = {u.code: u for u in units if u.pk not in taken}
    for spec in specs:
        if spec.code in untouched:
            errors.add(
                int(spec.where.split(".")[0]),
                "wards.code",
                spec.code,
                _("the code belongs to '%(name)s' in the database, which is not in the file")
                % {"name": untouched[spec.code].name},
            )
    if errors:
        return

    # Codes may be swapped between units: move the changing ones out of the way first (the
    # audit log records the real old and new codes).
    recoded = [u for spec, u in matched if u.code != spec.code]
    if recoded:
        original = {u.pk: u.code for u in recoded}
        for u in recoded:
            u.code = f"~{u.pk}"
        AdminUnit.objects.bulk_update(recoded, ["code"], batch_size=1000)
        for u in recoded:
            u.code = original[u.pk]
    changed = update_all(
        [(u, {"code": spec.code, "name": spec.name, "kind": spec.kind}) for spec, u in matched],
        what="communes",
        summary=summary,
        actor=actor,
        note=source,
    )
    if len(matched) - changed:
        summary.add("unchanged", "communes", len(matched) - changed)
    create_all(to_create, what="communes", summary=summary, actor=actor, progress=progress)
