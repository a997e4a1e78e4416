"""Households, villages and branches for assignment tests, on top of the shared world."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from outpost.core.audit import audited_create
from outpost.force.models import Cadre
from outpost.force.services import cadre_create
from outpost.geo.models import Village
from outpost.grassroots.services import party_branch_create
from outpost.people.models import Household


def make_household(
    village: Village, code: str, *, near_border: bool = False, **extra: Any
) -> Household:
    return audited_create(
        Household(
            village=village,
            commune=village.commune,
            code=code,
            head_name=f"Head {code}",
            is_near_border=near_border,
            **extra,
        ),
        actor=None,
    )


def make_cadre(
    unit: Any, number: str, *, party: bool = True, category: str = Cadre.Category.OFFICER
) -> Cadre:
    return cadre_create(
        actor=None,
        service_number=number,
        full_name=f"Cadre {number}",
        rank=Cadre.Rank.LIEUTENANT,
        unit=unit,
        posted_on=dt.date(2020, 1, 1),
        category=category,
        party_joined_on=dt.date(2015, 1, 1) if party else None,
    )


@pytest.fixture
def old_village(world: Any) -> Village:
    """A village of the commune that merged into A1 in 2025."""
    return audited_create(
        Village(commune=world.old_commune_a1, name="Bản Cũ", valid_to=dt.date(2025, 7, 1)),
        actor=None,
    )


@pytest.fixture
def branch_a1(world: Any) -> Any:
    return party_branch_create(
        actor=None,
        village=world.village_a1,
        name="Chi bộ bản Huổi Lếch",
        established_on=dt.date(2000, 1, 1),
    )


@pytest.fixture
def branch_b1(world: Any) -> Any:
    return party_branch_create(
        actor=None,
        village=world.village_b1,
        name="Chi bộ bản Pá Lông",
        established_on=dt.date(2000, 1, 1),
    )
