from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from outpost.assign import services
from outpost.assign.models import BranchMembership, CommitteeSeat, HouseholdAssignment
from outpost.force.services import cadre_post

from .conftest import make_cadre, make_household

D = dt.date(2025, 8, 1)


@pytest.fixture
def records(world, branch_a1, branch_b1):
    ha = make_household(world.village_a1, "HH-ALPHA", near_border=True)
    hb = make_household(world.village_b1, "HH-BRAVO", near_border=True)
    a = services.household_assign(actor=None, cadre=world.cadre_a, household=ha, valid_from=D)
    b = services.household_assign(actor=None, cadre=world.cadre_b, household=hb, valid_from=D)
    mb = services.branch_join(actor=None, cadre=world.cadre_b, branch=branch_b1, valid_from=D)
    sb = services.committee_seat_assign(
        actor=None,
        cadre=world.cadre_b,
        unit=world.commune_b1,
        role=CommitteeSeat.Role.MEMBER,
        valid_from=D,
    )
    return {"ha": ha, "hb": hb, "a": a, "b": b, "mb": mb, "sb": sb}


def test_the_cadre_page_shows_households_branches_and_seats_over_time(world, records):
    client = world.client_for("officer_a")
    response = client.get(
        reverse("assign:cadre_assignments", kwargs={"cadre_id": world.cadre_a.pk})
    )
    assert response.status_code == 200
    assert "HH-ALPHA" in response.content.decode()


def test_the_village_page_shows_who_is_in_charge_and_the_branch(world, records, branch_a1):
    client = world.client_for("officer_a")
    url = reverse("assign:village_assignments", kwargs={"village_id": world.village_a1.pk})
    body = client.get(url).content.decode()
    assert world.cadre_a.full_name in body and branch_a1.name in body
    assert "No member of the post takes part in this branch." in body


def test_officer_a_cannot_see_post_b_cadres_villages_or_assignments(world, records):
    client = world.client_for("officer_a")
    assert (
        client.get(
            reverse("assign:cadre_assignments", kwargs={"cadre_id": world.cadre_b.pk})
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("assign:village_assignments", kwargs={"village_id": world.village_b1.pk})
        ).status_code
        == 404
    )
    for name, kwargs in (
        ("assign:household_unassign", {"assignment_id": records["b"].pk}),
        ("assign:branch_leave", {"membership_id": records["mb"].pk}),
        ("assign:committee_seat_end", {"seat_id": records["sb"].pk}),
        ("assign:branch_join", {"branch_id": records["mb"].branch_id}),
    ):
        url = reverse(name, kwargs=kwargs)
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"on": "2025-09-01", "reason": "x"}).status_code == 404, name
    assert HouseholdAssignment.objects.get(pk=records["b"].pk).valid_to is None


def test_officer_a_cannot_assign_post_b_households_or_cadres(world, records):
    client = world.client_for("officer_a")
    url = reverse("assign:household_assign")
    response = client.post(
        url,
        {"cadre": world.cadre_b.pk, "households": [records["ha"].pk], "valid_from": "2025-09-01"},
    )
    assert (
        response.status_code == 200
        and not HouseholdAssignment.objects.filter(
            cadre=world.cadre_b, household=records["ha"]
        ).exists()
    )
    response = client.post(
        url,
        {"cadre": world.cadre_a.pk, "households": [records["hb"].pk], "valid_from": "2025-09-01"},
    )
    assert (
        response.status_code == 200
        and not HouseholdAssignment.objects.filter(
            household=records["hb"], cadre=world.cadre_a
        ).exists()
    )


def test_assigning_several_households_from_the_form(world, records):
    h2 = make_household(world.village_a1, "H2")
    h3 = make_household(world.village_a1, "H3")
    client = world.client_for("officer_a")
    response = client.post(
        reverse("assign:household_assign"),
        {
            "cadre": world.cadre_a.pk,
            "households": [h2.pk, h3.pk],
            "valid_from": "2025-09-01",
            "decision": "QĐ 7",
        },
    )
    assert response.status_code == 302
    assert set(
        HouseholdAssignment.objects.filter(cadre=world.cadre_a, decision="QĐ 7").values_list(
            "household__code", flat=True
        )
    ) == {"H2", "H3"}


def test_a_refused_assignment_shows_its_reason_on_the_form(world, records):
    client = world.client_for("officer_a")
    response = client.post(
        reverse("assign:household_assign"),
        {"cadre": world.cadre_a.pk, "households": [records["ha"].pk], "valid_from": "2025-09-01"},
    )
    assert response.status_code == 200 and "already in charge" in response.content.decode()


def test_ending_an_assignment_from_its_page(world, records):
    client = world.client_for("officer_a")
    url = reverse("assign:household_unassign", kwargs={"assignment_id": records["a"].pk})
    assert client.post(url, {"on": "2025-09-01", "reason": "moved away"}).status_code == 302
    records["a"].refresh_from_db()
    assert records["a"].valid_to == dt.date(2025, 9, 1)


@pytest.mark.parametrize("persona", ["partner_a1", "national_viewer"])
def test_read_only_users_see_but_cannot_write(world, records, persona):
    client = world.client_for(persona)
    url = reverse("assign:village_assignments", kwargs={"village_id": world.village_a1.pk})
    assert client.get(url).status_code == 200
    assert client.get(reverse("assign:household_assign")).status_code == 403
    end = reverse("assign:household_unassign", kwargs={"assignment_id": records["a"].pk})
    assert client.post(end, {"on": "2025-09-01", "reason": "x"}).status_code == 403
    assert client.get(reverse("assign:hand_over")).status_code == 403


def test_branch_join_and_committee_seat_forms(world, branch_a1):
    client = world.client_for("commander_a")
    url = reverse("assign:branch_join", kwargs={"branch_id": branch_a1.pk})
    assert (
        client.post(url, {"cadre": world.cadre_a.pk, "valid_from": "2025-09-01"}).status_code == 302
    )
    assert BranchMembership.objects.filter(cadre=world.cadre_a, branch=branch_a1).exists()
    response = client.post(
        reverse("assign:committee_seat_assign"),
        {
            "cadre": world.cadre_a.pk,
            "unit": world.commune_a1.pk,
            "role": "deputy_secretary",
            "valid_from": "2025-09-01",
        },
    )
    assert response.status_code == 302
    assert CommitteeSeat.objects.filter(cadre=world.cadre_a, unit=world.commune_a1).exists()
    response = client.post(
        reverse("assign:committee_seat_assign"),
        {
            "cadre": world.cadre_a.pk,
            "unit": world.commune_b1.pk,
            "role": "member",
            "valid_from": "2025-09-01",
        },
    )
    assert (
        response.status_code == 200
        and not CommitteeSeat.objects.filter(unit=world.commune_b1).exists()
    )


def test_after_posting_the_cadre_page_lists_the_households_left_uncovered_and_hand_over_fixes_it(
    world, records
):
    successor = make_cadre(world.post_a, "A-002")
    cadre_post(actor=None, cadre=world.cadre_a, to_unit=world.post_b, on=dt.date(2025, 10, 1))
    client = world.client_for("commander_a")
    page = reverse("assign:cadre_assignments", kwargs={"cadre_id": world.cadre_a.pk})
    body = client.get(page).content.decode()
    assert "Left without anyone in charge" in body and "HH-ALPHA" in body
    response = client.post(
        reverse("assign:hand_over"),
        {"from_cadre": world.cadre_a.pk, "to_cadre": successor.pk, "on": "2025-10-01"},
    )
    assert response.status_code == 302
    assert HouseholdAssignment.objects.filter(
        cadre=successor, household=records["ha"], valid_to__isnull=True
    ).exists()
    assert "Left without anyone in charge" not in client.get(page).content.decode()


def test_the_overview_lists_gaps(world, records):
    body = world.client_for("officer_a").get(reverse("assign:overview")).content.decode()
    assert "HH-ALPHA" not in body  # HA has someone in charge
    assert "HH-BRAVO" not in body  # not in post A's scope
