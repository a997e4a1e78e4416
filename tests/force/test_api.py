from outpost.core.models import AuditEvent
from outpost.force.models import Cadre


def test_the_force_units_endpoint_is_scoped(world):
    body = world.client_for("officer_a").get("/api/v1/force/units").json()
    assert [u["name"] for u in body["items"]] == ["Đồn Biên phòng A"]


def test_the_force_unit_endpoint_lists_areas_and_children(world):
    body = world.client_for("province_staff").get(f"/api/v1/force/units/{world.command.pk}").json()
    assert {c["code"] for c in body["children"]} == {"DBP-A", "DBP-B"}
    post = world.client_for("officer_a").get(f"/api/v1/force/units/{world.post_a.pk}").json()
    assert {a["commune_code"] for a in post["areas"]} == {"04084", "04087", "04099"}


def test_another_posts_unit_and_cadre_are_not_found(world):
    client = world.client_for("officer_a")
    assert client.get(f"/api/v1/force/units/{world.post_b.pk}").status_code == 404
    assert client.get(f"/api/v1/force/cadres/{world.cadre_b.pk}").status_code == 404


def test_the_cadres_endpoint_is_scoped_and_searchable(world):
    client = world.client_for("province_staff")
    body = client.get("/api/v1/force/cadres?q=giang").json()
    assert [c["full_name"] for c in body["items"]] == ["Giàng A Chử"]
    mine = world.client_for("officer_a").get("/api/v1/force/cadres").json()
    assert [c["full_name"] for c in mine["items"]] == ["Lò Văn Pánh"]


def test_the_cadre_endpoint_gives_postings(world):
    body = world.client_for("officer_a").get(f"/api/v1/force/cadres/{world.cadre_a.pk}").json()
    assert body["party_joined_on"] == "2012-05-19"
    assert body["postings"][0]["force_unit_name"] == "Đồn Biên phòng A"


def test_a_cadre_created_through_the_api_is_audited_as_api(world):
    response = world.client_for("officer_a").post(
        "/api/v1/force/cadres",
        {
            "service_number": "A-009",
            "full_name": "Vàng A Dơ",
            "rank": "trung_uy",
            "unit_id": world.post_a.pk,
            "posted_on": "2025-08-01",
            "languages": "Mông, Thái",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["languages"] == ["Mông", "Thái"]
    cadre = Cadre.objects.get(service_number="A-009")
    event = AuditEvent.objects.get(object_type="force.cadre", object_id=str(cadre.pk))
    assert event.source == "api"


def test_a_cadre_cannot_be_created_in_another_post(world):
    response = world.client_for("officer_a").post(
        "/api/v1/force/cadres",
        {
            "service_number": "B-009",
            "full_name": "Sùng A Páo",
            "rank": "trung_uy",
            "unit_id": world.post_b.pk,
            "posted_on": "2025-08-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Cadre.objects.filter(service_number="B-009").exists()
