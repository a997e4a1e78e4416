"""One code, two communes: 03158 was Xã Leng Su Sìn until 2025-06-30 and is Xã Sín Thầu from
2025-07-01. The resolver reads a code on the date its record is about, and refuses, saying
why, when that date does not tell the two apart."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from outpost.geo import codes
from outpost.geo.models import AdminUnit
from outpost.geo.services import admin_unit_create

pytestmark = pytest.mark.django_db

REORG = dt.date(2025, 7, 1)
COMMUNE = (AdminUnit.Level.COMMUNE,)


def two_communes_of_one_code() -> tuple[AdminUnit, AdminUnit]:
    old = admin_unit_create(
        actor=None,
        level=AdminUnit.Level.COMMUNE,
        code="03158",
        name="Xã Leng Su Sìn",
        kind="Xã",
        valid_to=REORG,
    )
    new = admin_unit_create(
        actor=None,
        level=AdminUnit.Level.COMMUNE,
        code="03158",
        name="Xã Sín Thầu",
        kind="Xã",
        valid_from=REORG,
    )
    return old, new


@pytest.fixture
def reused() -> tuple[AdminUnit, AdminUnit]:
    return two_communes_of_one_code()


def refusal(text: str, when: codes.When) -> str:
    with pytest.raises(codes.CodeError) as caught:
        codes.resolve(text, when, levels=COMMUNE)
    return str(caught.value)


def test_a_reused_code_is_read_on_the_date_of_the_record(reused):
    old, new = reused
    assert codes.resolve("03158", dt.date(2023, 5, 1), levels=COMMUNE) == old
    assert codes.resolve("03158", dt.date(2025, 6, 30), levels=COMMUNE) == old
    assert codes.resolve("03158", REORG, levels=COMMUNE) == new
    assert codes.resolve("03158", dt.date(2026, 1, 10), levels=COMMUNE) == new


def test_a_date_written_after_the_code_wins_over_the_records_date(reused):
    old, new = reused
    assert codes.resolve("03158@2023-05-01", dt.date(2026, 1, 10), levels=COMMUNE) == old
    assert codes.resolve(" 03158 @ 2026-01-10 ", None, levels=COMMUNE) == new
    assert codes.resolve("03158@2025-03-01", codes.Period.year(2025), levels=COMMUNE) == old


def test_a_year_in_which_two_communes_carried_the_code_is_refused_naming_both(reused):
    assert refusal("03158", codes.Period.year(2025)) == (
        "03158 in 2025 is Xã Leng Su Sìn (until 2025-06-30) or Xã Sín Thầu (from 2025-07-01): "
        "write 03158@2025-01-01 or 03158@2025-07-01."
    )


def test_a_year_in_which_one_commune_carried_the_code_names_it(reused):
    old, new = reused
    assert codes.resolve("03158", codes.Period.year(2024), levels=COMMUNE) == old
    assert codes.resolve("03158", codes.Period.year(2026), levels=COMMUNE) == new


def test_a_reused_code_with_no_date_at_all_is_refused_rather_than_read_as_today(reused):
    assert refusal("03158", None) == (
        "03158 has been carried by Xã Leng Su Sìn (until 2025-06-30) or Xã Sín Thầu "
        "(from 2025-07-01) and the row has no date: write 03158@2025-06-30 or 03158@2025-07-01."
    )


def test_a_code_never_reused_names_its_unit_on_any_date_or_none():
    only = admin_unit_create(
        actor=None, level=AdminUnit.Level.COMMUNE, code="03154", name="Xã Sín Thầu", valid_to=REORG
    )
    assert codes.resolve("03154", None, levels=COMMUNE) == only
    assert codes.resolve("03154", dt.date(2026, 1, 10), levels=COMMUNE) == only


def test_a_forced_date_on_which_nobody_carried_the_code_says_who_did_and_when():
    admin_unit_create(
        actor=None, level=AdminUnit.Level.COMMUNE, code="03154", name="Xã Sín Thầu", valid_to=REORG
    )
    assert refusal("03154@2026-01-10", None) == (
        "No unit carried code 03154 on 2026-01-10: Xã Sín Thầu (until 2025-06-30)."
    )


def test_an_unknown_code_and_a_badly_written_date_are_refused_saying_so(reused):
    assert refusal("99999", dt.date(2026, 1, 1)) == "No commune has code 99999."
    assert refusal("03158@10/01/2026", None) == (
        "03158@10/01/2026: after @ comes the date the code is read on, as YYYY-MM-DD."
    )
    with pytest.raises(codes.CodeError) as caught:
        codes.resolve("999", None, levels=(AdminUnit.Level.COMMUNE, AdminUnit.Level.DISTRICT))
    assert str(caught.value) == "No commune or district has code 999."


def test_a_refusal_about_the_unit_found_says_which_other_unit_carried_its_code(reused):
    old, new = reused
    candidates = codes.load_candidates(["03158"], COMMUNE)["03158"]
    assert codes.other_carriers(candidates, new, dt.date(2026, 1, 10)) == (
        "03158 on 2026-01-10 is Xã Sín Thầu; Xã Leng Su Sìn carried this code until 2025-06-30."
    )
    assert codes.other_carriers(candidates, old, dt.date(2023, 5, 1)) == (
        "03158 on 2023-05-01 is Xã Leng Su Sìn; Xã Sín Thầu carried this code from 2025-07-01."
    )


def test_the_codes_of_a_whole_file_are_loaded_in_one_query(reused, django_assert_num_queries):
    wanted = [f"{n:05d}" for n in range(3000, 3800)] + ["03158"]
    with django_assert_num_queries(1):
        found = codes.load_candidates(wanted, COMMUNE)
    assert [u.name for u in found["03158"]] == ["Xã Leng Su Sìn", "Xã Sín Thầu"]
    with django_assert_num_queries(0):
        ref = codes.parse("03158@2023-05-01")
        assert codes.resolve_among(found["03158"], ref, None, levels=COMMUNE).name == (
            "Xã Leng Su Sìn"
        )


@pytest.mark.vietnamese
def test_the_refusals_are_in_vietnamese_by_default(reused):
    assert translation.get_language() == "vi"
    assert refusal("03158", codes.Period.year(2025)) == (
        "Mã 03158 trong thời gian 2025 là Xã Leng Su Sìn (đến hết 2025-06-30) hoặc Xã Sín Thầu "
        "(từ 2025-07-01): hãy ghi 03158@2025-01-01 hoặc 03158@2025-07-01."
    )
    assert refusal("03158", None) == (
        "Mã 03158 đã do Xã Leng Su Sìn (đến hết 2025-06-30) hoặc Xã Sín Thầu (từ 2025-07-01) "
        "mang và dòng này không ghi ngày: hãy ghi 03158@2025-06-30 hoặc 03158@2025-07-01."
    )
    assert refusal("99999", None) == "Không có xã nào mang mã 99999."
    assert refusal("03158@2030-13-01", None) == (
        "03158@2030-13-01: sau dấu @ là ngày đọc mã, viết dạng YYYY-MM-DD."
    )
    candidates = codes.load_candidates(["03158"], COMMUNE)["03158"]
    assert codes.other_carriers(candidates, reused[1], dt.date(2026, 1, 10)) == (
        "Mã 03158 vào ngày 2026-01-10 là Xã Sín Thầu; Xã Leng Su Sìn mang mã này đến hết "
        "2025-06-30."
    )
