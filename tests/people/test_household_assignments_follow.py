"""Who is in charge of a household goes with it when the household ends, moves, merges or
splits (people services calling the assign services)."""

from __future__ import annotations

import datetime as dt

import pytest

from outpost.assign.models import HouseholdAssignment
from outpost.assign.services import HOUSEHOLD_ENDED, household_assign
from outpost.core.models import AuditEvent
from outpost.geo.services import village_create
from outpost.people.models import Resident
from outpost.people.services import (
    household_create,
    household_end,
    household_merge,
    household_move,
    household_split,
    resident_add,
)

ASSIGNED = dt.date(2025, 8, 1)
ON = dt.date(2025, 11, 10)
DECISION = "QĐ số 12/QĐ-ĐBP ngày 31/07/2025"


@pytest.fixture
def in_charge(world, families) -> HouseholdAssignment:
    return household_assign(
        actor=None,
        cadre=world.cadre_a,
        household=families.a,
        valid_from=ASSIGNED,
        decision=DECISION,
    )


def open_assignments(household) -> list[HouseholdAssignment]:
    return list(HouseholdAssignment.objects.filter(household=household, valid_to__isnull=True))


def test_ending_a_household_ends_its_assignments_on_that_date_with_the_reason(
    world, families, in_charge
):
    household_end(
        actor=world.users["commander_a"],
        household=families.a,
        on=ON,
        reason="Cả hộ chuyển đi làm ăn xa",
    )
    in_charge.refresh_from_db()
    assert in_charge.valid_to == ON
    assert in_charge.end_reason == f"{HOUSEHOLD_ENDED}: Cả hộ chuyển đi làm ăn xa"
    event = AuditEvent.objects.get(
        object_type="assign.householdassignment",
        object_id=str(in_charge.pk),
        action=AuditEvent.Action.END,
    )
    assert event.actor == world.users["commander_a"]
    assert open_assignments(families.a) == []


def test_a_household_moving_to_another_commune_of_the_post_keeps_its_party_member(
    world, families, in_charge
):
    village_a2 = village_create(actor=None, commune=world.commune_a2, name="Bản Nà Hỳ")
    new = household_move(actor=None, household=families.a, village=village_a2, on=ON)
    in_charge.refresh_from_db()
    assert new.pk != families.a.pk
    assert in_charge.valid_to == ON
    [follows] = open_assignments(new)
    assert follows.cadre == world.cadre_a
    assert follows.valid_from == ON
    assert follows.decision == DECISION


def test_a_household_moving_out_of_the_posts_area_leaves_its_party_member(
    world, families, in_charge
):
    new = household_move(actor=None, household=families.a, village=world.village_b1, on=ON)
    in_charge.refresh_from_db()
    assert in_charge.valid_to == ON
    assert in_charge.end_reason
    assert open_assignments(new) == []
    assert not HouseholdAssignment.objects.filter(household=new).exists()


def test_the_party_member_of_a_merged_household_follows_it_into_the_one_it_joined(world, families):
    joining = household_create(actor=None, village=world.village_a1, code="HL-02")
    resident_add(actor=None, household=joining, full_name="Lò Văn Ún", relation="head", sex="M")
    before = household_assign(
        actor=None, cadre=world.cadre_a, household=joining, valid_from=ASSIGNED
    )
    household_merge(actor=None, sources=[joining], into=families.a, on=ON)
    before.refresh_from_db()
    assert before.valid_to == ON
    assert [a.cadre for a in open_assignments(families.a)] == [world.cadre_a]


def test_a_split_keeps_the_assignment_of_the_household_that_stays(world, families, in_charge):
    new = household_split(
        actor=None,
        household=families.a,
        members=[families.son_a],
        code="HL-03",
        on=ON,
        head=families.son_a,
    )
    in_charge.refresh_from_db()
    assert in_charge.valid_to is None
    assert open_assignments(new) == []
    assert Resident.objects.filter(household=new, valid_to__isnull=True).count() == 1
