from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from outpost.accounts.scope import scope_for
from outpost.assign import selectors, services
from outpost.assign.models import BranchMembership, CommitteeSeat, HouseholdAssignment
from outpost.force.services import cadre_post

from .conftest import make_cadre, make_household

D = dt.date(2025, 8, 1)
POSTED = dt.date(2025, 10, 1)


@pytest.fixture
def busy_cadre_a(world, branch_a1):
    h1 = make_household(world.village_a1, "H1", near_border=True)
    h2 = make_household(world.village_a1, "H2")
    services.household_assign(actor=None, cadre=world.cadre_a, household=h1, valid_from=D)
    services.household_assign(actor=None, cadre=world.cadre_a, household=h2, valid_from=D)
    services.branch_join(actor=None, cadre=world.cadre_a, branch=branch_a1, valid_from=D)
    services.committee_seat_assign(
        actor=None,
        cadre=world.cadre_a,
        unit=world.commune_a1,
        role=CommitteeSeat.Role.DEPUTY_SECRETARY,
        valid_from=D,
    )
    return h1, h2


def test_posting_a_cadre_away_ends_every_open_assignment_on_that_date(world, busy_cadre_a):
    cadre_post(
        actor=world.users["commander_a"], cadre=world.cadre_a, to_unit=world.post_b, on=POSTED
    )
    for model in (HouseholdAssignment, BranchMembership, CommitteeSeat):
        rows = model.objects.filter(cadre=world.cadre_a)
        assert rows.count() >= 1
        assert all(r.valid_to == POSTED and r.end_reason == services.POSTED_AWAY for r in rows)


def test_households_left_without_anyone_are_flagged_at_once_after_posting(world, busy_cadre_a):
    h1, h2 = busy_cadre_a
    scope = scope_for(world.users["officer_a"])
    colleague = make_cadre(world.post_a, "A-002")
    services.household_assign(actor=None, cadre=colleague, household=h2, valid_from=D)
    assert selectors.uncovered_households_count(scope, POSTED) == 0

    cadre_post(actor=None, cadre=world.cadre_a, to_unit=world.post_b, on=POSTED)

    assert list(selectors.households_without_anyone(scope, POSTED)) == [h1]
    assert selectors.uncovered_households_count(scope, POSTED) == 1
    assert selectors.uncovered_households_count(scope, POSTED, near_border_only=True) == 1
    assert selectors.uncovered_after_posting(scope, world.cadre_a) == [h1]
    # The day before, the cadre was still in charge.
    assert selectors.uncovered_households_count(scope, POSTED - dt.timedelta(days=1)) == 0


def test_a_cadre_posted_away_stays_visible_to_the_post_they_left(world, busy_cadre_a):
    cadre_post(actor=None, cadre=world.cadre_a, to_unit=world.post_b, on=POSTED)
    scope_a = scope_for(world.users["officer_a"])
    assert selectors.cadre_get(scope_a, world.cadre_a.pk) == world.cadre_a
    seen = selectors.cadre_assignments(scope_a, world.cadre_a)
    assert len(seen.households) == 2 and seen.open_households == []
    # Post B sees the cadre (now theirs) but none of post A's households.
    scope_b = scope_for(world.users["officer_b"])
    assert selectors.cadre_assignments(scope_b, world.cadre_a).households == []


def test_hand_over_after_posting_moves_the_ended_assignments_to_another_cadre(world, busy_cadre_a):
    h1, h2 = busy_cadre_a
    successor = make_cadre(world.post_a, "A-002")
    cadre_post(actor=None, cadre=world.cadre_a, to_unit=world.post_b, on=POSTED)
    created = services.assignments_hand_over(
        actor=world.users["commander_a"], from_cadre=world.cadre_a, to_cadre=successor, on=POSTED
    )
    assert len(created) == 4
    assert {
        a.household_id
        for a in HouseholdAssignment.objects.filter(cadre=successor, valid_to__isnull=True)
    } == {h1.pk, h2.pk}
    assert all(
        a.handed_over_to_id == successor.pk
        for a in HouseholdAssignment.objects.filter(cadre=world.cadre_a)
    )
    seat = CommitteeSeat.objects.get(cadre=successor)
    assert seat.role == CommitteeSeat.Role.DEPUTY_SECRETARY and seat.valid_from == POSTED
    scope = scope_for(world.users["officer_a"])
    assert selectors.uncovered_households_count(scope, POSTED) == 0
    assert selectors.uncovered_after_posting(scope, world.cadre_a) == []


def test_hand_over_before_posting_ends_open_assignments_naming_who_took_over(world, busy_cadre_a):
    successor = make_cadre(world.post_a, "A-002")
    on = dt.date(2025, 9, 1)
    services.assignments_hand_over(actor=None, from_cadre=world.cadre_a, to_cadre=successor, on=on)
    old = HouseholdAssignment.objects.filter(cadre=world.cadre_a)
    assert all(
        a.valid_to == on and a.end_reason == services.HANDED_OVER and a.handed_over_to == successor
        for a in old
    )
    assert HouseholdAssignment.objects.filter(cadre=successor, valid_from=on).count() == 2


def test_hand_over_is_all_or_none_when_the_other_cadre_may_not_take_something_over(
    world, busy_cadre_a
):
    soldier = make_cadre(world.post_a, "A-011", category="professional")
    with pytest.raises(ValidationError, match="officer"):
        services.assignments_hand_over(
            actor=None, from_cadre=world.cadre_a, to_cadre=soldier, on=dt.date(2025, 9, 1)
        )
    assert (
        HouseholdAssignment.objects.filter(cadre=world.cadre_a, valid_to__isnull=True).count() == 2
    )
    assert not HouseholdAssignment.objects.filter(cadre=soldier).exists()


def test_hand_over_to_oneself_is_refused(world, busy_cadre_a):
    with pytest.raises(ValidationError):
        services.assignments_hand_over(
            actor=None, from_cadre=world.cadre_a, to_cadre=world.cadre_a, on=POSTED
        )


def test_a_back_dated_posting_ends_an_assignment_that_began_that_day_without_failing(world):
    h = make_household(world.village_a1, "H1")
    a = services.household_assign(actor=None, cadre=world.cadre_a, household=h, valid_from=POSTED)
    cadre_post(actor=None, cadre=world.cadre_a, to_unit=world.post_b, on=POSTED)
    a.refresh_from_db()
    assert a.valid_to == POSTED + dt.timedelta(days=1) and a.end_reason == services.POSTED_AWAY
