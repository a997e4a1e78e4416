from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from outpost.core.models import AuditEvent
from outpost.security import services
from outpost.security.models import Incident, SelfGoverningGroup

pytestmark = pytest.mark.django_db


def test_an_officer_records_and_closes_an_incident_through_the_pages(world: Any) -> None:
    client = world.client_for("officer_a")
    response = client.post(
        "/security/incidents/new/",
        {
            "kind": "drugs",
            "occurred_on": "2025-08-03",
            "village": world.village_a1.pk,
            "summary": "Tàng trữ trái phép",
        },
    )
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert incident.commune_id == world.commune_a1.pk
    page = client.get(f"/security/incidents/{incident.pk}/").content.decode()
    assert "Tàng trữ trái phép" in page
    assert client.post(f"/security/incidents/{incident.pk}/close/", {}).status_code == 200
    client.post(f"/security/incidents/{incident.pk}/close/", {"on": "2025-09-01"})
    incident.refresh_from_db()
    assert incident.status == "closed" and incident.closed_on == dt.date(2025, 9, 1)
    event = AuditEvent.objects.filter(object_id=str(incident.pk)).first()
    assert event is not None and event.source == AuditEvent.Source.WEB


def test_the_incident_list_shows_only_the_officers_communes(world: Any) -> None:
    for village in (world.village_a1, world.village_b1):
        services.incident_create(
            actor=None,
            kind="smuggling",
            occurred_on=dt.date(2025, 8, 1),
            village=village,
            summary="x",
        )
    page = world.client_for("officer_a").get("/security/").content.decode()
    assert world.village_a1.name in page
    assert world.village_b1.name not in page


def test_a_group_is_founded_with_households_through_the_api(
    world: Any, households_a1: list[Any]
) -> None:
    response = world.client_for("officer_a").post(
        "/api/v1/security/groups",
        json.dumps(
            {
                "kind": "security_order",
                "village_id": world.village_a1.pk,
                "name": "Tổ tự quản ANTT",
                "founded_on": "2025-03-01",
                "household_ids": [h.pk for h in households_a1],
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["household_ids"] == sorted(h.pk for h in households_a1)
    assert SelfGoverningGroup.objects.get().memberships.filter(valid_to=None).count() == 3


def test_the_api_explains_a_refused_write(world: Any) -> None:
    response = world.client_for("officer_a").post(
        "/api/v1/security/statuses",
        json.dumps(
            {
                "village_id": world.village_a1.pk,
                "year": 2025,
                "drug_free": True,
                "key_drug_area": True,
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "drug-free" in response.json()["detail"]


def test_the_status_page_shows_the_chosen_year(world: Any) -> None:
    for year, free in ((2024, False), (2025, True)):
        services.village_status_set(
            actor=None,
            village=world.village_a1,
            year=year,
            drug_free=free,
            key_drug_area=False,
            note=f"ghi chú {year}",
        )
    page = world.client_for("officer_a").get("/security/statuses/?year=2025").content.decode()
    assert "ghi chú 2025" in page
    assert "ghi chú 2024" not in page


def test_agreements_list_through_the_api_for_a_date(world: Any) -> None:
    services.agreement_create(
        actor=None,
        village=world.village_a1,
        foreign_village="Bản Huổi Hốc",
        country="LA",
        signed_on=dt.date(2025, 7, 1),
    )
    client = world.client_for("officer_a")
    before = client.get("/api/v1/security/agreements?on=2025-06-30").json()
    after = client.get("/api/v1/security/agreements?on=2025-07-01").json()
    assert before["count"] == 0
    assert [a["foreign_village"] for a in after["items"]] == ["Bản Huổi Hốc"]
