"""Broken and messy files: a bad row refuses the whole file, with every error located."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from outpost.core.models import REORGANISATION_DATE as REORG
from outpost.core.models import AuditEvent
from outpost.geo.importers import ImportRefused, import_conversion, import_current, import_legacy
from outpost.geo.importers.conversion import parse_kind
from outpost.geo.importers.reader import split_name_code
from outpost.geo.models import AdminUnit, UnitChange

CONVERSION_HEAD = (
    "Đơn vị hành chính từ ngày 01/7/2025,,,Đơn vị hành chính trước ngày 01/7/2025,,,,,\n"
    '"Tỉnh, thành phố",Tên Xã mới,Mã Xã mới,Tên Xã cũ,Mã Xã cũ,Ghi chú,Quận/huyện,Tỉnh cũ,\n'
    "ĐIỆN BIÊN  ,,,,,,,,\n"
)
LEGACY_HEAD = "Tỉnh Thành Phố,Mã TP,Quận Huyện,Mã QH,Phường Xã,Mã PX,Cấp,Tên Tiếng Anh\n"
LEGACY_ROWS = (
    "Tỉnh Điện Biên,11,Huyện Mường Nhé,096,Xã Sín Thầu,03154,Xã,\n"
    "Tỉnh Điện Biên,11,Huyện Mường Nhé,096,Xã Sen Thượng,03155,Xã,\n"
    "Tỉnh Điện Biên,11,Huyện Mường Nhé,096,Xã Leng Su Sìn,03158,Xã,Leng Su Sin Commune\n"
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def current_sin_thau() -> None:
    province = AdminUnit.objects.create(
        level="province", code="11", name="Tỉnh Điện Biên", kind="Tỉnh", valid_from=REORG
    )
    AdminUnit.objects.create(
        level="commune",
        code="03158",
        name="Xã Sín Thầu",
        kind="Xã",
        parent=province,
        valid_from=REORG,
    )


@pytest.mark.parametrize(
    ("note", "kind", "part_of_area", "whole_population"),
    [
        ("Nhập toàn bộ", "merged_whole", False, False),
        ("Nhập  một phần ", "merged_part", False, False),
        ("Nhâp một phần diện tích", "merged_part", True, False),
        ("Nhập một phần diện tích,\ntoàn bộ dân số", "merged_part", True, True),
        ("Giữ nguyên", "unchanged", False, False),
        ("Đổi tên", "renamed", False, False),
        ("Đổi loại hình", "type_changed", False, False),
        ("Sắp xếp toàn bộ huyện Cồn Cỏ thành đặc khu Cồn Cỏ", "special_zone", False, False),
    ],
)
def test_the_kind_of_change_is_read_from_messy_notes(
    note: str, kind: str, part_of_area: bool, whole_population: bool
) -> None:
    parsed = parse_kind(note)
    assert parsed is not None
    assert (parsed.kind, parsed.part_of_area, parsed.whole_population) == (
        kind,
        part_of_area,
        whole_population,
    )


def test_an_unknown_note_is_not_guessed() -> None:
    assert parse_kind("Chuyển đi nơi khác") is None


def test_codes_in_parentheses_are_split_from_names() -> None:
    assert split_name_code("Huyện  Sông Mã (126) ") == ("Huyện Sông Mã", "126")
    assert split_name_code("THÀNH PHỐ HÀ NỘI") == ("THÀNH PHỐ HÀ NỘI", "")


@pytest.mark.django_db
def test_a_conversion_file_with_bad_rows_is_refused_whole(tmp_path: Path) -> None:
    current_sin_thau()
    import_legacy(write(tmp_path, "legacy.csv", LEGACY_HEAD + LEGACY_ROWS))
    events_before = AuditEvent.objects.count()
    path = write(
        tmp_path,
        "conversion.csv",
        CONVERSION_HEAD + "Tỉnh Điện Biên (11),Xã Sín Thầu,03158,Xã Sín Thầu,03154,Nhập toàn bộ,"
        "Huyện Mường Nhé (096),Tỉnh Điện Biên (11),\n"
        + "Tỉnh Điện Biên (11),Xã Sín Thầu,03158,Xã Sen Thượng,031X5,Nhập toàn bộ,"
        "Huyện Mường Nhé (096),Tỉnh Điện Biên (11),\n"
        + "Tỉnh Điện Biên (11),Xã Sín Thầu,03158,Xã Leng Su Sìn,03158,Chuyển đi,"
        "Huyện Mường Nhé (096),Tỉnh Điện Biên (11),\n",
    )
    with pytest.raises(ImportRefused) as refused:
        import_conversion(path)
    messages = [str(e) for e in refused.value.errors]
    assert messages == [
        "conversion.csv, row 5, column Mã Xã cũ, value '031X5': not a 5-digit commune code",
        "conversion.csv, row 6, column Ghi chú, value 'Chuyển đi': unknown kind of change",
    ]
    assert not UnitChange.objects.exists()
    assert AuditEvent.objects.count() == events_before


@pytest.mark.django_db
def test_the_command_reports_every_error_and_writes_nothing(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "legacy.csv",
        LEGACY_HEAD
        + LEGACY_ROWS
        + "Tỉnh Điện Biên,1X,Huyện Mường Nhé,096,Xã Chung Chải,03160,Xã,\n"
        + "Tỉnh Điện Biên,11,Huyện Mường Nhé,096,Xã Nậm Kè,03161,Bản,\n",
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="2"):
        call_command("geo", "import-legacy", str(path), stderr=err)
    assert "legacy.csv, row 5, column Mã TP, value '1X'" in err.getvalue()
    assert "legacy.csv, row 6, column Cấp, value 'Bản'" in err.getvalue()
    assert not AdminUnit.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_a_conversion_needs_the_current_communes_first(tmp_path: Path) -> None:
    import_legacy(write(tmp_path, "legacy.csv", LEGACY_HEAD + LEGACY_ROWS))
    path = write(
        tmp_path,
        "conversion.csv",
        CONVERSION_HEAD + "Tỉnh Điện Biên (11),Xã Sín Thầu,03158,Xã Sín Thầu,03154,Nhập toàn bộ,"
        "Huyện Mường Nhé (096),Tỉnh Điện Biên (11),\n",
    )
    with pytest.raises(ImportRefused, match="load them first"):
        import_conversion(path)
    current_sin_thau()
    wrong_name = write(
        tmp_path,
        "wrong.csv",
        CONVERSION_HEAD + "Tỉnh Điện Biên (11),Xã Nà Hỳ,03158,Xã Nậm Nhừ,03154,Nhập toàn bộ,"
        "Huyện Mường Nhé (096),Tỉnh Điện Biên (11),\n",
    )
    with pytest.raises(ImportRefused, match=r"row 4, column Mã Xã mới.*'Xã Sín Thầu'"):
        import_conversion(wrong_name)
    assert not UnitChange.objects.exists()


@pytest.mark.django_db
def test_a_small_conversion_links_old_and_new_and_creates_the_missing_old_commune(
    tmp_path: Path,
) -> None:
    current_sin_thau()
    import_legacy(write(tmp_path, "legacy.csv", LEGACY_HEAD + LEGACY_ROWS))
    path = write(
        tmp_path,
        "conversion.csv",
        CONVERSION_HEAD
        + 'Tỉnh Điện Biên (11),"Xã Sín Thầu\n",03158,Xã Leng Su Sìn,03158,"Nhập  toàn bộ\n",'
        "Huyện Mường Nhé (096),Tỉnh Điện Biên (11),\n"
        + "Tỉnh Điện Biên (11),Xã Sín Thầu,03158,Xã Mới Lập,03199,Nhâp một phần diện tích,"
        "Huyện Mường Nhé (096),Tỉnh Điện Biên (11),\n",
    )
    summary = import_conversion(path)
    assert summary.created == {
        "commune changes": 2,
        "old communes": 1,
        "province changes": 1,
    }
    made = AdminUnit.objects.get(code="03199")
    assert (made.valid_to, made.parent.code, made.source) == (REORG, "096", "conversion.csv")
    change = UnitChange.objects.get(from_unit__code="03158")
    assert (change.kind, change.note) == ("merged_whole", "Nhập toàn bộ")
    part = UnitChange.objects.get(from_unit=made)
    assert (part.kind, part.part_of_area) == ("merged_part", True)
    province_change = UnitChange.objects.get(from_unit__level="province")
    assert province_change.kind == "unchanged"
    again = import_conversion(path)
    assert (again.created, again.updated) == ({}, {})


@pytest.mark.django_db
def test_an_official_list_with_a_bad_ward_is_refused(tmp_path: Path) -> None:
    document = [
        {
            "name": "Tỉnh Điện Biên",
            "code": 11,
            "division_type": "tỉnh",
            "wards": [
                {"name": "Xã Sín Thầu", "code": 3158, "division_type": "xã"},
                {"name": "Xã Mường Nhé", "code": "ab", "division_type": "xã"},
                {"name": "Xã Nà Hỳ", "code": 3169, "division_type": "làng"},
            ],
        }
    ]
    path = write(tmp_path, "divisions.json", json.dumps(document, ensure_ascii=False))
    with pytest.raises(ImportRefused) as refused:
        import_current(path)
    columns = [(e.row, e.column, e.value) for e in refused.value.errors]
    assert columns == [
        (1, "wards[2].code", "ab"),
        (1, "wards[3].division_type", "làng"),
    ]
    assert not AdminUnit.objects.exists()


@pytest.mark.django_db
def test_the_official_list_swaps_codes_and_keeps_the_old_ones_in_the_audit_log(
    tmp_path: Path,
) -> None:
    province = AdminUnit.objects.create(
        level="province", code="11", name="Tỉnh Điện Biên", kind="Tỉnh", valid_from=REORG
    )
    for code, name in (("03158", "Xã Sín Thầu"), ("03169", "Xã Nà Hỳ")):
        AdminUnit.objects.create(
            level="commune", code=code, name=name, kind="Xã", parent=province, valid_from=REORG
        )
    document = [
        {
            "name": "Tỉnh Điện Biên",
            "code": 11,
            "division_type": "tỉnh",
            "wards": [
                {"name": "Xã Sín Thầu", "code": 3169, "division_type": "xã"},
                {"name": "Xã Nà Hỳ", "code": 3158, "division_type": "xã"},
                {"name": "Xã Mường Nhé", "code": 3170, "division_type": "xã"},
            ],
        }
    ]
    path = write(tmp_path, "divisions.json", json.dumps(document, ensure_ascii=False))
    summary = import_current(path)
    assert summary.updated == {"communes": 2}
    assert summary.created == {"communes": 1}
    sin_thau = AdminUnit.objects.get(name="Xã Sín Thầu")
    assert sin_thau.code == "03169"
    event = AuditEvent.objects.get(object_id=str(sin_thau.pk), action="update")
    assert (event.changes, event.source) == ({"code": ["03158", "03169"]}, "import")
    assert import_current(path).updated == {}
