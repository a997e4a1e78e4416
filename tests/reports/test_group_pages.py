"""The report group pages: a group's figures for a unit in scope, on a date or over a period,
in the user's language, with charts and CSV/Excel export; other posts' units are refused."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from outpost.security import services

D = dt.date


@pytest.fixture
def incidents(world: Any) -> None:
    for kind, on, village in [
        ("drugs", D(2025, 2, 1), world.village_a1),
        ("drugs", D(2025, 8, 1), world.village_a1),
        ("illegal_border_crossing", D(2025, 8, 20), world.village_a1),
        ("smuggling", D(2025, 8, 5), world.village_b1),
    ]:
        services.incident_create(
            actor=None, kind=kind, occurred_on=on, village=village, summary="x"
        )


def page(client: Any, group: str = "security", **params: Any) -> Any:
    return client.get(reverse("reports:group", args=[group]), params)


def export(client: Any, group: str = "security", **params: Any) -> Any:
    return client.get(reverse("reports:group_export", args=[group]), params)


def cell(body: str, key: str, value: int) -> str:
    return f'<td class="num" data-key="{key}">{value}</td>'


@pytest.mark.vietnamese
def test_the_page_opens_on_the_officers_post_in_vietnamese(world, incidents):
    body = page(world.client_for("officer_a"), on="2025-09-01").content.decode()
    assert "Đồn Biên phòng A" in body
    assert cell(body, "incidents_this_year", 3) in body
    assert cell(body, "incidents_drugs_this_year", 2) in body
    assert "Số vụ việc về an ninh trật tự trong năm" in body


@pytest.mark.vietnamese
def test_the_page_speaks_english_when_the_user_chose_it(world, incidents):
    client = world.client_for("officer_a")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = page(client, on="2025-09-01").content.decode()
    assert "Security incidents this year" in body
    assert "Số vụ việc về an ninh trật tự trong năm" not in body


def test_a_period_counts_the_events_between_its_days(world, incidents):
    client = world.client_for("officer_a")
    body = page(client, unit="DBP-A", **{"from": "2025-08-01", "to": "2025-08-31"}).content
    text = body.decode()
    assert cell(text, "incidents_this_year", 2) in text
    assert cell(text, "incidents_border_crossing_this_year", 1) in text
    assert "2025-08-01" in text and "2025-08-31" in text


def test_a_period_ending_before_it_starts_is_explained(world, incidents):
    client = world.client_for("officer_a")
    response = page(client, **{"from": "2025-09-01", "to": "2025-08-01"})
    assert response.status_code == 200
    assert "The period ends before it starts." in response.content.decode()
    refused = export(client, format="csv", **{"from": "2025-09-01", "to": "2025-08-01"})
    assert refused.status_code == 400


def test_the_page_draws_a_bar_per_incident_figure(world, incidents):
    body = page(world.client_for("officer_a"), on="2025-09-01").content.decode()
    assert body.count('<rect class="bar"') == 3  # the three incident figures
    empty = page(world.client_for("officer_a"), on="2024-01-01").content.decode()
    assert '<rect class="bar"' not in empty  # nothing to compare


def test_the_units_below_are_offered_and_a_commune_can_be_chosen(world, incidents):
    client = world.client_for("officer_a")
    body = page(client, unit="DBP-A", on="2025-09-01").content.decode()
    assert "unit=04087" in body and "unit=04099" in body
    assert "unit=04240" not in body  # post B's commune
    commune = page(client, unit="04087", on="2025-09-01").content.decode()
    assert cell(commune, "incidents_this_year", 3) in commune


def test_other_posts_units_are_refused_on_the_page_and_the_exports(world, incidents):
    client = world.client_for("officer_a")
    for unit in ("DBP-B", "04240", f"village:{world.village_b1.pk}", "VN"):
        assert page(client, unit=unit).status_code == 404, unit
        assert export(client, unit=unit, format="csv").status_code == 404, unit
        assert export(client, unit=unit, format="xlsx").status_code == 404, unit
    partner = world.client_for("partner_a1")
    assert page(partner, unit="DBP-A").status_code == 404
    assert page(partner, unit="04087").status_code == 200


def test_an_unknown_group_is_not_found(world):
    client = world.client_for("officer_a")
    assert page(client, group="nonsense").status_code == 404
    assert export(client, group="nonsense", format="csv").status_code == 404


def test_the_csv_export_has_the_figures_of_the_page(world, incidents):
    client = world.client_for("officer_a")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = export(client, unit="04087", on="2025-09-01", format="csv")
    assert response.status_code == 200
    assert "security-04087-2025-09-01.csv" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    by_key = {row["Key"]: row for row in rows}
    assert by_key["incidents_this_year"]["Value"] == "3"
    assert by_key["incidents_this_year"]["Indicator"] == "Security incidents this year"
    assert by_key["incidents_this_year"]["As of"] == "2025-09-01"
    assert {row["Code"] for row in rows} == {"04087"}


def test_the_excel_export_of_a_period_has_its_days(world, incidents):
    client = world.client_for("officer_a")
    response = export(
        client, unit="DBP-A", format="xlsx", **{"from": "2025-08-01", "to": "2025-08-31"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *lines = [list(r) for r in sheet.iter_rows(values_only=True)]
    rows = [dict(zip(header, line, strict=True)) for line in lines]
    assert len(rows) == len({r[header[-1]] for r in rows}) > 0
    assert {r[header[5]].date() for r in rows} == {D(2025, 8, 1)}  # the period's first day
    incidents_row = next(r for r in rows if r[header[-1]] == "incidents_this_year")
    assert incidents_row[header[1]] == 2


def test_the_report_navigation_links_the_groups(world):
    client = world.client_for("officer_a")
    coverage = client.get(reverse("reports:coverage")).content.decode()
    for group in ("security", "border", "grassroots", "works"):
        assert reverse("reports:group", args=[group]) in coverage
    body = page(client, group="border").content.decode()
    assert reverse("reports:coverage") in body
    assert reverse("reports:group", args=["security"]) in body


def test_a_user_without_a_unit_sees_no_figures(world):
    response = page(world.client_for("outsider"))
    assert response.status_code == 200
    assert 'data-key="' not in response.content.decode()
    assert export(world.client_for("outsider"), format="csv").status_code == 404
