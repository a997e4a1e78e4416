"""Village cadres identified among the residents, their training, and its figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from outpost.core.models import AuditEvent
from outpost.geo.services import village_create
from outpost.grassroots import services
from outpost.grassroots.indicators import village_cadre_figures
from outpost.grassroots.models import VillageCadreTraining
from outpost.people.services import household_create, resident_add

D = dt.date


def _resident(village: Any, n: int) -> Any:
    household = household_create(actor=None, village=village, code=f"VC-{n}")
    return resident_add(
        actor=None,
        household=household,
        full_name=f"Cán bộ {n}",
        relation="head",
        sex="M",
        birth_date=D(1985, 1, 1),
    )


def _identify(resident: Any, **kwargs: Any) -> VillageCadreTraining:
    data: dict[str, Any] = {"role": "village_chief", "identified_on": D(2025, 7, 2)}
    data.update(kwargs)
    return services.village_cadre_identify(actor=None, resident=resident, **data)


def test_a_village_cadre_is_recorded_with_an_audit_event(world):
    row = _identify(_resident(world.village_a1, 1), role="branch_secretary")
    assert row.get_role_display() == "Party branch secretary"
    event = AuditEvent.objects.get(object_type="grassroots.villagecadretraining", object_id=row.pk)
    assert event.commune_id == world.commune_a1.pk


def test_the_course_cannot_end_before_it_starts(world):
    with pytest.raises(ValidationError):
        _identify(
            _resident(world.village_a1, 1),
            course_name="Bồi dưỡng trưởng bản",
            course_from=D(2025, 9, 10),
            course_to=D(2025, 9, 1),
        )
    assert not VillageCadreTraining.objects.exists()


def test_the_course_cannot_start_before_the_cadre_was_identified(world):
    with pytest.raises(ValidationError):
        _identify(
            _resident(world.village_a1, 1),
            course_name="Bồi dưỡng trưởng bản",
            course_from=D(2025, 6, 1),
            course_to=D(2025, 6, 5),
        )


def test_a_completed_course_needs_its_end_date(world):
    with pytest.raises(ValidationError):
        _identify(_resident(world.village_a1, 1), course_name="Bồi dưỡng", completed=True)


def test_a_course_is_recorded_later_and_a_refused_change_leaves_the_row_as_it_was(world):
    row = _identify(_resident(world.village_a1, 1))
    with pytest.raises(ValidationError):
        services.village_cadre_record_course(
            actor=None, training=row, course_name="", course_to=D(2025, 9, 1), completed=True
        )
    assert row.completed is False and row.course_to is None
    services.village_cadre_record_course(
        actor=None,
        training=row,
        course_name="Bồi dưỡng trưởng bản",
        course_from=D(2025, 9, 1),
        course_to=D(2025, 9, 5),
        completed=True,
    )
    row.refresh_from_db()
    assert row.completed and row.course_to == D(2025, 9, 5)


# --- figures ---------------------------------------------------------------------------------


@pytest.fixture
def records(world: Any) -> dict[str, Any]:
    old_village = village_create(actor=None, commune=world.old_commune_a1, name="Bản Cũ")
    course = "Bồi dưỡng cán bộ thôn"
    _identify(_resident(old_village, 1), identified_on=D(2023, 5, 1))
    _identify(
        _resident(old_village, 2),
        identified_on=D(2024, 2, 1),
        course_name=course,
        course_from=D(2024, 3, 1),
        course_to=D(2024, 3, 10),
        completed=True,
    )
    _identify(
        _resident(old_village, 3),
        identified_on=D(2024, 8, 1),
        course_name=course,
        course_from=D(2024, 9, 1),
        course_to=D(2024, 9, 10),
        completed=False,
    )
    _identify(
        _resident(old_village, 4),
        identified_on=D(2024, 11, 1),
        course_name=course,
        course_from=D(2024, 12, 20),
        course_to=D(2025, 1, 5),
        completed=True,
    )
    _identify(
        _resident(world.village_a1, 5),
        identified_on=D(2025, 7, 2),
        course_name=course,
        course_from=D(2025, 8, 1),
        course_to=D(2025, 8, 10),
        completed=True,
    )
    _identify(_resident(world.village_a1, 6), identified_on=D(2025, 7, 20), role="other")
    _identify(
        _resident(world.village_b1, 7),
        identified_on=D(2025, 7, 2),
        course_name=course,
        course_from=D(2025, 8, 1),
        course_to=D(2025, 8, 10),
        completed=True,
    )
    return {"old": [world.old_commune_a1.pk], "new": [world.commune_a1.pk]}


def by_hand(commune_ids: list[int], on: dt.date) -> dict[str, int]:
    start = D(on.year, 1, 1)
    rows = [
        r
        for r in VillageCadreTraining.objects.select_related("resident__household")
        if r.resident.household.commune_id in commune_ids
    ]
    return {
        "village_cadres_identified_this_year": sum(start <= r.identified_on <= on for r in rows),
        "village_cadres_trained_this_year": sum(
            r.completed and r.course_to is not None and start <= r.course_to <= on for r in rows
        ),
    }


@pytest.mark.parametrize(
    ("side", "on"),
    [
        ("old", D(2024, 6, 30)),
        ("old", D(2024, 12, 31)),
        ("old", D(2025, 6, 30)),
        ("new", D(2025, 7, 1)),
        ("new", D(2025, 12, 31)),
    ],
)
def test_the_village_cadre_figures_equal_a_count_by_hand(records, side, on):
    assert village_cadre_figures(commune_ids=records[side], on=on) == by_hand(records[side], on)


def test_the_village_cadre_figures_before_and_after_the_merger(records):
    old = village_cadre_figures(commune_ids=records["old"], on=D(2024, 12, 31))
    assert old == {"village_cadres_identified_this_year": 3, "village_cadres_trained_this_year": 1}
    early = village_cadre_figures(commune_ids=records["old"], on=D(2025, 6, 30))
    assert early == {
        "village_cadres_identified_this_year": 0,
        "village_cadres_trained_this_year": 1,
    }
    new = village_cadre_figures(commune_ids=records["new"], on=D(2025, 12, 31))
    assert new == {"village_cadres_identified_this_year": 2, "village_cadres_trained_this_year": 1}


def test_a_period_starts_at_its_own_first_day(records):
    got = village_cadre_figures(
        commune_ids=records["old"], on=D(2025, 1, 31), date_from=D(2024, 12, 1)
    )
    assert got == {"village_cadres_identified_this_year": 0, "village_cadres_trained_this_year": 1}
