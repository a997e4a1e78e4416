"""Parts of the importer that stand in for slower Django machinery do the same thing."""

from __future__ import annotations

import datetime as dt

from outpost.core.models import EthnicGroup
from outpost.geo.models import AdminUnit, Village
from outpost.imports.engine import _new
from outpost.people.models import Household, Resident


def _same(a, b) -> None:  # type: ignore[no-untyped-def]
    mine = {k: v for k, v in a.__dict__.items() if k != "_state"}
    theirs = {k: v for k, v in b.__dict__.items() if k != "_state"}
    assert mine == theirs
    assert a._state.fields_cache == b._state.fields_cache
    assert (a._state.adding, a._state.db) == (b._state.adding, b._state.db)


def test_new_builds_the_same_household_and_resident_as_the_model_does(db):
    commune = AdminUnit.objects.create(code="99001", name="Xã Thử", level="commune")
    village = Village.objects.create(commune=commune, name="Bản Thử")
    group = EthnicGroup.objects.order_by("pk").first() or EthnicGroup.objects.create(
        code="99", name="Thử"
    )
    values = {
        "commune": commune,
        "village": village,
        "code": "H1",
        "head_name": "Lò Văn A",
        "search_name": "h1 lo van a",
        "is_policy_family": True,
        "is_near_border": False,
        "note": "",
        "valid_from": dt.date(2020, 1, 1),
    }
    household = _new(Household, **values)
    _same(household, Household(**values))
    assert household.village is village and household.commune_id == commune.pk

    resident_values = {
        "household": household,  # not saved yet: no id, but cached
        "full_name": "Lò Thị B",
        "search_name": "lo thi b",
        "relation": "spouse",
        "birth_year": 1990,
        "ethnic_group": group,
        "is_village_chief": None,
    }
    resident = _new(Resident, **resident_values)
    _same(resident, Resident(**resident_values))
    assert resident.household is household and resident.household_id is None
    resident.clean()


def test_a_bad_value_repeated_on_several_rows_is_reported_on_each(world, workbook):
    from outpost.imports.engine import Importer

    resident = {
        "commune_code": "04087",
        "household_code": "HH-404",
        "relation": "chú",
        "sex": "M",
        "birth_year": "năm 70",
    }
    path = workbook(
        {
            "residents": [
                {**resident, "full_name": "Lò Văn A"},
                {**resident, "full_name": "Lò Văn B"},
            ]
        }
    )
    report = Importer(file_name="file.xlsx").run(path)
    rows = sorted((e.row, e.value) for e in report.errors if e.value in ("chú", "năm 70"))
    assert rows == [(2, "chú"), (2, "năm 70"), (3, "chú"), (3, "năm 70")]
