"""The follow-ups API: due and overdue lists of a unit, of a cadre, of the signed-in officer,
and the households not visited."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from outpost.accounts.models import User
from outpost.accounts.services import user_create

from .fixtures_followups import visit
from .fixtures_outcomes import assign, make_household

BASE = "/api/v1/fieldwork/followups"


def _data(world):
    today = timezone.localdate()
    late = make_household(world.village_a1, "A-LATE", "Lò Văn Quá Hạn")
    fine = make_household(world.village_a1, "A-FINE", "Lò Văn Ổn")
    theirs = make_household(world.village_b1, "B-LATE", "Giàng A Quá Hạn")
    assign(world.cadre_a, late, dt.date(2025, 8, 1))
    assign(world.cadre_a, fine, dt.date(2025, 8, 1))
    assign(world.cadre_b, theirs, dt.date(2025, 8, 1))
    visit([late], today - dt.timedelta(days=40), force_unit=world.post_a)
    visit([fine], today - dt.timedelta(days=3), force_unit=world.post_a)
    return late, fine


def test_the_due_list_of_a_unit_gives_dates_and_status(world):
    late, fine = _data(world)
    client = world.client_for("officer_a")
    items = client.get(f"{BASE}/due").json()["items"]
    assert [i["household_id"] for i in items] == [late.pk]
    (row,) = items
    today = timezone.localdate()
    assert row["last_visit"] == (today - dt.timedelta(days=40)).isoformat()
    assert row["next_due"] == (today - dt.timedelta(days=10)).isoformat()
    assert row["status"] == "overdue" and row["days_overdue"] == 10 and row["interval_days"] == 30
    everything = client.get(f"{BASE}/due", {"status": "all"}).json()
    assert {i["household_id"] for i in everything["items"]} == {late.pk, fine.pk}
    assert client.get(f"{BASE}/due", {"status": "late"}).status_code == 422
    assert client.get(f"{BASE}/due", {"unit_id": world.post_b.pk}).status_code == 404


def test_a_cadres_list_and_mine(world):
    late, fine = _data(world)
    client = world.client_for("commander_a")
    rows = client.get(f"{BASE}/cadres/{world.cadre_a.pk}").json()
    assert [r["household_id"] for r in rows] == [late.pk, fine.pk]
    assert client.get(f"{BASE}/cadres/{world.cadre_b.pk}").status_code == 404
    assert client.get(f"{BASE}/mine").json() == []  # the commander is not a cadre here
    user = user_create(
        actor=None,
        username="panh",
        password="x-123-y",
        role=User.Role.POST_OFFICER,
        force_unit_ids=[world.post_a.pk],
        cadre_id=world.cadre_a.pk,
    )
    mine = Client()
    mine.force_login(user)
    rows = mine.get(f"{BASE}/mine", {"status": "overdue"}).json()
    assert [r["household_code"] for r in rows] == ["A-LATE"]


def test_households_not_visited_within_a_number_of_days(world):
    late, fine = _data(world)
    client = world.client_for("officer_a")
    items = client.get(f"{BASE}/not-visited").json()["items"]
    assert [(i["household_id"], i["cadre_ids"]) for i in items] == [(late.pk, [world.cadre_a.pk])]
    items = client.get(f"{BASE}/not-visited", {"days": 2}).json()["items"]
    assert {i["household_id"] for i in items} == {late.pk, fine.pk}
    assert client.get(f"{BASE}/not-visited", {"days": 0}).status_code == 422
    province = world.client_for("province_staff").get(f"{BASE}/not-visited").json()["items"]
    assert {i["household_code"] for i in province} == {"A-LATE", "B-LATE"}
