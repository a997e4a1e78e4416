"""The outcomes API: list, record and void each kind; the comparison."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from outpost.core.audit import history
from outpost.core.models import AuditEvent
from outpost.fieldwork.models import Conversion, HouseSupport, Loan
from outpost.people.models import PovertyAssessment

from .fixtures_outcomes import assess, assign, make_household

BASE = "/api/v1/fieldwork/outcomes"


def post(client, path, body):
    return client.post(f"{BASE}{path}", body, content_type="application/json")


def test_a_conversion_is_recorded_listed_and_voided_through_the_api(world):
    h = make_household(world.village_a1, "A1-API")
    client = world.client_for("officer_a")
    response = post(
        client,
        "/conversions",
        {
            "household_id": h.pk,
            "kind": "crop",
            "from_name": "Ngô",
            "to_name": "Chè",
            "area_ha": "2.5",
            "year": 2025,
            "cadre_id": world.cadre_a.pk,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert Decimal(body["area_ha"]) == Decimal("2.5") and body["commune_id"] == world.commune_a1.pk
    assert history(Conversion.objects.get()).get().source == AuditEvent.Source.API

    listed = client.get(f"{BASE}/conversions", {"year": 2025}).json()
    assert [row["id"] for row in listed["items"]] == [body["id"]]
    voided = post(client, f"/conversions/{body['id']}/void", {"reason": "sai hộ"})
    assert voided.status_code == 200 and voided.json()["void_reason"] == "sai hộ"
    assert client.get(f"{BASE}/conversions").json()["items"] == []
    assert len(client.get(f"{BASE}/conversions", {"include_void": True}).json()["items"]) == 1
    again = post(client, f"/conversions/{body['id']}/void", {"reason": "again"})
    assert again.status_code == 422


def test_a_loan_sent_twice_with_its_client_id_is_stored_once(world):
    h = make_household(world.village_a1, "A1-API")
    client = world.client_for("officer_a")
    body = {
        "household_id": h.pk,
        "granted_on": "2025-09-01",
        "amount": 50_000_000,
        "purpose": "nuôi bò",
        "term_months": 36,
        "client_id": str(uuid.uuid4()),
    }
    first = post(client, "/loans", body)
    second = post(client, "/loans", body)
    assert first.status_code == 201 and second.status_code == 200
    assert first.json()["id"] == second.json()["id"] and Loan.objects.count() == 1
    assert first.json()["lender"] == "vbsp"


def test_a_house_names_its_program_and_the_rules_answer_422(world):
    from outpost.fieldwork.models import Program

    h = make_household(world.village_a1, "A1-API")
    program = Program.objects.get(code="mai-am-cho-nguoi-ngheo-noi-bien-gioi")
    client = world.client_for("officer_a")
    bad = post(
        client,
        "/houses",
        {
            "household_id": h.pk,
            "kind": "built",
            "completed_on": "2025-10-01",
            "cost": 10,
            "unit_contribution": 20,
        },
    )
    assert bad.status_code == 422 and "exceed" in bad.json()["detail"]
    good = post(
        client,
        "/houses",
        {
            "household_id": h.pk,
            "kind": "built",
            "completed_on": "2025-10-01",
            "cost": 60_000_000,
            "unit_contribution": 40_000_000,
            "program_id": program.pk,
        },
    )
    assert good.status_code == 201 and HouseSupport.objects.get().program == program


def test_the_api_refuses_another_posts_household_cadre_and_a_read_only_user(world):
    theirs = make_household(world.village_b1, "B1-API")
    mine = make_household(world.village_a1, "A1-API")
    body = {"household_id": theirs.pk, "granted_on": "2025-09-01", "amount": 1}
    assert post(world.client_for("officer_a"), "/loans", body).status_code == 404
    body = {**body, "household_id": mine.pk, "cadre_id": world.cadre_b.pk}
    assert post(world.client_for("officer_a"), "/loans", body).status_code == 404
    body.pop("cadre_id")
    assert post(world.client_for("partner_a1"), "/loans", body).status_code == 403
    assert not Loan.objects.exists()


def test_the_comparison_answers_with_both_groups_per_year(world):
    S = PovertyAssessment.Status
    a, b = make_household(world.village_a1, "X1"), make_household(world.village_a1, "X2")
    assess(a, 2024, S.POOR)
    assess(b, 2024, S.POOR)
    assess(a, 2025, S.NEAR_POOR)
    assess(b, 2025, S.POOR)
    assign(world.cadre_a, a, dt.date(2025, 7, 1))
    client = world.client_for("officer_a")
    body = client.get(f"{BASE}/comparison", {"year_from": 2025, "year_to": 2025}).json()
    assert body["unit_id"] == world.post_a.pk
    (year,) = body["years"]
    assert year["in_charge"] == {
        "base": 1,
        "assessed": 1,
        "not_assessed": 0,
        "left": 1,
        "share": 100.0,
    }
    assert year["others"]["left"] == 0 and year["others"]["share"] == 0.0
    other = client.get(
        f"{BASE}/comparison", {"year_from": 2025, "year_to": 2025, "unit_id": world.post_b.pk}
    )
    assert other.status_code == 404
    wrong = client.get(f"{BASE}/comparison", {"year_from": 2025, "year_to": 2025, "base": "x"})
    assert wrong.status_code == 422
