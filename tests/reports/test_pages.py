"""The coverage page, its export and the API: drill-down, chart, and scope."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from outpost.reports import registry
from tests.reports.conftest import AFTER


def _page(client, **params):
    return client.get(reverse("reports:coverage"), params)


def test_the_page_opens_on_the_officers_post_with_every_figure_and_a_chart(cov):
    page = _page(cov.world.client_for("officer_a"), on=AFTER.isoformat())
    assert page.status_code == 200
    body = page.content.decode()
    assert "Đồn Biên phòng A" in body
    assert '<td class="num" data-key="households_assisted">3</td>' in body
    assert body.count("<rect") == len(registry.keys())  # one bar per indicator
    assert 'type="date"' in body


def test_a_post_drills_down_to_its_communes_then_villages(cov):
    client = cov.world.client_for("officer_a")
    body = _page(client, unit="DBP-A", on=AFTER.isoformat()).content.decode()
    assert "unit=04087" in body and "unit=04099" in body
    assert "Xã Mường Lèo" not in body  # post B's commune
    commune = _page(client, unit="04087", on=AFTER.isoformat()).content.decode()
    assert f"unit=village%3A{cov.world.village_a1.pk}" in commune
    assert "Bản Huổi Lếch" in commune
    village = _page(
        client, unit=f"village:{cov.world.village_a1.pk}", on=AFTER.isoformat()
    ).content.decode()
    assert '<td class="num" data-key="households">3</td>' in village
    assert "Xã Mường Nhé" in village  # the breadcrumb back up


def test_a_post_on_a_2024_date_drills_down_to_its_old_commune(cov):
    body = _page(cov.world.client_for("officer_a"), unit="DBP-A", on="2024-06-01").content.decode()
    assert "Xã Chiềng On" in body
    assert "Xã Phiêng Khoài" not in body


def test_the_province_staff_drill_down_from_the_command_to_both_posts(cov):
    body = _page(cov.world.client_for("province_staff"), on=AFTER.isoformat()).content.decode()
    assert "Bộ Chỉ huy BĐBP tỉnh Sơn La" in body
    assert "unit=DBP-A" in body and "unit=DBP-B" in body


def test_the_national_viewer_starts_from_the_provinces(cov):
    body = _page(cov.world.client_for("national_viewer"), on=AFTER.isoformat()).content.decode()
    assert "unit=14" in body
    assert '<td class="num" data-key="households">5</td>' in body


@pytest.mark.parametrize("unit", ["DBP-B", "04240", "14", "VN"])
def test_an_officer_cannot_open_a_unit_outside_their_post(cov, unit):
    page = _page(cov.world.client_for("officer_a"), unit=unit, on=AFTER.isoformat())
    assert page.status_code == 404


def test_an_officer_cannot_open_another_posts_village(cov):
    unit = f"village:{cov.world.village_b1.pk}"
    assert _page(cov.world.client_for("officer_a"), unit=unit).status_code == 404


def test_an_outsider_sees_no_unit(cov):
    page = _page(cov.world.client_for("outsider"))
    assert page.status_code == 200
    assert "Đồn Biên phòng A" not in page.content.decode()


def test_the_export_writes_the_unit_and_its_children_as_csv(cov):
    response = cov.world.client_for("officer_a").get(
        reverse("reports:coverage_export"), {"unit": "DBP-A", "on": AFTER.isoformat()}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["DBP-A", "04087", "04099"]
    assert len(rows[0]) == 3 + len(registry.keys())


def test_the_export_writes_excel(cov):
    response = cov.world.client_for("officer_a").get(
        reverse("reports:coverage_export"),
        {"unit": "DBP-A", "on": AFTER.isoformat(), "format": "xlsx"},
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A3"].value == "DBP-A"
    assert sheet["A4"].value == "04087"


def test_the_export_refuses_a_unit_outside_the_scope(cov):
    response = cov.world.client_for("officer_a").get(
        reverse("reports:coverage_export"), {"unit": "DBP-B", "format": "xlsx"}
    )
    assert response.status_code == 404


def test_the_api_returns_the_coverage_json(cov):
    response = cov.world.client_for("officer_a").get(
        "/api/v1/reports/coverage", {"unit": "DBP-A", "on": "2026-03-01"}
    )
    assert response.status_code == 200
    data = response.json()
    assert list(data) == ["unit", "on", "indicators"]
    assert data["on"] == "2026-03-01"
    assert data["unit"]["code"] == "DBP-A"
    assert data["indicators"]["households_assisted"] == 2


def test_the_api_refuses_another_posts_unit(cov):
    client = cov.world.client_for("officer_a")
    assert client.get("/api/v1/reports/coverage", {"unit": "DBP-B"}).status_code == 404
    assert client.get("/api/v1/reports/coverage", {"unit": "04240"}).status_code == 404
    assert client.get("/api/v1/reports/coverage", {"unit": "NOPE"}).status_code == 404


def test_the_api_lists_the_indicators_with_both_labels(cov):
    response = cov.world.client_for("officer_a").get("/api/v1/reports/indicators")
    assert response.status_code == 200
    rows = {r["key"]: r for r in response.json()}
    assert rows["households_assisted"]["label"] == "Households assisted"
    assert rows["households_assisted"]["label_vi"] == "Số hộ được giúp đỡ"
    assert rows["border_communes"]["unit"] == "communes"


def test_the_api_needs_a_signed_in_caller(cov):
    from django.test import Client

    assert Client().get("/api/v1/reports/coverage", {"unit": "DBP-A"}).status_code == 401


def test_a_commune_partner_sees_their_commune_and_not_the_post(cov):
    client = cov.world.client_for("partner_a1")
    body = _page(client, on=AFTER.isoformat()).content.decode()
    assert "Xã Mường Nhé" in body
    assert _page(client, unit="DBP-A").status_code == 404
