"""Party development: the stages of a candidate and the rules between them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from outpost.core.audit import history
from outpost.grassroots import services
from outpost.people.services import household_create, resident_add

D = dt.date


def make_resident(world: Any, name: str = "Lò Văn Xuân", **kwargs: Any) -> Any:
    household = household_create(
        actor=None, village=world.village_a1, code=f"HH-{name[-4:]}-{kwargs.get('birth_year')}"
    )
    kwargs.setdefault("birth_date", D(1995, 3, 10))
    return resident_add(
        actor=None, household=household, full_name=name, relation="head", sex="M", **kwargs
    )


def candidate_up_to(world: Any, branch: Any, stage: str, resident: Any = None) -> Any:
    """A candidate identified in 2024 and taken through the stages up to `stage`."""
    candidate = services.candidate_identify(
        actor=None,
        resident=resident or make_resident(world),
        branch=branch,
        identified_on=D(2024, 1, 5),
    )
    steps = [
        ("class", D(2024, 3, 1)),
        ("recommend", D(2024, 5, 1)),
        ("admit", D(2024, 6, 1)),
        ("full", D(2025, 6, 1)),
    ]
    for name, on in steps:
        if name == stage:
            break
        services.candidate_advance(actor=None, candidate=candidate, stage=name, on=on)
    return candidate


def messages_of(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(exc.value.messages)


def test_a_candidate_goes_through_every_stage_and_each_is_audited(world, branch_a1):
    candidate = candidate_up_to(world, branch_a1, "end")
    candidate.refresh_from_db()
    assert candidate.stage == "full_member"
    assert candidate.full_member_on == D(2025, 6, 1)
    actions = [event.action for event in history(candidate)]
    assert sorted(actions) == ["create", "update", "update", "update", "update"]


def test_a_candidate_cannot_be_recommended_before_the_party_awareness_class(world, branch_a1):
    candidate = candidate_up_to(world, branch_a1, "class")
    with pytest.raises(ValidationError) as exc:
        services.candidate_recommend(actor=None, candidate=candidate, on=D(2024, 5, 1))
    assert "only after completing the Party-awareness class" in messages_of(exc)


def test_a_candidate_cannot_be_admitted_without_a_recommendation(world, branch_a1):
    candidate = candidate_up_to(world, branch_a1, "recommend")
    with pytest.raises(ValidationError) as exc:
        services.candidate_admit(actor=None, candidate=candidate, on=D(2024, 6, 1))
    assert "only after being recommended" in messages_of(exc)


def test_a_candidate_too_young_at_admission_is_refused(world, branch_a1):
    young = make_resident(world, "Lò Văn Nhỏ", birth_date=D(2006, 9, 1))
    candidate = candidate_up_to(world, branch_a1, "admit", resident=young)
    with pytest.raises(ValidationError) as exc:
        services.candidate_admit(actor=None, candidate=candidate, on=D(2024, 6, 1))
    assert "18 to 60 years old at admission (this one is 17)" in messages_of(exc)
    candidate.refresh_from_db()
    assert candidate.admitted_on is None


def test_the_age_is_counted_to_the_day_from_the_birth_date(world, branch_a1):
    turns_18 = make_resident(world, "Lò Văn Vừa", birth_date=D(2006, 6, 1))
    candidate = candidate_up_to(world, branch_a1, "admit", resident=turns_18)
    services.candidate_admit(actor=None, candidate=candidate, on=D(2024, 6, 1))
    assert candidate.admitted_on == D(2024, 6, 1)


def test_a_candidate_over_60_is_refused_from_the_birth_year_alone(world, branch_a1):
    old = make_resident(world, "Lò Văn Già", birth_date=None, birth_year=1960)
    candidate = candidate_up_to(world, branch_a1, "admit", resident=old)
    with pytest.raises(ValidationError) as exc:
        services.candidate_admit(actor=None, candidate=candidate, on=D(2024, 6, 1))
    assert "(this one is 64)" in messages_of(exc)


def test_an_age_exception_with_its_reason_lets_the_admission_through(world, branch_a1):
    young = make_resident(world, "Lò Văn Nhỏ", birth_date=D(2006, 9, 1))
    candidate = candidate_up_to(world, branch_a1, "admit", resident=young)
    services.candidate_admit(
        actor=None,
        candidate=candidate,
        on=D(2024, 6, 1),
        age_exception_reason="Village with no Party member; approved by the district",
    )
    candidate.refresh_from_db()
    assert candidate.admitted_on == D(2024, 6, 1)
    assert candidate.age_exception_reason.startswith("Village with no Party member")


def test_an_unknown_age_needs_an_exception_reason(world, branch_a1):
    unknown = make_resident(world, "Lò Văn Ẩn", birth_date=None)
    candidate = candidate_up_to(world, branch_a1, "admit", resident=unknown)
    with pytest.raises(ValidationError) as exc:
        services.candidate_admit(actor=None, candidate=candidate, on=D(2024, 6, 1))
    assert "birth date or year is unknown" in messages_of(exc)


def test_full_membership_needs_twelve_months_of_probation(world, branch_a1):
    candidate = candidate_up_to(world, branch_a1, "full")
    with pytest.raises(ValidationError) as exc:
        services.candidate_make_full(actor=None, candidate=candidate, on=D(2025, 5, 31))
    assert "only after 12 months of probation (from 2025-06-01)" in messages_of(exc)
    services.candidate_make_full(actor=None, candidate=candidate, on=D(2025, 6, 1))
    assert candidate.stage == "full_member"


def test_a_stage_dated_before_the_previous_one_is_refused(world, branch_a1):
    candidate = candidate_up_to(world, branch_a1, "recommend")
    with pytest.raises(ValidationError) as exc:
        services.candidate_recommend(actor=None, candidate=candidate, on=D(2024, 2, 1))
    assert "comes before an earlier stage's date" in messages_of(exc)


def test_no_stage_is_recorded_after_a_candidate_is_dropped(world, branch_a1):
    candidate = candidate_up_to(world, branch_a1, "recommend")
    services.candidate_drop(actor=None, candidate=candidate, on=D(2024, 4, 1), reason="moved away")
    assert candidate.stage == "dropped"
    with pytest.raises(ValidationError) as exc:
        services.candidate_recommend(actor=None, candidate=candidate, on=D(2024, 5, 1))
    assert "was dropped" in messages_of(exc)


def test_dropping_needs_a_reason(world, branch_a1):
    candidate = candidate_up_to(world, branch_a1, "class")
    with pytest.raises(ValidationError) as exc:
        services.candidate_drop(actor=None, candidate=candidate, on=D(2024, 4, 1), reason=" ")
    assert "Give the reason" in messages_of(exc)


def test_a_resident_is_a_candidate_only_once_at_a_time(world, branch_a1):
    candidate = candidate_up_to(world, branch_a1, "class")
    with pytest.raises(ValidationError) as exc:
        services.candidate_identify(
            actor=None, resident=candidate.resident, branch=branch_a1, identified_on=D(2024, 2, 1)
        )
    assert "already a candidate" in messages_of(exc)


def test_a_candidate_cannot_be_identified_in_an_ended_branch(world, branch_a1):
    services.party_branch_end(actor=None, branch=branch_a1, on=D(2023, 1, 1), reason="merged")
    with pytest.raises(ValidationError) as exc:
        services.candidate_identify(
            actor=None, resident=make_resident(world), branch=branch_a1, identified_on=D(2024, 1, 1)
        )
    assert "had ended by that date" in messages_of(exc)
