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
