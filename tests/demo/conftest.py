"""Fixtures for the demo: the real current units of the demo province, from the package that
`outpost geo load-current` reads (loaded here directly so these tests stand alone)."""

from __future__ import annotations

import json
from typing import Any

import pytest
import vietnam_provinces

from outpost.demo.plan import REORG
from outpost.geo.models import AdminUnit
from outpost.geo.services import admin_unit_create


def load_province(code: int) -> AdminUnit:
    with open(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH, encoding="utf-8") as fh:
        data = json.load(fh)
    item = next(p for p in data if p["code"] == code)
    province = admin_unit_create(
        actor=None,
        level=AdminUnit.Level.PROVINCE,
        code=f"{code:02d}",
        name=f"Tỉnh {item['name']}",
        kind="Tỉnh",
        valid_from=REORG,
        source="vietnam-provinces",
    )
    for ward in item["wards"]:
        admin_unit_create(
            actor=None,
            level=AdminUnit.Level.COMMUNE,
            code=f"{ward['code']:05d}",
            name=ward["name"],
            kind=ward["division_type"].capitalize(),
            parent=province,
            valid_from=REORG,
            source="vietnam-provinces",
        )
    return province


@pytest.fixture
def son_la(db: Any) -> AdminUnit:
    return load_province(14)
