"""The outcome pages: a household's outcomes, the forms, lists, exports, voiding and the
comparison of leaving poverty."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from django.urls import reverse

from outpost.core.audit import history
from outpost.core.models import AuditEvent
from outpost.fieldwork.models import Conversion, HouseSupport, Loan
from outpost.fieldwork.services.outcomes import conversion_record, loan_record, outcome_void
from outpost.people.models import PovertyAssessment

from .fixtures_outcomes import assess, assign, make_household

S = PovertyAssessment.Status


def _csv(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _conversion(household, to_name="Chè", year=2025, **extra):
    return conversion_record(
        actor=None,
        household=household,
        kind="crop",
        from_name="Ngô",
        to_name=to_name,
        area_ha=Decimal("0.5"),
        year=year,
        **extra,
    )


def test_an_officer_records_a_conversion_and_lands_on_the_households_outcomes(world):
    h = make_household(world.village_a1, "A1-F", "Lò Văn Form")
    assign(world.cadre_a, h, dt.date(2025, 7, 1))
    client = world.client_for("officer_a")
    url = reverse("fieldwork:conversion_create", kwargs={"household_id": h.pk})
    page = client.get(url).content.decode()
    assert f'<option value="{world.cadre_a.pk}" selected>' in page  # the cadre in charge
    response = client.post(
        url,
        {
            "kind": "crop",
            "from_name": "Sắn",
            "to_name": "Mận hậu",
            "area_ha": "1.5",
            "year": "2025",
            "cadre": world.cadre_a.pk,
        },
    )
    c = Conversion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("fieldwork:household_outcomes", args=[h.pk])
    assert c.to_name == "Mận hậu" and c.cadre == world.cadre_a and c.area_ha == Decimal("1.5")
    assert history(c).get().source == AuditEvent.Source.WEB


def test_the_forms_refuse_what_the_rules_refuse_and_show_why(world):
    h = make_household(world.village_a1, "A1-F")
    client = world.client_for("officer_a")
    response = client.post(
        reverse("fieldwork:house_support_create", args=[h.pk]),
        {
            "kind": "built",
            "completed_on": "2025-10-01",
            "cost": "10",
            "unit_contribution": "20",
            "labour_days": "0",
        },
    )
    assert response.status_code == 200 and not HouseSupport.objects.exists()
    assert "cannot exceed the cost" in response.content.decode()
    response = client.post(
        reverse("fieldwork:loan_create", args=[h.pk]),
        {"granted_on": "2025-10-01", "amount": "1000", "lender": "vbsp", "cadre": world.cadre_b.pk},
    )
    assert response.status_code == 200 and not Loan.objects.exists()


def test_a_read_only_partner_sees_the_outcomes_but_no_recording(world):
    h = make_household(world.village_a1, "A1-P")
    _conversion(h, to_name="Chè Shan")
    client = world.client_for("partner_a1")
    page = client.get(reverse("fieldwork:household_outcomes", args=[h.pk])).content.decode()
    assert "Chè Shan" in page
    assert reverse("fieldwork:conversion_create", args=[h.pk]) not in page
    response = client.post(
        reverse("fieldwork:loan_create", args=[h.pk]),
        {"granted_on": "2025-10-01", "amount": "1000", "lender": "vbsp"},
    )
    assert response.status_code == 403 and not Loan.objects.exists()


def test_the_households_page_shows_the_poverty_trajectory_with_the_outcomes(world):
    h = make_household(world.village_a1, "A1-TR")
    assess(h, 2024, S.POOR)
    assess(h, 2025, S.NEAR_POOR)
    _conversion(h, to_name="Quế", year=2025)
    loan_record(actor=None, household=h, granted_on=dt.date(2024, 3, 1), amount=30_000_000)
    page = (
        world.client_for("officer_a")
        .get(reverse("fieldwork:household_outcomes", args=[h.pk]))
        .content.decode()
    )
    trajectory = page.split("Poverty trajectory", 1)[1].split("Crop and livestock", 1)[0]
    assert "2024" in trajectory and "2025" in trajectory and "out of poverty" in trajectory
    assert "Ngô → Quế" in trajectory and "30000000" in trajectory


def test_the_household_page_of_the_people_app_links_to_its_outcomes(world):
    h = make_household(world.village_a1, "A1-LINK")
    page = (
        world.client_for("officer_a")
        .get(reverse("people:household_detail", args=[h.pk]))
        .content.decode()
    )
    assert reverse("fieldwork:household_outcomes", args=[h.pk]) in page


def test_the_list_filters_and_leaves_out_void_records_unless_asked(world):
    h = make_household(world.village_a1, "A1-LF")
    _conversion(h, to_name="Chè", year=2024)
    _conversion(h, to_name="Mắc ca", year=2025)
    gone = _conversion(h, to_name="Cà phê", year=2025)
    outcome_void(actor=None, outcome=gone, reason="twice")
    client = world.client_for("officer_a")
    url = reverse("fieldwork:conversion_list")
    body = client.get(url, {"year": "2025"}).content.decode()
    assert "Mắc ca" in body and "→ Chè" not in body and "Cà phê" not in body
    body = client.get(url, {"year": "2025", "void": "1"}).content.decode()
    assert "Cà phê" in body


def test_each_list_exports_to_csv_and_excel_with_the_same_filters(world):
    h = make_household(world.village_a1, "A1-EX", "Lò Văn Xuất")
    loan_record(actor=None, household=h, granted_on=dt.date(2025, 3, 1), amount=7_000_000)
    loan_record(actor=None, household=h, granted_on=dt.date(2024, 3, 1), amount=8_000_000)
    client = world.client_for("officer_a")
    rows = _csv(client.get(reverse("fieldwork:loan_export", args=["csv"]), {"year": "2025"}))
    assert rows[0][:3] == ["id", "household_code", "head_of_household"]
    assert len(rows) == 2 and rows[1][1] == "A1-EX" and "7000000" in rows[1]
    xlsx = client.get(reverse("fieldwork:house_support_export", args=["xlsx"]))
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    assert client.get(reverse("fieldwork:conversion_export", args=["pdf"])).status_code == 404


def test_voiding_through_the_page_keeps_the_record_with_its_reason(world):
    h = make_household(world.village_a1, "A1-V")
    c = _conversion(h)
    client = world.client_for("officer_a")
    detail = client.get(reverse("fieldwork:conversion_detail", args=[c.pk])).content.decode()
    assert reverse("fieldwork:conversion_void", args=[c.pk]) in detail
    response = client.post(reverse("fieldwork:conversion_void", args=[c.pk]), {"reason": "sai"})
    c.refresh_from_db()
    assert response.status_code == 302 and c.voided_at is not None and c.void_reason == "sai"
    detail = client.get(reverse("fieldwork:conversion_detail", args=[c.pk])).content.decode()
    assert reverse("fieldwork:conversion_void", args=[c.pk]) not in detail


def _comparison_data(world):
    h = {code: make_household(world.village_a1, code) for code in ("C1", "C2", "C3")}
    for household in h.values():
        assess(household, 2024, S.POOR)
    assess(h["C1"], 2025, S.NEAR_POOR)
    assess(h["C2"], 2025, S.POOR)
    assess(h["C3"], 2025, S.MIDDLE)
    assign(world.cadre_a, h["C1"], dt.date(2025, 7, 1))
    assign(world.cadre_a, h["C2"], dt.date(2025, 7, 1))


def test_the_comparison_page_shows_both_groups_as_a_table_and_a_chart(world):
    _comparison_data(world)
    client = world.client_for("officer_a")
    response = client.get(
        reverse("fieldwork:outcome_comparison"), {"year_from": "2025", "year_to": "2025"}
    )
    body = response.content.decode()
    row = body.split('data-year="2025"', 1)[1].split("</tr>", 1)[0]
    assert "1 / 2" in row and "50.0%" in row and "1 / 1" in row and "100.0%" in row
    assert "<svg" in body and "2025 · in charge" in body
    assert world.post_a.name in body


def test_the_comparison_exports_counts_and_shares_to_csv(world):
    _comparison_data(world)
    response = world.client_for("officer_a").get(
        reverse("fieldwork:outcome_comparison_export", args=["csv"]),
        {"year_from": "2025", "year_to": "2025", "unit": world.post_a.pk},
    )
    rows = _csv(response)
    assert rows[0] == [
        "year",
        "group",
        "households_at_start",
        "assessed_again",
        "not_assessed",
        "left",
        "share_left_percent",
    ]
    assert rows[1] == ["2025", "in_charge", "2", "2", "0", "1", "50.0"]
    assert rows[2] == ["2025", "others", "1", "1", "0", "1", "100.0"]


def test_the_comparison_does_not_take_another_posts_unit(world):
    _comparison_data(world)
    body = (
        world.client_for("officer_a")
        .get(reverse("fieldwork:outcome_comparison"), {"unit": world.post_b.pk})
        .content.decode()
    )
    assert world.post_b.name not in body
