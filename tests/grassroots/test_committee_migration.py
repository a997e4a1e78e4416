"""The migration to dated branch committees keeps what the flag said, and records the Party
membership of the candidates admitted before it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from outpost.core.models import AuditEvent
from outpost.geo.models import AdminUnit
from outpost.geo.services import admin_unit_create, village_create
from outpost.people.services import household_create

BEFORE = [
    ("grassroots", "0003_mass_organisations_village_cadres"),
    ("people", "0003_household_status_resident_lineage"),
]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_flagged_branches_get_a_committee_since_they_were_established_and_admissions_count() -> (
    None
):
    commune = admin_unit_create(
        actor=None, level=AdminUnit.Level.COMMUNE, code="99001", name="Xã Thử", kind="Xã"
    )
    villages = [village_create(actor=None, commune=commune, name=f"Bản {n}") for n in range(3)]
    household = household_create(actor=None, village=villages[0], code="T1", head_name="Hộ 1")
    leaf = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = _migrate(BEFORE)
        Branch = old.get_model("grassroots", "PartyBranch")
        Resident = old.get_model("people", "Resident")
        Candidate = old.get_model("grassroots", "PartyCandidate")
        flagged = Branch.objects.create(
            village_id=villages[0].pk,
            name="Chi bộ 0",
            valid_from=dt.date(2010, 1, 1),
            has_committee=True,
        )
        ended = Branch.objects.create(
            village_id=villages[1].pk,
            name="Chi bộ 1",
            valid_from=dt.date(2012, 1, 1),
            valid_to=dt.date(2025, 7, 1),
            end_reason="sáp nhập",
            has_committee=True,
        )
        Branch.objects.create(village_id=villages[2].pk, name="Chi bộ 2", has_committee=False)
        admitted, dropped, pending = (
            Resident.objects.create(
                household_id=household.pk, full_name=name, relation="other", sex="M"
            )
            for name in ("Một", "Hai", "Ba")
        )
        stages = {
            "identified_on": dt.date(2023, 1, 1),
            "class_completed_on": dt.date(2023, 3, 1),
            "recommended_on": dt.date(2023, 4, 1),
        }
        Candidate.objects.create(
            resident=admitted, branch=flagged, admitted_on=dt.date(2023, 5, 1), **stages
        )
        Candidate.objects.create(
            resident=dropped,
            branch=flagged,
            admitted_on=dt.date(2023, 5, 1),
            dropped_on=dt.date(2023, 9, 1),
            drop_reason="vi phạm",
            **stages,
        )
        Candidate.objects.create(resident=pending, branch=flagged, **stages)

        new = _migrate(leaf)
        Committee = new.get_model("grassroots", "BranchCommittee")
        found = sorted(
            (c.branch.name, c.valid_from, c.valid_to, c.end_reason)
            for c in Committee.objects.select_related("branch")
        )
        assert found == [
            ("Chi bộ 0", dt.date(2010, 1, 1), None, ""),
            ("Chi bộ 1", dt.date(2012, 1, 1), dt.date(2025, 7, 1), "sáp nhập"),
        ]
        members = {
            r.full_name: (r.party_joined_on, r.party_left_on)
            for r in new.get_model("people", "Resident").objects.all()
        }
        assert members == {
            "Một": (dt.date(2023, 5, 1), None),
            "Hai": (dt.date(2023, 5, 1), dt.date(2023, 9, 1)),
            "Ba": (None, None),
        }
        written = AuditEvent.objects.filter(note="migration: dated branch committee")
        assert written.filter(object_type="grassroots.branchcommittee").count() == 2
        assert written.filter(object_type="people.resident").count() == 2
        assert {flagged.pk, ended.pk} == set(Committee.objects.values_list("branch_id", flat=True))
    finally:
        _migrate(leaf)
