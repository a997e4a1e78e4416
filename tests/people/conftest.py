"""Households of the shared world, made through the real services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from outpost.people.models import Household, Resident
from outpost.people.services import household_create, resident_add


@dataclass
class Families:
    a: Household  # in village A1 (post A)
    b: Household  # in village B1 (post B)
    head_a: Resident
    wife_a: Resident
    son_a: Resident
    head_b: Resident


@pytest.fixture
def families(world: Any) -> Families:
    actor = world.users["commander_a"]
    a = household_create(actor=actor, village=world.village_a1, code="HL-01", is_near_border=True)
    head_a = resident_add(
        actor=actor,
        household=a,
        full_name="Lò Văn Xôm",
        relation=Resident.Relation.HEAD,
        sex=Resident.Sex.MALE,
        birth_date=dt.date(1975, 3, 2),
        religion="Tin Lành",
    )
    wife_a = resident_add(
        actor=actor,
        household=a,
        full_name="Lò Thị Ơn",
        relation="spouse",
        sex="F",
        birth_year=1978,
    )
    son_a = resident_add(
        actor=actor,
        household=a,
        full_name="Lò Văn Tùng",
        relation="child",
        sex="M",
        birth_year=2001,
    )
    b = household_create(actor=None, village=world.village_b1, code="PL-01")
    head_b = resident_add(
        actor=None,
        household=b,
        full_name="Giàng A Dơ",
        relation="head",
        sex="M",
        religion="Công giáo",
    )
    a.refresh_from_db()
    b.refresh_from_db()
    return Families(a=a, b=b, head_a=head_a, wife_a=wife_a, son_a=son_a, head_b=head_b)
