"""Village cadre pages and API: scoped lists and records."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.urls import reverse

from outpost.grassroots import services
from outpost.grassroots.models import VillageCadreTraining
from outpost.people.services import household_create, resident_add

D = dt.date


def villager(village: Any, name: str) -> Any:
    household = household_create(actor=None, village=village, code=f"VCP-{name[:3]}")
    return resident_add(
        actor=None, household=household, full_name=name, relation="head", sex="M", birth_year=1980
    )


def test_an_officer_records_a_village_cadre_with_a_course_on_the_page(world):
    resident = villager(world.village_a1, "Lò Văn Thắng")
    client = world.client_for("officer_a")
    url = reverse("grassroots:village_cadre_create", kwargs={"village_id": world.village_a1.pk})
    response = client.post(
        url,
        {
            "resident": resident.pk,
            "role": "village_chief",
            "identified_on": "2025-07-10",
            "course_name": "Bồi dưỡng trưởng bản",
            "course_from": "2025-08-01",
            "course_to": "2025-08-05",
            "completed": "on",
        },
    )
    assert response.status_code == 302
    row = VillageCadreTraining.objects.get(resident=resident)
    assert row.completed and row.course_to == D(2025, 8, 5)
    listing = client.get(response["Location"]).content.decode()
    assert "Lò Văn Thắng" in listing and "Bồi dưỡng trưởng bản" in listing


def test_a_course_ending_before_it_starts_is_refused_on_the_page(world):
    resident = villager(world.village_a1, "Lò Văn Thắng")
    url = reverse("grassroots:village_cadre_create", kwargs={"village_id": world.village_a1.pk})
    response = world.client_for("officer_a").post(
        url,
        {
            "resident": resident.pk,
            "role": "village_chief",
            "identified_on": "2025-07-10",
            "course_name": "Bồi dưỡng",
            "course_from": "2025-08-05",
            "course_to": "2025-08-01",
        },
    )
    assert response.status_code == 200
    assert "cannot end before it starts" in response.content.decode()
    assert not VillageCadreTraining.objects.exists()


def test_the_list_hides_the_other_posts_cadres(world):
    for village, name in [(world.village_a1, "Lò Văn Thắng"), (world.village_b1, "Giàng A Dế")]:
        services.village_cadre_identify(
            actor=None, resident=villager(village, name), role="other", identified_on=D(2025, 7, 2)
        )
    text = world.client_for("officer_a").get(reverse("grassroots:village_cadre_list")).content
    assert "Lò Văn Thắng" in text.decode() and "Giàng A Dế" not in text.decode()


def test_the_api_creates_and_lists_village_cadres_and_refuses_post_bs_residents(world):
    client = world.client_for("officer_a")
    own = villager(world.village_a1, "Lò Văn Thắng")
    other = villager(world.village_b1, "Giàng A Dế")

    def create(resident: Any) -> Any:
        body = {"resident_id": resident.pk, "role": "deputy_chief", "identified_on": "2025-07-02"}
        return client.post(
            "/api/v1/grassroots/village-cadres", json.dumps(body), content_type="application/json"
        )

    assert create(own).status_code == 201
    assert create(other).status_code == 404
    listed = client.get("/api/v1/grassroots/village-cadres").json()["items"]
    assert [(row["resident_name"], row["role"]) for row in listed] == [
        ("Lò Văn Thắng", "deputy_chief")
    ]
