from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from outpost.border.services import marker_create, segment_create
from outpost.people.services import household_create


@pytest.fixture
def segment_a1(world: Any) -> Any:
    return segment_create(
        actor=None,
        post=world.post_a,
        commune=world.commune_a1,
        country="LA",
        name="Mốc 100 - Mốc 102",
        length_km=Decimal("12"),
        valid_from=dt.date(2025, 7, 1),
    )


@pytest.fixture
def marker_a1(segment_a1: Any) -> Any:
    return marker_create(actor=None, segment=segment_a1, number="100")


@pytest.fixture
def households_a1(world: Any) -> list[Any]:
    return [
        household_create(actor=None, village=world.village_a1, code=f"A{n}", head_name=f"Hộ {n}")
        for n in range(3)
    ]


@pytest.fixture
def household_b1(world: Any) -> Any:
    return household_create(actor=None, village=world.village_b1, code="B1", head_name="Hộ B")
