from __future__ import annotations

import datetime as dt

import pytest

from outpost.assign import services
from outpost.assign.models import CommitteeSeat, HouseholdAssignment
from outpost.core.models import AuditEvent

from .conftest import make_cadre, make_household

D = dt.date(2025, 8, 1)
BASE = "/api/v1/assign"


@pytest.fixture
def records(world, branch_a1, branch_b1):
    ha = make_household(world.village_a1, "HA")
    hb = make_household(world.village_b1, "HB")
    return {
        "ha": ha,
        "hb": hb,
        "a": services.household_assign(actor=None, cadre=world.cadre_a, household=ha, valid_from=D),
        "b": services.household_assign(actor=None, cadre=world.cadre_b, household=hb, valid_from=D),
        "mb": services.branch_join(actor=None, cadre=world.cadre_b, branch=branch_b1, valid_from=D),
        "sb": services.committee_seat_assign(
            actor=None, cadre=world.cadre_b, unit=world.commune_b1, role="member", valid_from=D
        ),
    }


def test_lists_are_scoped_and_paginated(world, records):
    client = world.client_for("officer_a")
    body = client.get(f"{BASE}/households").json()
    assert body["count"] == 1 and body["items"][0]["household_code"] == "HA"
    assert client.get(f"{BASE}/memberships").json()["count"] == 0
    assert client.get(f"{BASE}/seats").json()["count"] == 0
    assert world.client_for("officer_b").get(f"{BASE}/seats").json()["count"] == 1
    assert (
        world.client_for("national_viewer").get(f"{BASE}/households?limit=1").json()["count"] == 2
    )
    assert client.get(f"{BASE}/households?on=2025-07-01").json()["count"] == 0


def test_creating_household_assignments_through_the_api_is_audited_as_api(world, records):
    h2 = make_household(world.village_a1, "H2")
    client = world.client_for("officer_a")
    response = client.post(
        f"{BASE}/households",
        {"cadre_id": world.cadre_a.pk, "household_ids": [h2.pk], "valid_from": "2025-09-01"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    created = HouseholdAssignment.objects.get(household=h2)
    assert (
        AuditEvent.objects.get(
            object_type="assign.householdassignment", object_id=str(created.pk)
        ).source
        == "api"
    )


def test_a_refused_assignment_is_a_422_with_the_reason(world, records):
    response = world.client_for("officer_a").post(
        f"{BASE}/households",
        {
            "cadre_id": world.cadre_a.pk,
            "household_ids": [records["ha"].pk],
            "valid_from": "2025-09-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 422 and "already in charge" in response.json()["detail"]


def test_officer_a_cannot_create_or_end_assignments_of_post_b(world, records):
    client = world.client_for("officer_a")
    j = "application/json"
    assert (
        client.post(
            f"{BASE}/households",
            {
                "cadre_id": world.cadre_b.pk,
                "household_ids": [records["ha"].pk],
                "valid_from": "2025-09-01",
            },
            content_type=j,
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"{BASE}/households",
            {
                "cadre_id": world.cadre_a.pk,
                "household_ids": [records["hb"].pk],
                "valid_from": "2025-09-01",
            },
            content_type=j,
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"{BASE}/memberships",
            {
                "cadre_id": world.cadre_a.pk,
                "branch_id": records["mb"].branch_id,
                "valid_from": "2025-09-01",
            },
            content_type=j,
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"{BASE}/seats",
            {
                "cadre_id": world.cadre_a.pk,
                "unit_id": world.commune_b1.pk,
                "role": "member",
                "valid_from": "2025-09-01",
            },
            content_type=j,
        ).status_code
        == 404
    )
    end = {"on": "2025-09-01", "reason": "x"}
    assert (
        client.post(f"{BASE}/households/{records['b'].pk}/end", end, content_type=j).status_code
        == 404
    )
    assert (
        client.post(f"{BASE}/memberships/{records['mb'].pk}/end", end, content_type=j).status_code
        == 404
    )
    assert (
        client.post(f"{BASE}/seats/{records['sb'].pk}/end", end, content_type=j).status_code == 404
    )
    assert HouseholdAssignment.objects.get(pk=records["b"].pk).valid_to is None


def test_read_only_users_get_403_on_writes(world, records):
    client = world.client_for("partner_a1")
    response = client.post(
        f"{BASE}/households/{records['a'].pk}/end",
        {"on": "2025-09-01", "reason": "x"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert client.get(f"{BASE}/households").json()["count"] == 1


def test_membership_seat_end_and_hand_over_through_the_api(world, records, branch_a1):
    client = world.client_for("commander_a")
    j = "application/json"
    r = client.post(
        f"{BASE}/memberships",
        {"cadre_id": world.cadre_a.pk, "branch_id": branch_a1.pk, "valid_from": "2025-09-01"},
        content_type=j,
    )
    assert r.status_code == 201 and r.json()["branch_name"] == branch_a1.name
    r = client.post(
        f"{BASE}/seats",
        {
            "cadre_id": world.cadre_a.pk,
            "unit_id": world.commune_a1.pk,
            "role": "deputy_secretary",
            "valid_from": "2025-09-01",
        },
        content_type=j,
    )
    assert r.status_code == 201
    seat_id = r.json()["id"]
    r = client.post(
        f"{BASE}/seats/{seat_id}/end", {"on": "2025-10-01", "reason": "term"}, content_type=j
    )
    assert r.status_code == 200 and r.json()["valid_to"] == "2025-10-01"
    successor = make_cadre(world.post_a, "A-002")
    r = client.post(
        f"{BASE}/hand-over",
        {"from_cadre_id": world.cadre_a.pk, "to_cadre_id": successor.pk, "on": "2025-11-01"},
        content_type=j,
    )
    assert r.status_code == 200 and r.json()["created"] == 2
    assert CommitteeSeat.objects.filter(cadre=successor).count() == 0


def test_households_without_anyone_through_the_api(world, records):
    make_household(world.village_a1, "H9", near_border=True)
    body = (
        world.client_for("officer_a").get(f"{BASE}/households/without-anyone?on=2025-09-01").json()
    )
    assert [h["code"] for h in body["items"]] == ["H9"]


def test_branches_api_list_create_and_end(world, branch_a1, branch_b1):
    from outpost.geo.services import village_create

    client = world.client_for("officer_a")
    body = client.get("/api/v1/grassroots/branches").json()
    assert [b["name"] for b in body["items"]] == [branch_a1.name]
    assert client.get(f"/api/v1/grassroots/branches/{branch_b1.pk}").status_code == 404
    v = village_create(actor=None, commune=world.commune_a2, name="Bản Mới")
    j = "application/json"
    r = client.post(
        "/api/v1/grassroots/branches",
        {"village_id": v.pk, "name": "Chi bộ Bản Mới", "established_on": "2025-09-01"},
        content_type=j,
    )
    assert r.status_code == 201 and r.json()["established_on"] == "2025-09-01"
    r = client.post(
        "/api/v1/grassroots/branches",
        {"village_id": world.village_b1.pk, "name": "x"},
        content_type=j,
    )
    assert r.status_code == 404
    r = client.post(
        f"/api/v1/grassroots/branches/{branch_b1.pk}/end",
        {"on": "2026-01-01", "reason": "x"},
        content_type=j,
    )
    assert r.status_code == 404
    r = client.post(
        f"/api/v1/grassroots/branches/{branch_a1.pk}/end",
        {"on": "2026-01-01", "reason": "merged"},
        content_type=j,
    )
    assert r.status_code == 200 and r.json()["valid_to"] == "2026-01-01"
    assert (
        world.client_for("partner_a1")
        .post("/api/v1/grassroots/branches", {"village_id": v.pk, "name": "y"}, content_type=j)
        .status_code
        == 403
    )


def test_every_api_operation_declares_a_scope_rule():
    from outpost.assign.api import router as assign_router
    from outpost.grassroots.api import router as grassroots_router

    for router in (assign_router, grassroots_router):
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                assert getattr(operation.view_func, "scope_rule", None), operation.view_func
