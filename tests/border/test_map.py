"""The border map of a post and of a province: segments as lines, markers as points with the
households self-managing them, embedded as GeoJSON and scoped like the rest of the border."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from outpost.border.services import (
    marker_assign_households,
    marker_create,
    segment_create,
    segment_set_path,
)
from outpost.core.models import AuditEvent
from outpost.people.services import household_create

pytestmark = pytest.mark.django_db

PATH_A = [[21.70, 102.20], [21.72, 102.25], [21.75, 102.30]]
PATH_B = [[21.40, 102.90], [21.45, 102.95]]


def geojson(response: Any) -> dict[str, Any]:
    found = re.search(
        r'<script id="border-map-data" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert found, response.content.decode()[:2000]
    return json.loads(found.group(1))


def features(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [f for f in data["features"] if f["properties"]["feature"] == kind]


@pytest.fixture
def drawn(world: Any, segment_a1: Any, segment_b1: Any) -> Any:
    segment_set_path(actor=None, segment=segment_a1, path=PATH_A)
    segment_set_path(actor=None, segment=segment_b1, path=PATH_B)
    m79 = marker_create(
        actor=None,
        segment=segment_a1,
        number="79",
        latitude=Decimal("21.700000"),
        longitude=Decimal("102.200000"),
    )
    marker_create(actor=None, segment=segment_a1, number="80")  # not located: not on the map
    marker_create(
        actor=None,
        segment=segment_b1,
        number="B-1",
        latitude=Decimal("21.400000"),
        longitude=Decimal("102.900000"),
    )
    household = household_create(
        actor=None, village=world.village_a1, code="H1", head_name="Lò Văn Tự Quản"
    )
    marker_assign_households(actor=None, marker=m79, households=[household], on=dt.date(2025, 8, 1))
    return world


def test_a_posts_map_holds_its_segment_line_and_located_markers_only(drawn: Any) -> None:
    world = drawn
    response = world.client_for("officer_a").get(f"/border/map/posts/{world.post_a.pk}/")
    assert response.status_code == 200
    data = geojson(response)
    (line,) = features(data, "segment")
    assert line["properties"]["name"] == "Mốc 79 - Mốc 82"
    assert line["geometry"]["coordinates"] == [[lon, lat] for lat, lon in PATH_A]
    assert line["properties"]["colour"] == "#1f6fb2"  # Laos
    (point,) = features(data, "marker")
    assert point["properties"]["number"] == "79"
    assert point["properties"]["households"] == ["Lò Văn Tự Quản"]
    assert point["geometry"]["coordinates"] == [102.2, 21.7]
    assert "Đoạn Mường Lèo" not in response.content.decode()
    assert "B-1" not in json.dumps(data)


def test_another_posts_map_is_not_found(drawn: Any) -> None:
    world = drawn
    response = world.client_for("officer_a").get(f"/border/map/posts/{world.post_b.pk}/")
    assert response.status_code == 404


def test_the_province_map_shows_only_the_segments_in_the_viewers_scope(drawn: Any) -> None:
    world = drawn
    url = f"/border/map/units/{world.province.pk}/"
    mine = geojson(world.client_for("officer_a").get(url))
    assert [f["properties"]["name"] for f in features(mine, "segment")] == ["Mốc 79 - Mốc 82"]
    everything = geojson(world.client_for("province_staff").get(url))
    names = sorted(f["properties"]["name"] for f in features(everything, "segment"))
    assert names == ["Mốc 79 - Mốc 82", "Đoạn Mường Lèo"]
    assert sorted(f["properties"]["number"] for f in features(everything, "marker")) == [
        "79",
        "B-1",
    ]


def test_the_map_of_another_posts_commune_is_not_found(drawn: Any) -> None:
    world = drawn
    response = world.client_for("officer_a").get(f"/border/map/units/{world.commune_b1.pk}/")
    assert response.status_code == 404


def test_the_map_page_loads_leaflet_from_our_own_static_files(drawn: Any) -> None:
    world = drawn
    page = world.client_for("officer_a").get(f"/border/map/posts/{world.post_a.pk}/")
    html = page.content.decode()
    assert '<script src="/static/leaflet/leaflet.js"></script>' in html
    assert "/static/outpost/map.js" in html
    assert 'data-tile-url=""' in html


def test_the_segment_list_links_to_each_posts_map(drawn: Any) -> None:
    world = drawn
    html = world.client_for("officer_a").get("/border/segments/").content.decode()
    assert f'href="/border/map/posts/{world.post_a.pk}/"' in html


def test_drawing_a_segments_line_is_audited(world: Any, segment_a1: Any) -> None:
    segment_set_path(actor=None, segment=segment_a1, path=PATH_A)
    segment_a1.refresh_from_db()
    assert segment_a1.path == PATH_A
    event = AuditEvent.objects.filter(object_type="border.bordersegment").latest("pk")
    assert event.action == AuditEvent.Action.UPDATE
    assert event.changes["path"][1] == PATH_A


@pytest.mark.parametrize(
    "path",
    [[[21.7]], [[21.7, "102"]], [[91.0, 102.0]], "21.7,102.2", [[True, False]], [21.7, 102.2]],
)
def test_a_path_that_is_not_a_list_of_points_is_refused(
    world: Any, segment_a1: Any, path: Any
) -> None:
    with pytest.raises(ValidationError):
        segment_set_path(actor=None, segment=segment_a1, path=path)


def test_a_segment_can_be_created_with_its_line(world: Any) -> None:
    segment = segment_create(
        actor=None,
        post=world.post_a,
        commune=world.commune_a1,
        country="CN",
        name="Đoạn vẽ sẵn",
        length_km=Decimal("3"),
        path=PATH_B,
    )
    assert segment.path == PATH_B
