"""Mass organisation pages and API: scoped lists, records and consolidation."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.urls import reverse

from outpost.core.audit import history
from outpost.grassroots import services
from outpost.grassroots.models import MassOrganisation, OrganisationConsolidation

D = dt.date


def post_json(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def _org(world: Any, village: Any, name: str) -> MassOrganisation:
    return services.mass_organisation_create(
        actor=None,
        commune=village.commune,
        village=village,
        kind="farmers",
        name=name,
        established_on=D(2020, 1, 1),
    )


def test_an_officer_records_an_organisation_and_a_consolidation_on_the_pages(world):
    client = world.client_for("officer_a")
    url = reverse("grassroots:mass_organisation_create", kwargs={"unit_id": world.commune_a1.pk})
    response = client.post(
        url,
        {
            "kind": "youth_union",
            "village": world.village_a1.pk,
            "name": "Chi đoàn bản Huổi Lếch",
            "established_on": "2025-07-01",
            "member_count": "31",
        },
    )
    organisation = MassOrganisation.objects.get(name="Chi đoàn bản Huổi Lếch")
    assert response.status_code == 302 and organisation.member_count == 31
    consolidate = reverse(
        "grassroots:organisation_consolidate", kwargs={"organisation_id": organisation.pk}
    )
    response = client.post(
        consolidate,
        {
            "on": "2025-09-01",
            "action": "Bầu lại bí thư chi đoàn",
            "supporting_unit": world.post_a.pk,
        },
    )
    assert response.status_code == 302
    event = OrganisationConsolidation.objects.get(organisation=organisation)
    assert event.supporting_unit == world.post_a
    assert {e.source for e in history(event)} == {"web"}
    detail = client.get(
        reverse("grassroots:mass_organisation_detail", kwargs={"organisation_id": organisation.pk})
    )
    assert "Bầu lại bí thư chi đoàn" in detail.content.decode()


def test_a_second_open_organisation_of_a_kind_is_refused_with_the_reason(world):
    _org(world, world.village_a1, "Chi hội Nông dân bản Huổi Lếch")
    client = world.client_for("officer_a")
    url = reverse("grassroots:mass_organisation_create", kwargs={"unit_id": world.commune_a1.pk})
    response = client.post(
        url, {"kind": "farmers", "village": world.village_a1.pk, "name": "Chi hội thứ hai"}
    )
    assert response.status_code == 200
    assert "already has an organisation of this kind" in response.content.decode()
    assert MassOrganisation.objects.count() == 1


def test_the_list_shows_the_posts_own_organisations_only(world):
    _org(world, world.village_a1, "Chi hội Nông dân bản Huổi Lếch")
    _org(world, world.village_b1, "Chi hội Nông dân bản Pá Lông")
    page = world.client_for("officer_a").get(reverse("grassroots:mass_organisation_list"))
    text = page.content.decode()
    assert "Chi hội Nông dân bản Huổi Lếch" in text
    assert "Chi hội Nông dân bản Pá Lông" not in text


def test_the_api_creates_lists_and_consolidates_organisations(world):
    client = world.client_for("officer_a")
    created = post_json(
        client,
        "/api/v1/grassroots/mass-organisations",
        {
            "commune_id": world.commune_a1.pk,
            "kind": "fatherland_front",
            "name": "Ban công tác Mặt trận xã",
        },
    )
    assert created.status_code == 201, created.content
    assert created.json()["village_id"] is None
    organisation_id = created.json()["id"]
    consolidated = post_json(
        client,
        f"/api/v1/grassroots/mass-organisations/{organisation_id}/consolidations",
        {"on": "2025-09-01", "action": "Kiện toàn ban công tác"},
    )
    assert consolidated.status_code == 201
    assert consolidated.json()["organisation_id"] == organisation_id
    listed = client.get("/api/v1/grassroots/mass-organisations").json()
    assert [row["name"] for row in listed["items"]] == ["Ban công tác Mặt trận xã"]


def test_the_api_refuses_a_village_outside_the_commune(world):
    response = post_json(
        world.client_for("officer_a"),
        "/api/v1/grassroots/mass-organisations",
        {
            "commune_id": world.commune_a1.pk,
            "village_id": world.village_b1.pk,
            "kind": "farmers",
            "name": "Chi hội lạc xã",
        },
    )
    assert response.status_code in (403, 404, 422)
    assert not MassOrganisation.objects.exists()
