"""Candidate pages and the candidate API: scoped reads, writes for those who may write."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.urls import reverse

from outpost.core.audit import history
from outpost.grassroots import services
from outpost.grassroots.models import PartyCandidate
from outpost.people.services import household_create, resident_add

D = dt.date


def villager(world: Any, village: Any = None, **kwargs: Any) -> Any:
    household = household_create(actor=None, village=village or world.village_a1, code="CAND-1")
    kwargs.setdefault("birth_date", D(1998, 4, 4))
    return resident_add(
        actor=None, household=household, full_name="Lò Thị Ứng", relation="head", sex="F", **kwargs
    )


def test_an_officer_records_a_candidate_and_advances_a_stage_on_the_pages(world, branch_a1):
    client = world.client_for("officer_a")
    resident = villager(world)
    url = reverse("grassroots:candidate_create", kwargs={"branch_id": branch_a1.pk})
    response = client.post(url, {"resident": resident.pk, "identified_on": "2025-08-01"})
    candidate = PartyCandidate.objects.get(resident=resident)
    assert response.status_code == 302
    advance = reverse("grassroots:candidate_advance", kwargs={"candidate_id": candidate.pk})
    assert client.post(advance, {"stage": "class", "on": "2025-09-01"}).status_code == 302
    candidate.refresh_from_db()
    assert candidate.class_completed_on == D(2025, 9, 1)
    assert {e.source for e in history(candidate)} == {"web"}
    page = client.get(reverse("grassroots:candidate_detail", kwargs={"candidate_id": candidate.pk}))
    assert "2025-09-01" in page.content.decode()
    assert "Party-awareness class completed" in page.content.decode()


def test_a_refused_stage_shows_the_reason_on_the_candidate_page(world, branch_a1):
    candidate = services.candidate_identify(
        actor=None, resident=villager(world), branch=branch_a1, identified_on=D(2025, 8, 1)
    )
    client = world.client_for("officer_a")
    url = reverse("grassroots:candidate_advance", kwargs={"candidate_id": candidate.pk})
    response = client.post(url, {"stage": "recommend", "on": "2025-09-01"})
    assert response.status_code == 200
    assert "only after completing the Party-awareness class" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.recommended_on is None


def test_the_branch_list_of_candidates_shows_them_and_a_partner_cannot_advance(world, branch_a1):
    candidate = services.candidate_identify(
        actor=None, resident=villager(world), branch=branch_a1, identified_on=D(2025, 8, 1)
    )
    partner = world.client_for("partner_a1")
    listing = partner.get(reverse("grassroots:candidate_list"), {"branch": branch_a1.pk})
    assert "Lò Thị Ứng" in listing.content.decode()
    url = reverse("grassroots:candidate_advance", kwargs={"candidate_id": candidate.pk})
    assert partner.post(url, {"stage": "class", "on": "2025-09-01"}).status_code == 403
    candidate.refresh_from_db()
    assert candidate.class_completed_on is None


def test_another_posts_officer_does_not_see_the_candidates(world, branch_a1):
    candidate = services.candidate_identify(
        actor=None, resident=villager(world), branch=branch_a1, identified_on=D(2025, 8, 1)
    )
    other = world.client_for("officer_b")
    assert "Lò Thị Ứng" not in other.get(reverse("grassroots:candidate_list")).content.decode()
    detail = reverse("grassroots:candidate_detail", kwargs={"candidate_id": candidate.pk})
    assert other.get(detail).status_code == 404


def post_json(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_api_creates_lists_and_advances_candidates(world, branch_a1):
    client = world.client_for("officer_a")
    resident = villager(world)
    created = post_json(
        client,
        "/api/v1/grassroots/candidates",
        {"resident_id": resident.pk, "branch_id": branch_a1.pk, "identified_on": "2025-08-01"},
    )
    assert created.status_code == 201
    candidate_id = created.json()["id"]
    advanced = post_json(
        client,
        f"/api/v1/grassroots/candidates/{candidate_id}/advance",
        {"stage": "class", "on": "2025-09-01"},
    )
    assert advanced.status_code == 200
    assert advanced.json()["stage"] == "class_completed"
    listed = client.get("/api/v1/grassroots/candidates", {"branch_id": branch_a1.pk}).json()
    assert [row["id"] for row in listed["items"]] == [candidate_id]
    candidate = PartyCandidate.objects.get(pk=candidate_id)
    assert {e.source for e in history(candidate)} == {"api"}


def test_the_api_refuses_an_admission_too_young_with_the_reason(world, branch_a1):
    candidate = services.candidate_identify(
        actor=None,
        resident=villager(world, birth_date=D(2009, 1, 1)),
        branch=branch_a1,
        identified_on=D(2025, 7, 2),
    )
    services.candidate_complete_class(actor=None, candidate=candidate, on=D(2025, 7, 10))
    services.candidate_recommend(actor=None, candidate=candidate, on=D(2025, 7, 20))
    response = post_json(
        world.client_for("officer_a"),
        f"/api/v1/grassroots/candidates/{candidate.pk}/advance",
        {"stage": "admit", "on": "2025-09-01"},
    )
    assert response.status_code == 422
    assert "18 to 60 years old at admission" in response.content.decode()


def test_the_api_does_not_record_a_candidate_in_another_posts_branch(world, branch_a1, branch_b1):
    response = post_json(
        world.client_for("officer_a"),
        "/api/v1/grassroots/candidates",
        {
            "resident_id": villager(world, world.village_b1).pk,
            "branch_id": branch_b1.pk,
            "identified_on": "2025-08-01",
        },
    )
    assert response.status_code == 404
    assert not PartyCandidate.objects.exists()
