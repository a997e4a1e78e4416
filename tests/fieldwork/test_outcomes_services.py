"""Recording and voiding household outcomes through the services."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from outpost.core.audit import history
from outpost.core.models import AuditEvent
from outpost.fieldwork.models import Conversion, HouseSupport, Loan, Program
from outpost.fieldwork.services.outcomes import (
    conversion_record,
    house_support_record,
    loan_record,
    outcome_void,
)
from outpost.people.services import household_create

from .fixtures_followups import visit, void
from .fixtures_outcomes import make_household


@pytest.fixture
def household(world):
    return make_household(world.village_a1, "A1-001", "Lò Văn Một")


def test_a_crop_conversion_is_stored_in_the_households_commune_with_its_audit_event(
    world, household
):
    c = conversion_record(
        actor=world.users["officer_a"],
        household=household,
        kind="crop",
        from_name=" Ngô ",
        to_name="Chè Shan Tuyết",
        area_ha=Decimal("1.25"),
        year=2025,
        cadre=world.cadre_a,
    )
    assert c.commune == world.commune_a1 and c.from_name == "Ngô" and c.cadre == world.cadre_a
    event = history(c).get()
    assert event.action == AuditEvent.Action.CREATE and event.commune_id == world.commune_a1.pk
    assert event.changes["area_ha"] == [None, "1.25"]


def test_a_crop_conversion_needs_an_area_and_a_livestock_one_a_head_count(world, household):
    with pytest.raises(ValidationError) as crop:
        conversion_record(
            actor=None, household=household, kind="crop", from_name="Ngô", to_name="Chè", year=2025
        )
    assert "area_ha" in crop.value.error_dict
    with pytest.raises(ValidationError) as livestock:
        conversion_record(
            actor=None,
            household=household,
            kind="livestock",
            from_name="Lợn",
            to_name="Bò",
            year=2025,
            area_ha=Decimal("1"),
        )
    assert "area_ha" in livestock.value.error_dict
    assert (
        not Conversion.objects.exists()
        and not AuditEvent.objects.filter(object_type="fieldwork.conversion").exists()
    )


def test_a_conversion_to_the_same_crop_is_refused(world, household):
    with pytest.raises(ValidationError):
        conversion_record(
            actor=None,
            household=household,
            kind="crop",
            from_name="Chè",
            to_name="chè",
            year=2025,
            area_ha=Decimal("1"),
        )


def test_a_loan_from_another_lender_must_name_it_and_a_positive_term(world, household):
    with pytest.raises(ValidationError) as unnamed:
        loan_record(
            actor=None,
            household=household,
            granted_on=dt.date(2025, 9, 1),
            amount=30_000_000,
            lender=Loan.Lender.OTHER,
        )
    assert "lender_name" in unnamed.value.error_dict
    loan = loan_record(
        actor=None,
        household=household,
        granted_on=dt.date(2025, 9, 1),
        amount=30_000_000,
        lender=Loan.Lender.OTHER,
        lender_name="Quỹ hỗ trợ nông dân",
        purpose="nuôi bò",
        term_months=36,
    )
    assert loan.lender_name == "Quỹ hỗ trợ nông dân" and loan.term_months == 36


def test_a_loan_before_the_household_existed_is_refused(world):
    late = household_create(
        actor=None, village=world.village_a1, code="A1-NEW", valid_from=dt.date(2026, 1, 1)
    )
    with pytest.raises(ValidationError) as exc:
        loan_record(actor=None, household=late, granted_on=dt.date(2025, 9, 1), amount=10_000_000)
    assert "granted_on" in exc.value.error_dict


def test_the_units_contribution_to_a_house_cannot_exceed_its_cost(world, household):
    with pytest.raises(ValidationError) as exc:
        house_support_record(
            actor=None,
            household=household,
            kind=HouseSupport.Kind.BUILT,
            completed_on=dt.date(2025, 10, 1),
            cost=50_000_000,
            unit_contribution=60_000_000,
        )
    assert "unit_contribution" in exc.value.error_dict
    program = Program.objects.get(code="mai-am-cho-nguoi-ngheo-noi-bien-gioi")
    house = house_support_record(
        actor=None,
        household=household,
        kind=HouseSupport.Kind.BUILT,
        completed_on=dt.date(2025, 10, 1),
        cost=50_000_000,
        unit_contribution=20_000_000,
        labour_days=120,
        program=program,
    )
    assert house.program == program and house.commune_id == household.commune_id


def test_an_outcome_can_name_a_standing_activity_of_the_households_commune_only(world, household):
    other = make_household(world.village_b1, "B1-001")
    there = visit([other], dt.date(2025, 9, 2), force_unit=world.post_b)
    here = visit(
        [household], dt.date(2025, 9, 1), force_unit=world.post_a, kind="loan_facilitation"
    )
    common = {"actor": None, "household": household, "granted_on": dt.date(2025, 9, 3)}
    with pytest.raises(ValidationError) as elsewhere:
        loan_record(amount=1_000_000, activity=there, **common)
    assert "activity" in elsewhere.value.error_dict
    loan = loan_record(amount=1_000_000, activity=here, **common)
    assert loan.activity == here
    void(here)
    here.refresh_from_db()
    with pytest.raises(ValidationError) as voided:
        loan_record(amount=2_000_000, activity=here, **common)
    assert "activity" in voided.value.error_dict


def test_sending_the_same_record_twice_stores_it_once(world, household):
    key = uuid.uuid4()
    args = {
        "actor": None,
        "household": household,
        "granted_on": dt.date(2025, 9, 1),
        "amount": 5_000_000,
        "client_id": key,
    }
    first = loan_record(**args)
    again = loan_record(**args)
    assert first.pk == again.pk and Loan.objects.count() == 1
    assert AuditEvent.objects.filter(object_type="fieldwork.loan").count() == 1
    other = make_household(world.village_a1, "A1-002")
    with pytest.raises(ValidationError):
        loan_record(**{**args, "household": other})


def test_voiding_keeps_the_row_with_its_reason_and_audits_it(world, household):
    c = conversion_record(
        actor=None,
        household=household,
        kind="livestock",
        from_name="Lợn",
        to_name="Bò",
        heads=3,
        year=2025,
    )
    with pytest.raises(ValidationError):
        outcome_void(actor=None, outcome=c, reason="  ")
    outcome_void(actor=world.users["officer_a"], outcome=c, reason="nhập nhầm hộ")
    c.refresh_from_db()
    assert c.voided_at is not None and c.void_reason == "nhập nhầm hộ"
    assert history(c).first().changes["void_reason"] == ["", "nhập nhầm hộ"]
    with pytest.raises(ValidationError):
        outcome_void(actor=None, outcome=c, reason="again")
    assert Conversion.objects.count() == 1
