from __future__ import annotations

import uuid

from outpost.core.audit import history
from outpost.core.models import AuditEvent
from outpost.fieldwork.models import Activity

from .fixtures_activities import make_household, record

URL = "/api/v1/fieldwork/activities"


def _body(world, **extra):
    body = {
        "client_id": str(uuid.uuid4()),
        "kind": "household_visit",
        "date": "2025-08-20",
        "force_unit_id": world.post_a.pk,
        "village_id": world.village_a1.pk,
        "cadre_ids": [world.cadre_a.pk],
        "people_reached": 6,
        "cost": 500_000,
        "materials": "2 bao gạo",
        "notes": "Thăm và tặng quà",
    }
    body.update(extra)
    return body


def _post(client, body):
    return client.post(URL, body, content_type="application/json")


def test_the_first_post_answers_201_with_the_record_and_a_repeat_200_with_the_same(world):
    client = world.client_for("officer_a")
    household = make_household(world.village_a1, "HL-01")
    body = _body(world, household_ids=[household.pk])
    first = _post(client, body)
    assert first.status_code == 201, first.content
    stored = first.json()
    assert stored["client_id"] == body["client_id"] and stored["version"] == 1
    assert stored["commune_id"] == world.commune_a1.pk
    assert stored["household_ids"] == [household.pk] and stored["kind"] == "household_visit"
    again = _post(client, {**body, "people_reached": 60})
    assert again.status_code == 200 and again.json() == stored
    activity = Activity.objects.get()
    assert activity.people_reached == 6
    events = history(activity)
    assert events.count() == 1 and events.get().source == AuditEvent.Source.API


def test_a_post_naming_another_posts_village_or_unit_is_404_and_stores_nothing(world):
    client = world.client_for("officer_a")
    assert _post(client, _body(world, village_id=world.village_b1.pk)).status_code == 404
    assert _post(client, _body(world, force_unit_id=world.post_b.pk)).status_code == 404
    assert _post(client, _body(world, cadre_ids=[world.cadre_b.pk])).status_code == 404
    assert not Activity.objects.exists()


def test_a_repeat_of_another_posts_client_id_does_not_reveal_their_activity(world):
    theirs = record(world, side="b")
    response = _post(world.client_for("officer_a"), _body(world, client_id=str(theirs.client_id)))
    assert response.status_code == 404
    assert Activity.objects.count() == 1


def test_an_unknown_kind_or_a_household_of_another_village_is_422(world):
    from outpost.geo.services import village_create

    client = world.client_for("officer_a")
    assert _post(client, _body(world, kind="dancing")).status_code == 422
    elsewhere = village_create(actor=None, commune=world.commune_a1, name="Bản Nậm Pố")
    household = make_household(elsewhere, "NP-01")
    response = _post(client, _body(world, household_ids=[household.pk]))
    assert response.status_code == 422 and "NP-01" in response.json()["detail"]
    assert not Activity.objects.exists()


def test_the_read_only_partner_cannot_record(world):
    response = _post(world.client_for("partner_a1"), _body(world))
    assert response.status_code == 403 and not Activity.objects.exists()


def test_the_list_is_scoped_filtered_and_leaves_voided_activities_out(world):
    from outpost.fieldwork.services.activities import activity_void

    mine = record(world, notes="của đồn A")
    record(world, side="b", notes="của đồn B")
    gone = record(world, notes="nhầm")
    activity_void(actor=None, activity=gone, reason="test")
    client = world.client_for("officer_a")
    rows = client.get(URL).json()["items"]
    assert [r["id"] for r in rows] == [mine.pk]
    assert client.get(URL, {"date_from": "2025-09-01"}).json()["items"] == []
    assert client.get(URL, {"kind": "teaching"}).json()["items"] == []
    assert len(client.get(URL, {"include_void": "true"}).json()["items"]) == 2
    assert client.get(f"{URL}/{mine.pk}").json()["notes"] == "của đồn A"


def test_a_patch_with_the_current_version_saves_and_moves_the_version_on(world):
    activity = record(world)
    client = world.client_for("officer_a")
    response = client.patch(
        f"{URL}/{activity.pk}",
        {"version": 1, "people_reached": 9, "notes": "sửa"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2 and response.json()["people_reached"] == 9


def test_a_stale_patch_is_409_with_both_versions_and_changes_nothing(world):
    activity = record(world)
    client = world.client_for("officer_a")
    url = f"{URL}/{activity.pk}"
    client.patch(url, {"version": 1, "notes": "first"}, content_type="application/json")
    response = client.patch(
        url, {"version": 1, "notes": "second", "cost": 7}, content_type="application/json"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["current"]["version"] == 2 and body["current"]["notes"] == "first"
    assert body["submitted"] == {"version": 1, "notes": "second", "cost": 7}
    activity.refresh_from_db()
    assert activity.notes == "first" and activity.cost == 0 and activity.version == 2


def test_void_through_the_api(world):
    activity = record(world)
    client = world.client_for("officer_a")
    response = client.post(
        f"{URL}/{activity.pk}/void", {"reason": "ghi nhầm"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["void_reason"] == "ghi nhầm"
    empty = client.post(
        f"{URL}/{activity.pk}/void", {"reason": "x"}, content_type="application/json"
    )
    assert empty.status_code == 422


def test_the_kinds_in_use_are_listed_for_phones(world):
    codes = [k["code"] for k in world.client_for("officer_a").get("/api/v1/fieldwork/kinds").json()]
    assert "household_visit" in codes and codes[0] == "household_visit"
