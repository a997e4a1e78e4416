"""The outcome sheets (conversions, loans, houses), written through the outcome services."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from outpost.core.audit import history
from outpost.core.models import AuditEvent
from outpost.fieldwork.models import Conversion, HouseSupport, Loan
from outpost.fieldwork.services.outcomes import loan_record
from outpost.imports.workbook import template_workbook
from tests.imports.fieldwork_data import build_homes
from tests.imports.sheets import errors, events, exported, exported_rows, filled_template, run

pytestmark = pytest.mark.django_db
D = dt.date
CONVERSIONS = "Chuyển đổi - Conversions"
LOANS = "Vay vốn - Loans"
HOUSES = "Xây, sửa nhà - Houses"

CROP = {
    "commune_code": "04087",
    "household_code": "HL-01",
    "kind": "cây trồng",
    "from_name": "Ngô",
    "to_name": "Chè",
    "year": 2025,
    "area_ha": "1,5",
    "service_number": "A-001",
}
PIGS = {
    "commune_code": "04087",
    "household_code": "NP-01",
    "kind": "livestock",
    "from_name": "Gà",
    "to_name": "Lợn",
    "year": 2025,
    "heads": 4,
}
LOAN = {
    "commune_code": "04087",
    "household_code": "HL-02",
    "granted_on": D(2025, 6, 10),
    "amount": "50.000.000",
    "lender": "NHCSXH",
    "purpose": "Nuôi bò sinh sản",
    "term_months": 36,
    "service_number": "A-001",
}
HOUSE = {
    "commune_code": "04087",
    "household_code": "HL-01",
    "kind": "xây mới",
    "completed_on": "20/11/2025",
    "cost": 80_000_000,
    "unit_contribution": 30_000_000,
    "labour_days": 120,
    "program": "Mái ấm cho người nghèo nơi biên giới",
    "note": "Nhà 3 gian",
}


@pytest.fixture
def homes(world):  # type: ignore[no-untyped-def]
    return build_homes(world)


def outcomes(tmp_path, name="o.xlsx", **rows):  # type: ignore[no-untyped-def]
    return filled_template(tmp_path / name, "outcomes", rows)


def everything() -> list[tuple]:
    found: list[tuple] = []
    for c in Conversion.objects.order_by("pk"):
        cadre = c.cadre.service_number if c.cadre else None
        found.append(
            (c.household.code, c.kind, c.from_name, c.to_name, c.year, c.area_ha, c.heads, cadre)
        )
        found.append(("void", c.void_reason))
    for loan in Loan.objects.order_by("pk"):
        cadre = loan.cadre.service_number if loan.cadre else None
        found.append((loan.household.code, loan.granted_on, loan.amount, loan.lender, cadre))
        found.append((loan.purpose, loan.term_months, loan.void_reason))
    for h in HouseSupport.objects.order_by("pk"):
        found.append((h.household.code, h.kind, h.completed_on, h.cost, h.unit_contribution))
        program = h.program.code if h.program else None
        found.append((h.labour_days, program, h.note, h.void_reason))
    return found


def test_the_outcomes_template_has_one_sheet_per_kind_of_outcome(world):
    assert template_workbook("outcomes").sheetnames == [
        "Hướng dẫn - Instructions",
        CONVERSIONS,
        LOANS,
        HOUSES,
    ]


def test_a_filled_template_records_each_outcome_through_its_service(world, homes, tmp_path):
    path = outcomes(tmp_path, conversions=[CROP, PIGS], loans=[LOAN], houses=[HOUSE])
    report = run(world, path)
    assert report.ok and report.written, report.errors
    assert report.counts()["conversions"] == {"create": 2, "update": 0, "unchanged": 0}
    assert everything() == [
        ("HL-01", "crop", "Ngô", "Chè", 2025, Decimal("1.50"), None, "A-001"),
        ("void", ""),
        ("NP-01", "livestock", "Gà", "Lợn", 2025, None, 4, None),
        ("void", ""),
        ("HL-02", D(2025, 6, 10), 50_000_000, "vbsp", "A-001"),
        ("Nuôi bò sinh sản", 36, ""),
        ("HL-01", "built", D(2025, 11, 20), 80_000_000, 30_000_000),
        (120, "mai-am-cho-nguoi-ngheo-noi-bien-gioi", "Nhà 3 gian", ""),
    ]
    loan = Loan.objects.get()
    assert loan.commune == world.commune_a1
    event = history(loan).get()
    assert (event.action, event.source, event.actor) == (
        "create",
        AuditEvent.Source.IMPORT,
        world.users["officer_a"],
    )


def test_importing_the_same_file_again_adds_nothing_and_writes_no_audit_event(
    world, homes, tmp_path
):
    path = outcomes(tmp_path, conversions=[CROP, PIGS], loans=[LOAN], houses=[HOUSE])
    assert run(world, path).ok
    before = (everything(), events())
    again = run(world, path)
    assert again.ok and again.written
    assert again.counts() == {
        "conversions": {"create": 0, "update": 0, "unchanged": 2},
        "loans": {"create": 0, "update": 0, "unchanged": 1},
        "houses": {"create": 0, "update": 0, "unchanged": 1},
    }
    assert (everything(), events()) == before


@pytest.mark.parametrize("kind", ["conversions", "loans", "houses"])
def test_each_export_imports_back_unchanged(world, homes, tmp_path, kind):
    assert run(world, outcomes(tmp_path, conversions=[CROP, PIGS], loans=[LOAN], houses=[HOUSE])).ok
    export = exported(world, "officer_a", kind, tmp_path / f"{kind}.xlsx")
    rows = exported_rows(export)
    assert len(rows) == {"conversions": 3, "loans": 2, "houses": 2}[kind]
    assert rows[0][-2:] == ["Mã tham chiếu / Reference", "Lý do hủy bỏ / Reason voided"]
    before = (everything(), events())
    again = run(world, export)
    assert again.ok, again.errors
    assert again.counts()[kind]["create"] == again.counts()[kind]["update"] == 0
    assert (everything(), events()) == before


def test_a_reason_filled_in_an_export_voids_the_loan_and_a_changed_amount_is_refused(
    world, homes, tmp_path
):
    assert run(world, outcomes(tmp_path, loans=[LOAN])).ok
    export = exported(world, "officer_a", "loans", tmp_path / "loans.xlsx")
    wb = load_workbook(export)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    ws.cell(row=2, column=headers.index("Số tiền (đồng) / Amount (VND)") + 1).value = 40_000_000
    wb.save(tmp_path / "changed.xlsx")
    before = events()
    refused = run(world, tmp_path / "changed.xlsx")
    assert errors(refused) == [(LOANS, 2, "Số tiền (đồng) / Amount (VND)", "40000000")]
    assert refused.errors[0].message == "Recorded as 50000000: an import cannot change this."
    assert events() == before

    ws.cell(row=2, column=headers.index("Số tiền (đồng) / Amount (VND)") + 1).value = 50_000_000
    ws.cell(row=2, column=headers.index("Lý do hủy bỏ / Reason voided") + 1).value = "Ghi nhầm"
    wb.save(tmp_path / "void.xlsx")
    report = run(world, tmp_path / "void.xlsx")
    assert report.counts()["loans"] == {"create": 0, "update": 1, "unchanged": 0}
    loan = Loan.objects.get()
    assert loan.voided_at is not None and loan.void_reason == "Ghi nhầm"
    assert events() == before + 1
    # The voided loan no longer matches a row without its reference: the row records it anew.
    again = run(world, outcomes(tmp_path, "again.xlsx", loans=[LOAN]))
    assert again.counts()["loans"]["create"] == 1 and Loan.objects.count() == 2


def test_bad_rows_are_refused_on_their_cells_and_nothing_is_written(world, homes, tmp_path):
    taken = uuid.uuid4()
    loan_record(
        actor=None,
        household=homes.hl1,
        granted_on=D(2025, 3, 1),
        amount=20_000_000,
        client_id=taken,
    )
    path = outcomes(
        tmp_path,
        conversions=[
            CROP,  # good, not written
            {**CROP, "household_code": "PL-01"},  # a household of commune B1
            {**CROP, "year": 2024, "area_ha": None},
            {**PIGS, "area_ha": 2},
        ],
        loans=[
            {**LOAN, "lender": "khác"},
            {**LOAN, "granted_on": D(2025, 7, 1), "service_number": "B-001"},
            {**LOAN, "granted_on": D(2025, 8, 1), "client_id": str(taken)},
        ],
        houses=[
            {**HOUSE, "unit_contribution": 90_000_000},
            {**HOUSE, "kind": "sửa chữa", "program": "Chương trình không có"},
        ],
    )
    before = (everything(), events())
    report = run(world, path)
    assert not report.written
    assert (everything(), events()) == before
    assert errors(report) == [
        (CONVERSIONS, 3, "Mã hộ / Household code", "PL-01"),
        (CONVERSIONS, 4, "Diện tích (ha) / Area (ha)", ""),
        (CONVERSIONS, 5, "Diện tích (ha) / Area (ha)", "2"),
        (LOANS, 2, "Tên nơi cho vay / Lender's name", ""),
        (LOANS, 3, "Cán bộ giúp đỡ (số hiệu) / Cadre (service number)", "B-001"),
        (LOANS, 4, "Mã tham chiếu / Reference", str(taken)),
        (HOUSES, 2, "Đơn vị hỗ trợ (đồng) / Unit's contribution (VND)", "90000000"),
        (HOUSES, 3, "Chương trình / Program", "Chương trình không có"),
    ]
    assert [e.message for e in report.errors] == [
        "No household has this code in commune Xã Mường Nhé.",
        "Give the area converted in hectares.",
        "A livestock change is measured in head.",
        "Name the lender.",
        "This cadre is not in a unit you work for.",
        "This reference is already used for another household.",
        "The unit's contribution cannot exceed the cost.",
        "No program has this code or name.",
    ]


def test_an_officer_of_another_post_neither_imports_nor_exports_post_a_outcomes(
    world, homes, tmp_path
):
    path = outcomes(tmp_path, loans=[LOAN])
    report = run(world, path, persona="officer_b")
    assert errors(report) == [(LOANS, 2, "Mã xã / Commune code", "04087")]
    assert report.errors[0].message == "This commune is outside your area of work."
    assert not Loan.objects.exists()
    assert run(world, path).ok
    rows = exported_rows(exported(world, "officer_b", "loans", tmp_path / "b.xlsx"))
    assert len(rows) == 1 and rows[0][0] == "Mã xã / Commune code"  # the headers only
