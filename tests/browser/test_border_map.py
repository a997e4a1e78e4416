"""A post officer opens the post's border map on a phone-sized screen, with no tile server:
the segment's line and its markers are drawn, and a marker's popup names the household that
self-manages it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from outpost.border.services import marker_assign_households, marker_create, segment_create
from outpost.people.services import household_create
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD


@pytest.fixture
def world_live(transactional_db, world):
    return world


def test_a_post_officer_sees_the_border_line_and_who_self_manages_a_marker(
    page, live_server, world_live, settings
):
    settings.OUTPOST_TILE_URL = ""
    world = world_live
    segment = segment_create(
        actor=None,
        post=world.post_a,
        commune=world.commune_a1,
        country="LA",
        name="Mốc 79 - Mốc 82",
        length_km=Decimal("21"),
        valid_from=dt.date(2025, 7, 1),
        path=[[21.70, 102.20], [21.72, 102.25], [21.75, 102.30]],
    )
    m79 = marker_create(
        actor=None,
        segment=segment,
        number="79",
        latitude=Decimal("21.700000"),
        longitude=Decimal("102.200000"),
    )
    marker_create(
        actor=None,
        segment=segment,
        number="82",
        latitude=Decimal("21.750000"),
        longitude=Decimal("102.300000"),
    )
    household = household_create(
        actor=None, village=world.village_a1, code="H1", head_name="Lò Văn Tự Quản"
    )
    marker_assign_households(actor=None, marker=m79, households=[household], on=dt.date(2025, 8, 1))

    sign_in(page, live_server, "officer_a", PASSWORD)
    page.goto(f"{live_server.url}/border/map/posts/{world.post_a.pk}/")
    page.wait_for_selector("#border-map.leaflet-container")
    assert page.locator(".leaflet-tile").count() == 0
    lines = page.locator("path.leaflet-interactive:not(.border-marker)")
    markers = page.locator("path.leaflet-interactive.border-marker")
    assert lines.count() == 1
    assert markers.count() == 2

    markers.first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Lò Văn Tự Quản" in popup.inner_text()
    assert "79" in popup.inner_text()
