"""Setting and ending a unit's visit interval, and how units inherit it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from outpost.core.models import AuditEvent
from outpost.fieldwork.models import DEFAULT_VISIT_INTERVAL_DAYS, VisitSchedule
from outpost.fieldwork.selectors.followups import interval_of, intervals
from outpost.fieldwork.services.followups import visit_schedule_end, visit_schedule_set
from outpost.force.models import ForceUnit
from outpost.force.services import force_unit_create

D = dt.date


def _events(unit):
    return AuditEvent.objects.filter(object_type="fieldwork.visitschedule", force_unit=unit)


def test_a_unit_without_a_setting_follows_its_parent_else_the_default(world):
    team = force_unit_create(
        actor=None, kind=ForceUnit.Kind.TEAM, code="T-A", name="Tổ A", parent=world.post_a
    )
    on = D(2026, 1, 10)
    assert interval_of(team, on).days == DEFAULT_VISIT_INTERVAL_DAYS
    assert interval_of(team, on).set_by is None
    visit_schedule_set(
        actor=None, force_unit=world.command, interval_days=14, valid_from=D(2026, 1, 1)
    )
    assert interval_of(team, on) == interval_of(world.post_a, on)
    assert interval_of(team, on).days == 14 and interval_of(team, on).set_by == world.command.pk
    visit_schedule_set(
        actor=None, force_unit=world.post_a, interval_days=10, valid_from=D(2026, 1, 5)
    )
    found = intervals([team.pk, world.post_b.pk, None], on)
    assert found[team.pk].days == 10 and found[world.post_b.pk].days == 14
    assert found[None].days == DEFAULT_VISIT_INTERVAL_DAYS
    # Before the settings started, the default held.
    assert interval_of(team, D(2025, 12, 31)).days == DEFAULT_VISIT_INTERVAL_DAYS


def test_a_new_interval_ends_the_running_one_and_keeps_it_as_history(world):
    first = visit_schedule_set(
        actor=world.users["commander_a"],
        force_unit=world.post_a,
        interval_days=30,
        valid_from=D(2026, 1, 1),
    )
    second = visit_schedule_set(
        actor=world.users["commander_a"],
        force_unit=world.post_a,
        interval_days=15,
        valid_from=D(2026, 6, 1),
    )
    first.refresh_from_db()
    assert first.valid_to == D(2026, 6, 1) and second.valid_to is None
    assert interval_of(world.post_a, D(2026, 5, 31)).days == 30
    assert interval_of(world.post_a, D(2026, 6, 1)).days == 15
    assert list(_events(world.post_a).values_list("action", flat=True).order_by("id")) == [
        "create",
        "end",
        "create",
    ]


def test_a_setting_made_again_the_same_day_is_corrected_in_place(world):
    row = visit_schedule_set(
        actor=None, force_unit=world.post_a, interval_days=30, valid_from=D(2026, 1, 1)
    )
    again = visit_schedule_set(
        actor=None, force_unit=world.post_a, interval_days=20, valid_from=D(2026, 1, 1)
    )
    assert again.pk == row.pk and VisitSchedule.objects.get().interval_days == 20
    same = visit_schedule_set(
        actor=None, force_unit=world.post_a, interval_days=20, valid_from=D(2026, 3, 1)
    )
    assert same.pk == row.pk and VisitSchedule.objects.count() == 1
    assert _events(world.post_a).count() == 2  # created, then corrected


def test_a_setting_cannot_start_before_a_later_one(world):
    visit_schedule_set(
        actor=None, force_unit=world.post_a, interval_days=30, valid_from=D(2026, 6, 1)
    )
    with pytest.raises(ValidationError) as exc:
        visit_schedule_set(
            actor=None, force_unit=world.post_a, interval_days=10, valid_from=D(2026, 1, 1)
        )
    assert "valid_from" in exc.value.error_dict


def test_the_interval_is_between_one_day_and_a_year(world):
    for days in (0, 367):
        with pytest.raises(ValidationError):
            visit_schedule_set(
                actor=None, force_unit=world.post_a, interval_days=days, valid_from=D(2026, 1, 1)
            )
    assert not VisitSchedule.objects.exists()


def test_ending_a_units_own_interval_makes_it_follow_its_parent_again(world):
    visit_schedule_set(
        actor=None, force_unit=world.command, interval_days=21, valid_from=D(2026, 1, 1)
    )
    visit_schedule_set(
        actor=None, force_unit=world.post_a, interval_days=7, valid_from=D(2026, 1, 1)
    )
    with pytest.raises(ValidationError):
        visit_schedule_end(actor=None, force_unit=world.post_a, on=D(2026, 3, 1), reason=" ")
    visit_schedule_end(actor=None, force_unit=world.post_a, on=D(2026, 3, 1), reason="khối lượng")
    assert interval_of(world.post_a, D(2026, 2, 28)).days == 7
    assert interval_of(world.post_a, D(2026, 3, 1)).days == 21
    with pytest.raises(ValidationError):
        visit_schedule_end(actor=None, force_unit=world.post_a, on=D(2026, 4, 1), reason="again")
