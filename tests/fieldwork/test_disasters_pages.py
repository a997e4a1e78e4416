from __future__ import annotations

import datetime as dt

from django.urls import reverse

from outpost.core.audit import history
from outpost.core.models import AuditEvent
from outpost.fieldwork.models import Deployment, Disaster, Evacuation
from outpost.fieldwork.services import disasters as services
from outpost.people.services import household_create

from .fixtures_disasters import STRUCK, flood

D = dt.date


def test_an_officer_records_a_disaster_through_the_form(world):
    client = world.client_for("officer_a")
    response = client.post(
        reverse("fieldwork:disaster_create"),
        {
            "kind": "landslide",
            "name": "Sạt lở bản Huổi Lếch",
            "started_on": "2025-08-10",
            "communes": [world.commune_a1.pk, world.commune_a2.pk],
            "force_unit": world.post_a.pk,
        },
    )
    disaster = Disaster.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("fieldwork:disaster_detail", args=[disaster.pk])
    assert disaster.communes.count() == 2
    assert history(disaster).get().source == AuditEvent.Source.WEB


def test_the_disaster_form_offers_no_commune_of_another_post(world):
    client = world.client_for("officer_a")
    assert (
        world.commune_b1.name
        not in client.get(reverse("fieldwork:disaster_create")).content.decode()
    )
    response = client.post(
        reverse("fieldwork:disaster_create"),
        {
            "kind": "flood",
            "name": "Lũ",
            "started_on": "2025-08-10",
            "communes": [world.commune_b1.pk],
            "force_unit": world.post_a.pk,
        },
    )
    assert response.status_code == 200 and not Disaster.objects.exists()


def test_the_list_filters_by_kind_and_hides_voided_disasters_unless_asked(world):
    flood(world, name="Lũ quét tháng 8")
    slide = flood(world, kind="landslide", name="Sạt lở tháng 9", started_on=D(2025, 9, 2))
    voided = flood(world, name="Lũ ghi nhầm")
    services.disaster_void(actor=None, disaster=voided, reason="twice")
    client = world.client_for("officer_a")
    body = client.get(reverse("fieldwork:disaster_list")).content.decode()
    assert "Lũ quét tháng 8" in body and "Sạt lở tháng 9" in body and "Lũ ghi nhầm" not in body
    body = client.get(reverse("fieldwork:disaster_list"), {"kind": "landslide"}).content.decode()
    assert "Sạt lở tháng 9" in body and "Lũ quét tháng 8" not in body
    body = client.get(reverse("fieldwork:disaster_list"), {"void": "1"}).content.decode()
    assert "Lũ ghi nhầm" in body
    assert slide.pk


def test_a_shared_disaster_shows_officer_a_only_their_communes_and_their_response(world):
    disaster = flood(world, [world.commune_a1, world.commune_b1], unit=world.post_b)
    services.evacuation_create(
        actor=None,
        disaster=disaster,
        commune=world.commune_b1,
        on=STRUCK,
        people_moved=77,
        destination="Nhà văn hóa bản Pá Lông",
        force_unit=world.post_b,
    )
    body = (
        world.client_for("officer_a")
        .get(reverse("fieldwork:disaster_detail", args=[disaster.pk]))
        .content.decode()
    )
    assert world.commune_a1.name in body and world.commune_b1.name not in body
    assert "and 1 commune of other units" in body
    assert "Nhà văn hóa bản Pá Lông" not in body


def test_recording_an_evacuation_with_household_codes_through_the_page(world):
    disaster = flood(world)
    for code in ("HL-01", "HL-02"):
        household_create(actor=None, village=world.village_a1, code=code)
    client = world.client_for("officer_a")
    url = reverse("fieldwork:evacuation_create", args=[disaster.pk])
    data = {
        "commune": world.commune_a1.pk,
        "village": world.village_a1.pk,
        "on": "2025-08-10",
        "force_unit": world.post_a.pk,
        "people_moved": "9",
        "destination": "Trường tiểu học",
        "household_codes": "HL-01, HL-99",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and not Evacuation.objects.exists()
    assert "No household with these codes" in response.content.decode()
    assert "HL-99" in response.content.decode()
    response = client.post(url, {**data, "household_codes": "HL-01 HL-02"})
    evacuation = Evacuation.objects.get()
    assert response.status_code == 302 and evacuation.households_moved == 2
    page = client.get(reverse("fieldwork:disaster_detail", args=[disaster.pk])).content.decode()
    assert "Trường tiểu học" in page and "2 listed" in page


def test_recording_a_repair_and_a_deployment_through_the_pages_adds_to_the_totals(world):
    disaster = flood(world)
    client = world.client_for("officer_a")
    where = {"commune": world.commune_a1.pk, "on": "2025-08-11", "force_unit": world.post_a.pk}
    client.post(
        reverse("fieldwork:repair_create", args=[disaster.pk]),
        {**where, "kind": "house", "quantity": "2", "labour_days": "30"},
    )
    client.post(
        reverse("fieldwork:deployment_create", args=[disaster.pk]),
        {**where, "cadres": [world.cadre_a.pk], "days": "4"},
    )
    deployment = Deployment.objects.get()
    assert deployment.cadre_count == 1 and deployment.days == 4
    page = client.get(reverse("fieldwork:disaster_detail", args=[disaster.pk])).content.decode()
    assert world.cadre_a.full_name in page
    assert "<dt>Labour days on repairs</dt><dd>30</dd>" in page
    assert "<dt>Cadre-days</dt><dd>4</dd>" in page


def test_voiding_a_deployment_through_the_page_takes_it_out_of_the_totals(world):
    disaster = flood(world)
    deployment = services.deployment_create(
        actor=None,
        disaster=disaster,
        commune=world.commune_a1,
        on=STRUCK,
        force_unit=world.post_a,
        cadre_count=20,
    )
    client = world.client_for("commander_a")
    response = client.post(
        reverse("fieldwork:deployment_void", args=[deployment.pk]), {"reason": "typed twice"}
    )
    deployment.refresh_from_db()
    assert response.status_code == 302 and deployment.void_reason == "typed twice"
    page = client.get(reverse("fieldwork:disaster_detail", args=[disaster.pk])).content.decode()
    assert "<dt>Cadres deployed</dt><dd>0</dd>" in page and "typed twice" in page


def test_voiding_a_disaster_needs_a_writer_and_a_reason(world):
    disaster = flood(world)
    url = reverse("fieldwork:disaster_void", args=[disaster.pk])
    assert world.client_for("partner_a1").post(url, {"reason": "x"}).status_code == 403
    client = world.client_for("officer_a")
    assert client.post(url, {"reason": ""}).status_code == 200
    disaster.refresh_from_db()
    assert disaster.voided_at is None
    client.post(url, {"reason": "not a disaster"})
    disaster.refresh_from_db()
    assert disaster.voided_at is not None and disaster.void_reason == "not a disaster"


def test_editing_a_disaster_through_the_page_sets_its_end(world):
    disaster = flood(world)
    client = world.client_for("officer_a")
    url = reverse("fieldwork:disaster_edit", args=[disaster.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": "flash_flood",
            "name": "Lũ quét tháng 8",
            "started_on": "2025-08-10",
            "ended_on": "2025-08-14",
            "communes": [world.commune_a1.pk, world.commune_a2.pk],
            "force_unit": world.post_a.pk,
        },
    )
    disaster.refresh_from_db()
    assert response.status_code == 302 and disaster.ended_on == D(2025, 8, 14)
    assert disaster.communes.count() == 2
