"""Party development figures for the coverage report: each equals a count made by hand from
the test records, before and after the 2025 merger of communes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from outpost.core.models import EthnicGroup
from outpost.geo.services import village_create
from outpost.grassroots import services
from outpost.grassroots.indicators import party_branch_figures, party_candidate_figures
from outpost.grassroots.models import PartyBranch, PartyCandidate
from outpost.people.services import household_create, resident_add
from outpost.reports import registry

D = dt.date
KEYS = [
    "party_candidates_identified_this_year",
    "party_candidates_recommended_this_year",
    "party_candidates_admitted_this_year",
    "party_candidates_made_full_this_year",
    "party_candidates_in_pipeline",
    "party_candidates_admitted_minority_percent",
    "branches_without_committee",
    "new_branches_this_year",
]


def _resident(village: Any, n: int, minority: bool) -> Any:
    household = household_create(actor=None, village=village, code=f"IND-{n}")
    return resident_add(
        actor=None,
        household=household,
        full_name=f"Người {n}",
        relation="head",
        sex="F",
        birth_date=D(1990, 1, 1),
        ethnic_group=EthnicGroup.objects.filter(is_minority=minority).order_by("code").first(),
    )


def _candidate(branch: Any, n: int, minority: bool, stages: dict[str, dt.date]) -> Any:
    candidate = services.candidate_identify(
        actor=None,
        resident=_resident(branch.village, n, minority),
        branch=branch,
        identified_on=stages.pop("identified"),
    )
    for stage, on in stages.items():
        services.candidate_advance(
            actor=None, candidate=candidate, stage=stage, on=on, reason="moved away"
        )
    return candidate


@pytest.fixture
def records(world: Any) -> dict[str, Any]:
    old_village = village_create(actor=None, commune=world.old_commune_a1, name="Bản Cũ")
    old_branch = services.party_branch_create(
        actor=None, village=old_village, name="Chi bộ bản Cũ", established_on=D(2020, 2, 1)
    )
    services.party_branch_create(
        actor=None,
        village=village_create(actor=None, commune=world.old_commune_a1, name="Bản Mới Lập"),
        name="Chi bộ bản Mới Lập",
        established_on=D(2024, 4, 1),
        has_committee=True,
    )
    new_branch = services.party_branch_create(
        actor=None,
        village=world.village_a1,
        name="Chi bộ bản Huổi Lếch",
        established_on=D(2025, 7, 1),
        has_committee=True,
    )
    services.party_branch_create(
        actor=None,
        village=world.village_b1,
        name="Chi bộ bản Pá Lông",
        established_on=D(2025, 8, 1),
    )
    full = {"class": D(2023, 3, 1), "recommend": D(2023, 4, 1), "admit": D(2023, 5, 1)}
    _candidate(old_branch, 1, True, {"identified": D(2023, 1, 2), **full, "full": D(2024, 5, 2)})
    _candidate(
        old_branch,
        2,
        False,
        {
            "identified": D(2024, 2, 1),
            "class": D(2024, 3, 1),
            "recommend": D(2024, 4, 1),
            "admit": D(2024, 6, 1),
        },
    )
    _candidate(
        old_branch,
        3,
        True,
        {
            "identified": D(2024, 2, 1),
            "class": D(2024, 3, 1),
            "recommend": D(2024, 4, 1),
            "admit": D(2024, 9, 1),
        },
    )
    _candidate(old_branch, 4, True, {"identified": D(2024, 3, 1)})
    _candidate(old_branch, 5, True, {"identified": D(2024, 3, 1), "drop": D(2024, 5, 1)})
    _candidate(
        new_branch,
        6,
        True,
        {
            "identified": D(2025, 7, 2),
            "class": D(2025, 7, 20),
            "recommend": D(2025, 8, 1),
            "admit": D(2025, 9, 1),
        },
    )
    _candidate(new_branch, 7, False, {"identified": D(2025, 7, 2), "class": D(2025, 8, 1)})
    return {"old": [world.old_commune_a1.pk], "new": [world.commune_a1.pk]}


def by_hand(commune_ids: list[int], on: dt.date) -> dict[str, int]:
    """The same figures counted in Python over every record."""
    start = D(on.year, 1, 1)
    candidates = [
        c
        for c in PartyCandidate.objects.select_related("branch__village", "resident__ethnic_group")
        if c.branch.village.commune_id in commune_ids
    ]

    def in_year(day: dt.date | None) -> bool:
        return day is not None and start <= day <= on

    admitted = [c for c in candidates if in_year(c.admitted_on)]
    minority = [c for c in admitted if c.resident.ethnic_group.is_minority]
    branches = [b for b in PartyBranch.objects.all() if b.village.commune_id in commune_ids]
    return {
        "party_candidates_identified_this_year": sum(in_year(c.identified_on) for c in candidates),
        "party_candidates_recommended_this_year": sum(
            in_year(c.recommended_on) for c in candidates
        ),
        "party_candidates_admitted_this_year": len(admitted),
        "party_candidates_made_full_this_year": sum(in_year(c.full_member_on) for c in candidates),
        "party_candidates_in_pipeline": sum(
            c.identified_on <= on
            and (c.admitted_on is None or c.admitted_on > on)
            and (c.dropped_on is None or c.dropped_on > on)
            for c in candidates
        ),
        "party_candidates_admitted_minority_percent": round(100 * len(minority) / len(admitted))
        if admitted
        else 0,
        "branches_without_committee": sum(
            b.is_valid_on(on) and not any(c.is_valid_on(on) for c in b.committees.all())
            for b in branches
        ),
        "new_branches_this_year": sum(in_year(b.valid_from) for b in branches),
    }


def figures(commune_ids: list[int], on: dt.date) -> dict[str, int]:
    return {
        **party_candidate_figures(commune_ids=commune_ids, on=on),
        **party_branch_figures(commune_ids=commune_ids, on=on),
    }


@pytest.mark.parametrize(
    ("side", "on"),
    [
        ("old", D(2024, 5, 31)),
        ("old", D(2024, 12, 31)),
        ("old", D(2025, 6, 30)),
        ("new", D(2025, 7, 1)),
        ("new", D(2025, 12, 31)),
    ],
)
def test_the_party_development_figures_equal_a_count_by_hand(records, side, on):
    assert figures(records[side], on) == by_hand(records[side], on)


def test_the_figures_in_2024_before_the_merger(records):
    got = figures(records["old"], D(2024, 12, 31))
    assert got["party_candidates_identified_this_year"] == 4
    assert got["party_candidates_recommended_this_year"] == 2
    assert got["party_candidates_admitted_this_year"] == 2
    assert got["party_candidates_made_full_this_year"] == 1
    assert got["party_candidates_in_pipeline"] == 1
    assert got["party_candidates_admitted_minority_percent"] == 50
    assert got["branches_without_committee"] == 1
    assert got["new_branches_this_year"] == 1


def test_the_year_runs_from_the_first_of_january_to_the_date(records):
    got = figures(records["old"], D(2024, 6, 1))
    assert got["party_candidates_admitted_this_year"] == 1
    assert got["party_candidates_admitted_minority_percent"] == 0
    assert got["party_candidates_in_pipeline"] == 2


def test_the_figures_after_the_merger_count_the_new_communes_branches(records):
    got = figures(records["new"], D(2025, 12, 31))
    assert got["party_candidates_admitted_this_year"] == 1
    assert got["party_candidates_admitted_minority_percent"] == 100
    assert got["party_candidates_in_pipeline"] == 1
    assert got["branches_without_committee"] == 0
    assert got["new_branches_this_year"] == 1


def test_a_village_report_counts_only_its_villages_branches(records, world):
    got = party_candidate_figures(
        commune_ids=records["new"], on=D(2025, 12, 31), village_ids=[world.village_a1.pk + 999]
    )
    assert got["party_candidates_in_pipeline"] == 0


def test_the_figures_are_in_the_report_registry(records):
    assert set(KEYS) <= set(registry.keys())
    assert registry.get("party_candidates_in_pipeline").supports_villages
