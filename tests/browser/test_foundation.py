"""A post officer signs in on a phone-sized screen, switches language and searches."""

from __future__ import annotations

import pytest

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.vietnamese


@pytest.fixture
def world_live(transactional_db, world):
    return world


def test_a_post_officer_signs_in_switches_to_english_and_finds_a_commune_without_diacritics(
    page, live_server, world_live
):
    sign_in(page, live_server, "officer_a", PASSWORD)
    assert page.locator("html").get_attribute("lang") == "vi"
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Sign out").is_visible()

    page.goto(f"{live_server.url}/search/?q=muong+nhe")
    assert page.get_by_text("Xã Mường Nhé").first.is_visible()
    # Post B's commune is not in officer A's scope, even when searched for by name.
    page.goto(f"{live_server.url}/search/?q=muong+leo")
    assert page.get_by_text("Xã Mường Lèo").count() == 0
