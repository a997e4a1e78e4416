"""Border fixtures: a segment with Laos in commune A1 (post A) and one in commune B1 (post B)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from outpost.border.models import BorderSegment
from outpost.border.services import segment_create


@pytest.fixture
def segment_a1(world: Any) -> BorderSegment:
    return segment_create(
        actor=None,
        post=world.post_a,
        commune=world.commune_a1,
        country="LA",
        name="Mốc 79 - Mốc 82",
        length_km=Decimal("21.000"),
        valid_from=dt.date(2025, 7, 1),
    )


@pytest.fixture
def segment_b1(world: Any) -> BorderSegment:
    return segment_create(
        actor=None,
        post=world.post_b,
        commune=world.commune_b1,
        country="LA",
        name="Đoạn Mường Lèo",
        length_km=Decimal("12.500"),
        valid_from=dt.date(2025, 7, 1),
    )
