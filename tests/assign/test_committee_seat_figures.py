"""Committee seats held by officers, by role: each figure equals a count made from the seats
the test wrote, for a post before and after the 2025 merger (district committees before it),
through the registry, the command line and the API, with both labels."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from outpost.assign import services
from outpost.assign.indicators import SEAT_FIGURES
from outpost.assign.models import CommitteeSeat
from outpost.force.models import Cadre
from outpost.geo.models import AdminUnit
from outpost.geo.services import admin_unit_create
from outpost.reports import registry
from outpost.reports.coverage import coverage

from .conftest import make_cadre

pytestmark = pytest.mark.django_db

Role = CommitteeSeat.Role
REORG = dt.date(2025, 7, 1)
DATES = [dt.date(2023, 6, 1), dt.date(2024, 6, 1), dt.date(2025, 10, 1), dt.date(2026, 1, 1)]


@dataclass
class Seats:
    world: Any
    district: AdminUnit
    seats: list[CommitteeSeat]


def _seat(cadre: Cadre, unit: AdminUnit, role: str, start: dt.date, end: Any = None) -> Any:
    seat = services.committee_seat_assign(
        actor=None, cadre=cadre, unit=unit, role=role, valid_from=start
    )
    if end is not None:
        services.committee_seat_end(actor=None, seat=seat, on=end, reason="term ended")
    return seat


@pytest.fixture
def seats(world: Any) -> Seats:
    """Post A's officers on the old commune's and its district's committees until the merger,
    then on commune A1's; post B's Secretary of commune B1 never counts for post A."""
    district = admin_unit_create(
        actor=None,
        level=AdminUnit.Level.DISTRICT,
        code="123",
        name="Huyện Mường Nhé",
        valid_to=REORG,
    )
    world.old_commune_a1.parent = district
    world.old_commune_a1.save()
    second, third, fourth = (make_cadre(world.post_a, f"A-00{n}") for n in (2, 3, 4))
    made = [
        # Before the merger.
        _seat(second, world.old_commune_a1, Role.DEPUTY_SECRETARY, dt.date(2023, 1, 1), REORG),
        _seat(third, world.old_commune_a1, Role.MEMBER, dt.date(2024, 1, 1), REORG),
        _seat(world.cadre_a, district, Role.STANDING_MEMBER, dt.date(2022, 1, 1), REORG),
        _seat(third, district, Role.MEMBER, dt.date(2024, 1, 1), REORG),
        # After it.
        _seat(world.cadre_a, world.commune_a1, Role.DEPUTY_SECRETARY, dt.date(2025, 8, 1)),
        _seat(second, world.commune_a1, Role.MEMBER, dt.date(2025, 8, 1), dt.date(2025, 12, 1)),
        _seat(third, world.commune_a1, Role.STANDING_MEMBER, dt.date(2025, 7, 15)),
        _seat(fourth, world.commune_a2, Role.SECRETARY, dt.date(2025, 9, 1)),
        _seat(world.cadre_b, world.commune_b1, Role.SECRETARY, REORG),
    ]
    return Seats(world, district, made)


def by_hand(rec: Seats, commune_ids: frozenset[int], on: dt.date) -> dict[str, int]:
    """The officers per committee level and role, counted from the seats the test wrote."""
    districts = {
        AdminUnit.objects.get(pk=pk).parent_id for pk in commune_ids
    }  # the districts the communes lay in
    counted: dict[str, set[int]] = {key: set() for key, *_rest in SEAT_FIGURES}
    for seat in rec.seats:
        if not seat.is_valid_on(on):
            continue
        level = seat.unit.level
        if (level == "commune" and seat.unit_id in commune_ids) or (
            level == "district" and seat.unit_id in districts
        ):
            for key, fig_level, role, *_labels in SEAT_FIGURES:
                if (fig_level, role) == (level, seat.role):
                    counted[key].add(seat.cadre_id)
    return {key: len(cadres) for key, cadres in counted.items()}


def _post_a_communes(world: Any, on: dt.date) -> frozenset[int]:
    if on < REORG:
        return frozenset({world.old_commune_a1.pk})
    return frozenset({world.commune_a1.pk, world.commune_a2.pk})


def _seat_figures(indicators: dict[str, int]) -> dict[str, int]:
    return {key: indicators[key] for key, *_rest in SEAT_FIGURES}


@pytest.mark.parametrize("on", DATES)
def test_each_role_counts_the_officers_holding_it_on_the_date(seats: Seats, on: dt.date) -> None:
    got = _seat_figures(coverage("DBP-A", on)["indicators"])
    assert got == by_hand(seats, _post_a_communes(seats.world, on), on)


def test_the_counts_written_out_before_and_after_the_merger(seats: Seats) -> None:
    before = _seat_figures(coverage("DBP-A", dt.date(2024, 6, 1))["indicators"])
    assert before["commune_committee_deputy_secretaries"] == 1
    assert before["commune_committee_members"] == 1
    assert before["district_committee_standing_members"] == 1
    assert before["district_committee_members"] == 1
    assert before["commune_committee_secretaries"] == 0
    after = _seat_figures(coverage("DBP-A", dt.date(2025, 10, 1))["indicators"])
    assert after["commune_committee_deputy_secretaries"] == 1
    assert after["commune_committee_standing_members"] == 1
    assert after["commune_committee_members"] == 1
    assert after["commune_committee_secretaries"] == 1  # not post B's in commune B1
    assert all(after[key] == 0 for key in after if key.startswith("district_"))
    later = _seat_figures(coverage("DBP-A", dt.date(2026, 1, 1))["indicators"])
    assert later["commune_committee_members"] == 0  # the member's term ended on 1 December


def test_the_province_counts_every_posts_officers(seats: Seats) -> None:
    on = dt.date(2025, 10, 1)
    world = seats.world
    communes = frozenset({world.commune_a1.pk, world.commune_a2.pk, world.commune_b1.pk})
    got = _seat_figures(coverage("14", on)["indicators"])
    assert got == by_hand(seats, communes, on)
    assert got["commune_committee_secretaries"] == 2


def test_the_command_line_and_the_api_give_the_seats_by_role(seats: Seats) -> None:
    on = dt.date(2024, 6, 1)
    out = StringIO()
    call_command(
        "report", "coverage", "--unit", "DBP-A", "--on", on.isoformat(), "--json", stdout=out
    )
    expected = by_hand(seats, _post_a_communes(seats.world, on), on)
    assert _seat_figures(json.loads(out.getvalue())["indicators"]) == expected
    params = {"unit": "DBP-A", "on": on.isoformat()}
    response = seats.world.client_for("officer_a").get("/api/v1/reports/coverage", params)
    assert response.status_code == 200
    assert _seat_figures(response.json()["indicators"]) == expected
    assert (
        seats.world.client_for("officer_b").get("/api/v1/reports/coverage", params).status_code
        == 404
    )


def test_a_committee_has_one_secretary_at_a_time(seats: Seats) -> None:
    world = seats.world
    other = make_cadre(world.post_a, "A-009")
    with pytest.raises(ValidationError, match="already has an open Secretary seat"):
        _seat(other, world.commune_a2, Role.SECRETARY, dt.date(2025, 10, 1))


def test_every_role_figure_has_its_english_and_vietnamese_label(db: Any) -> None:
    deputy = registry.get("commune_committee_deputy_secretaries")
    assert str(deputy.label) == "Deputy Secretaries of commune Party committees held by officers"
    assert deputy.label_vi == "Số cán bộ Biên phòng giữ chức Phó Bí thư Đảng ủy xã"
    roles = {(level, role) for _key, level, role, *_labels in SEAT_FIGURES}
    assert roles == {(level, role) for level in ("commune", "district") for role in Role.values}
    for key, *_rest in SEAT_FIGURES:
        indicator = registry.get(key)
        assert indicator.unit == "people" and indicator.label_vi.startswith("Số cán bộ Biên phòng")
