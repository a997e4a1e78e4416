"""The migration to dated memberships keeps every group's households as members."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from outpost.geo.models import AdminUnit
from outpost.geo.services import admin_unit_create, village_create
from outpost.people.services import household_create

BEFORE = [("security", "0002_incident_patrol")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_each_household_of_a_group_becomes_a_member_from_its_founding() -> None:
    commune = admin_unit_create(
        actor=None, level=AdminUnit.Level.COMMUNE, code="99001", name="Xã Thử", kind="Xã"
    )
    village = village_create(actor=None, commune=commune, name="Bản Thử")
    households = [
        household_create(actor=None, village=village, code=f"T{n}", head_name=f"Hộ {n}")
        for n in range(3)
    ]
    leaf = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = _migrate(BEFORE)
        Group = old.get_model("security", "SelfGoverningGroup")
        live = Group.objects.create(
            kind="security_order",
            village_id=village.pk,
            name="Tổ 1",
            founded_on=dt.date(2024, 1, 1),
        )
        live.households.set([h.pk for h in households[:2]])
        gone = Group.objects.create(
            kind="security_order",
            village_id=village.pk,
            name="Tổ 2",
            founded_on=dt.date(2024, 1, 1),
            dissolved_on=dt.date(2025, 1, 1),
            dissolve_reason="nhập",
        )
        gone.households.set([households[2].pk])
        new = _migrate(leaf)
        Membership = new.get_model("security", "GroupMembership")
        found = sorted(
            (m.group.name, m.household_id, m.valid_from, m.valid_to)
            for m in Membership.objects.select_related("group")
        )
        assert found == [
            ("Tổ 1", households[0].pk, dt.date(2024, 1, 1), None),
            ("Tổ 1", households[1].pk, dt.date(2024, 1, 1), None),
            ("Tổ 2", households[2].pk, dt.date(2024, 1, 1), dt.date(2025, 1, 1)),
        ]
    finally:
        _migrate(leaf)
