"""The self-governing groups sheet and their member households, written through the security
services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from outpost.border.services import marker_create, segment_create
from outpost.core.audit import history
from outpost.core.models import AuditEvent
from outpost.people.services import household_create
from outpost.security.models import GroupMembership, SelfGoverningGroup
from outpost.security.services import group_create
from tests.imports.sheets import errors, events, exported, exported_rows, filled_template, run

pytestmark = pytest.mark.django_db
D = dt.date
GROUPS = "Tổ tự quản - Groups"
MEMBERS = "Hộ tổ tự quản - Group members"
SEGMENT = "Mốc 79 - Mốc 82"
MARKERS_GROUP = "Tổ tự quản mốc 79"
ORDER_GROUP = "Tổ an ninh trật tự bản Huổi Lếch"

GROUP_ROWS = [
    {
        "commune_code": "04087",
        "village": "Bản Huổi Lếch",
        "group": MARKERS_GROUP,
        "kind": "đường biên mốc giới",
        "founded_on": D(2024, 5, 1),
        "segment": SEGMENT,
        "markers": "79, 80",
    },
    {
        "commune_code": "04087",
        "village": "ban huoi lech",
        "group": ORDER_GROUP,
        "kind": "an ninh trật tự",
        "founded_on": D(2023, 1, 10),
    },
]
MEMBER_ROWS = [
    {
        "commune_code": "04087",
        "village": "Bản Huổi Lếch",
        "group": MARKERS_GROUP,
        "household_code": "HL-01",
        "valid_from": D(2024, 5, 1),
    },
    {
        "commune_code": "04087",
        "village": "Bản Huổi Lếch",
        "group": MARKERS_GROUP,
        "household_code": "HL-02",
        "valid_from": D(2024, 5, 1),
        "valid_to": D(2025, 3, 1),
        "end_reason": "Chuyển đi",
    },
    {
        "commune_code": "04087",
        "village": "Bản Huổi Lếch",
        "group": ORDER_GROUP,
        "household_code": "HL-02",
        "valid_from": D(2023, 2, 1),
    },
]


@pytest.fixture
def line(world: Any) -> dict[str, Any]:
    segment = segment_create(
        actor=None,
        post=world.post_a,
        commune=world.commune_a1,
        country="LA",
        name=SEGMENT,
        length_km=Decimal("21.5"),
    )
    return {
        "segment": segment,
        "markers": {
            n: marker_create(actor=None, segment=segment, number=n) for n in ["79", "80", "81"]
        },
        "homes": {
            code: household_create(actor=None, village=world.village_a1, code=code)
            for code in ("HL-01", "HL-02", "HL-03")
        },
        "pl": household_create(actor=None, village=world.village_b1, code="PL-01"),
    }


def groups_file(tmp_path, groups=GROUP_ROWS, members=MEMBER_ROWS, name="g.xlsx"):  # type: ignore[no-untyped-def]
    return filled_template(
        tmp_path / name,
        "self_governing_groups",
        {"self_governing_groups": groups, "group_members": members},
    )


def test_a_filled_template_founds_the_groups_then_adds_and_ends_their_members(
    world, line, tmp_path
):
    report = run(world, groups_file(tmp_path))
    assert report.ok and report.written, report.errors
    markers_group = SelfGoverningGroup.objects.get(name=MARKERS_GROUP)
    assert (markers_group.kind, markers_group.village, markers_group.segment) == (
        "border_line_markers",
        world.village_a1,
        line["segment"],
    )
    assert sorted(m.number for m in markers_group.markers.all()) == ["79", "80"]
    order = SelfGoverningGroup.objects.get(name=ORDER_GROUP)
    assert (order.kind, order.founded_on, order.segment) == ("security_order", D(2023, 1, 10), None)
    members = {
        (m.group.name, m.household.code): (m.valid_from, m.valid_to, m.end_reason)
        for m in GroupMembership.objects.select_related("group", "household")
    }
    assert members == {
        (MARKERS_GROUP, "HL-01"): (D(2024, 5, 1), None, ""),
        (MARKERS_GROUP, "HL-02"): (D(2024, 5, 1), D(2025, 3, 1), "Chuyển đi"),
        (ORDER_GROUP, "HL-02"): (D(2023, 2, 1), None, ""),
    }
    (created,) = history(markers_group)
    assert (created.action, created.source) == ("create", AuditEvent.Source.IMPORT)
    assert created.actor == world.users["officer_a"]
    assert created.changes["markers"][1] == sorted(m.pk for m in markers_group.markers.all())
    left = GroupMembership.objects.get(household__code="HL-02", group=markers_group)
    assert [e.action for e in history(left).order_by("pk")] == ["create", "end"]


def test_importing_the_groups_again_adds_nothing(world, line, tmp_path):
    path = groups_file(tmp_path)
    assert run(world, path).ok
    before = (SelfGoverningGroup.objects.count(), GroupMembership.objects.count(), events())
    again = run(world, path)
    assert again.ok
    assert again.counts() == {
        "self_governing_groups": {"create": 0, "update": 0, "unchanged": 2},
        "group_members": {"create": 0, "update": 0, "unchanged": 3},
    }
    assert (
        SelfGoverningGroup.objects.count(),
        GroupMembership.objects.count(),
        events(),
    ) == before


def test_the_exports_import_back_unchanged_and_a_dissolving_date_dissolves_the_group(
    world, line, tmp_path
):
    assert run(world, groups_file(tmp_path)).ok
    before = events()
    groups = exported(world, "officer_a", "self_governing_groups", tmp_path / "groups.xlsx")
    members = exported(world, "officer_a", "group_members", tmp_path / "members.xlsx")
    assert len(exported_rows(groups)) == 3 and len(exported_rows(members)) == 4
    for path in (groups, members):
        report = run(world, path)
        assert report.ok and report.written, report.errors
        assert all(c["create"] == c["update"] == 0 for c in report.counts().values())
    assert events() == before

    wb = load_workbook(groups)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[headers.index("Tên tổ tự quản / Group name")].value == ORDER_GROUP:
            row[headers.index("Ngày giải thể / Dissolved on")].value = D(2025, 12, 1)
            row[headers.index("Lý do giải thể / Reason dissolved")].value = "Sáp nhập"
        else:
            row[headers.index("Mốc tự quản / Markers")].value = "79, 80, 81"
    wb.save(groups)
    report = run(world, groups)
    assert report.counts()["self_governing_groups"] == {"create": 0, "update": 2, "unchanged": 0}
    order = SelfGoverningGroup.objects.get(name=ORDER_GROUP)
    assert (order.dissolved_on, order.dissolve_reason) == (D(2025, 12, 1), "Sáp nhập")
    assert GroupMembership.objects.get(group=order).valid_to == D(2025, 12, 1)
    markers_group = SelfGoverningGroup.objects.get(name=MARKERS_GROUP)
    assert sorted(m.number for m in markers_group.markers.all()) == ["79", "80", "81"]
    assert GroupMembership.objects.filter(group=markers_group, valid_to__isnull=True).count() == 1
    # dissolving, its member leaving, the markers replaced
    assert events() == before + 3


def test_bad_rows_are_refused_on_their_cells_and_nothing_is_written(world, line, tmp_path):
    group_create(
        actor=None,
        kind="security_order",
        village=world.village_a1,
        name="Tổ tự quản số 2",
        founded_on=D(2022, 1, 1),
    )
    groups = [
        *GROUP_ROWS,
        {**GROUP_ROWS[0], "group": "Tổ mốc 99", "markers": "99"},
        {
            **GROUP_ROWS[1],
            "group": "Tổ tự quản số 2",
            "founded_on": D(2022, 1, 1),
            "kind": "border line markers",
        },
        {**GROUP_ROWS[1], "group": "Tổ mới", "dissolve_reason": "Không hoạt động"},
    ]
    members = [
        *MEMBER_ROWS,
        {**MEMBER_ROWS[0], "household_code": "PL-01"},
        {**MEMBER_ROWS[0], "household_code": "HL-03", "valid_from": D(2024, 4, 1)},
        {**MEMBER_ROWS[0], "group": "Tổ không có"},
        {**MEMBER_ROWS[2], "household_code": "HL-03", "valid_to": D(2025, 1, 1)},
    ]
    before = (SelfGoverningGroup.objects.count(), GroupMembership.objects.count(), events())
    report = run(world, groups_file(tmp_path, groups, members, "bad.xlsx"))
    assert not report.written
    assert (
        SelfGoverningGroup.objects.count(),
        GroupMembership.objects.count(),
        events(),
    ) == before
    assert errors(report) == [
        (GROUPS, 4, "Mốc tự quản / Markers", "99"),
        (GROUPS, 5, "Loại tổ / Kind", "border_line_markers"),
        (GROUPS, 6, "Ngày giải thể / Dissolved on", ""),
        (MEMBERS, 5, "Mã hộ / Household code", "PL-01"),
        (MEMBERS, 6, "Ngày tham gia / Joined on", "2024-04-01"),
        (MEMBERS, 7, "Tên tổ tự quản / Group name", "Tổ không có"),
        (MEMBERS, 8, "Lý do kết thúc / Reason ended", ""),
    ]
    assert [e.message for e in report.errors] == [
        "Segment Mốc 79 - Mốc 82 has no marker with this number.",
        "Recorded as security_order: an import cannot change this.",
        "Give the date the group was dissolved.",
        "No household has this code in commune Xã Mường Nhé.",
        "A household cannot join before the group was founded.",
        "Bản Huổi Lếch has no self-governing group of this name.",
        "Give the reason the households left.",
    ]


def test_an_officer_of_another_post_neither_imports_nor_exports_post_a_groups(
    world, line, tmp_path
):
    path = groups_file(tmp_path, members=[])
    report = run(world, path, persona="officer_b")
    assert not report.written and not SelfGoverningGroup.objects.exists()
    assert errors(report) == [
        (GROUPS, 2, "Mã xã / Commune code", "04087"),
        (GROUPS, 3, "Mã xã / Commune code", "04087"),
    ]
    assert run(world, path).ok
    for kind in ("self_governing_groups", "group_members"):
        rows = exported_rows(exported(world, "officer_b", kind, tmp_path / f"{kind}.xlsx"))
        assert len(rows) == 1 and rows[0][0] == "Mã xã / Commune code"
