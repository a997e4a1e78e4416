from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from outpost.core.audit import history
from outpost.core.models import AuditEvent
from outpost.fieldwork.models import Activity, ActivityHousehold
from outpost.fieldwork.services.activities import (
    StaleVersion,
    activity_record,
    activity_update,
    activity_void,
)
from outpost.fieldwork.services.kinds import kind_update

from .fixtures_activities import DAY, kind, make_household, record


def _submission(world, client_id):
    return {
        "client_id": client_id,
        "kind": kind(),
        "date": DAY,
        "force_unit": world.post_a,
        "village": world.village_a1,
        "cadres": [world.cadre_a],
        "people_reached": 5,
        "notes": "Thăm hỏi gia đình",
    }


def test_the_same_submission_sent_ten_times_is_stored_once_with_one_audit_event(world):
    client_id = uuid.uuid4()
    officer = world.users["officer_a"]
    results = [activity_record(actor=officer, **_submission(world, client_id)) for _ in range(10)]
    assert Activity.objects.filter(client_id=client_id).count() == 1
    assert [r.created for r in results] == [True] + [False] * 9
    assert {r.activity.pk for r in results} == {results[0].activity.pk}
    events = history(results[0].activity)
    assert events.count() == 1 and events.get().action == AuditEvent.Action.CREATE


def test_a_repeat_gives_back_the_stored_activity_unchanged(world):
    client_id = uuid.uuid4()
    first = activity_record(actor=None, **_submission(world, client_id)).activity
    again = activity_record(
        actor=None, **{**_submission(world, str(client_id)), "people_reached": 99}
    )
    assert not again.created and again.activity.pk == first.pk
    assert again.activity.people_reached == 5
    first.refresh_from_db()
    assert first.people_reached == 5 and first.version == 1


def test_recording_audits_the_cadres_and_households_by_id(world):
    one = make_household(world.village_a1, "HL-01", "Lò Văn Một")
    two = make_household(world.village_a1, "HL-02", "Lò Thị Hai")
    activity = record(world, households=[two, one])
    changes = history(activity).get().changes
    assert changes["cadres"] == [None, [world.cadre_a.pk]]
    assert changes["households"] == [None, sorted([one.pk, two.pk])]
    assert changes["client_id"] == [None, str(activity.client_id)]
    assert set(
        ActivityHousehold.objects.filter(activity=activity).values_list("date", flat=True)
    ) == {DAY}


def test_the_commune_follows_from_the_village(world):
    activity = record(world)
    assert activity.commune == world.commune_a1 and activity.village == world.village_a1


def test_an_activity_without_a_village_names_its_commune(world):
    with pytest.raises(ValidationError):
        record(world, village=None)
    activity = record(world, village=None, commune=world.commune_a2)
    assert activity.commune == world.commune_a2 and activity.village is None


def test_households_of_another_village_are_refused(world):
    stray = make_household(world.village_b1, "PL-01")
    with pytest.raises(ValidationError) as caught:
        record(world, households=[stray])
    assert "households" in caught.value.error_dict
    assert not Activity.objects.exists()


def test_a_kind_out_of_use_is_refused_for_new_activities(world):
    kind_update(actor=None, kind=kind("teaching"), is_active=False)
    with pytest.raises(ValidationError):
        record(world, kind=kind("teaching"))


def test_a_future_day_is_refused(world):
    with pytest.raises(ValidationError):
        record(world, date=timezone.localdate() + dt.timedelta(days=2))


def test_an_edit_moves_the_version_on_and_audits_what_changed(world):
    activity = record(world)
    household = make_household(world.village_a1, "HL-01")
    updated = activity_update(
        actor=world.users["officer_a"],
        activity=activity,
        expected_version=1,
        people_reached=12,
        households=[household],
    )
    assert updated.version == 2 and updated.people_reached == 12
    event = history(activity).filter(action=AuditEvent.Action.UPDATE).get()
    assert event.changes["people_reached"] == [4, 12]
    assert event.changes["households"] == [[], [household.pk]]
    assert event.changes["version"] == [1, 2]


def test_a_stale_edit_is_refused_and_changes_nothing(world):
    activity = record(world)
    activity_update(actor=None, activity=activity, expected_version=1, notes="first")
    with pytest.raises(StaleVersion) as caught:
        activity_update(actor=None, activity=activity, expected_version=1, notes="second")
    assert caught.value.current.version == 2 and caught.value.current.notes == "first"
    activity.refresh_from_db()
    assert activity.notes == "first" and activity.version == 2
    assert history(activity).filter(action=AuditEvent.Action.UPDATE).count() == 1


def test_an_edit_that_changes_nothing_keeps_the_version_and_writes_no_event(world):
    activity = record(world)
    same = activity_update(actor=None, activity=activity, expected_version=1, people_reached=4)
    assert same.version == 1 and history(activity).count() == 1


def test_changing_the_date_moves_the_household_visits_with_it(world):
    household = make_household(world.village_a1, "HL-01")
    activity = record(world, households=[household])
    activity_update(actor=None, activity=activity, expected_version=1, date=dt.date(2025, 8, 1))
    touch = ActivityHousehold.objects.get(activity=activity)
    assert touch.date == dt.date(2025, 8, 1)


def test_moving_to_another_village_keeps_households_only_if_they_are_there(world):
    from outpost.geo.services import village_create

    household = make_household(world.village_a1, "HL-01")
    activity = record(world, households=[household])
    other = village_create(actor=None, commune=world.commune_a1, name="Bản Nậm Pố")
    with pytest.raises(ValidationError):
        activity_update(actor=None, activity=activity, expected_version=1, village=other)
    moved = activity_update(
        actor=None, activity=activity, expected_version=1, village=other, households=[]
    )
    assert moved.village == other and not moved.households.exists()


def test_voiding_needs_a_reason_then_keeps_the_row_and_refuses_edits(world):
    activity = record(world)
    with pytest.raises(ValidationError):
        activity_void(actor=None, activity=activity, reason="  ")
    voided = activity_void(actor=None, activity=activity, reason="recorded twice")
    assert voided.is_void and voided.version == 2
    assert history(activity).get(action=AuditEvent.Action.END).note == "recorded twice"
    with pytest.raises(ValidationError):
        activity_update(actor=None, activity=activity, expected_version=2, notes="x")
    with pytest.raises(ValidationError):
        activity_void(actor=None, activity=activity, reason="again")
    assert Activity.objects.filter(pk=activity.pk).exists()
