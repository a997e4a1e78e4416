from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from outpost.accounts.models import User
from outpost.core.audit import history
from outpost.core.models import AuditEvent
from outpost.fieldwork.models import Activity
from outpost.fieldwork.services.activities import activity_update, activity_void

from .fixtures_activities import PNG, kind, make_household, record, upload


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def _form(world, **extra):
    data = {
        "client_id": str(uuid.uuid4()),
        "date": "2025-08-20",
        "kind": "household_visit",
        "force_unit": world.post_a.pk,
        "village": world.village_a1.pk,
        "cadres": [world.cadre_a.pk],
        "people_reached": "5",
        "cost": "300000",
        "materials": "gạo",
        "notes": "Thăm hộ",
    }
    data.update(extra)
    return data


def test_an_officer_records_a_visit_with_photos_through_the_form(world):
    household = make_household(world.village_a1, "HL-01", "Lò Văn Sáng")
    client = world.client_for("officer_a")
    data = _form(world, households=[household.pk], photos=[upload(), upload(PNG, "b.png")])
    response = client.post(reverse("fieldwork:activity_create"), data)
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("fieldwork:activity_detail", args=[activity.pk])
    assert activity.commune == world.commune_a1 and activity.cost == 300_000
    assert list(activity.households.all()) == [household]
    assert activity.photos.count() == 2
    assert history(activity).get().source == AuditEvent.Source.WEB
    page = client.get(response["Location"]).content.decode()
    for photo in activity.photos.all():
        assert reverse("fieldwork:photo_file", args=[photo.pk]) in page
    assert "Lò Văn Sáng" in page


def test_sending_the_same_form_twice_stores_one_activity(world):
    client = world.client_for("officer_a")
    data = _form(world)
    client.post(reverse("fieldwork:activity_create"), data)
    again = client.post(reverse("fieldwork:activity_create"), data)
    assert again.status_code == 302 and Activity.objects.count() == 1


def test_a_photo_that_is_not_an_image_refuses_the_whole_entry(world):
    client = world.client_for("officer_a")
    data = _form(world, photos=[upload(b"MZ\x90\x00 an exe", "photo.jpg", "image/jpeg")])
    response = client.post(reverse("fieldwork:activity_create"), data)
    assert response.status_code == 200 and not Activity.objects.exists()
    assert "not a JPEG, PNG or WebP" in response.content.decode()


def test_the_form_starts_from_today_the_officers_unit_and_own_cadre(world):
    User.objects.filter(pk=world.users["officer_a"].pk).update(cadre=world.cadre_a)
    client = world.client_for("officer_a")
    response = client.get(reverse("fieldwork:activity_create"))
    form = response.context["form"]
    assert form.initial["date"] == timezone.localdate()
    assert form.initial["force_unit"] == world.post_a
    assert form.initial["cadres"] == [world.cadre_a.pk]
    body = response.content.decode()
    assert f'name="cadres" value="{world.cadre_a.pk}" id="id_cadres_0" checked>' in body
    assert f'<option value="{world.post_a.pk}" selected>' in body
    assert world.village_b1.name not in body and world.cadre_b.full_name not in body


def test_a_visit_due_opens_the_form_with_its_household_ticked(world):
    due = make_household(world.village_a1, "HL-09", "Lò Thị Xuân")
    other = make_household(world.village_a1, "HL-10", "Lò Văn Tiến")
    client = world.client_for("officer_a")
    response = client.get(
        reverse("fieldwork:activity_create"),
        {"village": world.village_a1.pk, "household": due.pk},
    )
    body = response.content.decode()
    assert f'name="households" value="{due.pk}" checked>' in body
    assert f'name="households" value="{other.pk}">' in body
    assert response.context["form"].initial["kind"].code == "household_visit"


def test_the_form_refuses_another_posts_village(world):
    client = world.client_for("officer_a")
    response = client.post(
        reverse("fieldwork:activity_create"), _form(world, village=world.village_b1.pk)
    )
    assert response.status_code == 200 and not Activity.objects.exists()


def test_households_of_the_chosen_village_are_found_ignoring_diacritics(world):
    make_household(world.village_a1, "HL-01", "Lò Văn Sáng")
    make_household(world.village_a1, "HL-02", "Quàng Thị Đào")
    make_household(world.village_b1, "PL-01", "Giàng A Dế")
    client = world.client_for("officer_a")
    url = reverse("fieldwork:activity_households")
    body = client.get(url, {"village": world.village_a1.pk}).content.decode()
    assert "Lò Văn Sáng" in body and "Quàng Thị Đào" in body
    assert 'data-search="hl-02 quang thi dao"' in body
    found = client.get(url, {"village": world.village_a1.pk, "q": "quang thi dao"}).content.decode()
    assert "Quàng Thị Đào" in found and "Lò Văn Sáng" not in found
    theirs = client.get(url, {"village": world.village_b1.pk}).content.decode()
    assert "Giàng A Dế" not in theirs


def test_the_list_filters_by_date_kind_village_and_unit(world):
    from outpost.geo.services import village_create

    other_village = village_create(actor=None, commune=world.commune_a1, name="Bản Nậm Pố")
    record(world, notes="a", date=dt.date(2025, 8, 1))
    record(world, kind=kind("teaching"), village=other_village, date=dt.date(2025, 8, 10))
    client = world.client_for("officer_a")
    url = reverse("fieldwork:activity_list")

    def count(**params):
        return client.get(url, params).context["page"].paginator.count

    assert count() == 2
    assert count(**{"from": "2025-08-05"}) == 1
    assert count(to="2025-08-05") == 1
    assert count(kind="teaching") == 1
    assert count(village=other_village.pk) == 1
    assert count(unit=world.post_b.pk) == 0


def test_the_list_offers_recording_and_leaves_voided_activities_out(world):
    gone = record(world)
    activity_void(actor=None, activity=gone, reason="test")
    body = world.client_for("officer_a").get(reverse("fieldwork:activity_list")).content.decode()
    assert reverse("fieldwork:activity_create") in body and "Record an activity" in body
    assert reverse("fieldwork:activity_detail", args=[gone.pk]) not in body
    partner = world.client_for("partner_a1").get(reverse("fieldwork:activity_list")).content
    assert reverse("fieldwork:activity_create").encode() not in partner


def test_the_menu_has_a_field_work_entry(world):
    body = world.client_for("officer_a").get("/").content.decode()
    assert f'href="{reverse("fieldwork:activity_list")}"' in body and "Field work" in body


def test_the_export_has_the_activities_in_scope(world):
    record(world, notes="xuất")
    record(world, side="b")
    response = world.client_for("officer_a").get(
        reverse("fieldwork:activity_export", kwargs={"fmt": "csv"})
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "xuất" in text and world.cadre_a.full_name in text
    assert world.cadre_b.full_name not in text
    xlsx = world.client_for("officer_a").get(
        reverse("fieldwork:activity_export", kwargs={"fmt": "xlsx"})
    )
    assert xlsx.status_code == 200


def test_an_edit_saves_and_moves_the_version_on(world):
    activity = record(world)
    client = world.client_for("officer_a")
    url = reverse("fieldwork:activity_edit", args=[activity.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _form(world, version="1", people_reached="11"))
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.people_reached == 11 and activity.version == 2


def test_a_stale_edit_answers_409_shows_both_versions_and_can_be_reapplied(world):
    activity = record(world)
    activity_update(actor=None, activity=activity, expected_version=1, notes="stored by Pánh")
    client = world.client_for("officer_a")
    url = reverse("fieldwork:activity_edit", args=[activity.pk])
    response = client.post(url, _form(world, version="1", notes="typed by Chử"))
    assert response.status_code == 409
    body = response.content.decode()
    assert "stored by Pánh" in body and "typed by Chử" in body
    assert 'name="version" value="2"' in body
    activity.refresh_from_db()
    assert activity.notes == "stored by Pánh" and activity.version == 2
    reapplied = client.post(url, _form(world, version="2", notes="typed by Chử"))
    assert reapplied.status_code == 302
    activity.refresh_from_db()
    assert activity.notes == "typed by Chử" and activity.version == 3


def test_voiding_from_the_page_keeps_the_activity_with_its_reason(world):
    activity = record(world)
    client = world.client_for("officer_a")
    client.post(reverse("fieldwork:activity_void", args=[activity.pk]), {"reason": "ghi trùng"})
    activity.refresh_from_db()
    assert activity.is_void and activity.void_reason == "ghi trùng"
    page = client.get(reverse("fieldwork:activity_detail", args=[activity.pk])).content.decode()
    assert (
        "ghi trùng" in page and reverse("fieldwork:activity_edit", args=[activity.pk]) not in page
    )


def test_the_recording_page_carries_the_offline_script_and_its_endpoints(world):
    body = world.client_for("officer_a").get(reverse("fieldwork:activity_create")).content.decode()
    assert "data-offline-capture" in body and 'data-api-url="/api/v1/fieldwork/activities"' in body
    assert "/static/fieldwork/activities/capture.js" in body
    assert 'id="fw-strings"' in body


def test_the_service_worker_is_served_from_the_field_work_folder(client, db):
    response = client.get(reverse("fieldwork:service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/fieldwork/"
    assert reverse("fieldwork:activity_create") in response.content.decode()


def test_editing_keeps_a_kind_out_of_use_and_a_cadre_who_has_left(world):
    from outpost.fieldwork.services.kinds import kind_update
    from outpost.force.services import cadre_update

    activity = record(world, kind=kind("teaching"))
    kind_update(actor=None, kind=kind("teaching"), is_active=False)
    cadre_update(actor=None, cadre=world.cadre_a, left_force_on=dt.date(2025, 9, 1))
    client = world.client_for("officer_a")
    url = reverse("fieldwork:activity_edit", args=[activity.pk])
    data = _form(world, version="1", kind="teaching", notes="sửa ghi chú")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    activity.refresh_from_db()
    assert activity.notes == "sửa ghi chú" and activity.kind.code == "teaching"
    assert list(activity.cadres.all()) == [world.cadre_a]
