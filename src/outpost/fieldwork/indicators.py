"""Field work figures for reports (see outpost.core.indicators and the `fieldwork` report
group). The queries are in `outpost.fieldwork.selectors.figures`; its docstring says which
records count where, and how a period before the 2025 reorganisation is handled.

Every figure counts what happened in a period: from 1 January of the report date's year to the
date, or over a report's period (`date_from` to the date). Enrollments are counted two ways:
`enrollments_active` (and `enrollments_active_<program>`) are those active on the date (the
period's last day), `enrollments_active_in_period` (and `enrollments_in_period_<program>`)
those active on at least one day of the period. A report on a date shows the first, a report
over a period the second (`only_in`).

The registry holds whole numbers, so:
- the area converted to crops is in square metres (`crop_area_converted_m2`; a conversion's
  area is recorded in hectares with two decimals, so nothing is lost: divide by 10,000);
- money is in VND (`loan_amount_vnd`, `support_paid_vnd`).

Kinds of activity and programs are data, but the registry's keys are fixed: there is one
figure per preloaded kind (`activities_<code>`, `people_reached_<code>`) and per preloaded
force-wide program (`enrollments_active_<code>`, `enrollments_in_period_<code>`,
`support_paid_vnd_<code>`, hyphens as underscores). Kinds and programs added later count in
the totals and show in the breakdowns (`activities_by_kind`, `enrollments_by_program`,
`conversions_by_crop` in the selectors).

Support paid = monthly support x the calendar months of the period whose first day the
enrollment is active on (started_on <= that day < ended_on). An enrollment from 15 March to
10 June (exclusive) is paid for April, May and June: 3 months.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from outpost.core.indicators import Spec, register_many
from outpost.fieldwork.selectors import figures
from outpost.fieldwork.selectors.figures import EnrollmentTotals, Period

NO_ENROLLMENTS = EnrollmentTotals(active_on_last_day=0, active_in_period=0, paid=0)

# The preloaded kinds (fieldwork migration 0002): code, English and Vietnamese name as shown
# in a figure's label.
KINDS: tuple[tuple[str, object, str], ...] = (
    ("household_visit", _("household visits"), "thăm hộ gia đình"),
    ("production_guidance", _("production guidance"), "hướng dẫn sản xuất"),
    ("loan_facilitation", _("loan facilitation"), "hỗ trợ vay vốn"),
    ("house_building", _("house building or repair"), "xây, sửa nhà"),
    ("gift_visit", _("gifts and visits"), "thăm, tặng quà"),
    ("medical_care", _("medical care"), "khám, chữa bệnh"),
    ("teaching", _("teaching"), "dạy học, xóa mù chữ"),
    ("legal_propaganda", _("legal propaganda sessions"), "tuyên truyền pháp luật"),
    ("disaster_prevention", _("disaster prevention or evacuation"), "phòng chống thiên tai"),
    ("disaster_rebuilding", _("rebuilding after disasters"), "khắc phục hậu quả thiên tai"),
    ("road_sanitation", _("road or sanitation work"), "làm đường, vệ sinh môi trường"),
    ("other", _("other activities"), "hoạt động khác"),
)

# The preloaded force-wide programs: code, English and Vietnamese name.
PROGRAMS: tuple[tuple[str, object, str], ...] = (
    ("nang-buoc-em-toi-truong", _("Helping children to school"), "Nâng bước em tới trường"),
    (
        "con-nuoi-don-bien-phong",
        _("Children adopted by the border post"),
        "Con nuôi Đồn Biên phòng",
    ),
    (
        "dong-hanh-cung-phu-nu-bien-cuong",
        _("Accompanying border women"),
        "Đồng hành cùng phụ nữ biên cương",
    ),
    (
        "xuan-bien-phong-am-long-dan-ban",
        _("Border Guard spring warms the villages"),
        "Xuân Biên phòng ấm lòng dân bản",
    ),
    (
        "mai-am-cho-nguoi-ngheo-noi-bien-gioi",
        _("Homes for the poor at the border"),
        "Mái ấm cho người nghèo nơi biên giới",
    ),
)


def program_key(code: str) -> str:
    return code.replace("-", "_")


def _specs() -> list[Spec]:
    """Totals and kinds, outcomes, programs, disasters: the order reports show them in."""
    specs: list[Spec] = [
        Spec("activities_total", _("Activities"), "Số hoạt động", "activities"),
        Spec(
            "people_reached_total",
            _("People reached by activities"),
            "Số lượt người được tiếp cận",
            "people",
        ),
    ]
    for code, name, name_vi in KINDS:
        specs.append(
            Spec(
                f"activities_{code}",
                format_lazy(_("Activities: {kind}"), kind=name),
                f"Số hoạt động: {name_vi}",
                "activities",
            )
        )
        specs.append(
            Spec(
                f"people_reached_{code}",
                format_lazy(_("People reached: {kind}"), kind=name),
                f"Số lượt người được tiếp cận: {name_vi}",
                "people",
            )
        )
    specs += [
        Spec("households_visited", _("Households visited"), "Số hộ được thăm", "households"),
        Spec("crop_conversions", _("Crop conversions"), "Số lượt chuyển đổi cây trồng", "records"),
        Spec(
            "crop_area_converted_m2",
            _("Area converted to new crops (m²)"),
            "Diện tích chuyển đổi cây trồng (m²)",
            "square metres",
        ),
        Spec(
            "livestock_conversions",
            _("Livestock conversions"),
            "Số lượt chuyển đổi vật nuôi",
            "records",
        ),
        Spec(
            "livestock_heads_converted",
            _("Head of livestock in conversions"),
            "Số con vật nuôi chuyển đổi",
            "head",
        ),
        Spec("loans_facilitated", _("Loans facilitated"), "Số khoản vay được hỗ trợ", "loans"),
        Spec(
            "loan_amount_vnd",
            _("Amount of loans facilitated (VND)"),
            "Tổng số tiền vay được hỗ trợ (đồng)",
            "VND",
        ),
        Spec(
            "houses_built_for_households",
            _("Houses built for households"),
            "Số nhà được xây mới cho hộ",
            "houses",
        ),
        Spec(
            "houses_repaired_for_households",
            _("Houses repaired for households"),
            "Số nhà được sửa chữa cho hộ",
            "houses",
        ),
        Spec(
            "enrollments_active",
            _("Enrollments active on the date"),
            "Số đối tượng đang được hỗ trợ theo chương trình tại ngày báo cáo",
            "enrollments",
            only_in="date",
        ),
        Spec(
            "enrollments_active_in_period",
            _("Enrollments active at some time in the period"),
            "Số đối tượng được hỗ trợ theo chương trình trong kỳ",
            "enrollments",
            only_in="period",
        ),
        Spec(
            "support_paid_vnd",
            _("Support paid through programs (VND)"),
            "Tổng kinh phí hỗ trợ theo chương trình (đồng)",
            "VND",
        ),
    ]
    for code, name, name_vi in PROGRAMS:
        specs.append(
            Spec(
                f"enrollments_active_{program_key(code)}",
                format_lazy(_("Enrollments active on the date: {program}"), program=name),
                f"Số đối tượng đang được hỗ trợ tại ngày báo cáo: {name_vi}",
                "enrollments",
                only_in="date",
            )
        )
        specs.append(
            Spec(
                f"enrollments_in_period_{program_key(code)}",
                format_lazy(
                    _("Enrollments active at some time in the period: {program}"), program=name
                ),
                f"Số đối tượng được hỗ trợ trong kỳ: {name_vi}",
                "enrollments",
                only_in="period",
            )
        )
        specs.append(
            Spec(
                f"support_paid_vnd_{program_key(code)}",
                format_lazy(_("Support paid (VND): {program}"), program=name),
                f"Kinh phí hỗ trợ (đồng): {name_vi}",
                "VND",
            )
        )
    specs += [
        Spec("people_evacuated", _("People evacuated"), "Số người được sơ tán", "people"),
        Spec("households_evacuated", _("Households evacuated"), "Số hộ được sơ tán", "households"),
        Spec(
            "damage_repairs",
            _("Disaster damage repairs"),
            "Số lượt khắc phục thiệt hại do thiên tai",
            "repairs",
        ),
        Spec(
            "cadres_deployed",
            _("Cadres deployed for disasters"),
            "Số lượt cán bộ, chiến sĩ tham gia ứng phó thiên tai",
            "cadres",
        ),
        Spec(
            "cadre_days_deployed",
            _("Cadre-days deployed for disasters"),
            "Số ngày công cán bộ, chiến sĩ ứng phó thiên tai",
            "days",
        ),
    ]
    return specs


SPECS = _specs()


@register_many(SPECS)
def fieldwork_figures(
    *,
    commune_ids: Collection[int],
    on: dt.date,
    village_ids: Collection[int] | None = None,
    date_from: dt.date | None = None,
) -> dict[str, int]:
    """Every field work figure in five queries: the communes' lineage, activities grouped by
    kind (and the kinds' codes), enrollments grouped by program, and one row of scalar
    subqueries for the rest."""
    w = figures.where(commune_ids, Period.year_to(on, date_from), village_ids)
    if not w.communes:
        return dict.fromkeys((spec.key for spec in SPECS), 0)
    by_kind = figures.activity_totals_by_kind(w)
    by_program = figures.enrollment_totals_by_program(w)
    result = {
        "activities_total": sum(n for n, _people in by_kind.values()),
        "people_reached_total": sum(people for _n, people in by_kind.values()),
        **figures.record_totals(w),
        "enrollments_active": sum(t.active_on_last_day for t in by_program.values()),
        "enrollments_active_in_period": sum(t.active_in_period for t in by_program.values()),
        "support_paid_vnd": sum(t.paid for t in by_program.values()),
    }
    for code, _name, _name_vi in KINDS:
        n, people = by_kind.get(code, (0, 0))
        result[f"activities_{code}"] = n
        result[f"people_reached_{code}"] = people
    for code, _name, _name_vi in PROGRAMS:
        totals = by_program.get(code, NO_ENROLLMENTS)
        result[f"enrollments_active_{program_key(code)}"] = totals.active_on_last_day
        result[f"enrollments_in_period_{program_key(code)}"] = totals.active_in_period
        result[f"support_paid_vnd_{program_key(code)}"] = totals.paid
    return result
