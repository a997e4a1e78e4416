from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from outpost.assign import indicators as ind
from outpost.assign import services
from outpost.assign.models import CommitteeSeat
from outpost.core.audit import audited_create
from outpost.geo.models import AdminUnit, Village
from outpost.geo.services import admin_unit_create
from outpost.grassroots import indicators as gind
from outpost.grassroots.services import party_branch_create

from .conftest import make_cadre, make_household

START = dt.date(2025, 8, 1)
END = dt.date(2025, 12, 1)
BEFORE_END = dt.date(2025, 11, 1)
AFTER_END = dt.date(2026, 1, 1)


@pytest.fixture
def post_a_records(world, branch_a1, branch_b1):
    """Post A: 2 Party members in charge of 3 households (one of them shared), of which one
    ends on END; a branch member; a Deputy Secretary in border commune A1."""
    second = make_cadre(world.post_a, "A-002")
    h1 = make_household(world.village_a1, "H1", near_border=True)
    h2 = make_household(world.village_a1, "H2", near_border=True)
    h3 = make_household(world.village_a1, "H3")
    make_household(world.village_a1, "H4", near_border=True)  # nobody ever
    services.household_assign(actor=None, cadre=world.cadre_a, household=h1, valid_from=START)
    services.household_assign(actor=None, cadre=world.cadre_a, household=h2, valid_from=START)
    ending = services.household_assign(actor=None, cadre=second, household=h3, valid_from=START)
    services.household_assign(actor=None, cadre=second, household=h1, valid_from=START)
    services.household_unassign(actor=None, assignment=ending, on=END, reason="out of poverty")
    membership = services.branch_join(
        actor=None, cadre=world.cadre_a, branch=branch_a1, valid_from=START
    )
    services.branch_leave(actor=None, membership=membership, on=END, reason="rotation")
    services.branch_join(actor=None, cadre=second, branch=branch_a1, valid_from=START)
    services.committee_seat_assign(
        actor=None,
        cadre=world.cadre_a,
        unit=world.commune_a1,
        role=CommitteeSeat.Role.DEPUTY_SECRETARY,
        valid_from=START,
    )
    seat = services.committee_seat_assign(
        actor=None,
        cadre=second,
        unit=world.commune_a2,
        role=CommitteeSeat.Role.MEMBER,
        valid_from=START,
    )
    services.committee_seat_end(actor=None, seat=seat, on=END, reason="term")
    # Post B's records never count for post A.
    hb = make_household(world.village_b1, "HB", near_border=True)
    services.household_assign(actor=None, cadre=world.cadre_b, household=hb, valid_from=START)
    services.branch_join(actor=None, cadre=world.cadre_b, branch=branch_b1, valid_from=START)
    services.committee_seat_assign(
        actor=None,
        cadre=world.cadre_b,
        unit=world.commune_b1,
        role=CommitteeSeat.Role.MEMBER,
        valid_from=START,
    )
    return second


def a_communes(world):
    return {world.commune_a1.pk, world.commune_a2.pk}


def test_household_figures_before_and_after_an_assignment_ends(world, post_a_records):
    c = a_communes(world)
    assert ind.party_members_assisting_households(commune_ids=c, on=BEFORE_END) == 2
    assert ind.households_assisted(commune_ids=c, on=BEFORE_END) == 3
    assert ind.households_near_border_unassigned(commune_ids=c, on=BEFORE_END) == 1
    assert ind.party_members_assisting_households(commune_ids=c, on=AFTER_END) == 2
    assert ind.households_assisted(commune_ids=c, on=AFTER_END) == 2
    assert ind.households_near_border_unassigned(commune_ids=c, on=AFTER_END) == 1
    assert ind.households_assisted(commune_ids=c, on=dt.date(2025, 7, 31)) == 0
    assert ind.households_near_border_unassigned(commune_ids=c, on=dt.date(2025, 7, 31)) == 3


def test_a_household_figure_restricted_to_a_village(world, post_a_records):
    c = a_communes(world)
    other = audited_create(Village(commune=world.commune_a1, name="Bản Khác"), actor=None)
    assert ind.households_assisted(commune_ids=c, on=BEFORE_END, village_ids={other.pk}) == 0
    assert (
        ind.households_assisted(commune_ids=c, on=BEFORE_END, village_ids={world.village_a1.pk})
        == 3
    )


def test_a_cadre_who_left_the_party_no_longer_counts_as_a_party_member(world, post_a_records):
    c = a_communes(world)
    world.cadre_a.party_left_on = dt.date(2025, 10, 1)
    world.cadre_a.save()
    assert ind.party_members_assisting_households(commune_ids=c, on=BEFORE_END) == 1
    assert ind.households_assisted(commune_ids=c, on=BEFORE_END) == 3


def test_branch_figures_before_and_after_a_membership_ends(world, post_a_records):
    c = a_communes(world)
    assert ind.party_members_in_village_branches(commune_ids=c, on=BEFORE_END) == 2
    assert ind.party_members_in_village_branches(commune_ids=c, on=AFTER_END) == 1
    assert ind.village_branches_with_members(commune_ids=c, on=AFTER_END) == 1
    assert ind.villages_without_force_members_in_branch(commune_ids=c, on=AFTER_END) == 0
    assert ind.villages_without_force_members_in_branch(commune_ids=c, on=dt.date(2025, 7, 31)) == 1
    audited_create(Village(commune=world.commune_a2, name="Bản Mới"), actor=None)
    assert ind.villages_without_force_members_in_branch(commune_ids=c, on=AFTER_END) == 1


def test_villages_without_a_party_branch(world, post_a_records):
    c = a_communes(world)
    assert gind.villages_without_party_branch(commune_ids=c, on=AFTER_END) == 0
    v = audited_create(Village(commune=world.commune_a2, name="Bản Mới"), actor=None)
    assert gind.villages_without_party_branch(commune_ids=c, on=AFTER_END) == 1
    party_branch_create(
        actor=None, village=v, name="Chi bộ Bản Mới", established_on=dt.date(2026, 6, 1)
    )
    assert gind.villages_without_party_branch(commune_ids=c, on=AFTER_END) == 1
    assert gind.villages_without_party_branch(commune_ids=c, on=dt.date(2026, 7, 1)) == 0


def test_committee_figures_before_and_after_a_seat_ends(world, post_a_records):
    c = a_communes(world)
    assert ind.officers_in_commune_committees(commune_ids=c, on=BEFORE_END) == 2
    assert ind.border_communes_with_officer(commune_ids=c, on=BEFORE_END) == 2
    assert ind.officers_in_commune_committees(commune_ids=c, on=AFTER_END) == 1
    assert ind.border_communes_with_officer(commune_ids=c, on=AFTER_END) == 1
    assert ind.officers_in_commune_committees(commune_ids={world.commune_b1.pk}, on=AFTER_END) == 1


def test_district_committee_seats_count_through_the_districts_of_the_communes(world):
    district = admin_unit_create(
        actor=None,
        level=AdminUnit.Level.DISTRICT,
        code="123",
        name="Huyện Cũ",
        valid_to=dt.date(2025, 7, 1),
    )
    world.old_commune_a1.parent = district
    world.old_commune_a1.save()
    services.committee_seat_assign(
        actor=None,
        cadre=world.cadre_a,
        unit=district,
        role=CommitteeSeat.Role.STANDING_MEMBER,
        valid_from=dt.date(2023, 1, 1),
    )
    old = {world.old_commune_a1.pk}
    assert ind.officers_in_district_committees(commune_ids=old, on=dt.date(2024, 6, 1)) == 1
    assert ind.officers_in_district_committees(commune_ids=old, on=dt.date(2022, 6, 1)) == 0
    # The district ended with the reorganisation; its seat stays in 2024 only.
    assert (
        ind.officers_in_district_committees(commune_ids=a_communes(world), on=dt.date(2025, 8, 1))
        == 0
    )


def test_a_2024_assignment_in_an_old_commune_counts_for_post_a_in_2024(world, old_village):
    household = make_household(old_village, "OLD1", near_border=True)
    services.household_assign(
        actor=None, cadre=world.cadre_a, household=household, valid_from=dt.date(2024, 3, 1)
    )
    communes_2024 = {world.old_commune_a1.pk}  # post A's communes on 2024-06-01
    assert ind.households_assisted(commune_ids=communes_2024, on=dt.date(2024, 6, 1)) == 1
    assert (
        ind.party_members_assisting_households(commune_ids=communes_2024, on=dt.date(2024, 6, 1))
        == 1
    )
    assert (
        ind.households_near_border_unassigned(commune_ids=communes_2024, on=dt.date(2024, 6, 1))
        == 0
    )
    assert ind.households_assisted(commune_ids={world.commune_b1.pk}, on=dt.date(2024, 6, 1)) == 0


def test_each_figure_is_a_single_query(world, post_a_records):
    c = a_communes(world)
    funcs = [
        ind.party_members_assisting_households,
        ind.households_assisted,
        ind.households_near_border_unassigned,
        ind.party_members_in_village_branches,
        ind.village_branches_with_members,
        ind.villages_without_force_members_in_branch,
        ind.officers_in_commune_committees,
        ind.border_communes_with_officer,
        ind.officers_in_district_committees,
        gind.villages_without_party_branch,
    ]
    for func in funcs:
        with CaptureQueriesContext(connection) as ctx:
            func(commune_ids=c, on=BEFORE_END)
        assert len(ctx.captured_queries) == 1, func.__name__


def test_the_figures_are_registered_for_reports(world):
    from outpost.reports.registry import keys

    registered = set(keys())
    for key in (
        "party_members_assisting_households",
        "households_assisted",
        "households_near_border_unassigned",
        "party_members_in_village_branches",
        "village_branches_with_members",
        "villages_without_party_members",
        "villages_without_force_members_in_branch",
        "villages_without_party_branch",
        "officers_in_commune_committees",
        "border_communes_with_officer",
        "officers_in_district_committees",
    ):
        assert key in registered
