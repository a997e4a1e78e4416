from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from outpost.border.services import (
    marker_assign_households,
    marker_create,
    patrol_record,
    segment_create,
    segment_end,
)
from outpost.core.indicators import IndicatorContext
from outpost.people.services import household_create
from outpost.reports import registry

pytestmark = pytest.mark.django_db

ON = dt.date(2025, 10, 1)
KEYS = [
    "border_m_managed",
    "border_m_managed_cn",
    "border_m_managed_la",
    "border_m_managed_kh",
    "markers_total",
    "markers_self_managed",
    "patrols_in_year",
    "residents_joining_patrols",
]


def _figures(commune_ids: Any, on: dt.date = ON) -> dict[str, int]:
    ctx = IndicatorContext(commune_ids=frozenset(commune_ids), on=on)
    return registry.compute(ctx, only=KEYS)


def test_a_post_with_19_5_km_with_china_and_21_km_with_laos_manages_40_5_km(
    world: Any, segment_a1: Any
) -> None:
    segment_create(
        actor=None,
        post=world.post_a,
        commune=world.commune_a2,
        country="CN",
        name="Đoạn phía bắc",
        length_km=Decimal("19.5"),
        valid_from=dt.date(2025, 7, 1),
    )
    figures = _figures([world.commune_a1.pk, world.commune_a2.pk])
    assert figures["border_m_managed"] == 40_500
    assert figures["border_m_managed_cn"] == 19_500
    assert figures["border_m_managed_la"] == 21_000
    assert figures["border_m_managed_kh"] == 0


def test_ended_segments_and_other_communes_do_not_count(
    world: Any, segment_a1: Any, segment_b1: Any
) -> None:
    segment_end(actor=None, segment=segment_a1, on=dt.date(2025, 9, 1), reason="redrawn")
    assert _figures([world.commune_a1.pk])["border_m_managed"] == 0
    assert _figures([world.commune_a1.pk], on=dt.date(2025, 8, 1))["border_m_managed"] == 21_000


def test_markers_patrols_and_residents_are_counted_for_the_year_up_to_the_date(
    world: Any, segment_a1: Any
) -> None:
    first = marker_create(actor=None, segment=segment_a1, number="79")
    marker_create(actor=None, segment=segment_a1, number="79/1", kind="stake")
    household = household_create(actor=None, village=world.village_a1, code="H1", head_name="A")
    marker_assign_households(
        actor=None, marker=first, households=[household], on=dt.date(2025, 8, 1)
    )
    for date, residents in [
        (dt.date(2025, 9, 1), 2),
        (dt.date(2025, 9, 15), 4),
        (dt.date(2025, 10, 2), 7),  # after the date
    ]:
        patrol_record(
            actor=None,
            segment=segment_a1,
            date=date,
            km=Decimal("10"),
            markers=[first],
            residents_joining=residents,
        )
    figures = _figures([world.commune_a1.pk])
    assert figures["markers_total"] == 2
    assert figures["markers_self_managed"] == 1
    assert figures["patrols_in_year"] == 2
    assert figures["residents_joining_patrols"] == 6
    assert _figures([world.commune_a1.pk], on=dt.date(2026, 1, 5))["patrols_in_year"] == 0


def test_border_figures_are_in_the_report_registry_and_not_in_village_reports() -> None:
    indicators = {i.key: i for i in registry.all_indicators()}
    assert indicators["border_m_managed"].unit == "metres"
    assert not indicators["markers_total"].supports_villages


# --- two posts sharing a commune --------------------------------------------------------------

REORG = dt.date(2025, 7, 1)
BEFORE = dt.date(2024, 6, 1)  # before the 2025 merger: the old commune A1
AFTER = dt.date(2025, 10, 1)


@pytest.fixture
def shared(world: Any, segment_a1: Any, segment_b1: Any) -> list[Any]:
    """Posts A and B both responsible for commune A1 (and, before the merger, for the old
    commune it absorbed), each managing its own segments there. Returns every segment."""
    from outpost.force.services import area_assign

    area_assign(actor=None, force_unit=world.post_b, commune=world.commune_a1, valid_from=REORG)
    area_assign(actor=None, force_unit=world.post_b, commune=world.old_commune_a1, valid_to=REORG)
    made = [segment_a1, segment_b1]
    for post, commune, country, km, valid_from in [
        (world.post_b, world.commune_a1, "CN", "7.250", REORG),
        (world.post_a, world.old_commune_a1, "LA", "10.000", dt.date(2020, 1, 1)),
        (world.post_b, world.old_commune_a1, "CN", "3.000", dt.date(2020, 1, 1)),
    ]:
        segment = segment_create(
            actor=None,
            post=post,
            commune=commune,
            country=country,
            name=f"{post.code} {commune.code} {country}",
            length_km=Decimal(km),
            valid_from=valid_from,
        )
        if commune == world.old_commune_a1:
            segment_end(actor=None, segment=segment, on=REORG, reason="communes merged")
        made.append(segment)
    marker_create(actor=None, segment=made[2], number="B-1")  # on post B's segment in A1
    return made


def managed_by_hand(segments: list[Any], post: Any, on: dt.date) -> dict[str, int]:
    """The lengths a post manages on a date, summed from the segments the test wrote."""
    mine = [s for s in segments if s.post_id == post.pk and s.is_valid_on(on)]
    by_country = {
        code: int(sum(s.length_km for s in mine if s.country == code) * 1000)
        for code in ("CN", "LA", "KH")
    }
    return {
        "border_m_managed": sum(by_country.values()),
        **{f"border_m_managed_{code.lower()}": m for code, m in by_country.items()},
    }


def _lengths(figures: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in figures.items() if k.startswith("border_m_managed")}


@pytest.mark.parametrize("on", [BEFORE, AFTER])
def test_two_posts_sharing_a_commune_each_count_only_the_segments_they_manage(
    world: Any, shared: list[Any], on: dt.date
) -> None:
    from outpost.reports.groups import group_report

    for post in (world.post_a, world.post_b):
        figures = group_report("border", post.code, on=on)["indicators"]
        assert _lengths(figures) == managed_by_hand(shared, post, on)
    after_a = _lengths(group_report("border", "DBP-A", on=AFTER)["indicators"])
    assert after_a == {
        "border_m_managed": 21_000,
        "border_m_managed_cn": 0,  # post B's 7.25 km in the same commune is not post A's
        "border_m_managed_la": 21_000,
        "border_m_managed_kh": 0,
    }
    assert group_report("border", "DBP-B", on=BEFORE)["indicators"]["border_m_managed"] == 3_000


def test_the_markers_of_another_posts_segment_do_not_count_for_a_post(
    world: Any, shared: list[Any]
) -> None:
    from outpost.reports.groups import group_report

    assert group_report("border", "DBP-A", on=AFTER)["indicators"]["markers_total"] == 0
    assert group_report("border", "DBP-B", on=AFTER)["indicators"]["markers_total"] == 1


def test_a_commune_and_the_command_count_every_post_s_segments(
    world: Any, shared: list[Any]
) -> None:
    from outpost.reports.groups import group_report

    commune = group_report("border", world.commune_a1.code, on=AFTER)["indicators"]
    assert commune["border_m_managed"] == 21_000 + 7_250
    command = group_report("border", "BCH-14", on=AFTER)["indicators"]
    both_posts = [managed_by_hand(shared, p, AFTER) for p in (world.post_a, world.post_b)]
    assert command["border_m_managed"] == sum(f["border_m_managed"] for f in both_posts)


def test_over_a_period_the_length_is_that_of_the_period_s_last_day(
    world: Any, shared: list[Any]
) -> None:
    from outpost.reports.groups import group_report

    report = group_report("border", "DBP-B", date_from=dt.date(2025, 1, 1), date_to=AFTER)
    assert _lengths(report["indicators"]) == managed_by_hand(shared, world.post_b, AFTER)


def test_the_api_gives_each_post_its_own_length_in_a_shared_commune(
    world: Any, shared: list[Any]
) -> None:
    params = {"unit": "DBP-B", "on": AFTER.isoformat()}
    response = world.client_for("officer_b").get("/api/v1/reports/border", params)
    assert response.status_code == 200
    assert response.json()["indicators"]["border_m_managed_cn"] == 7_250
    assert response.json()["indicators"]["border_m_managed"] == 7_250 + 12_500
