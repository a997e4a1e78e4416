"""Lineage of units across the reorganisation: a code plus a validity period names a unit."""

from __future__ import annotations

import datetime as dt

import pytest

from outpost.core.models import REORGANISATION_DATE as REORG
from outpost.geo.lineage import level_for_code, lineage_document, units_with_code
from outpost.geo.models import AdminUnit, UnitChange
from outpost.geo.services import admin_unit_create, unit_change_create


@pytest.fixture
def sin_thau() -> dict[str, AdminUnit]:
    def unit(code: str, name: str, **validity: dt.date) -> AdminUnit:
        return admin_unit_create(
            actor=None, level="commune", code=code, name=name, kind="Xã", **validity
        )

    units = {
        "old_sin_thau": unit("03154", "Xã Sín Thầu", valid_to=REORG),
        "leng_su_sin": unit("03158", "Xã Leng Su Sìn", valid_to=REORG),
        "new_sin_thau": unit("03158", "Xã Sín Thầu", valid_from=REORG),
    }
    for source in ("old_sin_thau", "leng_su_sin"):
        unit_change_create(
            actor=None,
            from_unit=units[source],
            to_unit=units["new_sin_thau"],
            effective=REORG,
            kind=UnitChange.Kind.MERGED_WHOLE,
            note="Nhập toàn bộ",
        )
    return units


@pytest.mark.django_db
def test_a_reused_code_lists_the_old_unit_before_the_new_one(sin_thau: dict) -> None:
    assert units_with_code("3158") == [sin_thau["leng_su_sin"], sin_thau["new_sin_thau"]]
    assert units_with_code("03158", on=dt.date(2025, 6, 30)) == [sin_thau["leng_su_sin"]]
    assert units_with_code("03158", on=REORG) == [sin_thau["new_sin_thau"]]


@pytest.mark.django_db
def test_the_lineage_document_has_a_stable_shape(sin_thau: dict) -> None:
    document = lineage_document("03158")
    assert set(document) == {"code", "level", "on", "units"}
    new = document["units"][1]
    assert set(new["unit"]) == {"id", "code", "name", "type", "level", "valid_from", "valid_to"}
    assert [p["code"] for p in new["predecessors"]] == ["03154", "03158"]
    first = new["predecessors"][0]
    assert (first["kind"], first["effective"], first["type"], first["valid_to"]) == (
        "merged_whole",
        "2025-07-01",
        "Xã",
        "2025-07-01",
    )
    assert {"note", "part_of_area", "whole_population"} <= set(first)
    assert document["units"][0]["successors"][0]["id"] == sin_thau["new_sin_thau"].pk


@pytest.mark.django_db
def test_a_code_nobody_carried_gives_no_units() -> None:
    assert lineage_document("99999", on=REORG) == {
        "code": "99999",
        "level": "commune",
        "on": "2025-07-01",
        "units": [],
    }


def test_the_length_of_a_code_tells_its_level() -> None:
    assert [level_for_code(c) for c in ("14", "096", "03158")] == [
        "province",
        "district",
        "commune",
    ]
