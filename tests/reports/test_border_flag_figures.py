"""Border communes are counted on the date asked: in 2024 the old communes flagged then, in
2026 the merged ones, the same through the registry, the coverage page, the API and the
command line."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from outpost.assign.models import CommitteeSeat
from outpost.assign.services import committee_seat_assign, committee_seat_end
from outpost.geo.borders import border_flag_on
from outpost.geo.services import border_flag_end, border_flag_set
from outpost.reports.coverage import coverage

pytestmark = pytest.mark.django_db
OLD_DAY = dt.date(2024, 6, 30)
NEW_DAY = dt.date(2026, 6, 30)
REORG = dt.date(2025, 7, 1)


@pytest.fixture
def flagged(world):
    """Old commune Chiềng On flagged until the merger, with cadre A as deputy secretary;
    the three new communes are flagged from the merger (the shared world)."""
    border_flag_set(actor=None, unit=world.old_commune_a1, countries=["LA"])
    seat = committee_seat_assign(
        actor=None,
        cadre=world.cadre_a,
        unit=world.old_commune_a1,
        role=CommitteeSeat.Role.DEPUTY_SECRETARY,
        valid_from=dt.date(2024, 1, 1),
    )
    committee_seat_end(actor=None, seat=seat, on=REORG, reason="merger")
    return world


def border_figures(code: str, on: dt.date) -> tuple[int, int]:
    figures = coverage(code, on)["indicators"]
    return figures["border_communes"], figures["border_communes_with_officer"]


def test_an_old_commune_is_no_border_commune_in_2024_until_it_is_flagged(world):
    assert border_figures("DBP-A", OLD_DAY) == (0, 0)
    border_flag_set(actor=None, unit=world.old_commune_a1, countries=["LA"])
    assert border_figures("DBP-A", OLD_DAY) == (1, 0)


def test_border_communes_are_the_old_ones_in_2024_and_the_new_ones_in_2026(flagged):
    assert border_figures("DBP-A", OLD_DAY) == (1, 1)
    assert border_figures("14", OLD_DAY) == (1, 1)  # the legacy province: Chiềng On only
    assert border_figures("DBP-A", NEW_DAY) == (2, 0)
    assert border_figures("14", NEW_DAY) == (3, 0)


def test_a_flag_ended_in_2026_stops_counting_from_its_end(flagged):
    flag = border_flag_on(flagged.commune_a2, NEW_DAY)
    assert flag is not None
    border_flag_end(actor=None, flag=flag, on=dt.date(2026, 1, 1), reason="boundary moved")
    assert border_figures("DBP-A", dt.date(2025, 12, 31)) == (2, 0)
    assert border_figures("DBP-A", NEW_DAY) == (1, 0)


def test_the_coverage_page_shows_the_2024_and_2026_border_communes(flagged):
    client = flagged.client_for("officer_a")
    for on, count in ((OLD_DAY, 1), (NEW_DAY, 2)):
        page = client.get(reverse("reports:coverage"), {"unit": "DBP-A", "on": on.isoformat()})
        assert page.status_code == 200
        assert f'<td class="num" data-key="border_communes">{count}</td>' in page.content.decode()


def test_the_api_gives_the_same_border_figures(flagged):
    client = flagged.client_for("officer_a")
    for on, expected in ((OLD_DAY, (1, 1)), (NEW_DAY, (2, 0))):
        response = client.get("/api/v1/reports/coverage", {"unit": "DBP-A", "on": on.isoformat()})
        assert response.status_code == 200
        figures = response.json()["indicators"]
        got = (figures["border_communes"], figures["border_communes_with_officer"])
        assert got == expected


def test_the_command_line_gives_the_same_border_figures(flagged):
    for on, expected in ((OLD_DAY, (1, 1)), (NEW_DAY, (2, 0))):
        out = StringIO()
        call_command(
            "report", "coverage", "--unit", "DBP-A", "--on", on.isoformat(), "--json", stdout=out
        )
        figures = json.loads(out.getvalue())["indicators"]
        assert (figures["border_communes"], figures["border_communes_with_officer"]) == expected
