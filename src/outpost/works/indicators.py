"""Figures about infrastructure works, for the coverage report (see outpost.core.indicators).

The registry holds whole numbers, so concreted road length is reported in metres
(`road_m_concreted`); divide by 1,000 for kilometres (a work's length is recorded in km with
two decimals, so metres lose nothing). A work counts from its completion date: on a date `on`
only the works completed on or before it count; cancelled works never do.

`village_ids` restricts a village report: a work counts there when it serves at least one of
those villages, so a road serving two villages counts whole in each of their reports.
"Villages lit out of all villages" is `villages_lit` over `villages_total`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from outpost.core.indicators import Spec, register_many
from outpost.core.models import valid_on_q
from outpost.geo.models import Village
from outpost.works.models import Work


def completed_works(
    *,
    kind: str,
    commune_ids: Collection[int],
    on: dt.date,
    village_ids: Collection[int] | None = None,
) -> QuerySet[Work]:
    qs = Work.objects.filter(
        kind=kind,
        status=Work.Status.COMPLETED,
        completed_on__lte=on,
        commune_id__in=commune_ids,
    )
    if village_ids is not None:
        served = Work.villages.through.objects.filter(village_id__in=village_ids)
        qs = qs.filter(pk__in=served.values("work_id"))
    return qs


def _served(kind: str, on: dt.date) -> Exists:
    return Exists(
        Work.villages.through.objects.filter(
            village_id=OuterRef("pk"),
            work__kind=kind,
            work__status=Work.Status.COMPLETED,
            work__completed_on__lte=on,
        )
    )


def _round(value: Decimal | None) -> int:
    return int((value or Decimal("0")).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


@register_many(
    [
        Spec(
            "road_m_concreted", _("Roads concreted (m)"), "Số mét đường được bê tông hóa", "metres"
        ),
        Spec("houses_built", _("Houses built"), "Số nhà được xây dựng", "houses"),
    ]
)
def work_quantity_figures(
    *, commune_ids: Collection[int], on: dt.date, village_ids: Collection[int] | None = None
) -> dict[str, int]:
    """Concreted road length (km recorded, metres reported) and houses built: one aggregate
    over the completed works."""
    qs = Work.objects.filter(
        status=Work.Status.COMPLETED, completed_on__lte=on, commune_id__in=commune_ids
    )
    if village_ids is not None:
        served = Work.villages.through.objects.filter(village_id__in=village_ids)
        qs = qs.filter(pk__in=served.values("work_id"))
    row = qs.order_by().aggregate(
        road_km=Sum(
            "quantity", filter=Q(kind=Work.Kind.ROAD_CONCRETING, quantity_unit=Work.Unit.KM)
        ),
        houses=Sum("quantity", filter=Q(kind=Work.Kind.HOUSE, quantity_unit=Work.Unit.HOUSES)),
    )
    return {
        "road_m_concreted": _round((row["road_km"] or Decimal("0")) * 1000),
        "houses_built": _round(row["houses"]),
    }


def road_m_concreted(
    *, commune_ids: Collection[int], on: dt.date, village_ids: Collection[int] | None = None
) -> int:
    figures = work_quantity_figures(commune_ids=commune_ids, on=on, village_ids=village_ids)
    return figures["road_m_concreted"]


def houses_built(
    *, commune_ids: Collection[int], on: dt.date, village_ids: Collection[int] | None = None
) -> int:
    return work_quantity_figures(commune_ids=commune_ids, on=on, village_ids=village_ids)[
        "houses_built"
    ]


def road_km_concreted(
    *, commune_ids: Collection[int], on: dt.date, village_ids: Collection[int] | None = None
) -> Decimal:
    """The same length in km, rounded to 0.1, for pages (not in the registry: it is not an int)."""
    metres = road_m_concreted(commune_ids=commune_ids, on=on, village_ids=village_ids)
    return (Decimal(metres) / 1000).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@register_many(
    [
        Spec(
            "villages_with_concreted_road",
            _("Villages with a concreted road"),
            "Số thôn, bản có đường bê tông",
            "villages",
        ),
        Spec(
            "villages_lit",
            _("Villages with lighting"),
            "Số thôn, bản có điện chiếu sáng",
            "villages",
        ),
        Spec("villages_total", _("Villages"), "Tổng số thôn, bản", "villages"),
    ]
)
def village_work_figures(
    *, commune_ids: Collection[int], on: dt.date, village_ids: Collection[int] | None = None
) -> dict[str, int]:
    """The villages valid on the date, and those served by a completed road or lighting work:
    one aggregate over the villages with two semi-joins."""
    qs = Village.objects.filter(valid_on_q(on), commune_id__in=commune_ids)
    if village_ids is not None:
        qs = qs.filter(pk__in=village_ids)
    row = qs.order_by().aggregate(
        villages_with_concreted_road=Count("pk", filter=Q(_served(Work.Kind.ROAD_CONCRETING, on))),
        villages_lit=Count("pk", filter=Q(_served(Work.Kind.LIGHTING, on))),
        villages_total=Count("pk"),
    )
    return {key: int(value or 0) for key, value in row.items()}
