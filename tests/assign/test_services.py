from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from outpost.assign import services
from outpost.assign.models import BranchMembership, CommitteeSeat, HouseholdAssignment
from outpost.core.audit import history
from outpost.core.models import AuditEvent
from outpost.force.models import Cadre
from outpost.geo.models import AdminUnit
from outpost.geo.services import admin_unit_create

from .conftest import make_cadre, make_household

D = dt.date(2025, 8, 1)


def test_a_party_member_takes_charge_of_a_household_and_it_is_audited(world):
    household = make_household(world.village_a1, "H1")
    a = services.household_assign(
        actor=world.users["officer_a"],
        cadre=world.cadre_a,
        household=household,
        valid_from=D,
        decision="QĐ 1",
    )
    assert a.valid_to is None and a.decision == "QĐ 1"
    event = history(a).get()
    assert event.action == AuditEvent.Action.CREATE
    assert event.commune_id == world.commune_a1.pk and event.force_unit_id == world.post_a.pk


def test_it_refuses_a_cadre_who_is_not_a_party_member_on_the_start_date(world):
    household = make_household(world.village_a1, "H1")
    with pytest.raises(ValidationError, match="not a Party member"):
        services.household_assign(
            actor=None, cadre=world.cadre_a, household=household, valid_from=dt.date(2011, 1, 1)
        )
    non_member = make_cadre(world.post_a, "A-009", party=False)
    with pytest.raises(ValidationError, match="not a Party member"):
        services.household_assign(actor=None, cadre=non_member, household=household, valid_from=D)


def test_it_refuses_a_household_outside_the_area_of_the_cadres_post(world):
    household_b = make_household(world.village_b1, "HB")
    with pytest.raises(ValidationError) as exc:
        services.household_assign(
            actor=None, cadre=world.cadre_a, household=household_b, valid_from=D
        )
    assert "area of responsibility" in str(exc.value)
    assert HouseholdAssignment.objects.count() == 0


def test_it_refuses_a_household_of_a_commune_the_post_takes_over_only_later(world, old_village):
    household = make_household(world.village_a1, "H1")
    with pytest.raises(ValidationError, match="area of responsibility"):
        services.household_assign(
            actor=None, cadre=world.cadre_a, household=household, valid_from=dt.date(2024, 3, 1)
        )
    old = make_household(old_village, "OLD1")
    assert services.household_assign(
        actor=None, cadre=world.cadre_a, household=old, valid_from=dt.date(2024, 3, 1)
    ).pk


def test_the_parent_commands_area_counts_for_a_cadre_of_the_command(world):
    from outpost.force.services import area_assign

    staff = make_cadre(world.command, "C-001")
    household = make_household(world.village_b1, "HB")
    with pytest.raises(ValidationError):
        services.household_assign(actor=None, cadre=staff, household=household, valid_from=D)
    area_assign(
        actor=None,
        force_unit=world.command,
        commune=world.commune_b1,
        valid_from=dt.date(2025, 7, 1),
    )
    assert services.household_assign(actor=None, cadre=staff, household=household, valid_from=D).pk


def test_a_team_cadre_works_in_the_area_of_the_post_above(world):
    from outpost.force.models import ForceUnit
    from outpost.force.services import force_unit_create

    team = force_unit_create(
        actor=None, kind=ForceUnit.Kind.TEAM, code="T-A", name="Đội A", parent=world.post_a
    )
    cadre = make_cadre(team, "T-001")
    household = make_household(world.village_a1, "H1")
    assert services.household_assign(actor=None, cadre=cadre, household=household, valid_from=D).pk


def test_it_refuses_a_second_open_assignment_of_the_same_cadre_to_the_same_household(world):
    household = make_household(world.village_a1, "H1")
    services.household_assign(actor=None, cadre=world.cadre_a, household=household, valid_from=D)
    with pytest.raises(ValidationError, match="already in charge"):
        services.household_assign(
            actor=None, cadre=world.cadre_a, household=household, valid_from=D
        )


def test_two_cadres_may_share_a_household_and_an_ended_assignment_can_start_again(world):
    household = make_household(world.village_a1, "H1")
    other = make_cadre(world.post_a, "A-002")
    first = services.household_assign(
        actor=None, cadre=world.cadre_a, household=household, valid_from=D
    )
    services.household_assign(actor=None, cadre=other, household=household, valid_from=D)
    services.household_unassign(
        actor=None, assignment=first, on=dt.date(2025, 9, 1), reason="moved"
    )
    again = services.household_assign(
        actor=None, cadre=world.cadre_a, household=household, valid_from=dt.date(2025, 10, 1)
    )
    assert again.pk != first.pk


def test_ending_an_assignment_keeps_the_row_with_its_reason_and_is_audited(world):
    household = make_household(world.village_a1, "H1")
    a = services.household_assign(
        actor=None, cadre=world.cadre_a, household=household, valid_from=D
    )
    services.household_unassign(
        actor=None, assignment=a, on=dt.date(2025, 12, 1), reason="out of poverty"
    )
    a.refresh_from_db()
    assert a.valid_to == dt.date(2025, 12, 1) and a.end_reason == "out of poverty"
    assert history(a).filter(action=AuditEvent.Action.END).exists()
    with pytest.raises(ValidationError, match="already ended"):
        services.household_unassign(
            actor=None, assignment=a, on=dt.date(2026, 1, 1), reason="again"
        )


def test_an_assignment_cannot_end_before_it_began_or_without_a_reason(world):
    household = make_household(world.village_a1, "H1")
    a = services.household_assign(
        actor=None, cadre=world.cadre_a, household=household, valid_from=D
    )
    with pytest.raises(ValidationError):
        services.household_unassign(actor=None, assignment=a, on=dt.date(2025, 1, 1), reason="x")
    with pytest.raises(ValidationError):
        services.household_unassign(actor=None, assignment=a, on=dt.date(2025, 9, 1), reason="  ")


def test_several_households_are_assigned_all_or_none(world):
    h1 = make_household(world.village_a1, "H1")
    hb = make_household(world.village_b1, "HB")
    with pytest.raises(ValidationError):
        services.households_assign(
            actor=None, cadre=world.cadre_a, households=[h1, hb], valid_from=D
        )
    assert HouseholdAssignment.objects.count() == 0


# --- branches ---


def test_a_party_member_joins_a_village_branch_of_the_posts_area(world, branch_a1, branch_b1):
    m = services.branch_join(actor=None, cadre=world.cadre_a, branch=branch_a1, valid_from=D)
    assert m.branch == branch_a1
    with pytest.raises(ValidationError, match="already takes part"):
        services.branch_join(actor=None, cadre=world.cadre_a, branch=branch_a1, valid_from=D)
    with pytest.raises(ValidationError, match="area of responsibility"):
        services.branch_join(actor=None, cadre=world.cadre_a, branch=branch_b1, valid_from=D)
    non_member = make_cadre(world.post_a, "A-009", party=False)
    with pytest.raises(ValidationError, match="not a Party member"):
        services.branch_join(actor=None, cadre=non_member, branch=branch_a1, valid_from=D)
    services.branch_leave(actor=None, membership=m, on=dt.date(2025, 9, 1), reason="rotation")
    m.refresh_from_db()
    assert m.valid_to == dt.date(2025, 9, 1)


def test_it_refuses_joining_a_branch_before_it_was_established(world):
    from outpost.grassroots.services import party_branch_create

    branch = party_branch_create(
        actor=None, village=world.village_a1, name="Chi bộ mới", established_on=D
    )
    with pytest.raises(ValidationError, match="does not exist"):
        services.branch_join(
            actor=None, cadre=world.cadre_a, branch=branch, valid_from=dt.date(2025, 7, 15)
        )


# --- committee seats ---


def test_an_officer_takes_a_commune_committee_seat_and_only_one_deputy_secretary_is_open(world):
    other = make_cadre(world.post_a, "A-002")
    DS = CommitteeSeat.Role.DEPUTY_SECRETARY
    seat = services.committee_seat_assign(
        actor=None, cadre=world.cadre_a, unit=world.commune_a1, role=DS, valid_from=D
    )
    with pytest.raises(ValidationError, match="Deputy Secretary"):
        services.committee_seat_assign(
            actor=None, cadre=other, unit=world.commune_a1, role=DS, valid_from=D
        )
    assert services.committee_seat_assign(
        actor=None, cadre=other, unit=world.commune_a2, role=DS, valid_from=D
    ).pk
    member = services.committee_seat_assign(
        actor=None, cadre=other, unit=world.commune_a1, role=CommitteeSeat.Role.MEMBER, valid_from=D
    )
    assert member.pk
    services.committee_seat_end(actor=None, seat=seat, on=dt.date(2026, 1, 1), reason="term ended")
    assert services.committee_seat_assign(
        actor=None,
        cadre=make_cadre(world.post_a, "A-003"),
        unit=world.commune_a1,
        role=DS,
        valid_from=dt.date(2026, 1, 1),
    ).pk


def test_only_officers_hold_committee_seats(world):
    soldier = make_cadre(world.post_a, "A-010", category=Cadre.Category.PROFESSIONAL)
    with pytest.raises(ValidationError, match="officer"):
        services.committee_seat_assign(
            actor=None,
            cadre=soldier,
            unit=world.commune_a1,
            role=CommitteeSeat.Role.MEMBER,
            valid_from=D,
        )


def test_a_committee_seat_must_be_in_the_posts_area(world):
    with pytest.raises(ValidationError, match="area of responsibility"):
        services.committee_seat_assign(
            actor=None,
            cadre=world.cadre_a,
            unit=world.commune_b1,
            role=CommitteeSeat.Role.MEMBER,
            valid_from=D,
        )


def test_district_seats_exist_only_before_districts_were_abolished(world):
    district = admin_unit_create(
        actor=None,
        level=AdminUnit.Level.DISTRICT,
        code="123",
        name="Huyện Cũ",
        parent=world.province,
        valid_to=dt.date(2025, 7, 1),
    )
    world.old_commune_a1.parent = district
    world.old_commune_a1.save()
    seat = services.committee_seat_assign(
        actor=None,
        cadre=world.cadre_a,
        unit=district,
        role=CommitteeSeat.Role.STANDING_MEMBER,
        valid_from=dt.date(2024, 1, 1),
    )
    assert seat.pk
    with pytest.raises(ValidationError, match="abolished"):
        services.committee_seat_assign(
            actor=None,
            cadre=world.cadre_b,
            unit=district,
            role=CommitteeSeat.Role.MEMBER,
            valid_from=D,
        )
    with pytest.raises(ValidationError, match="district"):
        services.committee_seat_assign(
            actor=None,
            cadre=world.cadre_b,
            unit=district,
            role=CommitteeSeat.Role.MEMBER,
            valid_from=dt.date(2024, 1, 1),
        )
    with pytest.raises(ValidationError):
        services.committee_seat_assign(
            actor=None,
            cadre=world.cadre_a,
            unit=world.province,
            role=CommitteeSeat.Role.MEMBER,
            valid_from=D,
        )
    assert BranchMembership.objects.count() == 0
