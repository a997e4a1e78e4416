"""Follow-up pages: my households due, a cadre's, a unit's with filters and export, the
households not visited, and the visit interval set by commanders."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from outpost.accounts.models import User
from outpost.accounts.services import user_create
from outpost.core.audit import history
from outpost.core.models import AuditEvent
from outpost.fieldwork.models import VisitSchedule

from .fixtures_followups import visit
from .fixtures_outcomes import assign, make_household

PASSWORD = "test-pass-123"


def _csv(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _data(world):
    """Three households of cadre A relative to today: one overdue, one due soon, one fine."""
    today = timezone.localdate()
    late = make_household(world.village_a1, "A-LATE", "Lò Văn Quá Hạn")
    soon = make_household(world.village_a1, "A-SOON", "Lò Văn Sắp Đến")
    fine = make_household(world.village_a1, "A-FINE", "Lò Văn Ổn")
    for h in (late, soon, fine):
        assign(world.cadre_a, h, dt.date(2025, 8, 1))
    visit([late], today - dt.timedelta(days=45), force_unit=world.post_a)
    visit([soon], today - dt.timedelta(days=27), force_unit=world.post_a)
    visit([fine], today - dt.timedelta(days=2), force_unit=world.post_a)
    return late, soon, fine


def _officer_with_cadre(world):
    user = user_create(
        actor=None,
        username="panh",
        password=PASSWORD,
        role=User.Role.POST_OFFICER,
        force_unit_ids=[world.post_a.pk],
        cadre_id=world.cadre_a.pk,
    )
    client = Client()
    client.force_login(user)
    return client


def test_my_households_due_shows_the_signed_in_officers_households_most_urgent_first(world):
    late, soon, fine = _data(world)
    body = _officer_with_cadre(world).get(reverse("fieldwork:followup_mine")).content.decode()
    positions = [body.index(f'data-household="{h.pk}"') for h in (late, soon, fine)]
    assert positions == sorted(positions)
    assert f'data-household="{late.pk}" data-status="overdue"' in body
    assert f'data-household="{soon.pk}" data-status="due_soon"' in body
    assert "15 days late" in body


def test_my_households_due_says_so_when_the_account_is_not_a_cadre(world):
    _data(world)
    body = world.client_for("officer_a").get(reverse("fieldwork:followup_mine")).content.decode()
    assert "not linked to a cadre" in body and "Lò Văn Quá Hạn" not in body


def test_the_units_page_lists_what_is_due_and_everything_on_request(world):
    _data(world)
    client = world.client_for("commander_a")
    url = reverse("fieldwork:followup_unit")
    body = client.get(url).content.decode()
    assert "Lò Văn Quá Hạn" in body and "Lò Văn Sắp Đến" in body and "Lò Văn Ổn" not in body
    body = client.get(url, {"status": "all"}).content.decode()
    assert "Lò Văn Ổn" in body
    body = client.get(url, {"status": "overdue"}).content.decode()
    assert "Lò Văn Quá Hạn" in body and "Lò Văn Sắp Đến" not in body
    assert client.get(url, {"unit": world.post_b.pk}).status_code == 404


def test_the_units_page_exports_the_filtered_list(world):
    _data(world)
    client = world.client_for("commander_a")
    rows = _csv(
        client.get(reverse("fieldwork:followup_export", args=["csv"]), {"status": "overdue"})
    )
    assert rows[0][:2] == ["household_code", "head_of_household"]
    assert [r[0] for r in rows[1:]] == ["A-LATE"]
    assert rows[1][rows[0].index("status")] == "overdue"
    assert rows[1][rows[0].index("days_overdue")] == "15"


def test_the_not_visited_page_takes_a_number_of_days(world):
    _data(world)
    client = world.client_for("officer_a")
    url = reverse("fieldwork:followup_not_visited")
    body = client.get(url).content.decode()  # the unit's interval: 30 days
    assert "Lò Văn Quá Hạn" in body and "Lò Văn Sắp Đến" not in body
    body = client.get(url, {"days": "20"}).content.decode()
    assert "Lò Văn Quá Hạn" in body and "Lò Văn Sắp Đến" in body and "Lò Văn Ổn" not in body
    rows = _csv(
        client.get(reverse("fieldwork:followup_not_visited_export", args=["csv"]), {"days": "20"})
    )
    assert sorted(r[0] for r in rows[1:]) == ["A-LATE", "A-SOON"]


def test_a_cadres_page_links_to_their_follow_ups(world):
    _data(world)
    client = world.client_for("commander_a")
    page = client.get(reverse("force:cadre_detail", args=[world.cadre_a.pk])).content.decode()
    url = reverse("fieldwork:followup_cadre", args=[world.cadre_a.pk])
    assert url in page
    assert "Lò Văn Quá Hạn" in client.get(url).content.decode()
    assert (
        client.get(reverse("fieldwork:followup_cadre", args=[world.cadre_b.pk])).status_code == 404
    )


def test_a_commander_sets_the_units_visit_interval_and_it_is_audited(world):
    _data(world)
    client = world.client_for("commander_a")
    url = reverse("fieldwork:visit_schedule_set", args=[world.post_a.pk])
    response = client.post(url, {"interval_days": "40", "valid_from": "2026-01-01"})
    assert response.status_code == 302
    row = VisitSchedule.objects.get(force_unit=world.post_a)
    assert row.interval_days == 40
    assert history(row).get().source == AuditEvent.Source.WEB
    page = client.get(url).content.decode()
    assert "this unit&#x27;s own setting" in page or "this unit's own setting" in page
    # With 40 days, the household visited 45 days ago is still overdue; 27 days ago is not due.
    body = client.get(reverse("fieldwork:followup_unit")).content.decode()
    assert "Lò Văn Quá Hạn" in body and "Lò Văn Sắp Đến" not in body
    listing = client.get(reverse("fieldwork:visit_schedule_list")).content.decode()
    assert world.post_a.name in listing and world.post_b.name not in listing


def test_ending_the_units_interval_through_the_page(world):
    client = world.client_for("province_staff")
    client.post(
        reverse("fieldwork:visit_schedule_set", args=[world.post_a.pk]),
        {"interval_days": "14", "valid_from": "2026-01-01"},
    )
    response = client.post(
        reverse("fieldwork:visit_schedule_end", args=[world.post_a.pk]),
        {"on": "2026-02-01", "reason": "theo Bộ Chỉ huy"},
    )
    assert response.status_code == 302
    assert VisitSchedule.objects.get().valid_to == dt.date(2026, 2, 1)


def test_only_commanders_set_the_interval(world):
    url = reverse("fieldwork:visit_schedule_set", args=[world.post_a.pk])
    data = {"interval_days": "14", "valid_from": "2026-01-01"}
    officer = world.client_for("officer_a")
    assert officer.get(url).status_code == 200
    assert "Set the interval" not in officer.get(url).content.decode()
    assert officer.post(url, data).status_code == 403
    assert world.client_for("partner_a1").post(url, data).status_code in (403, 404)
    assert (
        world.client_for("commander_a")
        .post(reverse("fieldwork:visit_schedule_set", args=[world.post_b.pk]), data)
        .status_code
        == 404
    )
    assert not VisitSchedule.objects.exists()
