"""The official unit files, imported for real: the current list (draft package, then the
official file), the list before 2025, and the conversion table.

The files are imported once for this module (inside a transaction rolled back at the end) and
every test reads the result."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import vietnam_provinces
from django.core.management import call_command

from outpost.core.models import REORGANISATION_DATE as REORG
from outpost.core.models import AuditEvent
from outpost.geo.importers import (
    Summary,
    import_conversion,
    import_current,
    import_legacy,
    load_current,
)
from outpost.geo.models import AdminUnit, UnitChange

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "vn-admin"
LEGACY = DATA / "communes-2025-01-04.csv"
CONVERSION = DATA / "conversion-2025-07.csv"
OFFICIAL = DATA / "divisions-2026-02.json"
FIVE_DIGITS = re.compile(r"^\d{5}$")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not DATA.is_dir(), reason="the official unit files are not available"),
]


def csv_records(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@dataclass
class Loaded:
    first: dict[str, Summary]
    second: dict[str, Summary]
    events_after_first: int
    events_after_second: int
    units_after_first: int
    units_after_second: int
    changes_after_first: int
    changes_after_second: int


def import_all() -> dict[str, Summary]:
    return {
        "package": load_current(),
        "official": import_current(OFFICIAL),
        "legacy": import_legacy(LEGACY),
        "conversion": import_conversion(CONVERSION),
    }


@pytest.fixture(scope="module")
def loaded(shared_database: Any, django_db_blocker: Any) -> Any:
    with django_db_blocker.unblock(), shared_database.scratch():
        first = import_all()
        counts_first = (
            AuditEvent.objects.count(),
            AdminUnit.objects.count(),
            UnitChange.objects.count(),
        )
        second = import_all()
        yield Loaded(
            first=first,
            second=second,
            events_after_first=counts_first[0],
            events_after_second=AuditEvent.objects.count(),
            units_after_first=counts_first[1],
            units_after_second=AdminUnit.objects.count(),
            changes_after_first=counts_first[2],
            changes_after_second=UnitChange.objects.count(),
        )


def old(level: str) -> Any:
    return AdminUnit.objects.filter(level=level, valid_to=REORG, valid_from__isnull=True)


def current(level: str) -> Any:
    return AdminUnit.objects.filter(level=level, valid_from=REORG, valid_to__isnull=True)


@pytest.mark.django_db
def test_legacy_list_gives_every_commune_with_its_district_and_province(loaded: Loaded) -> None:
    rows = csv_records(LEGACY)[1:]
    commune_rows = [r for r in rows if FIVE_DIGITS.match(r[5])]
    assert len(rows) == 10_056
    # 5 rows are island districts without communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn,
    # Côn Đảo): they give a district, not a commune.
    assert len(commune_rows) == 10_051
    assert loaded.first["legacy"].created == {
        "communes": 10_051,
        "districts": len({r[3] for r in rows}),
        "provinces": 63,
    }
    # 10 more old communes come from the conversion table (changed between January and July).
    assert old(AdminUnit.Level.COMMUNE).filter(source=LEGACY.name).count() == 10_051
    assert old(AdminUnit.Level.PROVINCE).count() == 63
    orphans = (
        old(AdminUnit.Level.COMMUNE)
        .filter(source=LEGACY.name)
        .exclude(
            parent__level=AdminUnit.Level.DISTRICT, parent__parent__level=AdminUnit.Level.PROVINCE
        )
    )
    assert not orphans.exists()
    vinh_phuc = old(AdminUnit.Level.COMMUNE).get(code="00006")
    assert (vinh_phuc.name, vinh_phuc.kind, vinh_phuc.english_name) == (
        "Phường Vĩnh Phúc",
        "Phường",
        "Vinh Phuc Commune",
    )
    assert vinh_phuc.parent.code == "001" and vinh_phuc.parent.parent.code == "01"
    assert old(AdminUnit.Level.COMMUNE).filter(kind="Thị trấn").count() == 618
    assert old(AdminUnit.Level.DISTRICT).get(code="318").name == "Huyện Bạch Long Vĩ"


@pytest.mark.django_db
def test_current_list_has_every_commune_with_the_official_codes(loaded: Loaded) -> None:
    official = json.loads(OFFICIAL.read_text(encoding="utf-8"))
    package = json.loads(Path(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH).read_text("utf-8"))
    official_codes = {f"{w['code']:05d}" for p in official for w in p["wards"]}
    package_codes = {f"{w['code']:05d}" for p in package for w in p["wards"]}
    assert len(official_codes - package_codes) == 114  # the draft list differs on these

    communes = current(AdminUnit.Level.COMMUNE)
    assert communes.count() == 3_321
    assert set(communes.values_list("code", flat=True)) == official_codes
    assert current(AdminUnit.Level.PROVINCE).count() == 34
    # Phường Cửa Nam (Hà Nội) is 00073 in the draft and 00082 in the official list.
    cua_nam = communes.get(name="Phường Cửa Nam")
    assert cua_nam.code == "00082" and cua_nam.parent.code == "01"
    assert cua_nam.source == "vietnam-provinces 2025.10.1"
    corrected = AuditEvent.objects.filter(
        object_type="geo.adminunit",
        object_id=str(cua_nam.pk),
        action=AuditEvent.Action.UPDATE,
        source=AuditEvent.Source.IMPORT,
    ).get()
    assert corrected.changes["code"] == ["00073", "00082"]
    assert communes.get(code="03158").name == "Xã Sín Thầu"
    assert current(AdminUnit.Level.PROVINCE).get(code="14").name == "Tỉnh Sơn La"
    assert communes.filter(kind="Đặc khu").count() == 13


@pytest.mark.django_db
def test_conversion_gives_a_lineage_row_for_every_data_row(loaded: Loaded) -> None:
    records = csv_records(CONVERSION)
    data_rows = [
        r for r in records if FIVE_DIGITS.match(r[2].strip()) and FIVE_DIGITS.match(r[4].strip())
    ]
    district_rows = [r for r in records if FIVE_DIGITS.match(r[2].strip()) and not r[4].strip()]
    assert len(data_rows) == 10_565
    commune_changes = UnitChange.objects.filter(
        effective=REORG, from_unit__level="commune", to_unit__level="commune"
    )
    assert commune_changes.count() == len(data_rows)
    from_districts = UnitChange.objects.filter(from_unit__level="district")
    assert from_districts.count() == len(district_rows) == 6
    assert from_districts.filter(kind=UnitChange.Kind.SPECIAL_ZONE).count() == 5

    def change(old_code: str, new_code: str) -> UnitChange:
        return commune_changes.get(from_unit__code=old_code, to_unit__code=new_code)

    assert change("04084", "04087").kind == UnitChange.Kind.MERGED_WHOLE  # Chiềng On
    assert change("04099", "04099").kind == UnitChange.Kind.UNCHANGED  # Phiêng Khoài
    assert change("04240", "04240").kind == UnitChange.Kind.UNCHANGED  # Mường Lèo
    assert change("03171", "03169").to_unit.name == "Xã Nà Hỳ"
    assert change("04216", "04204").from_unit.name == "Xã Mường Cai"
    partial_area = commune_changes.filter(part_of_area=True)
    assert partial_area.count() == 83 + 58
    assert partial_area.filter(whole_population=True).count() == 58
    assert commune_changes.filter(kind=UnitChange.Kind.MERGED_PART).count() > 800
    # The raw note is kept, squashed (no newlines, no doubled spaces).
    assert not commune_changes.filter(note__contains="\n").exists()
    assert not commune_changes.filter(note__contains="  ").exists()
    # Province lineage: 63 old provinces into 34.
    provinces = UnitChange.objects.filter(from_unit__level="province")
    assert provinces.count() == 63
    assert provinces.filter(kind=UnitChange.Kind.UNCHANGED).count() == 11
    assert provinces.filter(to_unit__code="14", from_unit__code="14").exists()
    events = AuditEvent.objects.filter(object_type="geo.unitchange", source="import")
    assert events.count() == UnitChange.objects.count()


@pytest.mark.django_db
def test_lineage_command_shows_the_three_communes_merged_into_sin_thau(loaded: Loaded) -> None:
    out = io.StringIO()
    call_command("geo", "lineage", "03158", "--json", stdout=out)
    document = json.loads(out.getvalue())
    assert (document["code"], document["on"]) == ("03158", None)
    old_unit, new_unit = document["units"]
    assert (old_unit["unit"]["name"], old_unit["unit"]["valid_to"]) == (
        "Xã Leng Su Sìn",
        "2025-07-01",
    )
    assert [s["name"] for s in old_unit["successors"]] == ["Xã Sín Thầu"]
    assert (new_unit["unit"]["name"], new_unit["unit"]["valid_from"]) == (
        "Xã Sín Thầu",
        "2025-07-01",
    )
    predecessors = [(p["code"], p["name"], p["kind"]) for p in new_unit["predecessors"]]
    assert predecessors == [
        ("03154", "Xã Sín Thầu", "merged_whole"),
        ("03155", "Xã Sen Thượng", "merged_whole"),
        ("03158", "Xã Leng Su Sìn", "merged_whole"),
    ]

    on_the_day = io.StringIO()
    call_command("geo", "lineage", "03158", "--on", "2025-07-01", "--json", stdout=on_the_day)
    assert [u["unit"]["name"] for u in json.loads(on_the_day.getvalue())["units"]] == [
        "Xã Sín Thầu"
    ]


@pytest.mark.django_db
def test_a_second_import_of_each_file_changes_nothing(loaded: Loaded) -> None:
    for name, summary in loaded.second.items():
        assert (name, summary.created, summary.updated) == (name, {}, {})
    assert loaded.second["legacy"].unchanged["communes"] == 10_051
    assert loaded.second["official"].unchanged["communes"] == 3_321
    assert loaded.second["conversion"].unchanged["commune changes"] == 10_571
    assert loaded.events_after_second == loaded.events_after_first
    assert loaded.units_after_second == loaded.units_after_first
    assert loaded.changes_after_second == loaded.changes_after_first


@pytest.mark.django_db
def test_every_imported_row_has_an_import_audit_event(loaded: Loaded) -> None:
    created = sum(s.total_created for s in loaded.first.values())
    updated = sum(s.total_updated for s in loaded.first.values())
    imported = AuditEvent.objects.filter(source=AuditEvent.Source.IMPORT)
    assert imported.filter(action=AuditEvent.Action.CREATE).count() == created
    assert imported.filter(action=AuditEvent.Action.UPDATE).count() == updated
    assert loaded.first["official"].updated["communes"] >= 114


def test_codes_the_reorganisation_reused_are_read_on_the_date_of_the_record(loaded: Loaded) -> None:
    from outpost.geo import codes

    communes = (AdminUnit.Level.COMMUNE,)
    old_names = dict(old("commune").values_list("code", "name"))
    new_names = dict(current("commune").values_list("code", "name"))
    reused = old_names.keys() & new_names.keys()
    renamed = {c for c in reused if old_names[c] != new_names[c]}  # another commune's name now
    assert (len(reused), len(renamed)) == (3_316, 2_186)
    on_2023 = codes.resolve("03158", dt.date(2023, 5, 1), levels=communes)
    on_2026 = codes.resolve("03158", dt.date(2026, 1, 10), levels=communes)
    assert (on_2023.name, on_2023.valid_to) == ("Xã Leng Su Sìn", REORG)
    assert (on_2026.name, on_2026.valid_from) == ("Xã Sín Thầu", REORG)
    with pytest.raises(codes.AmbiguousCode) as caught:
        codes.resolve("03158", codes.Period.year(2025), levels=communes)
    assert str(caught.value) == (
        "03158 in 2025 is Xã Leng Su Sìn (until 2025-06-30) or Xã Sín Thầu (from 2025-07-01): "
        "write 03158@2025-01-01 or 03158@2025-07-01."
    )
