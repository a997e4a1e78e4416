"""Field work figures: every figure of the `fieldwork` report group equals a count made row by
row from the records the test wrote, for a post, a province, a village and the communes before
the 2025 merger; on the command line and in the API."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from outpost.core.indicators import IndicatorContext, compute_many
from outpost.core.models import REORGANISATION_DATE as REORG_DAY
from outpost.fieldwork import indicators
from outpost.fieldwork.models import ActivityKind, Program
from outpost.fieldwork.selectors import figures
from outpost.reports import registry
from outpost.reports.groups import group_keys, group_report

from .fixtures_figures import AUG_1, AUG_31, YEAR_END, YEAR_START, FieldRecords, Row, field

__all__ = ["field"]

pytestmark = pytest.mark.django_db

KIND_CODES = [code for code, _en, _vi in indicators.KINDS]
PROGRAM_CODES = [code for code, _en, _vi in indicators.PROGRAMS]


# --- counting by hand ---------------------------------------------------------------------------


def _month_firsts(first: dt.date, last: dt.date) -> list[dt.date]:
    days = []
    day = first.replace(day=1)
    while day <= last:
        if day >= first:
            days.append(day)
        day = day.replace(year=day.year + (day.month == 12), month=day.month % 12 + 1)
    return days


def expected(
    rec: FieldRecords,
    communes: set[Any],
    first: dt.date,
    last: dt.date,
    villages: set[Any] | None = None,
    *,
    on_date: bool = False,
) -> dict[str, int]:
    """Every fieldwork figure, counted from the records with plain loops: those of a report
    over the period, or (`on_date`) of a report on its last day (from 1 January)."""

    def counts(row: Row, day_check: bool = True) -> bool:
        return (
            row.commune in communes
            and not row.voided
            and (not day_check or first <= row.day <= last)
            and (villages is None or row.village in villages)
        )

    acts = [r for r in rec.activities if counts(r)]
    out: dict[str, int] = {
        "activities_total": len(acts),
        "people_reached_total": sum(r.people for r in acts),
    }
    for code in KIND_CODES:
        out[f"activities_{code}"] = len([r for r in acts if r.kind == code])
        out[f"people_reached_{code}"] = sum(r.people for r in acts if r.kind == code)
    out["households_visited"] = len({h for r in acts if r.visit for h in r.households})

    years = range(first.year, last.year + 1)
    convs = [r for r in rec.conversions if counts(r, False) and r.day.year in years]
    crops = [r for r in convs if r.kind == "crop"]
    stock = [r for r in convs if r.kind == "livestock"]
    out["crop_conversions"] = len(crops)
    out["crop_area_converted_m2"] = int(sum(Decimal(r.values["ha"]) for r in crops) * 10_000)
    out["livestock_conversions"] = len(stock)
    out["livestock_heads_converted"] = sum(r.values["heads"] for r in stock)
    loans = [r for r in rec.loans if counts(r)]
    out["loans_facilitated"] = len(loans)
    out["loan_amount_vnd"] = sum(r.values["amount"] for r in loans)
    houses = [r for r in rec.houses if counts(r)]
    out["houses_built_for_households"] = len([r for r in houses if r.kind == "built"])
    out["houses_repaired_for_households"] = len([r for r in houses if r.kind == "repaired"])

    firsts = _month_firsts(first, last)
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    # program code -> [active on the last day, active on some day of the period, paid]
    by_program: dict[str, list[int]] = {code: [0, 0, 0] for code in PROGRAM_CODES}
    for e in rec.enrollments:
        village = e.village or (e.household or e.resident.household).village  # type: ignore[union-attr]
        if e.commune not in communes or (villages is not None and village not in villages):
            continue
        totals = by_program.setdefault(e.program.code, [0, 0, 0])
        if e.is_active_on(last):
            totals[0] += 1
        if any(e.is_active_on(day) for day in days):
            totals[1] += 1
        totals[2] += e.monthly_support * sum(1 for day in firsts if e.is_active_on(day))
    if on_date:
        out["enrollments_active"] = sum(v[0] for v in by_program.values())
    else:
        out["enrollments_active_in_period"] = sum(v[1] for v in by_program.values())
    out["support_paid_vnd"] = sum(v[2] for v in by_program.values())
    for code in PROGRAM_CODES:
        key = indicators.program_key(code)
        if on_date:
            out[f"enrollments_active_{key}"] = by_program[code][0]
        else:
            out[f"enrollments_in_period_{key}"] = by_program[code][1]
        out[f"support_paid_vnd_{key}"] = by_program[code][2]
    responses = [r for r in rec.responses if counts(r)]
    evacuations = [r for r in responses if r.kind == "evacuation"]
    deployments = [r for r in responses if r.kind == "deployment"]
    out["people_evacuated"] = sum(r.values["people"] for r in evacuations)
    out["households_evacuated"] = sum(r.values["households"] for r in evacuations)
    out["damage_repairs"] = len([r for r in responses if r.kind == "repair"])
    out["cadres_deployed"] = sum(r.values["cadres"] for r in deployments)
    out["cadre_days_deployed"] = sum(r.values["cadres"] * r.values["days"] for r in deployments)
    return out


def report(unit: str, first: dt.date, last: dt.date) -> dict[str, int]:
    return group_report("fieldwork", unit, date_from=first, date_to=last)["indicators"]


# --- the figures --------------------------------------------------------------------------------


def test_the_fieldwork_group_holds_every_figure_the_fieldwork_app_registers():
    keys = group_keys("fieldwork")
    fieldwork = "outpost.fieldwork.indicators"
    mine = [i.key for i in registry.all_indicators() if i.app == fieldwork]
    assert keys == mine
    assert {"activities_total", "households_visited", "support_paid_vnd"} <= set(keys)


def test_every_preloaded_kind_and_program_has_its_figures(db):
    keys = set(group_keys("fieldwork"))
    for kind in ActivityKind.objects.all():
        assert {f"activities_{kind.code}", f"people_reached_{kind.code}"} <= keys
    for program in Program.objects.filter(scope=Program.Scope.FORCE_WIDE):
        key = indicators.program_key(program.code)
        assert {f"enrollments_active_{key}", f"support_paid_vnd_{key}"} <= keys


def test_a_posts_figures_for_august_equal_a_count_of_its_records(field):
    w = field.world
    got = report("DBP-A", AUG_1, AUG_31)
    assert got == expected(field, {w.commune_a1, w.commune_a2}, AUG_1, AUG_31)
    # The same figures written out, so that a slip in the count above cannot hide one here.
    assert got["activities_total"] == 6  # not the voided one, July's, September's or B1's
    assert got["people_reached_total"] == 5 + 3 + 20 + 7 + 11 + 9
    assert (got["activities_household_visit"], got["people_reached_household_visit"]) == (2, 8)
    assert got["activities_teaching"] == 1
    assert got["households_visited"] == 3  # H1 (twice), H2, H6; not H3 (teaching), not H4
    assert got["crop_conversions"] == 3
    assert got["crop_area_converted_m2"] == 38_000  # 1.25 + 0.50 + 2.05 ha
    assert (got["livestock_conversions"], got["livestock_heads_converted"]) == (1, 4)
    assert (got["loans_facilitated"], got["loan_amount_vnd"]) == (2, 80_000_000)
    assert got["houses_built_for_households"] == 2  # H3 in A1 and H6 in A2
    assert got["houses_repaired_for_households"] == 1
    # Both pupils (H2's left school on the 20th) and household H3, from the 2nd.
    assert got["enrollments_active_in_period"] == 3
    assert "enrollments_active" not in got  # the count on a date, not over a period
    assert got["support_paid_vnd"] == 500_000 + 300_000  # H3's began on 2 August
    assert got["enrollments_in_period_nang_buoc_em_toi_truong"] == 2
    assert got["support_paid_vnd_nang_buoc_em_toi_truong"] == 800_000
    # Not the voided evacuation, nor that of the voided disaster, nor September's or B1's.
    assert (got["people_evacuated"], got["households_evacuated"]) == (49, 14)
    assert got["damage_repairs"] == 1
    assert (got["cadres_deployed"], got["cadre_days_deployed"]) == (19, 15 * 3 + 4 * 2)


def test_a_kind_added_later_counts_in_the_totals_and_shows_in_the_breakdown(field):
    w = field.world
    rows = figures.activities_by_kind([w.commune_a1.pk, w.commune_a2.pk], AUG_1, AUG_31)
    by_code = {row.code: row for row in rows}
    assert set(by_code) == set(ActivityKind.objects.values_list("code", flat=True))
    assert (by_code["veterinary_care"].activities, by_code["veterinary_care"].people_reached) == (
        1,
        9,
    )
    assert by_code["household_visit"].activities == 2
    assert by_code["road_sanitation"].activities == 0
    busy = figures.activities_by_kind(
        [w.commune_a1.pk, w.commune_a2.pk], AUG_1, AUG_31, include_empty=False
    )
    assert sum(row.activities for row in busy) == report("DBP-A", AUG_1, AUG_31)["activities_total"]
    assert "activities_veterinary_care" not in group_keys("fieldwork")


def test_the_crop_breakdown_gives_each_crops_conversions_area_and_households(field):
    w = field.world
    rows = figures.conversions_by_crop([w.commune_a1.pk, w.commune_a2.pk], AUG_1, AUG_31)
    summary = [(r.kind, r.to_name, r.conversions, r.households, r.area_ha, r.heads) for r in rows]
    assert summary == [
        ("crop", "Mận", 1, 1, Decimal("2.05"), 0),  # 2024's plums are another year
        ("crop", "Chè", 2, 2, Decimal("1.75"), 0),  # not the voided 3 ha
        ("livestock", "Bò", 1, 1, Decimal("0.00"), 4),
    ]


def test_the_program_breakdown_lists_each_program_with_enrollments(field):
    w = field.world
    rows = figures.enrollments_by_program([w.commune_a1.pk, w.commune_a2.pk], YEAR_START, YEAR_END)
    assert [
        (r.code, r.enrollments_active, r.enrollments_active_in_period, r.support_paid_vnd)
        for r in rows
    ] == [
        ("nang-buoc-em-toi-truong", 1, 2, 9 * 500_000 + 3 * 300_000),
        ("xuan-bien-phong-am-long-dan-ban", 1, 1, 4 * 1_000_000),
    ]


@pytest.mark.parametrize(
    "first, last, active_on_last_day, active_in_period, paid",
    [
        # July: both pupils are active on 1 July and on the 31st; H3's begins in August.
        (dt.date(2025, 7, 1), dt.date(2025, 7, 31), 2, 2, 500_000 + 300_000),
        # From 21 August: the second pupil ended on the 20th; H3 is paid for September.
        (dt.date(2025, 8, 21), dt.date(2025, 9, 30), 2, 2, 500_000 + 1_000_000),
        # 2 to 31 August: no first day of a month in the period, nothing paid; the second
        # pupil was active until the 20th, so in the period but not on its last day.
        (dt.date(2025, 8, 2), AUG_31, 2, 3, 0),
        # The whole year: 9 + 3 + 4 months.
        (YEAR_START, YEAR_END, 2, 3, 9 * 500_000 + 3 * 300_000 + 4 * 1_000_000),
        # Before anyone was enrolled.
        (YEAR_START, dt.date(2025, 3, 14), 0, 0, 0),
        # The day the second pupil left school is not in her enrollment any more.
        (dt.date(2025, 8, 20), dt.date(2025, 8, 20), 2, 2, 0),
        (dt.date(2025, 8, 19), dt.date(2025, 8, 19), 3, 3, 0),
    ],
)
def test_enrollments_count_on_a_date_or_over_a_period_and_are_paid_by_the_month(
    field, first, last, active_on_last_day, active_in_period, paid
):
    w = field.world
    communes = {w.commune_a1, w.commune_a2, w.old_commune_a1}
    over_period = report("DBP-A", first, last)
    on_last_day = group_report("fieldwork", "DBP-A", on=last)["indicators"]
    assert over_period["enrollments_active_in_period"] == active_in_period
    assert over_period["support_paid_vnd"] == paid
    assert on_last_day["enrollments_active"] == active_on_last_day
    by_hand = expected(field, communes, first, last)
    assert over_period["enrollments_active_in_period"] == by_hand["enrollments_active_in_period"]
    assert over_period["support_paid_vnd"] == by_hand["support_paid_vnd"]
    on_date_by_hand = expected(field, communes, YEAR_START, last, on_date=True)
    assert on_last_day["enrollments_active"] == on_date_by_hand["enrollments_active"]


def test_a_report_on_a_date_and_one_over_a_period_each_show_their_enrollment_figure(field):
    on_date = set(group_report("fieldwork", "DBP-A", on=AUG_31)["indicators"])
    over_period = set(report("DBP-A", AUG_1, AUG_31))
    assert "enrollments_active" in on_date and "enrollments_active_in_period" not in on_date
    assert "enrollments_active_in_period" in over_period and "enrollments_active" not in over_period
    assert on_date ^ over_period == {
        f"enrollments_{kind}_{indicators.program_key(code)}"
        for kind in ("active", "in_period")
        for code in PROGRAM_CODES
    } | {"enrollments_active", "enrollments_active_in_period"}
    labels = {i.key: (str(i.label), i.label_vi) for i in registry.all_indicators()}
    assert labels["enrollments_active"] == (
        "Enrollments active on the date",
        "Số đối tượng đang được hỗ trợ theo chương trình tại ngày báo cáo",
    )
    assert labels["enrollments_active_in_period"] == (
        "Enrollments active at some time in the period",
        "Số đối tượng được hỗ trợ theo chương trình trong kỳ",
    )


def test_a_year_across_the_merger_counts_the_old_communes_records_too(field):
    w = field.world
    got = report("DBP-A", YEAR_START, YEAR_END)
    communes = {w.commune_a1, w.commune_a2, w.old_commune_a1}
    assert got == expected(field, communes, YEAR_START, YEAR_END)
    assert got["activities_household_visit"] == 5  # March's in the old commune included
    assert got["households_visited"] == 5  # H1, H2, H4, H6 and OH1 of the old commune
    # Only the months after the merger: the old commune no longer counts.
    after = report("DBP-A", REORG_DAY, YEAR_END)
    assert after["activities_household_visit"] == 4
    assert after["households_visited"] == 4


def test_the_old_commune_reports_its_own_records_before_the_merger(field):
    w = field.world
    got = report("04084", YEAR_START, dt.date(2025, 6, 30))
    assert got == expected(field, {w.old_commune_a1}, YEAR_START, dt.date(2025, 6, 30))
    assert (got["activities_household_visit"], got["people_reached_household_visit"]) == (1, 6)
    assert got["households_visited"] == 1


def test_a_province_counts_every_post_and_a_village_only_its_own_records(field):
    w = field.world
    province = report("14", AUG_1, AUG_31)
    all_communes = {w.commune_a1, w.commune_a2, w.commune_b1}
    assert province == expected(field, all_communes, AUG_1, AUG_31)
    assert province["activities_household_visit"] == 3  # post B's visit too
    assert province["loan_amount_vnd"] == 80_000_007
    village = report(f"village:{field.village_a2.pk}", AUG_1, AUG_31)
    assert village == expected(field, {w.commune_a2}, AUG_1, AUG_31, {field.village_a2})
    assert village["activities_total"] == 1
    assert village["houses_built_for_households"] == 1


def test_on_a_date_the_figures_count_from_the_first_of_january(field):
    w = field.world
    on_date = group_report("fieldwork", "DBP-A", on=AUG_31)["indicators"]
    communes = {w.commune_a1, w.commune_a2, w.old_commune_a1}
    assert on_date == expected(field, communes, YEAR_START, AUG_31, on_date=True)
    since_january = report("DBP-A", YEAR_START, AUG_31)
    assert {k: v for k, v in on_date.items() if k in since_january} == {
        k: v for k, v in since_january.items() if k in on_date
    }
    assert on_date["households_visited"] == 5
    assert on_date["enrollments_active"] == 2  # H1's pupil and H3, not H2's (ended 20 August)


def test_every_figure_takes_five_queries_whatever_the_number_of_records(
    field, django_assert_num_queries
):
    w = field.world
    ctx = IndicatorContext(
        commune_ids=frozenset({w.commune_a1.pk, w.commune_a2.pk, w.commune_b1.pk}),
        on=YEAR_END,
        date_from=YEAR_START,
    )
    # Lineage, activities by kind and the kinds' codes, enrollments by program, one row of
    # the other figures.
    with django_assert_num_queries(5):
        got = compute_many(group_keys("fieldwork", period=True), ctx)
    assert got == report("14", YEAR_START, YEAR_END)


# --- command line and API -----------------------------------------------------------------------


def test_the_command_line_prints_the_fieldwork_group_as_json(field):
    out = StringIO()
    call_command(
        "report",
        "fieldwork",
        "--unit",
        "DBP-A",
        "--from",
        AUG_1.isoformat(),
        "--to",
        AUG_31.isoformat(),
        "--json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert list(data) == ["unit", "from", "to", "indicators"]
    assert data["unit"]["code"] == "DBP-A"
    assert list(data["indicators"]) == group_keys("fieldwork", period=True)
    w = field.world
    assert data["indicators"] == expected(field, {w.commune_a1, w.commune_a2}, AUG_1, AUG_31)


def test_the_api_gives_the_fieldwork_group_to_the_post_and_not_to_another(field):
    w = field.world
    params = {"unit": "DBP-A", "from": AUG_1.isoformat(), "to": AUG_31.isoformat()}
    response = w.client_for("officer_a").get("/api/v1/reports/fieldwork", params)
    assert response.status_code == 200
    data = response.json()
    assert data["indicators"] == expected(field, {w.commune_a1, w.commune_a2}, AUG_1, AUG_31)
    refused = w.client_for("officer_b").get("/api/v1/reports/fieldwork", params)
    assert refused.status_code == 404
    assert "activities_total" not in refused.content.decode()


@pytest.mark.vietnamese
def test_the_fieldwork_page_names_the_enrollment_figure_of_a_date_or_of_a_period_in_vietnamese(
    field,
):
    client = field.world.client_for("officer_a")
    url = reverse("reports:group", args=["fieldwork"])
    over_period = client.get(url, {"unit": "DBP-A", "from": "2025-08-01", "to": "2025-08-31"})
    html = over_period.content.decode()
    assert "Số đối tượng được hỗ trợ theo chương trình trong kỳ" in html
    assert "tại ngày báo cáo" not in html
    on_date = client.get(url, {"unit": "DBP-A", "on": "2025-08-31"}).content.decode()
    assert "Số đối tượng đang được hỗ trợ theo chương trình tại ngày báo cáo" in on_date
    assert "Số đối tượng được hỗ trợ theo chương trình trong kỳ" not in on_date
