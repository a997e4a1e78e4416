from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from outpost.border.models import BorderMarker, MarkerSelfManagement
from outpost.border.services import (
    marker_assign_households,
    marker_create,
    patrol_record,
    segment_create,
    segment_end,
)
from outpost.core.models import AuditEvent
from outpost.people.services import household_create

pytestmark = pytest.mark.django_db


def test_creating_a_segment_writes_an_audit_event_located_at_its_commune_and_post(
    world: Any, segment_a1: Any
) -> None:
    event = AuditEvent.objects.get(object_type="border.bordersegment", object_id=str(segment_a1.pk))
    assert event.action == "create"
    assert event.commune_id == world.commune_a1.pk
    assert event.force_unit_id == world.post_a.pk
    assert event.changes["length_km"] == [None, "21.000"]


def test_a_segment_cannot_lie_in_a_commune_outside_the_posts_area(world: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        segment_create(
            actor=None,
            post=world.post_a,
            commune=world.commune_b1,
            country="LA",
            name="Sai",
            length_km=Decimal("3"),
            valid_from=dt.date(2025, 8, 1),
        )
    assert "commune" in exc.value.message_dict


def test_a_segment_must_start_while_the_post_is_responsible_for_the_commune(world: Any) -> None:
    """Post A took commune A1 on 2025-07-01: a segment there from 2024 is refused."""
    with pytest.raises(ValidationError):
        segment_create(
            actor=None,
            post=world.post_a,
            commune=world.commune_a1,
            country="LA",
            name="Quá sớm",
            length_km=Decimal("3"),
            valid_from=dt.date(2024, 1, 1),
        )


def test_ending_a_segment_keeps_the_row_and_records_the_reason(segment_a1: Any) -> None:
    segment_end(actor=None, segment=segment_a1, on=dt.date(2026, 1, 1), reason="handed over")
    segment_a1.refresh_from_db()
    assert segment_a1.valid_to == dt.date(2026, 1, 1)
    assert AuditEvent.objects.filter(object_id=str(segment_a1.pk), action="end").count() == 1
    with pytest.raises(ValidationError):
        segment_end(actor=None, segment=segment_a1, on=dt.date(2026, 2, 1), reason="again")


def test_marker_numbers_are_unique_on_a_segment(segment_a1: Any) -> None:
    marker_create(actor=None, segment=segment_a1, number="79")
    with pytest.raises(ValidationError):
        marker_create(actor=None, segment=segment_a1, number="79")
    assert BorderMarker.objects.filter(segment=segment_a1).count() == 1


def test_assigning_households_ends_those_no_longer_listed_and_starts_new_ones(
    world: Any, segment_a1: Any
) -> None:
    marker = marker_create(actor=None, segment=segment_a1, number="80", kind="secondary")
    first = household_create(actor=None, village=world.village_a1, code="H1", head_name="Một")
    second = household_create(actor=None, village=world.village_a1, code="H2", head_name="Hai")
    marker_assign_households(actor=None, marker=marker, households=[first], on=dt.date(2025, 8, 1))
    rows = marker_assign_households(
        actor=None, marker=marker, households=[second], on=dt.date(2025, 9, 1)
    )
    assert [r.household_id for r in rows] == [second.pk]
    ended = MarkerSelfManagement.objects.get(household=first)
    assert ended.valid_to == dt.date(2025, 9, 1)
    assert AuditEvent.objects.filter(object_type="border.markerselfmanagement").count() == 3


def test_households_of_another_commune_cannot_self_manage_the_marker(
    world: Any, segment_a1: Any
) -> None:
    marker = marker_create(actor=None, segment=segment_a1, number="81")
    stranger = household_create(actor=None, village=world.village_b1, code="HB", head_name="B")
    with pytest.raises(ValidationError):
        marker_assign_households(
            actor=None, marker=marker, households=[stranger], on=dt.date(2025, 8, 1)
        )


def test_a_patrol_records_its_markers_and_an_audit_event(world: Any, segment_a1: Any) -> None:
    marker = marker_create(actor=None, segment=segment_a1, number="79")
    patrol = patrol_record(
        actor=None,
        segment=segment_a1,
        date=dt.date(2025, 9, 2),
        km=Decimal("42"),
        markers=[marker],
        residents_joining=3,
    )
    assert patrol.post_id == world.post_a.pk
    assert list(patrol.markers_checked.all()) == [marker]
    event = AuditEvent.objects.get(object_type="border.patrol", object_id=str(patrol.pk))
    assert event.changes["markers_checked"] == [None, [marker.pk]]


@pytest.mark.parametrize("km", ["-1", "42.001"])
def test_a_patrol_distance_must_be_between_zero_and_twice_the_segment(
    segment_a1: Any, km: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        patrol_record(actor=None, segment=segment_a1, date=dt.date(2025, 9, 2), km=Decimal(km))
    assert "km" in exc.value.message_dict


def test_a_patrol_cannot_check_markers_of_another_segment(segment_a1: Any, segment_b1: Any) -> None:
    elsewhere = marker_create(actor=None, segment=segment_b1, number="90")
    with pytest.raises(ValidationError):
        patrol_record(
            actor=None,
            segment=segment_a1,
            date=dt.date(2025, 9, 2),
            km=Decimal("5"),
            markers=[elsewhere],
        )
    assert not AuditEvent.objects.filter(object_type="border.patrol").exists()


def test_a_patrol_belongs_to_the_segments_post(world: Any, segment_a1: Any) -> None:
    with pytest.raises(ValidationError):
        patrol_record(
            actor=None,
            segment=segment_a1,
            post=world.post_b,
            date=dt.date(2025, 9, 2),
            km=Decimal("5"),
        )
