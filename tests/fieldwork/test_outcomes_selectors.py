"""Reads of outcomes: a household's trajectory, the lists' scope, and the comparison of
leaving poverty, checked against counts made independently from the test records."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest

from outpost.accounts.scope import scope_for
from outpost.fieldwork.selectors import outcomes as selectors
from outpost.fieldwork.services.outcomes import (
    conversion_record,
    house_support_record,
    loan_record,
    outcome_void,
)
from outpost.geo.services import village_create
from outpost.people.models import PovertyAssessment
from outpost.people.services import poverty_assessment_void

from .fixtures_outcomes import assess, assign, make_household

S = PovertyAssessment.Status


def scope(world, persona="officer_a"):
    return scope_for(world.users[persona])


# --- a household's trajectory ----------------------------------------------------------------


def test_the_trajectory_shows_each_year_with_its_status_and_its_standing_outcomes(world):
    h = make_household(world.village_a1, "A1-T")
    for year, status in ((2022, S.POOR), (2023, S.POOR), (2025, S.NEAR_POOR), (2026, S.POOR)):
        assess(h, year, status)
    loan_record(actor=None, household=h, granted_on=dt.date(2023, 5, 1), amount=40_000_000)
    kept = conversion_record(
        actor=None,
        household=h,
        kind="crop",
        from_name="Ngô",
        to_name="Chè",
        area_ha=Decimal("0.8"),
        year=2025,
    )
    wrong = conversion_record(
        actor=None, household=h, kind="livestock", from_name="Lợn", to_name="Dê", heads=4, year=2025
    )
    outcome_void(actor=None, outcome=wrong, reason="wrong household")

    result = selectors.household_outcomes(h)

    rows = {r.year: r for r in result.trajectory}
    assert list(rows) == [2022, 2023, 2024, 2025, 2026]
    assert rows[2024].status == "" and rows[2023].loans and not rows[2022].loans
    assert [c.pk for c in rows[2025].conversions] == [kept.pk]
    assert [r.change for r in result.trajectory] == ["", "", "", "out", "back"]
    assert {c.pk for c in result.conversions} == {kept.pk, wrong.pk}  # the void one is listed


def test_a_household_with_nothing_recorded_has_no_trajectory(world):
    h = make_household(world.village_a1, "A1-EMPTY")
    assert selectors.household_outcomes(h).trajectory == []


# --- lists ----------------------------------------------------------------------------------


def test_lists_keep_to_the_scope_and_leave_out_void_records_unless_asked(world):
    mine = make_household(world.village_a1, "A1-L")
    theirs = make_household(world.village_b1, "B1-L")
    common = {"actor": None, "completed_on": dt.date(2025, 6, 1), "kind": "repaired"}
    a = house_support_record(household=mine, **common)
    b = house_support_record(household=theirs, **common)
    gone = house_support_record(household=mine, **common)
    outcome_void(actor=None, outcome=gone, reason="twice")

    assert list(selectors.house_support_list(scope(world))) == [a]
    assert set(selectors.house_support_list(scope(world), include_void=True)) == {a, gone}
    assert list(selectors.house_support_list(scope(world, "officer_b"))) == [b]
    assert set(selectors.house_support_list(scope(world, "national_viewer"))) == {a, b}
    assert list(selectors.house_support_list(scope(world), year=2024)) == []


def test_a_loan_of_another_post_is_not_found(world):
    theirs = make_household(world.village_b1, "B1-L")
    loan = loan_record(actor=None, household=theirs, granted_on=dt.date(2025, 1, 2), amount=1)
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.loan_get(scope(world), loan.pk)
    assert selectors.loan_get(scope(world, "officer_b"), loan.pk) == loan


# --- households in someone's charge against the others --------------------------------------


def test_the_comparison_on_a_small_case_counted_by_hand(world):
    """2025 against 2024. In someone's charge during 2025: P1 (poor -> near-poor, left),
    P2 (poor -> poor), P3 (poor, not assessed in 2025). Others: P4 (poor -> middle, left),
    P5 (near-poor -> middle: not poor in 2024, so not counted for "poor")."""
    h = {code: make_household(world.village_a1, code) for code in ("P1", "P2", "P3", "P4", "P5")}
    for code in ("P1", "P2", "P3", "P4"):
        assess(h[code], 2024, S.POOR)
    assess(h["P5"], 2024, S.NEAR_POOR)
    assess(h["P1"], 2025, S.NEAR_POOR)
    assess(h["P2"], 2025, S.POOR)
    assess(h["P4"], 2025, S.MIDDLE)
    assess(h["P5"], 2025, S.MIDDLE)
    for code in ("P1", "P2", "P3"):
        assign(world.cadre_a, h[code], dt.date(2025, 7, 1))

    result = selectors.poverty_exit_comparison(
        scope(world), world.post_a, year_from=2025, year_to=2025
    )
    (row,) = result.years
    assert (row.in_charge.base, row.in_charge.assessed, row.in_charge.left) == (3, 2, 1)
    assert row.in_charge.not_assessed == 1 and row.in_charge.share == 50.0
    assert (row.others.base, row.others.assessed, row.others.left) == (1, 1, 1)
    assert row.others.share == 100.0

    near = selectors.poverty_exit_comparison(
        scope(world), world.post_a, year_from=2025, year_to=2025, base="near_poor"
    )
    assert near.years[0].others == selectors.GroupYear(base=1, assessed=1, left=1)
    assert near.years[0].in_charge == selectors.GroupYear()


# Assignment windows (from, to exclusive); None: nobody in charge.
WINDOWS = [
    None,
    (dt.date(2025, 7, 1), None),  # 2025 and 2026
    (dt.date(2025, 8, 1), dt.date(2025, 12, 1)),  # 2025 only
    (dt.date(2025, 9, 1), dt.date(2026, 1, 1)),  # 2025 only: the end is exclusive
    (dt.date(2026, 3, 1), None),  # 2026 only
]
YEARS = (2024, 2025, 2026)
CHOICES = [S.POOR, S.POOR, S.NEAR_POOR, S.MIDDLE, S.ABOVE, None]  # None: not assessed


def _in_charge(window, year):
    if window is None:
        return False
    start, end = window
    return start < dt.date(year + 1, 1, 1) and (end is None or end > dt.date(year, 1, 1))


def _count_by_hand(spec, year, base):
    """The comparison counted straight from the records made, without the database."""
    _label, starting, leaving = selectors.BASES[base]
    counts = {True: [0, 0, 0], False: [0, 0, 0]}
    for record in spec:
        before, now = record["status"].get(year - 1), record["status"].get(year)
        if before not in starting:
            continue
        group = counts[_in_charge(record["window"], year)]
        group[0] += 1
        if now is not None:
            group[1] += 1
            group[2] += now in leaving
    return counts


@pytest.mark.parametrize("seed", [3, 11])
def test_the_comparison_matches_a_count_made_from_the_records(world, seed):
    rng = random.Random(seed)
    village_a2 = village_create(actor=None, commune=world.commune_a2, name="Bản Nậm Kè")
    spec = []
    for i in range(30):
        village = (world.village_a1, village_a2)[i % 2]
        household = make_household(village, f"R{i:02d}")
        status = {y: rng.choice(CHOICES) for y in YEARS}
        assessments = {y: assess(household, y, s) for y, s in status.items() if s is not None}
        # Some assessments are voided: they no longer count.
        if 2025 in assessments and rng.random() < 0.15:
            poverty_assessment_void(actor=None, assessment=assessments[2025], reason="error")
            status[2025] = None
        window = rng.choice(WINDOWS)
        if window is not None:
            assign(world.cadre_a, household, *window)
        spec.append({"status": status, "window": window})
    # Post B's households are in another commune: they never count for post A.
    for i in range(4):
        other = make_household(world.village_b1, f"B{i}")
        assess(other, 2024, S.POOR)
        assess(other, 2025, S.MIDDLE)
        assign(world.cadre_b, other, dt.date(2025, 7, 1))

    # The draw is not trivial: both groups have households that left poverty.
    for in_charge in (True, False):
        assert sum(_count_by_hand(spec, y, "poor")[in_charge][2] for y in (2025, 2026)) > 0
    for base in selectors.BASES:
        result = selectors.poverty_exit_comparison(
            scope(world), world.post_a, year_from=2025, year_to=2026, base=base
        )
        assert [y.year for y in result.years] == [2025, 2026]
        for row in result.years:
            expected = _count_by_hand(spec, row.year, base)
            got_in = row.in_charge
            got_out = row.others
            assert [got_in.base, got_in.assessed, got_in.left] == expected[True], (base, row.year)
            assert [got_out.base, got_out.assessed, got_out.left] == expected[False], (
                base,
                row.year,
            )


def test_the_province_compares_the_households_of_all_its_posts(world):
    a = make_household(world.village_a1, "A")
    b = make_household(world.village_b1, "B")
    for h in (a, b):
        assess(h, 2024, S.POOR)
        assess(h, 2025, S.NEAR_POOR)
    assign(world.cadre_b, b, dt.date(2025, 7, 1))
    province = selectors.poverty_exit_comparison(
        scope(world, "province_staff"), world.command, year_from=2025, year_to=2025
    )
    assert province.years[0].in_charge.left == 1 and province.years[0].others.left == 1
    post_a = selectors.poverty_exit_comparison(
        scope(world), world.post_a, year_from=2025, year_to=2025
    )
    assert post_a.years[0].in_charge.base == 0 and post_a.years[0].others.base == 1


def test_the_comparison_takes_one_query_per_year(world, django_assert_max_num_queries):
    h = make_household(world.village_a1, "Q")
    assess(h, 2024, S.POOR)
    user_scope = scope(world)
    with django_assert_max_num_queries(2 + 5):
        selectors.poverty_exit_comparison(user_scope, world.post_a, year_from=2021, year_to=2025)
