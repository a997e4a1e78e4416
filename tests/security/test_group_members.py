"""Households join and leave a self-governing group on dates: memberships are ended with a
reason, never deleted, and the figures count the members of the day."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from outpost.core.models import AuditEvent
from outpost.geo.services import village_create
from outpost.people.services import household_create
from outpost.security import services
from outpost.security.indicators import security_figures
from outpost.security.models import GroupMembership, SelfGoverningGroup

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def group(world: Any, households_a1: list[Any]) -> SelfGoverningGroup:
    return services.group_create(
        actor=None,
        kind="security_order",
        village=world.village_a1,
        name="Tổ tự quản ANTT Huổi Lếch",
        founded_on=D(2025, 3, 1),
        households=households_a1[:1],
    )


def rows(group: SelfGoverningGroup) -> list[tuple[str, Any, Any, str]]:
    found = GroupMembership.objects.filter(group=group).order_by("household__code", "valid_from")
    return [(m.household.code, m.valid_from, m.valid_to, m.end_reason) for m in found]


# --- services --------------------------------------------------------------------------------


def test_households_join_a_group_on_a_date_and_each_membership_is_audited(
    world: Any, group: Any, households_a1: list[Any]
) -> None:
    added = services.group_add_members(
        actor=world.users["officer_a"], group=group, households=households_a1[1:], on=D(2025, 6, 1)
    )
    assert rows(group) == [
        ("A0", D(2025, 3, 1), None, ""),
        ("A1", D(2025, 6, 1), None, ""),
        ("A2", D(2025, 6, 1), None, ""),
    ]
    events = AuditEvent.objects.filter(
        object_type="security.groupmembership", object_id__in=[str(m.pk) for m in added]
    )
    assert [e.action for e in events] == ["create", "create"]
    assert {e.commune_id for e in events} == {world.commune_a1.pk}


def test_joining_is_refused_for_members_strangers_and_dates_before_the_founding(
    world: Any, group: Any, households_a1: list[Any], household_b1: Any
) -> None:
    cases = [
        ([households_a1[0]], D(2025, 6, 1), "already members: A0"),
        ([household_b1], D(2025, 6, 1), "not in the village's commune: B1"),
        ([households_a1[1]], D(2025, 2, 1), "before the group was founded"),
        ([], D(2025, 6, 1), "at least one household"),
    ]
    for households, on, message in cases:
        with pytest.raises(ValidationError) as caught:
            services.group_add_members(actor=None, group=group, households=households, on=on)
        assert message in " ".join(caught.value.messages)
    assert len(rows(group)) == 1


def test_households_leave_with_a_date_and_a_reason_and_nothing_is_deleted(
    world: Any, group: Any, households_a1: list[Any]
) -> None:
    services.group_add_members(
        actor=None, group=group, households=households_a1[1:], on=D(2025, 6, 1)
    )
    with pytest.raises(ValidationError):
        services.group_end_members(
            actor=None, group=group, households=households_a1[:1], on=D(2025, 9, 1), reason=" "
        )
    with pytest.raises(ValidationError) as same_day:
        services.group_end_members(
            actor=None, group=group, households=households_a1[1:2], on=D(2025, 6, 1), reason="x"
        )
    assert "A1" in " ".join(same_day.value.messages)
    services.group_end_members(
        actor=None, group=group, households=households_a1[:2], on=D(2025, 9, 1), reason="Chuyển đi"
    )
    assert rows(group) == [
        ("A0", D(2025, 3, 1), D(2025, 9, 1), "Chuyển đi"),
        ("A1", D(2025, 6, 1), D(2025, 9, 1), "Chuyển đi"),
        ("A2", D(2025, 6, 1), None, ""),
    ]
    with pytest.raises(ValidationError) as again:
        services.group_end_members(
            actor=None, group=group, households=households_a1[:1], on=D(2025, 10, 1), reason="x"
        )
    assert "not members: A0" in " ".join(again.value.messages)
    services.group_add_members(
        actor=None, group=group, households=households_a1[:1], on=D(2025, 11, 1)
    )
    assert [r[1:3] for r in rows(group) if r[0] == "A0"] == [
        (D(2025, 3, 1), D(2025, 9, 1)),
        (D(2025, 11, 1), None),
    ]


def test_dissolving_a_group_ends_its_memberships(world: Any, group: Any) -> None:
    services.group_dissolve(actor=None, group=group, on=D(2025, 12, 1), reason="Sáp nhập tổ")
    assert rows(group) == [("A0", D(2025, 3, 1), D(2025, 12, 1), "group dissolved")]
    with pytest.raises(ValidationError):
        services.group_add_members(
            actor=None, group=group, households=group.village.households.all(), on=D(2026, 1, 1)
        )


def test_the_figures_count_the_members_of_the_day(
    world: Any, group: Any, households_a1: list[Any]
) -> None:
    services.group_add_members(
        actor=None, group=group, households=households_a1[1:], on=D(2025, 6, 1)
    )
    services.group_end_members(
        actor=None, group=group, households=households_a1[:1], on=D(2025, 9, 1), reason="x"
    )

    def members(on: dt.date) -> int:
        figures = security_figures(commune_ids=[world.commune_a1.pk], on=on)
        return figures["households_in_self_governing_groups"]

    assert [members(d) for d in (D(2025, 5, 31), D(2025, 6, 1), D(2025, 9, 1))] == [1, 3, 2]


# --- pages -----------------------------------------------------------------------------------


def test_the_group_page_lists_members_and_former_members_with_their_dates(
    world: Any, group: Any, households_a1: list[Any]
) -> None:
    services.group_add_members(
        actor=None, group=group, households=households_a1[1:2], on=D(2025, 6, 1)
    )
    services.group_end_members(
        actor=None, group=group, households=households_a1[:1], on=D(2025, 9, 1), reason="Chuyển đi"
    )
    page = world.client_for("officer_a").get(f"/security/groups/{group.pk}/").content.decode()
    assert f"/security/groups/{group.pk}/members/add/" in page
    assert f"/security/groups/{group.pk}/members/end/?household={households_a1[1].pk}" in page
    current, former = page.split("Former members")
    assert "A1" in current and "2025-06-01" in current and "A0" not in current
    assert "A0" in former and "2025-09-01" in former and "Chuyển đi" in former
    partner = world.client_for("partner_a1").get(f"/security/groups/{group.pk}/").content
    assert b"/members/add/" not in partner


def test_the_add_page_finds_households_of_the_commune_ignoring_diacritics(
    world: Any, group: Any, households_a1: list[Any]
) -> None:
    elsewhere = village_create(actor=None, commune=world.commune_a1, name="Bản Nà Hừ")
    duc = household_create(actor=None, village=elsewhere, code="NH1", head_name="Lường Văn Đức")
    household_create(actor=None, village=world.village_b1, code="PL9", head_name="Lường Văn Đức")
    client = world.client_for("officer_a")
    url = f"/security/groups/{group.pk}/members/add/"
    first = client.get(url).content.decode()
    assert "A1" in first and "A2" in first
    assert f'value="{households_a1[0].pk}"' not in first  # already a member
    assert "NH1" not in first  # another village: found by searching
    found = client.get(url, {"q": "luong van duc"}).content.decode()
    assert "NH1" in found and "PL9" not in found and "A1 " not in found
    response = client.post(url, {"households": [duc.pk], "on": "2025-08-01", "q": "luong van duc"})
    assert response.status_code == 302
    assert ("NH1", D(2025, 8, 1), None, "") in rows(group)


def test_the_add_page_refuses_a_household_of_another_commune(
    world: Any, group: Any, household_b1: Any
) -> None:
    response = world.client_for("province_staff").post(
        f"/security/groups/{group.pk}/members/add/",
        {"households": [household_b1.pk], "on": "2025-08-01", "q": "B1"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert len(rows(group)) == 1


def test_the_add_page_shows_a_date_before_the_founding_as_an_error(
    world: Any, group: Any, households_a1: list[Any]
) -> None:
    response = world.client_for("officer_a").post(
        f"/security/groups/{group.pk}/members/add/",
        {"households": [households_a1[1].pk], "on": "2025-01-01"},
    )
    assert response.status_code == 200
    assert "before the group was founded" in response.content.decode()


def test_an_officer_ends_a_membership_on_the_page(
    world: Any, group: Any, households_a1: list[Any]
) -> None:
    client = world.client_for("officer_a")
    url = f"/security/groups/{group.pk}/members/end/"
    form = client.get(url, {"household": households_a1[0].pk}).content.decode()
    assert "checked" in form and "A0" in form
    missing = client.post(url, {"households": [households_a1[0].pk], "on": "2025-09-01"})
    assert missing.status_code == 200 and rows(group)[0][2] is None
    response = client.post(
        url, {"households": [households_a1[0].pk], "on": "2025-09-01", "reason": "Chuyển đi"}
    )
    assert response.status_code == 302
    assert rows(group) == [("A0", D(2025, 3, 1), D(2025, 9, 1), "Chuyển đi")]
    assert GroupMembership.objects.count() == 1


def test_the_read_only_partner_cannot_change_members(
    world: Any, group: Any, households_a1: list[Any]
) -> None:
    client = world.client_for("partner_a1")
    base = f"/security/groups/{group.pk}/members"
    add = client.post(f"{base}/add/", {"households": [households_a1[1].pk], "on": "2025-08-01"})
    end = client.post(
        f"{base}/end/", {"households": [households_a1[0].pk], "on": "2025-09-01", "reason": "x"}
    )
    assert (add.status_code, end.status_code) == (403, 403)
    assert rows(group) == [("A0", D(2025, 3, 1), None, "")]


# --- API -------------------------------------------------------------------------------------


def post_json(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_api_adds_and_ends_members_and_lists_memberships(
    world: Any, group: Any, households_a1: list[Any], household_b1: Any
) -> None:
    client = world.client_for("officer_a")
    base = f"/api/v1/security/groups/{group.pk}/members"
    added = post_json(client, base, {"household_ids": [households_a1[1].pk], "on": "2025-06-01"})
    assert added.status_code == 201, added.content
    assert [m["household_code"] for m in added.json()] == ["A1"]
    ended = post_json(
        client,
        f"{base}/end",
        {"household_ids": [households_a1[0].pk], "on": "2025-09-01", "reason": "Chuyển đi"},
    )
    assert ended.status_code == 200, ended.content
    assert ended.json()[0]["valid_to"] == "2025-09-01"
    everyone = client.get(base).json()
    assert [(m["household_code"], m["valid_to"]) for m in everyone] == [
        ("A0", "2025-09-01"),
        ("A1", None),
    ]
    on_day = client.get(base, {"on": "2025-07-01"}).json()
    assert sorted(m["household_code"] for m in on_day) == ["A0", "A1"]
    detail = client.get(f"/api/v1/security/groups/{group.pk}").json()
    assert detail["household_ids"] == [households_a1[1].pk]
    stranger = post_json(client, base, {"household_ids": [household_b1.pk], "on": "2025-06-01"})
    assert stranger.status_code == 404
    twice = post_json(client, base, {"household_ids": [households_a1[1].pk], "on": "2025-07-01"})
    assert twice.status_code == 422 and "already members" in twice.json()["detail"]
