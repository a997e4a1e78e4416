"""Villages without Party members: those where none of the village's own residents is a Party
member on the date. Each count equals one made from the residents the test wrote, before and
after the 2025 merger and over a period, through the registry, a village report and the API;
the force's members taking part in a branch are another figure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from outpost.assign.services import branch_join
from outpost.core.audit import audited_create
from outpost.geo.models import Village
from outpost.geo.services import village_create
from outpost.grassroots import services as grassroots
from outpost.people.models import Household, Resident
from outpost.people.services import (
    household_create,
    household_move,
    resident_add,
    resident_leave,
    resident_party_membership_set,
)
from outpost.reports import registry
from outpost.reports.groups import group_report

pytestmark = pytest.mark.django_db

REORG = dt.date(2025, 7, 1)
DATES = [
    dt.date(2024, 6, 1),
    dt.date(2025, 8, 1),
    dt.date(2025, 9, 15),
    dt.date(2025, 10, 15),
    dt.date(2025, 12, 1),
]


@dataclass
class Villagers:
    world: Any
    village_a2: Village
    old_village: Village
    old_village_2: Village


def _person(village: Village, code: str, name: str) -> Resident:
    household = household_create(actor=None, village=village, code=code)
    return resident_add(
        actor=None, household=household, full_name=name, relation="head", sex="M", birth_year=1990
    )


def _old_person(village: Village, code: str, name: str) -> Resident:
    """A resident of a village that ended with the 2025 merger (so did its household)."""
    household = audited_create(
        Household(
            village=village,
            commune=village.commune,
            code=code,
            valid_from=dt.date(2020, 1, 1),
            valid_to=REORG,
        ),
        actor=None,
    )
    return audited_create(
        Resident(
            household=household,
            full_name=name,
            relation="head",
            sex="M",
            birth_year=1970,
            valid_from=dt.date(2020, 1, 1),
            valid_to=REORG,
        ),
        actor=None,
    )


def _admit(resident: Resident, branch: Any, on: dt.date) -> Any:
    candidate = grassroots.candidate_identify(
        actor=None, resident=resident, branch=branch, identified_on=on - dt.timedelta(days=200)
    )
    grassroots.candidate_complete_class(
        actor=None, candidate=candidate, on=on - dt.timedelta(days=100)
    )
    grassroots.candidate_recommend(actor=None, candidate=candidate, on=on - dt.timedelta(days=30))
    return grassroots.candidate_admit(actor=None, candidate=candidate, on=on)


@pytest.fixture
def villagers(world: Any) -> Villagers:
    w = world
    village_a2 = village_create(actor=None, commune=w.commune_a2, name="Bản Nậm Ty")
    old_village = audited_create(
        Village(commune=w.old_commune_a1, name="Bản Cũ", valid_to=REORG), actor=None
    )
    old_village_2 = audited_create(
        Village(commune=w.old_commune_a1, name="Bản Cũ Hai", valid_to=REORG), actor=None
    )
    # A1: a villager admitted through the candidate pipeline on 1 September 2025.
    branch_a1 = grassroots.party_branch_create(
        actor=None,
        village=w.village_a1,
        name="Chi bộ Huổi Lếch",
        established_on=dt.date(2000, 1, 1),
    )
    _admit(_person(w.village_a1, "A1-1", "Lò Văn Một"), branch_a1, dt.date(2025, 9, 1))
    # A2: a long-standing member who left the Party on 1 November 2025; the force's member
    # takes part in the village's branch all along.
    old_member = _person(village_a2, "A2-1", "Quàng Văn Hai")
    resident_party_membership_set(
        actor=None, resident=old_member, joined_on=dt.date(2010, 1, 1), left_on=dt.date(2025, 11, 1)
    )
    branch_a2 = grassroots.party_branch_create(
        actor=None, village=village_a2, name="Chi bộ Nậm Ty", established_on=dt.date(2000, 1, 1)
    )
    branch_join(actor=None, cadre=w.cadre_a, branch=branch_a2, valid_from=REORG)
    # The old commune (before the merger): one village with a member, one without.
    resident_party_membership_set(
        actor=None,
        resident=_old_person(old_village, "OLD-1", "Lường Văn Ba"),
        joined_on=dt.date(2001, 5, 19),
    )
    _old_person(old_village_2, "OLD-2", "Lường Văn Bốn")
    # B1: a member who moved away on 15 August 2025, and a probationary member dropped on
    # 1 October 2025.
    leaving = _person(w.village_b1, "B1-1", "Giàng A Năm")
    resident_party_membership_set(actor=None, resident=leaving, joined_on=dt.date(2015, 3, 3))
    resident_leave(actor=None, resident=leaving, on=dt.date(2025, 8, 15), reason="moved away")
    branch_b1 = grassroots.party_branch_create(
        actor=None, village=w.village_b1, name="Chi bộ Pá Lông", established_on=dt.date(2000, 1, 1)
    )
    candidate = _admit(_person(w.village_b1, "B1-2", "Giàng A Sáu"), branch_b1, dt.date(2025, 9, 1))
    grassroots.candidate_drop(
        actor=None, candidate=candidate, on=dt.date(2025, 10, 1), reason="violated the rules"
    )
    return Villagers(w, village_a2, old_village, old_village_2)


def by_hand(commune_ids: set[int], on: dt.date) -> int:
    """Villages valid on the date with no resident (living in one of its households on the
    date) whose recorded membership covers the date: loops over the rows the test wrote."""

    def valid(row: Any) -> bool:
        return (row.valid_from is None or row.valid_from <= on) and (
            row.valid_to is None or row.valid_to > on
        )

    def member(r: Resident) -> bool:
        joined, left = r.party_joined_on, r.party_left_on
        return joined is not None and joined <= on and (left is None or on < left)

    residents = list(Resident.objects.select_related("household"))
    return sum(
        1
        for village in Village.objects.filter(commune_id__in=commune_ids)
        if valid(village)
        and not any(
            valid(r) and valid(r.household) and r.household.village_id == village.pk and member(r)
            for r in residents
        )
    )


def _province_communes(w: Any, on: dt.date) -> set[int]:
    if on < REORG:
        return {w.old_commune_a1.pk}
    return {w.commune_a1.pk, w.commune_a2.pk, w.commune_b1.pk}


def _figure(unit: str, on: dt.date) -> int:
    return group_report("grassroots", unit, on=on)["indicators"]["villages_without_party_members"]


@pytest.mark.parametrize("on", DATES)
def test_the_province_counts_the_villages_none_of_whose_residents_is_a_party_member(
    villagers: Villagers, on: dt.date
) -> None:
    assert _figure("14", on) == by_hand(_province_communes(villagers.world, on), on)


def test_the_counts_written_out_follow_admissions_departures_and_the_merger(
    villagers: Villagers,
) -> None:
    assert _figure("DBP-A", dt.date(2024, 6, 1)) == 1  # the old commune's second village
    assert _figure("DBP-A", dt.date(2025, 8, 1)) == 1  # A1: not admitted yet
    assert _figure("DBP-A", dt.date(2025, 9, 15)) == 0  # A1's villager admitted
    assert _figure("DBP-A", dt.date(2025, 12, 1)) == 1  # A2's member left the Party
    assert _figure("DBP-B", dt.date(2025, 8, 1)) == 0
    assert _figure("DBP-B", dt.date(2025, 8, 20)) == 1  # B1's member moved away
    assert _figure("DBP-B", dt.date(2025, 9, 15)) == 0  # on probation
    assert _figure("DBP-B", dt.date(2025, 10, 15)) == 1  # dropped on 1 October


def test_a_village_report_counts_only_that_village(villagers: Villagers) -> None:
    a2 = f"village:{villagers.village_a2.pk}"
    assert _figure(a2, dt.date(2025, 10, 15)) == 0
    assert _figure(a2, dt.date(2025, 12, 1)) == 1


def test_over_a_period_the_count_is_that_of_the_period_s_last_day(villagers: Villagers) -> None:
    first, last = dt.date(2025, 7, 1), dt.date(2025, 10, 15)
    report = group_report("grassroots", "DBP-B", date_from=first, date_to=last)
    assert report["indicators"]["villages_without_party_members"] == by_hand(
        {villagers.world.commune_b1.pk}, last
    )


def test_the_forces_members_in_a_branch_are_a_figure_of_their_own(villagers: Villagers) -> None:
    on = dt.date(2025, 12, 1)
    figures = group_report("coverage", f"village:{villagers.village_a2.pk}", on=on)["indicators"]
    assert figures["villages_without_force_members_in_branch"] == 0  # post A's member is there
    assert _figure(f"village:{villagers.village_a2.pk}", on) == 1  # no villager is a member
    labels = {i.key: (str(i.label), i.label_vi) for i in registry.all_indicators()}
    assert labels["villages_without_party_members"] == (
        "Villages without Party members among their residents",
        "Số thôn, bản chưa có đảng viên",
    )
    assert labels["villages_without_force_members_in_branch"] == (
        "Villages where no Party member of the force takes part in the branch",
        "Số thôn, bản chưa có đảng viên Bộ đội Biên phòng tham gia sinh hoạt chi bộ",
    )


def test_the_api_gives_the_figure_to_the_post_and_not_to_another(villagers: Villagers) -> None:
    w = villagers.world
    params = {"unit": "DBP-A", "on": "2025-12-01"}
    response = w.client_for("officer_a").get("/api/v1/reports/grassroots", params)
    assert response.status_code == 200
    assert response.json()["indicators"]["villages_without_party_members"] == by_hand(
        {w.commune_a1.pk, w.commune_a2.pk}, dt.date(2025, 12, 1)
    )
    assert w.client_for("officer_b").get("/api/v1/reports/grassroots", params).status_code == 404


def test_admission_and_dropping_write_the_residents_membership(villagers: Villagers) -> None:
    admitted = Resident.objects.get(full_name="Lò Văn Một")
    assert (admitted.party_joined_on, admitted.party_left_on) == (dt.date(2025, 9, 1), None)
    dropped = Resident.objects.get(full_name="Giàng A Sáu")
    assert (dropped.party_joined_on, dropped.party_left_on) == (
        dt.date(2025, 9, 1),
        dt.date(2025, 10, 1),
    )


def test_a_member_who_moves_to_another_commune_stays_a_member(villagers: Villagers) -> None:
    w = villagers.world
    member = Resident.objects.get(full_name="Lò Văn Một")
    household_move(
        actor=None,
        household=member.household,
        village=w.village_b1,
        on=dt.date(2025, 11, 1),
        reason="moved",
    )
    copy = Resident.objects.get(moved_from=member)
    assert copy.party_joined_on == dt.date(2025, 9, 1)
    assert _figure("DBP-A", dt.date(2025, 11, 15)) == 2  # A1 has no member any more
    assert _figure("DBP-A", dt.date(2025, 11, 15)) == by_hand(
        {w.commune_a1.pk, w.commune_a2.pk}, dt.date(2025, 11, 15)
    )


def test_a_membership_cannot_end_before_it_began(villagers: Villagers) -> None:
    resident = Resident.objects.get(full_name="Lò Văn Một")
    with pytest.raises(ValidationError, match="after the day one joined"):
        resident_party_membership_set(
            actor=None,
            resident=resident,
            joined_on=dt.date(2025, 9, 1),
            left_on=dt.date(2025, 8, 1),
        )


def test_the_resident_page_records_a_membership_that_the_figure_then_counts(
    villagers: Villagers,
) -> None:
    w = villagers.world
    on = dt.date(2025, 12, 1)
    assert _figure(f"village:{villagers.village_a2.pk}", on) == 1
    newcomer = _person(villagers.village_a2, "A2-2", "Quàng Thị Bảy")
    client = w.client_for("officer_a")
    url = reverse("people:resident_edit", kwargs={"resident_id": newcomer.pk})
    response = client.post(
        url,
        {
            "full_name": "Quàng Thị Bảy",
            "relation": "head",
            "sex": "F",
            "birth_year": "1990",
            "party_joined_on": "2019-02-03",
        },
    )
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert (newcomer.party_joined_on, newcomer.party_left_on) == (dt.date(2019, 2, 3), None)
    assert _figure(f"village:{villagers.village_a2.pk}", on) == 0
    page = client.get(reverse("people:resident_detail", kwargs={"resident_id": newcomer.pk}))
    assert "since 2019-02-03" in page.content.decode()
    refused = client.post(
        url,
        {
            "full_name": "Quàng Thị Bảy",
            "relation": "head",
            "sex": "F",
            "party_joined_on": "2019-02-03",
            "party_left_on": "2018-01-01",
        },
    )
    assert refused.status_code == 200
    assert "after the day one joined it" in refused.content.decode()
