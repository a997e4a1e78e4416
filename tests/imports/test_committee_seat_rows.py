"""Committee seats from a file follow the assignment app's own rules: a Deputy Secretary
handing over to the next in the same file, and where an officer may sit, for a cadre already
recorded and for one new in the file alike."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from outpost.assign.models import CommitteeSeat
from outpost.assign.services import committee_seat_assign, committee_seat_end
from outpost.force.models import Cadre
from outpost.force.services import area_assign, cadre_create
from outpost.geo.models import AdminUnit
from outpost.geo.services import admin_unit_create
from tests.imports.sheets import run

pytestmark = pytest.mark.django_db

REORG = dt.date(2025, 7, 1)
HANDED_OVER = dt.date(2026, 2, 1)
DEPUTY = CommitteeSeat.Role.DEPUTY_SECRETARY
TAKEN = "This committee already has an open Deputy Secretary seat."


def seat_row(number: str, on: dt.date, unit_code: str = "04087", **more: Any) -> dict[str, Any]:
    return {
        "service_number": number,
        "unit_code": unit_code,
        "role": "deputy_secretary",
        "valid_from": on,
        **more,
    }


@pytest.fixture
def second_officer(world: Any) -> Cadre:
    return cadre_create(
        actor=None,
        service_number="A-002",
        full_name="Mùa A Sử",
        rank=Cadre.Rank.CAPTAIN,
        unit=world.post_a,
        posted_on=dt.date(2020, 1, 1),
        party_joined_on=dt.date(2014, 3, 1),
    )


def seats() -> set[tuple[str, dt.date, dt.date | None]]:
    return set(
        CommitteeSeat.objects.filter(role=DEPUTY).values_list(
            "cadre__service_number", "valid_from", "valid_to"
        )
    )


# --- a Deputy Secretary handing over -------------------------------------------------------


def test_a_recorded_deputy_secretary_handing_over_in_the_file_is_accepted_in_either_order(
    world, second_officer, workbook
):
    committee_seat_assign(
        actor=None,
        cadre=world.cadre_a,
        unit=world.commune_a1,
        role=DEPUTY,
        valid_from=dt.date(2025, 8, 1),
    )
    ending = seat_row("A-001", dt.date(2025, 8, 1), valid_to=HANDED_OVER, end_reason="luân chuyển")
    path = workbook({"committee_seats": [seat_row("A-002", HANDED_OVER), ending]})
    report = run(world, path)
    assert report.ok and report.written, report.errors
    assert seats() == {
        ("A-001", dt.date(2025, 8, 1), HANDED_OVER),
        ("A-002", HANDED_OVER, None),
    }


def test_two_deputy_secretaries_new_in_the_file_one_after_the_other_are_accepted(
    world, second_officer, workbook
):
    path = workbook(
        {
            "committee_seats": [
                seat_row(
                    "A-001", dt.date(2025, 8, 1), valid_to=HANDED_OVER, end_reason="luân chuyển"
                ),
                seat_row("A-002", HANDED_OVER),
            ]
        }
    )
    report = run(world, path)
    assert report.ok and report.written, report.errors
    assert len(seats()) == 2


def test_a_deputy_secretary_starting_before_the_other_ends_is_refused(
    world, second_officer, workbook
):
    committee_seat_assign(
        actor=None,
        cadre=world.cadre_a,
        unit=world.commune_a1,
        role=DEPUTY,
        valid_from=dt.date(2025, 8, 1),
    )
    ending = seat_row("A-001", dt.date(2025, 8, 1), valid_to=HANDED_OVER, end_reason="luân chuyển")
    path = workbook({"committee_seats": [ending, seat_row("A-002", dt.date(2026, 1, 15))]})
    report = run(world, path)
    assert [(e.row, e.column, e.message) for e in report.errors] == [(3, "Chức danh / Role", TAKEN)]
    assert seats() == {("A-001", dt.date(2025, 8, 1), None)}


def test_the_service_accepts_the_same_hand_over_and_refuses_the_same_overlap(world, second_officer):
    seat = committee_seat_assign(
        actor=None,
        cadre=world.cadre_a,
        unit=world.commune_a1,
        role=DEPUTY,
        valid_from=dt.date(2025, 8, 1),
    )
    with pytest.raises(ValidationError) as caught:
        committee_seat_assign(
            actor=None,
            cadre=second_officer,
            unit=world.commune_a1,
            role=DEPUTY,
            valid_from=HANDED_OVER,
        )
    assert caught.value.message_dict == {"role": [TAKEN]}
    committee_seat_end(actor=None, seat=seat, on=HANDED_OVER, reason="luân chuyển")
    committee_seat_assign(
        actor=None, cadre=second_officer, unit=world.commune_a1, role=DEPUTY, valid_from=HANDED_OVER
    )


# --- a district seat outside the post's area -------------------------------------------------


@pytest.fixture
def districts(world: Any) -> dict[str, AdminUnit]:
    """Before 2025: district 096 holds a commune in post A's area, district 122 one that no
    post of the world covers."""
    old_province = world.old_commune_a1.parent
    inside = admin_unit_create(
        actor=None,
        level=AdminUnit.Level.DISTRICT,
        code="096",
        name="Huyện Mường Nhé",
        parent=old_province,
        valid_to=REORG,
    )
    covered = admin_unit_create(
        actor=None,
        level=AdminUnit.Level.COMMUNE,
        code="03160",
        name="Xã Nậm Kè",
        parent=inside,
        valid_to=REORG,
    )
    area_assign(actor=None, force_unit=world.post_a, commune=covered, valid_to=REORG)
    outside = admin_unit_create(
        actor=None,
        level=AdminUnit.Level.DISTRICT,
        code="122",
        name="Huyện Sốp Cộp",
        parent=old_province,
        valid_to=REORG,
    )
    admin_unit_create(
        actor=None,
        level=AdminUnit.Level.COMMUNE,
        code="04300",
        name="Xã Mường Lạn",
        parent=outside,
        valid_to=REORG,
    )
    return {"inside": inside, "outside": outside}


ON = dt.date(2024, 1, 1)
NEW_CADRE = {
    "service_number": "A-777",
    "full_name": "Quàng Văn Thắng",
    "rank": "thuong_uy",
    "unit_code": "DBP-A",
    "posted_on": dt.date(2020, 1, 1),
}


def outside_message(cadre: str) -> str:
    return (
        "No commune of this district is in the area of responsibility of "
        f"{cadre}'s unit on 2024-01-01."
    )


def district_seat(number: str, code: str) -> dict[str, Any]:
    return {**seat_row(number, ON, unit_code=code), "role": "member"}


def test_a_district_seat_outside_the_posts_area_is_refused_by_the_service(world, districts):
    with pytest.raises(ValidationError) as caught:
        committee_seat_assign(
            actor=None,
            cadre=world.cadre_a,
            unit=districts["outside"],
            role=CommitteeSeat.Role.MEMBER,
            valid_from=ON,
        )
    assert caught.value.message_dict == {"unit": [outside_message("Lò Văn Pánh")]}


def test_the_import_refuses_it_the_same_for_a_recorded_cadre_and_one_new_in_the_file(
    world, districts, workbook
):
    path = workbook(
        {
            "cadres": [NEW_CADRE],
            "committee_seats": [district_seat("A-001", "122"), district_seat("A-777", "122")],
        }
    )
    report = run(world, path, persona=None)
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (2, "Mã xã (huyện) / Commune (district) code", outside_message("Lò Văn Pánh")),
        (3, "Mã xã (huyện) / Commune (district) code", outside_message("Quàng Văn Thắng")),
    ]
    assert not CommitteeSeat.objects.exists()


def test_a_district_seat_inside_the_posts_area_is_accepted_for_both(world, districts, workbook):
    path = workbook(
        {
            "cadres": [NEW_CADRE],
            "committee_seats": [district_seat("A-001", "096"), district_seat("A-777", "096")],
        }
    )
    report = run(world, path, persona=None)
    assert report.ok and report.written, report.errors
    assert set(CommitteeSeat.objects.values_list("cadre__service_number", "unit__code")) == {
        ("A-001", "096"),
        ("A-777", "096"),
    }


@pytest.mark.vietnamese
def test_the_district_refusal_is_the_services_vietnamese_message(world, districts, workbook):
    assert translation.get_language() == "vi"
    with pytest.raises(ValidationError) as caught:
        committee_seat_assign(
            actor=None,
            cadre=world.cadre_a,
            unit=districts["outside"],
            role=CommitteeSeat.Role.MEMBER,
            valid_from=ON,
        )
    (expected,) = caught.value.message_dict["unit"]
    path = workbook({"cadres": [NEW_CADRE], "committee_seats": [district_seat("A-001", "122")]})
    report = run(world, path, persona=None)
    assert [e.message for e in report.errors] == [expected]
    assert "Lò Văn Pánh" in expected and expected != outside_message("Lò Văn Pánh")
