"""The twin village agreements sheet, written through the security services."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from outpost.core.audit import history
from outpost.core.models import AuditEvent
from outpost.security.models import TwinVillageAgreement
from outpost.security.services import agreement_create
from tests.imports.sheets import errors, events, exported, exported_rows, filled_template, run

pytestmark = pytest.mark.django_db
D = dt.date
SHEET = "Kết nghĩa - Twin villages"

HUOI_LA = {
    "commune_code": "04087",
    "village": "Bản Huổi Lếch",
    "foreign_village": "Bản Huổi Là",
    "country": "Lào",
    "signed_on": D(2019, 9, 2),
}
SOP_HUN = {
    "commune_code": "04087",
    "village": "ban huoi lech",
    "foreign_village": "Bản Sốp Hùn",
    "country": "LA",
    "signed_on": D(2015, 4, 30),
    "valid_from": D(2015, 5, 1),
    "valid_to": D(2024, 1, 1),
    "end_reason": "Bản bạn sáp nhập",
}


def agreements_file(tmp_path, rows, name="t.xlsx"):  # type: ignore[no-untyped-def]
    return filled_template(tmp_path / name, "twin_villages", {"twin_villages": rows})


def test_a_filled_template_records_the_agreements_and_ends_one(world, tmp_path):
    report = run(world, agreements_file(tmp_path, [HUOI_LA, SOP_HUN]))
    assert report.ok and report.written, report.errors
    huoi_la = TwinVillageAgreement.objects.get(foreign_village="Bản Huổi Là")
    assert (huoi_la.village, huoi_la.country, huoi_la.valid_from, huoi_la.valid_to) == (
        world.village_a1,
        "LA",
        D(2019, 9, 2),
        None,
    )
    sop_hun = TwinVillageAgreement.objects.get(foreign_village="Bản Sốp Hùn")
    assert (sop_hun.valid_from, sop_hun.valid_to, sop_hun.end_reason) == (
        D(2015, 5, 1),
        D(2024, 1, 1),
        "Bản bạn sáp nhập",
    )
    assert [e.action for e in history(huoi_la)] == ["create"]
    assert [e.action for e in history(sop_hun).order_by("pk")] == ["create", "end"]
    for event in (*history(huoi_la), *history(sop_hun)):
        assert event.source == AuditEvent.Source.IMPORT
        assert event.actor == world.users["officer_a"]


def test_importing_the_agreements_again_adds_nothing(world, tmp_path):
    path = agreements_file(tmp_path, [HUOI_LA, SOP_HUN])
    assert run(world, path).ok
    before = (TwinVillageAgreement.objects.count(), events())
    again = run(world, path)
    assert again.ok
    assert again.counts()["twin_villages"] == {"create": 0, "update": 0, "unchanged": 2}
    assert (TwinVillageAgreement.objects.count(), events()) == before


def test_the_export_imports_back_unchanged_and_an_end_date_ends_the_agreement(world, tmp_path):
    assert run(world, agreements_file(tmp_path, [HUOI_LA, SOP_HUN])).ok
    export = exported(world, "officer_a", "twin_villages", tmp_path / "export.xlsx")
    assert len(exported_rows(export)) == 3
    before = events()
    again = run(world, export)
    assert again.ok and again.counts()["twin_villages"]["unchanged"] == 2
    assert events() == before

    wb = load_workbook(export)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if (
            row[headers.index("Thôn bản nước bạn / Village across the border")].value
            == "Bản Huổi Là"
        ):
            row[headers.index("Ngày kết thúc / Ended on")].value = D(2025, 10, 1)
            row[headers.index("Lý do kết thúc / Reason ended")].value = "Hết hạn"
    wb.save(export)
    report = run(world, export)
    assert report.counts()["twin_villages"] == {"create": 0, "update": 1, "unchanged": 1}
    huoi_la = TwinVillageAgreement.objects.get(foreign_village="Bản Huổi Là")
    assert (huoi_la.valid_to, huoi_la.end_reason) == (D(2025, 10, 1), "Hết hạn")
    assert events() == before + 1


def test_bad_rows_are_refused_on_their_cells_and_nothing_is_written(world, tmp_path):
    for foreign, signed_on in (("Bản Nà Hừ", D(2020, 1, 1)), ("Bản Nậm Kè", D(2018, 6, 1))):
        agreement_create(
            actor=None,
            village=world.village_a1,
            foreign_village=foreign,
            country="LA",
            signed_on=signed_on,
        )
    rows = [
        HUOI_LA,  # good, not written
        {**HUOI_LA, "foreign_village": "Bản Pắc Ma", "valid_from": D(2019, 8, 1)},
        {**HUOI_LA, "foreign_village": "Bản Nà Hừ", "signed_on": D(2020, 1, 1), "country": "CN"},
        {
            **HUOI_LA,
            "foreign_village": "Bản Nậm Kè",
            "signed_on": D(2018, 6, 1),
            "valid_to": D(2025, 1, 1),
        },
        {**HUOI_LA, "foreign_village": "Bản Khác", "country": "Thái Lan"},
    ]
    before = (TwinVillageAgreement.objects.count(), events())
    report = run(world, agreements_file(tmp_path, rows, "bad.xlsx"))
    assert not report.written
    assert (TwinVillageAgreement.objects.count(), events()) == before
    assert errors(report) == [
        (SHEET, 6, "Nước / Country", "Thái Lan"),  # a cell that cannot be read comes first
        (SHEET, 3, "Hiệu lực từ / Valid from", "2019-08-01"),
        (SHEET, 4, "Nước / Country", "CN"),
        (SHEET, 5, "Lý do kết thúc / Reason ended", ""),
    ]
    messages = [e.message for e in report.errors]
    assert messages[0].startswith("Not an allowed value.")
    assert messages[1:] == [
        "An agreement cannot hold before it was signed.",
        "Recorded as LA: an import cannot change this.",
        "Give the reason the agreement ended.",
    ]


def test_an_officer_of_another_post_neither_imports_nor_exports_post_a_agreements(world, tmp_path):
    path = agreements_file(tmp_path, [HUOI_LA])
    report = run(world, path, persona="officer_b")
    assert not report.written and not TwinVillageAgreement.objects.exists()
    assert errors(report) == [(SHEET, 2, "Mã xã / Commune code", "04087")]
    assert run(world, path).ok
    rows = exported_rows(exported(world, "officer_b", "twin_villages", tmp_path / "b.xlsx"))
    assert len(rows) == 1 and rows[0][0] == "Mã xã / Commune code"
