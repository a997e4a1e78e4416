"""A coverage world on top of the shared `world`: households, branches and committee seats
with known counts, before the 2025 merger (old commune A1) and after it (communes A1, A2, B1).

Dates: BEFORE_MERGER 2024-06-01; AFTER 2025-09-01 (every assignment running); LATER 2026-03-01
(cadre A's household assignment ended on 2026-01-01)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from outpost.assign.models import CommitteeSeat, HouseholdAssignment
from outpost.assign.services import (
    branch_join,
    committee_seat_assign,
    household_assign,
    household_unassign,
)
from outpost.core.models import REORGANISATION_DATE as REORG
from outpost.force.models import Cadre
from outpost.force.services import cadre_create
from outpost.geo.models import Village
from outpost.geo.services import border_flag_set, village_create, village_end
from outpost.grassroots.services import party_branch_create, party_branch_end
from outpost.people.models import Household
from outpost.people.services import household_create, household_end

BEFORE_MERGER = dt.date(2024, 6, 1)
AFTER = dt.date(2025, 9, 1)
ENDS = dt.date(2026, 1, 1)
LATER = dt.date(2026, 3, 1)
STARTED = dt.date(2025, 8, 1)


@dataclass
class Coverage:
    world: Any
    old_village: Village
    village_a2: Village
    cadre_a2: Cadre
    households: dict[str, Household]
    ending: HouseholdAssignment


@pytest.fixture
def cov(world: Any) -> Coverage:
    w = world
    deputy = CommitteeSeat.Role.DEPUTY_SECRETARY
    # Before the merger: old commune A1 (a border commune) in post A's area until 2025-07-01.
    border_flag_set(actor=None, unit=w.old_commune_a1, countries=["LA"])
    old_village = village_create(actor=None, commune=w.old_commune_a1, name="Bản Cũ")
    old_branch = party_branch_create(
        actor=None,
        village=old_village,
        name="Chi bộ bản Cũ",
        established_on=dt.date(2020, 1, 1),
        member_count=5,
    )
    oh1 = household_create(
        actor=None, village=old_village, code="OH1", head_name="Lò Văn Một", is_near_border=True
    )
    old_assignment = household_assign(
        actor=None, cadre=w.cadre_a, household=oh1, valid_from=dt.date(2024, 1, 1)
    )
    branch_join(actor=None, cadre=w.cadre_a, branch=old_branch, valid_from=dt.date(2024, 1, 1))
    old_seat = committee_seat_assign(
        actor=None,
        cadre=w.cadre_a,
        unit=w.old_commune_a1,
        role=deputy,
        valid_from=dt.date(2024, 1, 1),
    )
    from outpost.assign.services import committee_seat_end

    household_unassign(actor=None, assignment=old_assignment, on=REORG, reason="merger")
    committee_seat_end(actor=None, seat=old_seat, on=REORG, reason="merger")
    party_branch_end(actor=None, branch=old_branch, on=REORG, reason="merger")
    household_end(actor=None, household=oh1, on=REORG, reason="merger")
    village_end(actor=None, village=old_village, on=REORG, reason="merger")

    # After the merger: communes A1, A2 (post A) and B1 (post B).
    village_a2 = village_create(
        actor=None, commune=w.commune_a2, name="Bản Nậm Xe", valid_from=REORG
    )
    cadre_a2 = cadre_create(
        actor=None,
        service_number="A-002",
        full_name="Vì Văn Hai",
        rank=Cadre.Rank.LIEUTENANT,
        unit=w.post_a,
        posted_on=dt.date(2020, 1, 1),
        party_joined_on=dt.date(2015, 3, 3),
    )

    def hh(village: Village, code: str, near: bool) -> Household:
        return household_create(
            actor=None, village=village, code=code, is_near_border=near, valid_from=REORG
        )

    households = {
        "H1": hh(w.village_a1, "H1", True),
        "H2": hh(w.village_a1, "H2", True),
        "H3": hh(w.village_a1, "H3", False),
        "H4": hh(village_a2, "H4", False),
        "H5": hh(w.village_b1, "H5", True),
    }
    ending = household_assign(
        actor=None, cadre=w.cadre_a, household=households["H1"], valid_from=STARTED
    )
    for code in ("H2", "H3"):
        household_assign(actor=None, cadre=cadre_a2, household=households[code], valid_from=STARTED)
    household_assign(actor=None, cadre=w.cadre_b, household=households["H5"], valid_from=STARTED)
    household_unassign(actor=None, assignment=ending, on=ENDS, reason="posted to the team")

    branch_a1 = party_branch_create(
        actor=None,
        village=w.village_a1,
        name="Chi bộ bản Huổi Lếch",
        established_on=REORG,
        member_count=3,
    )
    branch_b1 = party_branch_create(
        actor=None,
        village=w.village_b1,
        name="Chi bộ bản Pá Lông",
        established_on=REORG,
        member_count=0,
    )
    branch_join(actor=None, cadre=w.cadre_a, branch=branch_a1, valid_from=STARTED)
    branch_join(actor=None, cadre=w.cadre_b, branch=branch_b1, valid_from=STARTED)
    committee_seat_assign(
        actor=None, cadre=w.cadre_a, unit=w.commune_a1, role=deputy, valid_from=STARTED
    )
    committee_seat_assign(
        actor=None,
        cadre=w.cadre_b,
        unit=w.commune_b1,
        role=CommitteeSeat.Role.MEMBER,
        valid_from=STARTED,
    )
    return Coverage(
        world=w,
        old_village=old_village,
        village_a2=village_a2,
        cadre_a2=cadre_a2,
        households=households,
        ending=ending,
    )
