import json

from outpost.core.models import AuditEvent
from outpost.people.models import Household, PovertyAssessment, Resident

API = "/api/v1/people"


def get(client, path, **params):
    return client.get(API + path, params)


def send(client, method, path, body):
    return getattr(client, method)(API + path, json.dumps(body), content_type="application/json")


def test_the_list_is_scoped_and_paginated(world, families):
    body = get(world.client_for("officer_a"), "/households").json()
    assert [h["code"] for h in body["items"]] == ["HL-01"] and body["count"] == 1
    body = get(world.client_for("province_staff"), "/households", q="giang a do").json()
    assert [h["code"] for h in body["items"]] == ["PL-01"]
    assert "latitude" not in body["items"][0]


def test_an_officer_creates_and_patches_a_household(world):
    client = world.client_for("officer_a")
    created = send(
        client, "post", "/households", {"village_id": world.village_a1.pk, "code": "N-1"}
    )
    assert created.status_code == 201, created.content
    household = Household.objects.get(code="N-1")
    assert household.commune == world.commune_a1
    assert AuditEvent.objects.get(object_type="people.household", action="create").source == "api"
    patched = send(client, "patch", f"/households/{household.pk}", {"is_policy_family": True})
    assert patched.status_code == 200 and patched.json()["is_policy_family"] is True
    clash = send(client, "post", "/households", {"village_id": world.village_a1.pk, "code": "N-1"})
    assert clash.status_code == 422


def test_an_officer_cannot_record_or_read_sensitive_data(world, families):
    client = world.client_for("officer_a")
    refused = send(
        client, "patch", f"/households/{families.a.pk}", {"latitude": "21.1", "longitude": "103.2"}
    )
    assert refused.status_code == 403
    residents = get(client, f"/households/{families.a.pk}/residents").json()
    assert {r["religion"] for r in residents} == {None}
    assert all(r["sensitive_hidden"] for r in residents)
    assert not AuditEvent.objects.filter(action="read").exists()


def test_a_commanders_api_read_of_religion_is_logged(world, families):
    client = world.client_for("commander_a")
    residents = get(client, f"/households/{families.a.pk}/residents").json()
    assert "Tin Lành" in {r["religion"] for r in residents}
    read = AuditEvent.objects.get(action="read", object_id=str(families.head_a.pk))
    assert read.source == "api" and read.actor == world.users["commander_a"]


def test_residents_are_added_and_patched(world, families):
    client = world.client_for("officer_a")
    added = send(
        client,
        "post",
        f"/households/{families.a.pk}/residents",
        {"full_name": "Lò Thị Hoa", "relation": "child", "sex": "F", "birth_year": 2012},
    )
    assert added.status_code == 201, added.content
    resident = Resident.objects.get(full_name="Lò Thị Hoa")
    patched = send(client, "patch", f"/residents/{resident.pk}", {"is_village_chief": True})
    assert patched.status_code == 200 and Resident.objects.get(pk=resident.pk).is_village_chief


def test_assessments_are_created_listed_and_refused_with_the_reason(world, families):
    client = world.client_for("officer_a")
    path = f"/households/{families.a.pk}/assessments"
    body = {
        "year": 2025,
        "area": "rural",
        "income_per_person_month": 1_200_000,
        "deprivations": ["water", "sanitation", "telecom", "nutrition"],
    }
    refused = send(client, "post", path, {**body, "status": "near_poor"})
    assert refused.status_code == 422 and "poor" in refused.json()["detail"]
    created = send(client, "post", path, body)
    assert created.status_code == 201 and created.json()["status"] == "poor"
    assert [a["year"] for a in get(client, path).json()] == [2025]
    voided = send(client, "post", f"/assessments/{created.json()['id']}/void", {"reason": "sai"})
    assert voided.status_code == 200 and PovertyAssessment.objects.get().voided_at


def test_officer_a_cannot_reach_post_bs_households_through_the_api(world, families):
    client = world.client_for("officer_a")
    b = families.b.pk
    assert get(client, f"/households/{b}").status_code == 404
    assert get(client, f"/households/{b}/residents").status_code == 404
    assert get(client, f"/residents/{families.head_b.pk}").status_code == 404
    assert send(client, "patch", f"/households/{b}", {"note": "x"}).status_code == 404
    assert (
        send(
            client, "post", "/households", {"village_id": world.village_b1.pk, "code": "Z"}
        ).status_code
        == 404
    )
    assert Household.objects.get(pk=b).note == ""


def test_a_partner_reads_but_cannot_write_through_the_api(world, families):
    client = world.client_for("partner_a1")
    assert get(client, f"/households/{families.a.pk}").status_code == 200
    assert send(client, "patch", f"/households/{families.a.pk}", {"note": "x"}).status_code == 403
