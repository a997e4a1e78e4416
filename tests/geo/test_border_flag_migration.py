"""The migration to dated border flags turns every undated flag into a flag over its unit's
validity, old communes included, and logs each one."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from outpost.core.models import AuditEvent
from outpost.geo.models import AdminUnit
from outpost.geo.services import admin_unit_create

BEFORE = [("geo", "0001_initial")]
REORG = dt.date(2025, 7, 1)


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_each_flagged_unit_gets_one_flag_over_its_validity() -> None:
    def commune(code: str, name: str, **dates: Any) -> AdminUnit:
        return admin_unit_create(
            actor=None, level=AdminUnit.Level.COMMUNE, code=code, name=name, kind="Xã", **dates
        )

    old = commune("03158", "Xã Leng Su Sìn", valid_to=REORG)
    new = commune("03158", "Xã Sín Thầu", valid_from=REORG)
    inland = commune("03200", "Xã Nội Địa", valid_from=REORG)
    leaf = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        undated = _migrate(BEFORE).get_model("geo", "AdminUnit")
        undated.objects.filter(pk=old.pk).update(is_border=True, border_countries="LA")
        undated.objects.filter(pk=new.pk).update(is_border=True, border_countries="la,CN")
        dated = _migrate(leaf).get_model("geo", "BorderFlag")
        found = sorted(
            (f.unit_id, f.countries, f.valid_from, f.valid_to) for f in dated.objects.all()
        )
        assert found == [
            (old.pk, "LA", None, REORG),
            (new.pk, "CN,LA", REORG, None),
        ]
        assert not dated.objects.filter(unit_id=inland.pk).exists()
        logged = AuditEvent.objects.filter(object_type="geo.borderflag", action="create")
        assert sorted(logged.values_list("commune_id", "source")) == [
            (old.pk, "system"),
            (new.pk, "system"),
        ]
    finally:
        _migrate(leaf)
