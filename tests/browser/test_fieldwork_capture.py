"""A post officer records visits on a phone-sized screen: online with a photo, and offline,
where the visits wait in a queue on the page and are sent, each exactly once, when the
connection comes back."""

from __future__ import annotations

import base64
import re

import pytest

from outpost.core.models import AuditEvent
from outpost.fieldwork.models import Activity, ActivityPhoto
from outpost.people.services import household_create
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD
from tests.fieldwork.fixtures_activities import ensure_kinds

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
RECORD = "/fieldwork/activities/new/"


@pytest.fixture
def world_live(transactional_db, world, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    ensure_kinds()
    household_create(actor=None, village=world.village_a1, code="HL-07", head_name="Quàng Văn Đôi")
    return world


def fill_visit(page, world, people: str, notes: str) -> None:
    page.select_option("select[name=kind]", value="household_visit")
    page.select_option("select[name=village]", value=str(world.village_a1.pk))
    page.fill("input[name=people_reached]", people)
    page.fill("textarea[name=notes]", notes)


def queue_count(page) -> str:
    return page.locator("#fw-queue").get_attribute("data-count") or ""


def test_an_officer_records_a_visit_with_a_photo_from_a_phone(page, live_server, world_live):
    world = world_live
    assert page.viewport_size == {"width": 390, "height": 844}
    sign_in(page, live_server, "officer_a", PASSWORD)
    page.goto(f"{live_server.url}/fieldwork/activities/")
    page.click(f"a[href='{RECORD}']")
    page.wait_for_load_state()
    fill_visit(page, world, "5", "Thăm hộ, hướng dẫn trồng chè")
    # Choosing the village loads its households; the filter ignores diacritics.
    box = page.locator("#fw-households input[name=households]").first
    box.wait_for()
    page.fill("input.fw-filter[data-filter='#fw-households']", "quang van doi")
    box.check()
    page.check(f"input[name=cadres][value='{world.cadre_a.pk}']")
    page.set_input_files(
        "input[name=photos]", files=[{"name": "visit.png", "mimeType": "image/png", "buffer": PNG}]
    )
    page.click("form[data-offline-capture] button[type=submit]")
    page.wait_for_url(re.compile(r"/fieldwork/activities/\d+/$"))

    activity = Activity.objects.get()
    assert page.url.endswith(f"/fieldwork/activities/{activity.pk}/")
    assert activity.notes == "Thăm hộ, hướng dẫn trồng chè" and activity.people_reached == 5
    assert [h.code for h in activity.households.all()] == ["HL-07"]
    assert list(activity.cadres.all()) == [world.cadre_a]
    photo = ActivityPhoto.objects.get(activity=activity)
    assert photo.content_type == "image/png" and photo.size == len(PNG)
    image = page.locator(".fw-photos img").first
    image.wait_for()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )


def test_visits_recorded_offline_wait_in_the_queue_and_are_sent_once_when_back_online(
    page, live_server, world_live
):
    world = world_live
    sign_in(page, live_server, "officer_a", PASSWORD)
    page.goto(f"{live_server.url}{RECORD}")
    page.wait_for_load_state("networkidle")
    page.context.set_offline(True)
    assert page.evaluate("navigator.onLine") is False

    fill_visit(page, world, "3", "Thăm hộ thứ nhất")
    page.click("form[data-offline-capture] button[type=submit]")
    page.wait_for_function("document.querySelector('#fw-queue').dataset.count === '1'")
    fill_visit(page, world, "4", "Thăm hộ thứ hai")
    page.click("form[data-offline-capture] button[type=submit]")
    page.wait_for_function("document.querySelector('#fw-queue').dataset.count === '2'")
    assert page.locator("#fw-queue").is_visible()
    assert "2" in page.locator("[data-queue-count]").inner_text()
    assert page.locator("[data-queue-list] li").count() == 2
    assert not Activity.objects.exists()

    page.context.set_offline(False)
    page.wait_for_function(
        "document.querySelector('#fw-queue').dataset.count === '0'", timeout=30_000
    )
    assert page.locator("[data-queue-list] li").count() == 0
    notes = sorted(Activity.objects.values_list("notes", flat=True))
    assert notes == ["Thăm hộ thứ hai", "Thăm hộ thứ nhất"]
    assert Activity.objects.values("client_id").distinct().count() == 2
    assert AuditEvent.objects.filter(object_type="fieldwork.activity").count() == 2
    # Nothing is left to send: another try (as after a lost answer) stores nothing more.
    page.click("[data-queue-send]", force=True)
    page.wait_for_timeout(500)
    assert Activity.objects.count() == 2


def test_the_recording_page_opens_from_the_phones_copy_without_a_connection(
    page, live_server, world_live
):
    sign_in(page, live_server, "officer_a", PASSWORD)
    page.goto(f"{live_server.url}{RECORD}")
    page.wait_for_function(
        "navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)"
    )
    page.context.set_offline(True)
    page.reload()
    assert page.locator("form[data-offline-capture]").is_visible()
    fill_visit(page, world_live, "2", "Ghi khi mất sóng")
    page.click("form[data-offline-capture] button[type=submit]")
    page.wait_for_function("document.querySelector('#fw-queue').dataset.count === '1'")
    page.context.set_offline(False)
    page.wait_for_function(
        "document.querySelector('#fw-queue').dataset.count === '0'", timeout=30_000
    )
    assert Activity.objects.get().notes == "Ghi khi mất sóng"
