"""The village changes sheet, written through the geo services: renames, ends, merges and
splits, each commune code read on the change's date; a file imported twice changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from outpost.core.models import REORGANISATION_DATE, AuditEvent
from outpost.force.services import area_assign
from outpost.geo.models import AdminUnit, UnitChange, Village, VillageChange
from outpost.geo.services import admin_unit_create, village_create
from outpost.imports.spec import VILLAGE_CHANGES
from tests.imports.sheets import errors, events, exported, exported_rows, filled_template, run

pytestmark = pytest.mark.django_db
D = dt.date
SHEET = VILLAGE_CHANGES.title  # "Thay đổi thôn bản - Village cha": 31 characters at most


def changes_file(tmp_path, rows, name="changes.xlsx"):  # type: ignore[no-untyped-def]
    return filled_template(tmp_path / name, "village_changes", {"village_changes": rows})


@pytest.fixture
def villages(world):  # type: ignore[no-untyped-def]
    for name in ("Bản Nậm Kè", "Bản Co Mạ", "Bản Púng", "Bản Cũ"):
        village_create(actor=None, commune=world.commune_a1, name=name)


ROWS = [
    {
        "commune_code": "04087",
        "change": "Đổi tên",
        "villages": "Bản Huổi Lếch",
        "new_names": "Bản Huổi Lếch Mới",
        "effective": D(2025, 8, 1),
        "reason": "Nghị quyết 12",
    },
    {
        "commune_code": "04087",
        "change": "sáp nhập",
        "villages": "Bản Nậm Kè; Bản Co Mạ",
        "new_names": "Bản Nậm Co",
        "effective": D(2025, 9, 1),
        "reason": "Nghị quyết 13",
    },
    {
        "commune_code": "04087",
        "change": "split",
        "villages": "Bản Púng",
        "new_names": "Bản Púng Trên; Bản Púng Dưới",
        "effective": D(2025, 9, 1),
    },
    {
        "commune_code": "04087",
        "change": "giải thể",
        "villages": "Bản Cũ",
        "effective": D(2025, 10, 1),
        "reason": "Dân chuyển đi",
    },
]


def open_names(commune: AdminUnit) -> list[str]:
    return sorted(
        Village.objects.filter(commune=commune, valid_to__isnull=True).values_list(
            "name", flat=True
        )
    )


def test_a_filled_template_renames_merges_splits_and_ends_villages_through_the_services(
    world, villages, tmp_path
):
    report = run(world, changes_file(tmp_path, ROWS))
    assert report.ok and report.written, report.errors
    assert open_names(world.commune_a1) == [
        "Bản Huổi Lếch Mới",
        "Bản Nậm Co",
        "Bản Púng Dưới",
        "Bản Púng Trên",
    ]
    assert Village.objects.get(pk=world.village_a1.pk).name == "Bản Huổi Lếch Mới"
    kinds = sorted(VillageChange.objects.values_list("kind", flat=True))
    assert kinds == ["merged_whole", "merged_whole", "renamed", "split", "split"]
    ended = Village.objects.get(name="Bản Cũ")
    assert (ended.valid_to, ended.end_reason) == (D(2025, 10, 1), "Dân chuyển đi")
    sources = {e.source for e in AuditEvent.objects.filter(object_type="geo.villagechange")}
    assert sources == {AuditEvent.Source.IMPORT}


def test_importing_the_changes_again_changes_nothing(world, villages, tmp_path):
    path = changes_file(tmp_path, ROWS)
    assert run(world, path).ok
    before = (Village.objects.count(), VillageChange.objects.count(), events())
    again = run(world, path)
    assert again.ok, again.errors
    assert again.counts()["village_changes"] == {"create": 0, "update": 0, "unchanged": 4}
    assert (Village.objects.count(), VillageChange.objects.count(), events()) == before


def test_the_export_lists_the_recorded_changes_and_imports_back_unchanged(
    world, villages, tmp_path
):
    assert run(world, changes_file(tmp_path, ROWS)).ok
    export = exported(world, "officer_a", "village_changes", tmp_path / "export.xlsx")
    rows = exported_rows(export)
    assert [tuple(r[1:4]) for r in rows[1:]] == [
        ("rename", "Bản Huổi Lếch", "Bản Huổi Lếch Mới"),
        ("merge", "Bản Co Mạ; Bản Nậm Kè", "Bản Nậm Co"),
        ("split", "Bản Púng", "Bản Púng Dưới; Bản Púng Trên"),
        ("end", "Bản Cũ", None),
    ]
    before = events()
    again = run(world, export)
    assert again.ok, again.errors
    assert again.counts()["village_changes"]["unchanged"] == 4
    assert events() == before


def test_another_posts_export_shows_none_of_these_changes(world, villages, tmp_path):
    assert run(world, changes_file(tmp_path, ROWS)).ok
    export = exported(world, "officer_b", "village_changes", tmp_path / "b.xlsx")
    assert exported_rows(export)[1:] == []


def test_bad_rows_are_refused_on_their_cells_and_nothing_is_written(world, villages, tmp_path):
    village_create(actor=None, commune=world.commune_a1, name="Bản Púng Trên")
    bad = [
        ROWS[0],
        {**ROWS[1], "villages": "Bản Nậm Kè"},  # a merge of one village
        {**ROWS[2]},  # a part named like an open village
        {**ROWS[3], "villages": "Bản Không Có"},  # no such village
        {**ROWS[0], "villages": "Bản Pá Lông", "commune_code": "04240"},  # another post's
    ]
    before = (Village.objects.count(), VillageChange.objects.count(), events())
    report = run(world, changes_file(tmp_path, bad))
    assert not report.written
    found = errors(report)
    assert (SHEET, 3, "Thôn bản / Village(s)", "Bản Nậm Kè") in found
    assert (SHEET, 4, "Tên mới / New name(s)", "Bản Púng Trên; Bản Púng Dưới") in found
    assert (SHEET, 5, "Thôn bản / Village(s)", "Bản Không Có") in found
    assert (SHEET, 6, "Mã xã / Commune code", "04240") in found
    assert len(found) == 4, report.errors
    messages = " ".join(e.message for e in report.errors)
    assert "already has a village named Bản Púng Trên" in messages
    assert "no open village named Bản Không Có" in messages
    assert (Village.objects.count(), VillageChange.objects.count(), events()) == before
    assert Village.objects.get(pk=world.village_a1.pk).name == "Bản Huổi Lếch"


def test_a_reused_commune_code_is_read_on_the_changes_date(world, tmp_path):
    reorg = REORGANISATION_DATE
    old = admin_unit_create(
        actor=None,
        level="commune",
        code="03158",
        name="Xã Leng Su Sìn",
        parent=world.old_commune_a1.parent,  # an area stays within the command's province
        valid_to=reorg,
    )
    new = admin_unit_create(
        actor=None,
        level="commune",
        code="03158",
        name="Xã Sín Thầu",
        parent=world.province,
        valid_from=reorg,
    )
    area_assign(actor=None, force_unit=world.post_a, commune=old, valid_to=reorg)
    area_assign(actor=None, force_unit=world.post_a, commune=new, valid_from=reorg)
    for commune in (old, new):
        village_create(actor=None, commune=commune, name="Bản Sen")
    rows = [
        {
            "commune_code": "03158",
            "change": "end",
            "villages": "Bản Sen",
            "effective": D(2024, 5, 1),
        },
        {
            "commune_code": "03158",
            "change": "rename",
            "villages": "Bản Sen",
            "new_names": "Bản Sen Mới",
            "effective": D(2026, 1, 1),
        },
    ]
    report = run(world, changes_file(tmp_path, rows))
    assert report.ok, report.errors
    assert Village.objects.get(commune=old).valid_to == D(2024, 5, 1)
    assert Village.objects.get(commune=new).name == "Bản Sen Mới"
    change = VillageChange.objects.get()
    assert (change.kind, change.to_village.commune_id) == (UnitChange.Kind.RENAMED, new.pk)


def test_the_sheets_refusals_read_in_vietnamese(world, villages, tmp_path):
    from django.utils import translation

    bad = [{**ROWS[1], "villages": "Bản Nậm Kè"}, {**ROWS[3], "villages": "Bản Không Có"}]
    with translation.override("vi"):
        report = run(world, changes_file(tmp_path, bad))
    messages = [e.message for e in report.errors]
    assert "Ghi ít nhất 2 tên khác nhau ở ô này, cách nhau bằng dấu ;." in messages
    assert any("không có thôn bản nào đang tồn tại tên là Bản Không Có" in m for m in messages)
