from outpost.accounts.services import token_create
from outpost.core.models import AuditEvent
from outpost.geo.models import Village


def api(world, persona):
    client = world.client_for(persona)
    return client


def names(response):
    return [item["name"] for item in response.json()["items"]]


def test_the_units_endpoint_lists_only_the_posts_communes(world):
    response = api(world, "officer_a").get("/api/v1/geo/units?level=commune")
    assert response.status_code == 200
    assert set(names(response)) == {"Xã Mường Nhé", "Xã Phiêng Khoài"}
    response_b = api(world, "officer_b").get("/api/v1/geo/units?level=commune")
    assert names(response_b) == ["Xã Mường Lèo"]


def test_the_units_endpoint_filters_by_date_parent_and_name(world):
    client = api(world, "officer_a")
    old = client.get("/api/v1/geo/units?level=commune&on=2024-01-01")
    assert names(old) == ["Xã Chiềng On"]
    under = client.get(f"/api/v1/geo/units?parent={world.province.pk}&q=muong nhe")
    assert names(under) == ["Xã Mường Nhé"]


def test_the_unit_endpoint_gives_the_lineage(world):
    response = api(world, "officer_a").get(f"/api/v1/geo/units/{world.commune_a1.pk}")
    body = response.json()
    assert body["border_countries"] == ["LA"]
    assert body["predecessors"][0]["code"] == "04084"
    assert body["predecessors"][0]["kind"] == "merged_whole"
    assert body["predecessors"][0]["effective"] == "2025-07-01"


def test_another_posts_unit_and_village_are_not_found(world):
    client = api(world, "officer_a")
    assert client.get(f"/api/v1/geo/units/{world.commune_b1.pk}").status_code == 404
    assert client.get(f"/api/v1/geo/villages/{world.village_b1.pk}").status_code == 404
    patch = client.patch(
        f"/api/v1/geo/villages/{world.village_b1.pk}",
        {"name": "X"},
        content_type="application/json",
    )
    assert patch.status_code == 404


def test_the_villages_endpoint_is_scoped_and_paginated(world):
    response = api(world, "officer_a").get("/api/v1/geo/villages?page_size=1")
    body = response.json()
    assert body["count"] == 1
    assert [v["name"] for v in body["items"]] == ["Bản Huổi Lếch"]


def test_a_village_created_through_the_api_is_audited_as_api(world):
    response = api(world, "officer_a").post(
        "/api/v1/geo/villages",
        {"commune_id": world.commune_a1.pk, "name": "Bản Nậm Pố"},
        content_type="application/json",
    )
    assert response.status_code == 201
    village = Village.objects.get(pk=response.json()["id"])
    event = AuditEvent.objects.get(object_type="geo.village", object_id=str(village.pk))
    assert event.source == "api"
    assert event.actor == world.users["officer_a"]


def test_creating_a_village_in_another_posts_commune_is_refused(world):
    response = api(world, "officer_a").post(
        "/api/v1/geo/villages",
        {"commune_id": world.commune_b1.pk, "name": "Bản Nậm Pố"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Village.objects.filter(name="Bản Nậm Pố").exists()


def test_a_partner_cannot_patch_a_village(world):
    response = api(world, "partner_a1").patch(
        f"/api/v1/geo/villages/{world.village_a1.pk}",
        {"name": "X"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_a_duplicate_village_is_a_422(world):
    response = api(world, "officer_a").post(
        "/api/v1/geo/villages",
        {"commune_id": world.commune_a1.pk, "name": "Bản Huổi Lếch"},
        content_type="application/json",
    )
    assert response.status_code == 422


def test_patching_a_village_renames_and_ends_it(world):
    client = api(world, "officer_a")
    response = client.patch(
        f"/api/v1/geo/villages/{world.village_a1.pk}",
        {"name": "Bản Mới", "ended_on": "2025-09-01", "end_reason": "merged"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["name"] == "Bản Mới"
    assert response.json()["valid_to"] == "2025-09-01"
    sources = set(
        AuditEvent.objects.filter(
            object_type="geo.village",
            object_id=str(world.village_a1.pk),
            action__in=["update", "end"],
        ).values_list("source", flat=True)
    )
    assert sources == {"api"}


def test_a_bearer_token_authenticates_without_a_session(world):
    from django.test import Client

    raw = token_create(actor=None, user=world.users["officer_b"])
    client = Client()
    response = client.get("/api/v1/geo/villages", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert names(response) == ["Bản Pá Lông"]
    assert Client().get("/api/v1/geo/villages").status_code == 401
