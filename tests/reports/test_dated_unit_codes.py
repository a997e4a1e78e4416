"""`--unit` and `unit=` read a reused commune code (03158: Xã Leng Su Sìn until 2025-06-30,
Xã Sín Thầu after) on the report's date, take `CODE@YYYY-MM-DD` to name the other one, and
refuse a period in which both carried the code, through the same resolver as the importer."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from outpost.force.services import area_assign
from outpost.geo.models import AdminUnit
from outpost.geo.services import admin_unit_create, village_create
from outpost.people.services import household_create

pytestmark = pytest.mark.django_db

REORG = dt.date(2025, 7, 1)
AMBIGUOUS_2025 = (
    "03158 in 2025 is Xã Leng Su Sìn (until 2025-06-30) or Xã Sín Thầu (from 2025-07-01): "
    "write 03158@2025-01-01 or 03158@2025-07-01."
)


@pytest.fixture
def reused(world: Any) -> Any:
    """Both communes of 03158 in post A's area: one household in the old, two in the new."""
    old = admin_unit_create(
        actor=None,
        level=AdminUnit.Level.COMMUNE,
        code="03158",
        name="Xã Leng Su Sìn",
        parent=world.old_commune_a1.parent,
        valid_to=REORG,
    )
    new = admin_unit_create(
        actor=None,
        level=AdminUnit.Level.COMMUNE,
        code="03158",
        name="Xã Sín Thầu",
        parent=world.province,
        valid_from=REORG,
    )
    area_assign(actor=None, force_unit=world.post_a, commune=old, valid_to=REORG)
    area_assign(actor=None, force_unit=world.post_a, commune=new, valid_from=REORG)
    old_village = village_create(actor=None, commune=old, name="Bản Leng Su Sìn")
    new_village = village_create(actor=None, commune=new, name="Bản Sín Thầu")
    household_create(actor=None, village=old_village, code="H-01")
    for code in ("H-01", "H-02"):
        household_create(actor=None, village=new_village, code=code)
    return world


def report(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("report", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def refused(*args: str) -> str:
    with pytest.raises(CommandError) as caught:
        call_command("report", *args, stdout=StringIO())
    return str(caught.value)


def test_the_command_reads_a_reused_code_on_the_reports_date(reused):
    before = report("coverage", "--unit", "03158", "--on", "2023-05-01")
    after = report("coverage", "--unit", "03158", "--on", "2026-01-10")
    assert (before["unit"]["name"], before["indicators"]["households"]) == ("Xã Leng Su Sìn", 1)
    assert (after["unit"]["name"], after["indicators"]["households"]) == ("Xã Sín Thầu", 2)


def test_a_date_after_the_code_names_the_commune_that_carried_it_then(reused):
    data = report("coverage", "--unit", "03158@2023-05-01", "--on", "2026-01-10")
    assert data["unit"]["name"] == "Xã Leng Su Sìn"
    period = report(
        "grassroots", "--unit", "03158@2025-07-01", "--from", "2025-01-01", "--to", "2025-12-31"
    )
    assert period["unit"]["name"] == "Xã Sín Thầu"


def test_a_period_in_which_two_communes_carried_the_code_is_refused_naming_both(reused):
    message = refused("grassroots", "--unit", "03158", "--from", "2025-01-01", "--to", "2025-12-31")
    assert message == AMBIGUOUS_2025


def test_an_unknown_code_is_refused_saying_so(reused):
    assert refused("coverage", "--unit", "99999") == "No commune has code 99999."
    assert refused("coverage", "--unit", "NOPE") == "No unit has code NOPE."
    assert refused("coverage", "--unit", "03158@2025-13-01") == (
        "03158@2025-13-01: after @ comes the date the code is read on, as YYYY-MM-DD."
    )


def test_the_api_takes_the_same_codes_and_gives_the_same_refusals(reused):
    client = reused.client_for("officer_a")
    forced = client.get(
        "/api/v1/reports/coverage", {"unit": "03158@2023-05-01", "on": "2026-01-10"}
    )
    assert forced.status_code == 200
    assert forced.json()["unit"]["name"] == "Xã Leng Su Sìn"
    ambiguous = client.get(
        "/api/v1/reports/grassroots", {"unit": "03158", "from": "2025-01-01", "to": "2025-12-31"}
    )
    assert (ambiguous.status_code, ambiguous.json()["detail"]) == (400, AMBIGUOUS_2025)
    unknown = client.get("/api/v1/reports/coverage", {"unit": "99999"})
    assert (unknown.status_code, unknown.json()["detail"]) == (404, "No commune has code 99999.")


@pytest.mark.vietnamese
def test_the_api_refusals_are_in_vietnamese_by_default(reused):
    assert translation.get_language() == "vi"
    client = reused.client_for("officer_a")
    ambiguous = client.get(
        "/api/v1/reports/grassroots", {"unit": "03158", "from": "2025-01-01", "to": "2025-12-31"}
    )
    assert ambiguous.json()["detail"] == (
        "Mã 03158 trong thời gian 2025 là Xã Leng Su Sìn (đến hết 2025-06-30) hoặc Xã Sín Thầu "
        "(từ 2025-07-01): hãy ghi 03158@2025-01-01 hoặc 03158@2025-07-01."
    )
    unknown = client.get("/api/v1/reports/coverage", {"unit": "NOPE"})
    assert unknown.json()["detail"] == "Không có đơn vị nào mang mã NOPE."


def test_a_province_that_kept_its_code_and_name_reports_over_a_period_across_the_merger(reused):
    data = report("coverage", "--unit", "14", "--from", "2025-01-01", "--to", "2025-12-31")
    assert data["unit"] == {"code": "14", "name": "Tỉnh Sơn La", "kind": "province"}
