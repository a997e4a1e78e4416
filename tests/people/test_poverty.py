import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from outpost.people import services
from outpost.people.models import Household, PovertyAssessment
from outpost.people.poverty import INDICATOR_KEYS

FOUR = INDICATOR_KEYS[:4]
TWO = ["water", "sanitation"]
THREE = ["water", "sanitation", "telecom"]


def assess(household, year, income, lacking, area="rural", status=None):
    return services.poverty_assess(
        actor=None,
        household=household,
        year=year,
        area=area,
        income_per_person_month=income,
        deprivations=lacking,
        status=status,
    )


def test_there_are_the_twelve_indicators_of_decree_07():
    assert len(INDICATOR_KEYS) == 12 == len(set(INDICATOR_KEYS))
    assert "health_insurance" in INDICATOR_KEYS and "information_access" in INDICATOR_KEYS


@pytest.mark.parametrize(
    ("year", "area", "income", "lacking", "expected"),
    [
        # Decree 07 (2022-2026): rural 1,500,000, urban 2,000,000
        (2024, "rural", 1_500_000, THREE, "poor"),  # exactly at the line is under it
        (2024, "rural", 1_500_000, TWO, "near_poor"),
        (2024, "rural", 1_500_001, FOUR, "middle"),  # deprivations do not matter above it
        (2024, "rural", 2_250_000, [], "middle"),  # exactly 1.5 x the line
        (2024, "rural", 2_250_001, [], "above"),
        (2024, "urban", 2_000_000, THREE, "poor"),
        (2024, "urban", 2_000_001, THREE, "middle"),
        (2024, "urban", 3_000_001, [], "above"),
        # 2027-2030: rural 2,200,000, urban 2,800,000
        (2027, "rural", 2_200_000, THREE, "poor"),
        (2028, "rural", 2_200_000, TWO, "near_poor"),
        (2029, "rural", 2_200_001, [], "middle"),
        (2030, "urban", 2_800_000, [], "near_poor"),
        (2030, "urban", 4_200_001, [], "above"),
    ],
)
def test_the_status_follows_the_rule_of_the_standard_of_the_year(
    families, year, area, income, lacking, expected
):
    assessment = assess(families.a, year, income, lacking, area=area)
    assert assessment.status == expected
    assert assessment.deprivation_count == len(lacking)
    assert assessment.standard.code == ("ND07-2021" if year <= 2026 else "2027-2030")


def test_a_status_that_contradicts_the_rule_is_refused_with_the_reason(families):
    with translation.override("en"), pytest.raises(ValidationError) as err:
        assess(families.a, 2024, 1_200_000, FOUR, status="near_poor")
    message = err.value.message_dict["status"][0]
    assert message == (
        "Income 1,200,000 ≤ rural line 1,500,000 and 4 services lacking: "
        "the status is poor, not near-poor"
    )
    assert not PovertyAssessment.objects.exists()


def test_the_reason_is_given_in_vietnamese_numbers_too(families):
    with translation.override("vi"), pytest.raises(ValidationError) as err:
        assess(families.a, 2024, 1_600_000, [], status="poor")
    assert "1.600.000" in err.value.message_dict["status"][0]


def test_an_entered_status_that_agrees_is_kept(families):
    assert assess(families.a, 2024, 1_200_000, FOUR, status="poor").status == "poor"


def test_unknown_indicators_and_years_without_a_standard_are_refused(families):
    with pytest.raises(ValidationError) as err:
        assess(families.a, 2024, 1, ["internet"])
    assert "deprivations" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        assess(families.a, 2019, 1, [])
    assert "year" in err.value.message_dict


def test_one_standing_assessment_per_year_and_voiding_frees_the_year(families):
    first = assess(families.a, 2024, 1_000_000, FOUR)
    with pytest.raises(ValidationError):
        assess(families.a, 2024, 1_000_000, TWO)
    services.poverty_assessment_void(actor=None, assessment=first, reason="nhập sai")
    second = assess(families.a, 2024, 1_000_000, TWO)
    assert second.status == "near_poor"
    first.refresh_from_db()
    assert first.voided_at is not None and first.void_reason == "nhập sai"


def test_the_household_carries_the_status_of_its_latest_standing_assessment(families):
    assess(families.a, 2024, 1_000_000, FOUR)
    later = assess(families.a, 2025, 1_000_000, TWO)
    assert Household.objects.get(pk=families.a.pk).poverty_status == "near_poor"
    services.poverty_assessment_void(actor=None, assessment=later, reason="trùng")
    household = Household.objects.get(pk=families.a.pk)
    assert (household.poverty_status, household.poverty_year) == ("poor", 2024)
