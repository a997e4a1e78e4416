from __future__ import annotations

import uuid

from outpost.core.audit import history
from outpost.core.models import AuditEvent
from outpost.fieldwork.models import DamageRepair, Deployment, Disaster, Evacuation

from .fixtures_disasters import flood


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_a_disaster_is_recorded_and_read_through_the_api(world):
    client = world.client_for("officer_a")
    response = _post(
        client,
        "/api/v1/fieldwork/disasters",
        {
            "kind": "storm",
            "name": "Bão số 3",
            "started_on": "2025-09-06",
            "commune_ids": [world.commune_a1.pk],
            "force_unit_id": world.post_a.pk,
        },
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["commune_ids"] == [world.commune_a1.pk]
    assert history(Disaster.objects.get()).get().source == AuditEvent.Source.API
    detail = client.get(f"/api/v1/fieldwork/disasters/{data['id']}").json()
    assert detail["name"] == "Bão số 3"


def test_a_disaster_in_another_posts_commune_is_refused_by_the_api(world):
    response = _post(
        world.client_for("officer_a"),
        "/api/v1/fieldwork/disasters",
        {
            "kind": "storm",
            "name": "Bão",
            "started_on": "2025-09-06",
            "commune_ids": [world.commune_b1.pk],
            "force_unit_id": world.post_a.pk,
        },
    )
    assert response.status_code == 404 and not Disaster.objects.exists()


def test_the_api_lists_only_the_communes_a_user_may_see(world):
    flood(world, [world.commune_a1, world.commune_b1], unit=world.post_b)
    items = world.client_for("officer_a").get("/api/v1/fieldwork/disasters").json()["items"]
    assert [row["commune_ids"] for row in items] == [[world.commune_a1.pk]]


def test_an_evacuation_sent_twice_with_one_client_id_is_stored_once(world):
    disaster = flood(world)
    client = world.client_for("officer_a")
    body = {
        "disaster_id": disaster.pk,
        "commune_id": world.commune_a1.pk,
        "on": "2025-08-10",
        "people_moved": 12,
        "households_moved": 3,
        "destination": "Trụ sở xã",
        "client_id": str(uuid.uuid4()),
    }
    first = _post(client, "/api/v1/fieldwork/evacuations", body)
    assert first.status_code == 201, first.content
    assert first.json()["force_unit_id"] == world.post_a.pk  # the disaster's unit by default
    again = _post(client, "/api/v1/fieldwork/evacuations", body)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert Evacuation.objects.count() == 1


def test_the_api_gives_the_reason_a_response_is_refused(world):
    disaster = flood(world, [world.commune_a1])
    response = _post(
        world.client_for("officer_a"),
        "/api/v1/fieldwork/repairs",
        {
            "disaster_id": disaster.pk,
            "commune_id": world.commune_a2.pk,
            "on": "2025-08-10",
            "kind": "road",
        },
    )
    assert response.status_code == 422
    assert "is not among the communes struck by" in response.json()["detail"]
    assert not DamageRepair.objects.exists()


def test_deployments_are_recorded_listed_and_voided_through_the_api(world):
    disaster = flood(world)
    client = world.client_for("officer_a")
    created = _post(
        client,
        "/api/v1/fieldwork/deployments",
        {
            "disaster_id": disaster.pk,
            "commune_id": world.commune_a1.pk,
            "on": "2025-08-10",
            "cadre_ids": [world.cadre_a.pk],
            "cadre_count": 6,
            "days": 2,
        },
    )
    assert created.status_code == 201, created.content
    row = created.json()
    assert row["cadre_ids"] == [world.cadre_a.pk] and row["cadre_count"] == 6
    listed = client.get("/api/v1/fieldwork/deployments", {"disaster_id": disaster.pk}).json()
    assert [r["id"] for r in listed["items"]] == [row["id"]]
    voided = _post(client, f"/api/v1/fieldwork/deployments/{row['id']}/void", {"reason": "twice"})
    assert voided.status_code == 200 and voided.json()["void_reason"] == "twice"
    assert client.get("/api/v1/fieldwork/deployments").json()["items"] == []
    assert Deployment.objects.get().voided_at is not None


def test_naming_another_posts_cadre_in_a_deployment_is_not_found(world):
    disaster = flood(world)
    response = _post(
        world.client_for("officer_a"),
        "/api/v1/fieldwork/deployments",
        {
            "disaster_id": disaster.pk,
            "commune_id": world.commune_a1.pk,
            "on": "2025-08-10",
            "cadre_ids": [world.cadre_b.pk],
        },
    )
    assert response.status_code == 404 and not Deployment.objects.exists()
