from __future__ import annotations

import datetime as dt
import uuid

from outpost.core.audit import history
from outpost.core.models import AuditEvent
from outpost.fieldwork.models import Enrollment, Program

from .fixtures_programs import ADOPTED, SCHOOL, child, local_program, program

D = dt.date


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_the_api_lists_the_visible_programs(world):
    local_program(world, world.post_b, "Bát cơm Đồn B")
    response = world.client_for("officer_a").get("/api/v1/fieldwork/programs", {"limit": 50})
    codes = {row["code"] for row in response.json()["items"]}
    assert response.status_code == 200 and ADOPTED in codes and len(codes) == 5
    local = world.client_for("officer_a").get("/api/v1/fieldwork/programs", {"scope": "local"})
    assert local.json()["items"] == []


def test_a_local_program_is_created_through_the_api_for_the_users_unit(world):
    client = world.client_for("officer_a")
    response = _post(
        client,
        "/api/v1/fieldwork/programs",
        {"name_vi": "Bát cơm", "beneficiary": "household", "owner_unit_id": world.post_a.pk},
    )
    assert response.status_code == 201 and response.json()["scope"] == "local"
    refused = _post(
        client,
        "/api/v1/fieldwork/programs",
        {"name_vi": "Toàn quân", "beneficiary": "household", "force_wide": True},
    )
    assert refused.status_code == 422 and "Only an administrator" in refused.json()["detail"]
    assert not Program.objects.filter(name_vi="Toàn quân").exists()


def test_enrolling_through_the_api_once_per_client_id(world):
    kid = child(world.village_a1, "Lò Thị Hoa", born=D(2014, 4, 1))
    client = world.client_for("officer_a")
    body = {
        "program_id": program(ADOPTED).pk,
        "resident_id": kid.pk,
        "started_on": "2025-09-01",
        "sponsor_cadre_id": world.cadre_a.pk,
        "monthly_support": 500000,
        "client_id": str(uuid.uuid4()),
    }
    first = _post(client, "/api/v1/fieldwork/enrollments", body)
    assert first.status_code == 201, first.content
    data = first.json()
    assert data["beneficiary"] == "Lò Thị Hoa" and data["commune_id"] == world.commune_a1.pk
    again = _post(client, "/api/v1/fieldwork/enrollments", body)
    assert again.status_code == 200 and again.json()["id"] == data["id"]
    assert Enrollment.objects.count() == 1
    enrollment = Enrollment.objects.get()
    assert history(enrollment).get().source == AuditEvent.Source.API


def test_the_api_gives_the_reason_an_enrollment_is_refused(world):
    grown = child(world.village_a1, "Lò Văn Lớn", born=D(2006, 1, 1))
    response = _post(
        world.client_for("officer_a"),
        "/api/v1/fieldwork/enrollments",
        {
            "program_id": program(ADOPTED).pk,
            "resident_id": grown.pk,
            "started_on": "2025-09-01",
            "sponsor_unit_id": world.post_a.pk,
        },
    )
    assert response.status_code == 422
    assert "Lò Văn Lớn is already 18 on 2025-09-01" in response.json()["detail"]


def test_a_resident_of_another_post_is_not_found_by_the_api(world):
    kid_b = child(world.village_b1, "Giàng Thị Pà", born=D(2014, 4, 1))
    response = _post(
        world.client_for("officer_a"),
        "/api/v1/fieldwork/enrollments",
        {
            "program_id": program(SCHOOL).pk,
            "resident_id": kid_b.pk,
            "started_on": "2025-09-01",
            "sponsor_unit_id": world.post_a.pk,
        },
    )
    assert response.status_code == 404 and not Enrollment.objects.exists()


def test_ending_and_reading_an_enrollment_through_the_api(world):
    kid = child(world.village_a1, "Lò Thị Hoa", born=D(2014, 4, 1))
    client = world.client_for("officer_a")
    created = _post(
        client,
        "/api/v1/fieldwork/enrollments",
        {
            "program_id": program(SCHOOL).pk,
            "resident_id": kid.pk,
            "started_on": "2025-01-01",
            "sponsor_unit_id": world.post_a.pk,
        },
    ).json()
    url = f"/api/v1/fieldwork/enrollments/{created['id']}"
    ended = _post(client, f"{url}/end", {"on": "2025-06-01", "reason": "completed"})
    assert ended.status_code == 200 and ended.json()["status"] == "ended"
    assert client.get(url).json()["ended_on"] == "2025-06-01"
    twice = _post(client, f"{url}/end", {"on": "2025-07-01", "reason": "completed"})
    assert twice.status_code == 422 and "already ended" in twice.json()["detail"]
    listed = client.get(
        "/api/v1/fieldwork/enrollments",
        {"active_on": "2025-03-01", "program_id": program(SCHOOL).pk},
    ).json()["items"]
    assert [row["id"] for row in listed] == [created["id"]]
    assert (
        client.get("/api/v1/fieldwork/enrollments", {"active_on": "2025-06-01"}).json()["items"]
        == []
    )
