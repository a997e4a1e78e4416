from __future__ import annotations

import datetime as dt

from django.urls import reverse

from outpost.core.audit import history
from outpost.core.models import AuditEvent
from outpost.works.models import Work

from .conftest import make_work


def _form(world, **extra):
    data = {
        "kind": "road_concreting",
        "name": "Đường bê tông bản Huổi Lếch",
        "villages": [world.village_a1.pk],
        "quantity": "2.5",
        "quantity_unit": "km",
        "funding_state": "900000000",
        "funding_unit": "50000000",
        "contributed_land_m2": "300",
        "contributed_labour_days": "250",
        "contributed_money": "0",
        "started_on": "2025-03-01",
        "status": "in_progress",
        "force_unit": world.post_a.pk,
    }
    data.update(extra)
    return data


def test_an_officer_records_a_work_through_the_form_and_the_web_is_its_source(world):
    client = world.client_for("officer_a")
    response = client.post(reverse("works:work_create"), _form(world))
    work = Work.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/works/{work.pk}/")
    assert work.commune == world.commune_a1 and work.funding_total == 950_000_000
    assert history(work).get().source == AuditEvent.Source.WEB


def test_the_form_refuses_a_lighting_work_measured_in_km(world):
    client = world.client_for("officer_a")
    response = client.post(
        reverse("works:work_create"), _form(world, kind="lighting", quantity_unit="km")
    )
    assert response.status_code == 200 and not Work.objects.exists()
    assert "measured in" in response.content.decode()


def test_the_form_offers_no_village_of_another_post(world):
    client = world.client_for("officer_a")
    response = client.post(
        reverse("works:work_create"), _form(world, villages=[world.village_b1.pk])
    )
    assert response.status_code == 200 and not Work.objects.exists()


def test_the_list_filters_by_kind_and_status(world):
    make_work([world.village_a1], name="Đường Một", completed_on=dt.date(2025, 6, 1))
    make_work([world.village_a1], kind="lighting", name="Đèn Hai", quantity="10")
    client = world.client_for("officer_a")
    body = client.get(reverse("works:work_list"), {"kind": "lighting"}).content.decode()
    assert "Đèn Hai" in body and "Đường Một" not in body
    body = client.get(reverse("works:work_list"), {"status": "completed"}).content.decode()
    assert "Đường Một" in body and "Đèn Hai" not in body


def test_completing_and_cancelling_through_the_pages(world):
    road = make_work([world.village_a1], name="Đường Một")
    lamps = make_work([world.village_a1], kind="lighting", name="Đèn Hai", quantity="10")
    client = world.client_for("officer_a")
    client.post(reverse("works:work_complete", args=[road.pk]), {"on": "2025-08-01"})
    client.post(reverse("works:work_cancel", args=[lamps.pk]), {"reason": "no power line"})
    road.refresh_from_db()
    lamps.refresh_from_db()
    assert road.status == "completed" and road.completed_on == dt.date(2025, 8, 1)
    assert lamps.status == "cancelled" and lamps.cancel_reason == "no power line"
    page = client.get(reverse("works:work_detail", args=[lamps.pk])).content.decode()
    assert "no power line" in page


def test_the_csv_export_lists_the_works_in_scope(world):
    make_work([world.village_a1], name="Đường Một")
    make_work([world.village_b1], name="Đường Pá Lông")
    response = world.client_for("officer_a").get(
        reverse("works:work_export", kwargs={"fmt": "csv"})
    )
    body = b"".join(response.streaming_content).decode("utf-8")
    assert "Đường Một" in body and "Đường Pá Lông" not in body


def test_the_api_creates_and_returns_a_work(world):
    client = world.client_for("officer_a")
    response = client.post(
        "/api/v1/works",
        {
            "kind": "house",
            "name": "Nhà Đại đoàn kết",
            "village_ids": [world.village_a1.pk],
            "quantity": "3",
            "quantity_unit": "houses",
            "funding_unit": 150000000,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    work_id = response.json()["id"]
    got = client.get(f"/api/v1/works/{work_id}").json()
    assert got["village_ids"] == [world.village_a1.pk] and got["funding_unit"] == 150000000
    assert history(Work.objects.get(pk=work_id)).get().source == AuditEvent.Source.API
    listed = client.get("/api/v1/works", {"kind": "house"}).json()
    assert [row["id"] for row in listed["items"]] == [work_id]


def test_the_api_refuses_a_road_in_lamps_with_the_reason(world):
    response = world.client_for("officer_a").post(
        "/api/v1/works",
        {
            "kind": "road_concreting",
            "name": "Đường",
            "village_ids": [world.village_a1.pk],
            "quantity": "3",
            "quantity_unit": "lamps",
        },
        content_type="application/json",
    )
    assert response.status_code == 422 and "measured in" in response.json()["detail"]
    assert not Work.objects.exists()
