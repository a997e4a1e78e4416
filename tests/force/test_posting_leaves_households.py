"""After a posting, the posting page warns about the households the cadre leaves without anyone
and leads to the hand-over."""

from __future__ import annotations

import datetime as dt

from django.contrib.messages import get_messages
from django.urls import reverse

from outpost.assign.services import household_assign
from outpost.force.models import Cadre
from outpost.force.services import cadre_create
from outpost.people.services import household_create

ASSIGNED = dt.date(2025, 8, 1)
POSTED = "2025-10-15"


def post_cadre_a(world, client=None):
    client = client or world.client_for("province_staff")
    return client.post(
        reverse("force:cadre_post", args=[world.cadre_a.pk]),
        {"to_unit": world.post_b.pk, "on": POSTED, "decision": "QĐ 245"},
    )


def test_posting_a_cadre_away_warns_about_the_households_left_without_anyone(world):
    alone = household_create(
        actor=None, village=world.village_a1, code="HL-01", head_name="Lò Văn Xôm"
    )
    shared = household_create(actor=None, village=world.village_a1, code="HL-02")
    colleague = cadre_create(
        actor=None,
        service_number="A-002",
        full_name="Quàng Văn Ún",
        rank=Cadre.Rank.CAPTAIN,
        unit=world.post_a,
        posted_on=dt.date(2020, 1, 1),
        party_joined_on=dt.date(2015, 1, 1),
    )
    for household in (alone, shared):
        household_assign(actor=None, cadre=world.cadre_a, household=household, valid_from=ASSIGNED)
    household_assign(actor=None, cadre=colleague, household=shared, valid_from=ASSIGNED)

    response = post_cadre_a(world)

    hand_over = reverse("assign:hand_over")
    assert response.status_code == 302
    assert response.url.startswith(hand_over)
    assert f"cadre_id={world.cadre_a.pk}" in response.url
    assert f"on={POSTED}" in response.url
    warnings = [m for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert len(warnings) == 1
    text = str(warnings[0])
    assert "HL-01 Lò Văn Xôm" in text
    assert "HL-02" not in text  # the colleague is still in charge of it
    assert f'href="{response.url.replace("&", "&amp;")}"' in text


def test_the_hand_over_page_opens_on_the_cadre_and_the_posting_date(world):
    household = household_create(actor=None, village=world.village_a1, code="HL-01")
    household_assign(actor=None, cadre=world.cadre_a, household=household, valid_from=ASSIGNED)
    client = world.client_for("province_staff")
    response = post_cadre_a(world, client)
    page = client.get(response.url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "HL-01" in body  # the warning, shown on the hand-over page
    assert f'value="{POSTED}"' in body
    assert f'<option value="{world.cadre_a.pk}" selected' in body


def test_a_posting_that_leaves_nobody_uncovered_shows_no_warning(world):
    response = post_cadre_a(world)
    assert response.status_code == 302
    assert response.url == reverse("force:cadre_detail", args=[world.cadre_a.pk])
    assert not [m for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
