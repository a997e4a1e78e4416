from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest

from outpost.border.models import Patrol
from outpost.border.services import marker_create, segment_create
from outpost.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_segment_list_shows_each_posts_km_by_country(world: Any, segment_a1: Any) -> None:
    segment_create(
        actor=None,
        post=world.post_a,
        commune=world.commune_a2,
        country="CN",
        name="Đoạn phía bắc",
        length_km=Decimal("19.5"),
        valid_from=dt.date(2025, 7, 1),
    )
    page = world.client_for("officer_a").get("/border/segments/").content.decode()
    assert "40.5" in page
    assert "19.5" in page
    assert "Mốc 79 - Mốc 82" in page


def test_the_segment_page_lists_markers_and_the_households_self_managing_them(
    world: Any, segment_a1: Any
) -> None:
    from outpost.border.services import marker_assign_households
    from outpost.people.services import household_create

    marker = marker_create(actor=None, segment=segment_a1, number="79")
    household = household_create(
        actor=None, village=world.village_a1, code="H1", head_name="Lò Văn Tự Quản"
    )
    marker_assign_households(
        actor=None, marker=marker, households=[household], on=dt.date(2025, 8, 1)
    )
    page = world.client_for("officer_a").get(f"/border/segments/{segment_a1.pk}/")
    assert page.status_code == 200
    assert "Lò Văn Tự Quản" in page.content.decode()


def test_an_officer_records_a_patrol_through_the_form(world: Any, segment_a1: Any) -> None:
    marker = marker_create(actor=None, segment=segment_a1, number="79")
    response = world.client_for("officer_a").post(
        f"/border/segments/{segment_a1.pk}/patrols/new/",
        {"date": "2025-09-02", "km": "12.5", "markers": [marker.pk], "residents_joining": "4"},
    )
    patrol = Patrol.objects.get()
    assert response.status_code == 302
    assert patrol.km == Decimal("12.5")
    assert list(patrol.markers_checked.all()) == [marker]
    assert AuditEvent.objects.get(object_type="border.patrol").source == "web"


def test_a_patrol_longer_than_twice_the_segment_is_shown_as_an_error(
    world: Any, segment_a1: Any
) -> None:
    response = world.client_for("officer_a").post(
        f"/border/segments/{segment_a1.pk}/patrols/new/", {"date": "2025-09-02", "km": "50"}
    )
    assert response.status_code == 200
    assert "twice" in response.content.decode()
    assert not Patrol.objects.exists()


def test_the_read_only_partner_cannot_record_a_patrol(world: Any, segment_a1: Any) -> None:
    response = world.client_for("partner_a1").post(
        f"/border/segments/{segment_a1.pk}/patrols/new/", {"date": "2025-09-02", "km": "1"}
    )
    assert response.status_code == 403
    assert not Patrol.objects.exists()


def test_the_api_lists_only_segments_in_scope(world: Any, segment_a1: Any, segment_b1: Any) -> None:
    body = world.client_for("officer_a").get("/api/v1/border/segments").json()
    assert [item["name"] for item in body["items"]] == [segment_a1.name]
    assert body["items"][0]["length_km"] in ("21.000", "21.0", 21.0)


def test_the_api_records_a_patrol_and_refuses_markers_of_another_segment(
    world: Any, segment_a1: Any
) -> None:
    other = segment_create(
        actor=None,
        post=world.post_a,
        commune=world.commune_a2,
        country="LA",
        name="Đoạn khác",
        length_km=Decimal("5"),
        valid_from=dt.date(2025, 7, 1),
    )
    own_marker = marker_create(actor=None, segment=segment_a1, number="79")
    stray = marker_create(actor=None, segment=other, number="80")
    client = world.client_for("officer_a")

    def post(marker_ids: list[int]) -> Any:
        body = {
            "segment_id": segment_a1.pk,
            "date": "2025-09-02",
            "km": "3",
            "marker_ids": marker_ids,
        }
        return client.post(
            "/api/v1/border/patrols", json.dumps(body), content_type="application/json"
        )

    assert post([stray.pk]).status_code == 422
    created = post([own_marker.pk])
    assert created.status_code == 201
    assert created.json()["marker_ids"] == [own_marker.pk]
    assert AuditEvent.objects.get(object_type="border.patrol").source == "api"
