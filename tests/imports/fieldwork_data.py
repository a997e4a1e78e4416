"""Households and residents for the field work sheets, made through the real services on top of
the shared `world`: commune A1 (04087, post A) has the villages Bản Huổi Lếch (households HL-01,
HL-02) and Bản Nậm Pồ (NP-01); commune B1 (04240, post B) has Bản Pá Lông (PL-01)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from outpost.geo.models import Village
from outpost.geo.services import village_create
from outpost.people.models import Household, Resident
from outpost.people.services import household_create, resident_add


@dataclass
class Homes:
    nam_po: Village
    hl1: Household
    hl2: Household
    np1: Household
    pl1: Household
    child: Resident  # Lò Thị Mai, HL-01, born 2 March 2015
    adult: Resident  # Lò Văn Dùng, HL-01, 18 on 1 May 2025
    child_b: Resident  # Giàng Thị Súa, PL-01, born 2016


def build_homes(world: Any) -> Homes:
    nam_po = village_create(actor=None, commune=world.commune_a1, name="Bản Nậm Pồ")
    hl1 = household_create(
        actor=None, village=world.village_a1, code="HL-01", head_name="Lò Văn Dế"
    )
    hl2 = household_create(
        actor=None, village=world.village_a1, code="HL-02", head_name="Vàng A Sính"
    )
    np1 = household_create(actor=None, village=nam_po, code="NP-01", head_name="Sùng A Lả")
    pl1 = household_create(
        actor=None, village=world.village_b1, code="PL-01", head_name="Giàng Seo Tủa"
    )

    def member(household: Household, name: str, sex: str, born: dt.date) -> Resident:
        return resident_add(
            actor=None,
            household=household,
            full_name=name,
            relation="child",
            sex=sex,
            birth_date=born,
        )

    return Homes(
        nam_po=nam_po,
        hl1=hl1,
        hl2=hl2,
        np1=np1,
        pl1=pl1,
        child=member(hl1, "Lò Thị Mai", "F", dt.date(2015, 3, 2)),
        adult=member(hl1, "Lò Văn Dùng", "M", dt.date(2007, 5, 1)),
        child_b=member(pl1, "Giàng Thị Súa", "F", dt.date(2016, 6, 9)),
    )
