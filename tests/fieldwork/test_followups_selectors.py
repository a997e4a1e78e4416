"""Who is due a visit: a cadre's households, a unit's, and those not visited within a period,
checked against what the test records say, and the number of queries."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from outpost.accounts.scope import scope_for
from outpost.fieldwork.selectors import followups as selectors
from outpost.fieldwork.services.followups import visit_schedule_set
from outpost.force.models import Cadre, ForceUnit
from outpost.force.services import cadre_create, force_unit_create

from .fixtures_followups import visit, void
from .fixtures_outcomes import assign, make_household

D = dt.date
ON = D(2026, 11, 1)


def scope(world, persona="officer_a"):
    return scope_for(world.users[persona])


def test_a_cadres_households_come_with_last_visit_next_due_and_status(world):
    since = D(2026, 8, 1)
    h = {code: make_household(world.village_a1, code) for code in ("H1", "H2", "H3", "H4", "H5")}
    for code in ("H1", "H2", "H3", "H5"):
        assign(world.cadre_a, h[code], since)
    assign(world.cadre_a, h["H4"], D(2026, 10, 25))  # new: one interval for the first visit
    ended = make_household(world.village_a1, "H6")
    assign(world.cadre_a, ended, since, until=D(2026, 10, 1))
    visit([h["H1"]], D(2026, 10, 3), force_unit=world.post_a)  # due 11-02: soon
    visit([h["H2"]], D(2026, 9, 1), force_unit=world.post_a)  # due 10-01: overdue
    # H5: a teaching session and a voided visit are no visits; its last is 09-20.
    visit([h["H5"]], D(2026, 9, 20), force_unit=world.post_a, kind="gift_visit")
    visit([h["H5"]], D(2026, 10, 28), force_unit=world.post_a, kind="teaching")
    void(visit([h["H5"]], D(2026, 10, 29), force_unit=world.post_a))
    # A visit after the day asked about does not count for it.
    visit([h["H3"]], D(2026, 11, 5), force_unit=world.post_a)

    rows = selectors.cadre_follow_ups(scope(world), world.cadre_a, on=ON)

    got = {f.household.code: (f.last_visit, f.next_due, f.status) for f in rows}
    assert got == {
        "H1": (D(2026, 10, 3), D(2026, 11, 2), selectors.DUE_SOON),
        "H2": (D(2026, 9, 1), D(2026, 10, 1), selectors.OVERDUE),
        "H3": (None, D(2026, 8, 31), selectors.OVERDUE),
        "H4": (None, D(2026, 11, 24), selectors.OK),
        "H5": (D(2026, 9, 20), D(2026, 10, 20), selectors.OVERDUE),
    }
    # Most urgent first: overdue by due date, then due soon, then the rest.
    assert [f.household.code for f in rows] == ["H3", "H2", "H5", "H1", "H4"]
    assert rows[0].days_overdue == (ON - D(2026, 8, 31)).days
    overdue = selectors.cadre_follow_ups(
        scope(world), world.cadre_a, on=ON, status=selectors.OVERDUE
    )
    assert {f.household.code for f in overdue} == {"H2", "H3", "H5"}


def test_the_units_interval_decides_when_a_visit_is_due(world):
    h = make_household(world.village_a1, "H1")
    assign(world.cadre_a, h, D(2026, 8, 1))
    visit([h], D(2026, 10, 20), force_unit=world.post_a)
    assert selectors.cadre_follow_ups(scope(world), world.cadre_a, on=ON)[0].status == "ok"
    visit_schedule_set(
        actor=None, force_unit=world.command, interval_days=10, valid_from=D(2026, 1, 1)
    )
    (row,) = selectors.cadre_follow_ups(scope(world), world.cadre_a, on=ON)
    assert row.interval_days == 10 and row.next_due == D(2026, 10, 30)
    assert row.status == selectors.OVERDUE


def _team_cadre(world):
    team = force_unit_create(
        actor=None, kind=ForceUnit.Kind.TEAM, code="T-A", name="Tổ công tác A", parent=world.post_a
    )
    cadre = cadre_create(
        actor=None,
        service_number="A-009",
        full_name="Hà Văn Tổ",
        rank=Cadre.Rank.LIEUTENANT,
        unit=team,
        posted_on=D(2020, 1, 1),
        party_joined_on=D(2015, 1, 1),
    )
    return team, cadre


@pytest.mark.parametrize("seed", [5, 17])
def test_a_units_follow_ups_match_a_count_made_from_the_records(world, seed):
    """Random assignments and visits for post A's cadres (one in a team under the post) and
    post B's; the statuses are worked out here from the records, without the database."""
    rng = random.Random(seed)
    team, team_cadre = _team_cadre(world)
    visit_schedule_set(actor=None, force_unit=team, interval_days=20, valid_from=D(2026, 1, 1))
    interval = {world.cadre_a.pk: 30, team_cadre.pk: 20}
    expected = {}
    not_visited_45 = set()
    for i in range(24):
        household = make_household(world.village_a1, f"R{i:02d}")
        cadre = (world.cadre_a, team_cadre)[i % 2]
        since = D(2026, 7, 1) + dt.timedelta(days=rng.randrange(0, 120))
        assign(cadre, household, since)
        visits = sorted(
            D(2026, 6, 1) + dt.timedelta(days=rng.randrange(0, 150))
            for _ in range(rng.randrange(0, 3))
        )
        for day in visits:
            visit([household], day, force_unit=world.post_a)
        counted = [d for d in visits if d <= ON]
        last = counted[-1] if counted else None
        due = max(d for d in (last, since) if d) + dt.timedelta(days=interval[cadre.pk])
        status = "overdue" if due < ON else "due_soon" if due <= ON + dt.timedelta(7) else "ok"
        expected[household.code] = (last, due, status)
        if last is None or last <= ON - dt.timedelta(days=45):
            not_visited_45.add(household.code)
    for i in range(3):  # post B's: never in post A's lists
        other = make_household(world.village_b1, f"B{i}")
        assign(world.cadre_b, other, D(2026, 7, 1))

    rows = selectors.unit_follow_ups(scope(world), world.post_a, on=ON)
    got = {f.household.code: (f.last_visit, f.next_due, f.status) for f in rows}
    assert got == expected
    assert {s for _l, _d, s in expected.values()} >= {"overdue", "ok"}  # not a trivial draw

    due = selectors.unit_follow_ups(scope(world), world.post_a, on=ON, status=selectors.DUE)
    assert {f.household.code for f in due} == {
        code for code, (_l, _d, s) in expected.items() if s != "ok"
    }
    only_team = selectors.unit_follow_ups(scope(world), team, on=ON)
    assert {f.cadre.pk for f in only_team} == {team_cadre.pk}

    quiet = selectors.households_not_visited(scope(world), world.post_a, days=45, on=ON)
    assert {h.code for h in quiet} == not_visited_45
    assert not_visited_45  # something to find


def test_households_not_visited_lists_each_household_once_with_everyone_in_charge(world):
    _team, team_cadre = _team_cadre(world)
    h = make_household(world.village_a1, "H1")
    assign(world.cadre_a, h, D(2026, 8, 1))
    assign(team_cadre, h, D(2026, 9, 1))
    seen = make_household(world.village_a1, "H2")
    assign(world.cadre_a, seen, D(2026, 8, 1))
    visit([seen], D(2026, 10, 15), force_unit=world.post_a)
    (row,) = selectors.households_not_visited(scope(world), world.post_a, days=30, on=ON)
    assert row.code == "H1" and row.last_visit is None
    assert {a.cadre_id for a in row.current_assignments} == {world.cadre_a.pk, team_cadre.pk}
    assert (
        list(
            selectors.households_not_visited(
                scope(world, "officer_b"), world.post_a, days=30, on=ON
            )
        )
        == []
    )


def test_follow_ups_take_the_same_few_queries_for_five_households_or_twenty_five(
    world, django_assert_max_num_queries
):
    def add(n, start):
        for i in range(start, start + n):
            household = make_household(world.village_a1, f"Q{i:02d}")
            assign(world.cadre_a, household, D(2026, 8, 1))
            visit([household], D(2026, 9, 1), force_unit=world.post_a)

    user_scope = scope(world)
    add(5, 0)
    with django_assert_max_num_queries(5):
        assert len(selectors.unit_follow_ups(user_scope, world.post_a, on=ON)) == 5
    add(20, 5)
    with django_assert_max_num_queries(5):
        assert len(selectors.unit_follow_ups(user_scope, world.post_a, on=ON)) == 25
    with django_assert_max_num_queries(4):
        assert len(selectors.cadre_follow_ups(user_scope, world.cadre_a, on=ON)) == 25
    with django_assert_max_num_queries(4):
        assert (
            len(list(selectors.households_not_visited(user_scope, world.post_a, days=30, on=ON)))
            == 25
        )


def test_the_default_unit_is_the_highest_one_the_user_sees(world):
    assert selectors.default_unit(scope(world)) == world.post_a
    assert selectors.default_unit(scope(world, "province_staff")) == world.command
    assert selectors.default_unit(scope(world, "partner_a1")) is None
    assert selectors.default_unit(scope(world, "outsider")) is None
