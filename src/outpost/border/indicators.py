"""Figures about the border line, for the coverage report (see outpost.core.indicators).

The registry carries whole numbers only, so lengths are reported in metres:
`border_m_managed` (all segments) and `border_m_managed_cn` / `_la` / `_kh` (by neighbouring
country); 40.5 km is reported as 40500. A segment counts when it is valid on the date and
lies in one of the unit's communes; for a force unit (a post, or a command and the posts under
it) only when the unit also manages it: two posts sharing a commune each count their own
segments, with their markers and patrols. Patrols count from 1 January of the date's year (or
from `date_from`, for a report over a period) up to and including the date. Border figures are
commune-level: they are left out of village reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Sum
from django.utils.translation import gettext_lazy as _

from outpost.border.models import BorderMarker, BorderSegment, Country, MarkerSelfManagement, Patrol
from outpost.core.indicators import Spec, register_many
from outpost.core.models import valid_on_q

METRES_PER_KM = Decimal(1000)


def km_to_metres(km: Decimal | float | int | None) -> int:
    if km is None:
        return 0
    metres = Decimal(str(km)) * METRES_PER_KM
    return int(metres.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@register_many(
    [
        Spec(
            "border_m_managed",
            _("Border length managed (m)"),
            "Chiều dài biên giới quản lý (m)",
            "metres",
        ),
        Spec(
            "border_m_managed_cn",
            _("Border length managed with China (m)"),
            "Chiều dài biên giới với Trung Quốc (m)",
            "metres",
        ),
        Spec(
            "border_m_managed_la",
            _("Border length managed with Laos (m)"),
            "Chiều dài biên giới với Lào (m)",
            "metres",
        ),
        Spec(
            "border_m_managed_kh",
            _("Border length managed with Cambodia (m)"),
            "Chiều dài biên giới với Campuchia (m)",
            "metres",
        ),
        Spec("markers_total", _("Border markers"), "Số cột mốc", "markers"),
        Spec(
            "markers_self_managed",
            _("Border markers self-managed by households"),
            "Số cột mốc được hộ gia đình tự quản",
            "markers",
        ),
        Spec("patrols_in_year", _("Patrols this year"), "Số lần tuần tra trong năm", "patrols"),
        Spec(
            "residents_joining_patrols",
            _("Residents joining patrols this year"),
            "Số lượt người dân tham gia tuần tra trong năm",
            "people",
        ),
    ]
)
def border_figures(
    *,
    commune_ids: Collection[int],
    on: dt.date,
    date_from: dt.date | None = None,
    force_unit_ids: Collection[int] | None = None,
) -> dict[str, int]:
    segments = BorderSegment.objects.filter(valid_on_q(on), commune_id__in=commune_ids)
    if force_unit_ids is not None:
        segments = segments.filter(post_id__in=force_unit_ids)
    by_country = {
        row["country"]: row["total"]
        for row in segments.order_by().values("country").annotate(total=Sum("length_km"))
    }
    figures = {
        f"border_m_managed_{code.lower()}": km_to_metres(by_country.get(code))
        for code in Country.values
    }
    figures["border_m_managed"] = sum(figures.values())

    managed = MarkerSelfManagement.objects.filter(valid_on_q(on), marker_id=OuterRef("pk"))
    markers = (
        BorderMarker.objects.filter(segment__in=segments)
        .order_by()
        .aggregate(total=Count("pk"), self_managed=Count("pk", filter=Exists(managed)))
    )
    figures["markers_total"] = markers["total"] or 0
    figures["markers_self_managed"] = markers["self_managed"] or 0

    patrols = Patrol.objects.filter(
        segment__commune_id__in=commune_ids,
        date__gte=date_from or dt.date(on.year, 1, 1),
        date__lte=on,
    )
    if force_unit_ids is not None:
        patrols = patrols.filter(post_id__in=force_unit_ids)
    patrol_totals = patrols.order_by().aggregate(
        count=Count("pk"), residents=Sum("residents_joining")
    )
    figures["patrols_in_year"] = patrol_totals["count"] or 0
    figures["residents_joining_patrols"] = patrol_totals["residents"] or 0
    return figures
