"""The mass organisations and consolidation sheets, written through the grassroots services."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from outpost.core.audit import history
from outpost.core.models import AuditEvent
from outpost.grassroots.models import MassOrganisation, OrganisationConsolidation
from outpost.grassroots.services import mass_organisation_create
from tests.imports.sheets import errors, events, exported, filled_template, run

pytestmark = pytest.mark.django_db
D = dt.date
ORGS = "Đoàn thể - Mass organisations"
WORK = "Củng cố tổ chức - Consolidation"

ORGANISATIONS = [
    {
        "commune_code": "04087",
        "village": "Bản Huổi Lếch",
        "kind": "Chi hội phụ nữ",
        "name": "Chi hội Phụ nữ bản Huổi Lếch",
        "established_on": D(2010, 3, 8),
        "member_count": 42,
    },
    {
        "commune_code": "04087",
        "kind": "fatherland_front",
        "name": "Ban công tác Mặt trận xã Mường Nhé",
    },
]
CONSOLIDATIONS = [
    {
        "commune_code": "04087",
        "village": "Bản Huổi Lếch",
        "kind": "phụ nữ",
        "on": D(2025, 8, 12),
        "action": "Kiện toàn ban chấp hành chi hội",
        "unit_code": "DBP-A",
    },
    {
        "commune_code": "04087",
        "kind": "Mặt trận",
        "on": D(2025, 9, 1),
        "action": "Tập huấn kỹ năng tuyên truyền",
    },
]


def both(tmp_path, name="o.xlsx", organisations=ORGANISATIONS, consolidations=CONSOLIDATIONS):  # type: ignore[no-untyped-def]
    return filled_template(
        tmp_path / name,
        "mass_organisations",
        {"mass_organisations": organisations, "consolidations": consolidations},
    )


def test_a_filled_template_records_organisations_then_their_consolidation(world, tmp_path):
    report = run(world, both(tmp_path))
    assert report.ok and report.written, report.errors
    union = MassOrganisation.objects.get(kind="women_union")
    assert (union.village, union.valid_from, union.member_count) == (
        world.village_a1,
        D(2010, 3, 8),
        42,
    )
    front = MassOrganisation.objects.get(kind="fatherland_front")
    assert front.village is None and front.commune == world.commune_a1
    work = OrganisationConsolidation.objects.get(organisation=union)
    assert work.supporting_unit == world.post_a and work.on == D(2025, 8, 12)
    assert OrganisationConsolidation.objects.get(organisation=front).supporting_unit is None
    for record in (union, front, work):
        (event,) = history(record)
        assert (event.action, event.source) == ("create", AuditEvent.Source.IMPORT)
        assert event.actor == world.users["officer_a"]


def test_importing_the_organisations_again_adds_nothing(world, tmp_path):
    path = both(tmp_path)
    assert run(world, path).ok
    before = (MassOrganisation.objects.count(), OrganisationConsolidation.objects.count(), events())
    again = run(world, path)
    assert again.ok
    assert again.counts() == {
        "mass_organisations": {"create": 0, "update": 0, "unchanged": 2},
        "consolidations": {"create": 0, "update": 0, "unchanged": 2},
    }
    assert (
        MassOrganisation.objects.count(),
        OrganisationConsolidation.objects.count(),
        events(),
    ) == before


def test_the_exports_import_back_unchanged_and_an_end_date_ends_the_organisation(world, tmp_path):
    assert run(world, both(tmp_path)).ok
    before = events()
    orgs = exported(world, "officer_a", "mass_organisations", tmp_path / "orgs.xlsx")
    work = exported(world, "officer_a", "consolidations", tmp_path / "work.xlsx")
    for path in (orgs, work):
        report = run(world, path)
        assert report.ok and report.written, report.errors
        assert all(c["create"] == c["update"] == 0 for c in report.counts().values())
    assert events() == before

    wb = load_workbook(orgs)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[headers.index("Loại tổ chức / Kind")].value == "fatherland_front":
            row[headers.index("Ngày giải thể / Ended on")].value = D(2025, 12, 31)
            row[headers.index("Lý do kết thúc / Reason ended")].value = "Sáp nhập"
    wb.save(orgs)
    report = run(world, orgs)
    assert report.counts()["mass_organisations"] == {"create": 0, "update": 1, "unchanged": 1}
    front = MassOrganisation.objects.get(kind="fatherland_front")
    assert (front.valid_to, front.end_reason) == (D(2025, 12, 31), "Sáp nhập")
    assert [e.action for e in history(front)] == ["end", "create"]


def test_bad_rows_are_refused_on_their_cells_and_nothing_is_written(world, tmp_path):
    mass_organisation_create(
        actor=None,
        commune=world.commune_a1,
        village=world.village_a1,
        kind="youth_union",
        name="Chi đoàn bản Huổi Lếch",
        established_on=D(2015, 3, 26),
        member_count=20,
    )
    organisations = [
        *ORGANISATIONS,
        {  # a second open youth union in the village
            "commune_code": "04087",
            "village": "Bản Huổi Lếch",
            "kind": "chi đoàn",
            "name": "Chi đoàn mới",
            "established_on": D(2024, 1, 1),
        },
        {  # the recorded one, with another member count
            "commune_code": "04087",
            "village": "Bản Huổi Lếch",
            "kind": "youth_union",
            "name": "Chi đoàn bản Huổi Lếch",
            "established_on": D(2015, 3, 26),
            "member_count": 25,
        },
    ]
    consolidations = [
        *CONSOLIDATIONS,
        {  # no farmers' association there
            "commune_code": "04087",
            "village": "Bản Huổi Lếch",
            "kind": "nông dân",
            "on": D(2025, 8, 1),
            "action": "Củng cố",
        },
        {  # another post's unit
            "commune_code": "04087",
            "kind": "fatherland_front",
            "on": D(2025, 9, 2),
            "action": "Hỗ trợ",
            "unit_code": "DBP-B",
        },
    ]
    before = (MassOrganisation.objects.count(), events())
    report = run(world, both(tmp_path, "bad.xlsx", organisations, consolidations))
    assert not report.written
    assert (MassOrganisation.objects.count(), events()) == before
    assert not OrganisationConsolidation.objects.exists()
    assert errors(report) == [
        (ORGS, 4, "Loại tổ chức / Kind", "youth_union"),
        (ORGS, 5, "Số hội viên / Members", "25"),
        (WORK, 4, "Loại tổ chức / Kind", "farmers"),
        (WORK, 5, "Đơn vị hỗ trợ (mã) / Supporting unit code", "DBP-B"),
    ]
    messages = [e.message for e in report.errors]
    assert messages == [
        "This village already has an organisation of this kind.",
        "Recorded as 20: an import cannot change this.",
        "Bản Huổi Lếch has no organisation of this kind on that date.",
        "This unit is outside your area of work.",
    ]
