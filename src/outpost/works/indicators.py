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

from django.db.models import Count, DecimalField, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from outpost.core.indicators import Spec, register_many
from outpost.core.models import valid_on_q
from outpost.geo.models import AdminUnit, Village
from outpost.works.models import Work


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


def _per_commune(qs: QuerySet, total: Count | Sum) -> Coalesce:
    """A scalar subquery giving one commune's figure (0 when it has no rows)."""
    grouped = qs.filter(commune_id=OuterRef("pk")).order_by().values("commune_id")
    return Coalesce(Subquery(grouped.annotate(total=total).values("total")[:1]), 0)


@register_many(
    [
        Spec(
            "road_m_concreted", _("Roads concreted (m)"), "Số mét đường được bê tông hóa", "metres"
        ),
        Spec("houses_built", _("Houses built"), "Số nhà được xây dựng", "houses"),
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
def work_figures(
    *, commune_ids: Collection[int], on: dt.date, village_ids: Collection[int] | None = None
) -> dict[str, int]:
    """Every works figure in one query: over the unit's communes, a subquery per commune for
    the completed works' quantities and one for its villages (valid on the date) served by a
    completed road or lighting work."""
    works = Work.objects.filter(status=Work.Status.COMPLETED, completed_on__lte=on)
    villages = Village.objects.filter(valid_on_q(on))
    if village_ids is not None:
        served = Work.villages.through.objects.filter(village_id__in=village_ids)
        works = works.filter(pk__in=served.values("work_id"))
        villages = villages.filter(pk__in=village_ids)
    decimal = DecimalField(max_digits=14, decimal_places=2)
    road_km = Sum(
        "quantity",
        filter=Q(kind=Work.Kind.ROAD_CONCRETING, quantity_unit=Work.Unit.KM),
        output_field=decimal,
    )
    houses = Sum(
        "quantity",
        filter=Q(kind=Work.Kind.HOUSE, quantity_unit=Work.Unit.HOUSES),
        output_field=decimal,
    )
    row = (
        AdminUnit.objects.filter(pk__in=commune_ids)
        .order_by()
        .aggregate(
            road_km=Sum(_per_commune(works, road_km), output_field=decimal),
            houses=Sum(_per_commune(works, houses), output_field=decimal),
            villages_with_concreted_road=Sum(
                _per_commune(
                    villages, Count("pk", filter=Q(_served(Work.Kind.ROAD_CONCRETING, on)))
                )
            ),
            villages_lit=Sum(
                _per_commune(villages, Count("pk", filter=Q(_served(Work.Kind.LIGHTING, on))))
            ),
            villages_total=Sum(_per_commune(villages, Count("pk"))),
        )
    )
    return {
        "road_m_concreted": _round(Decimal(row["road_km"] or 0) * 1000),
        "houses_built": _round(Decimal(row["houses"] or 0)),
        "villages_with_concreted_road": int(row["villages_with_concreted_road"] or 0),
        "villages_lit": int(row["villages_lit"] or 0),
        "villages_total": int(row["villages_total"] or 0),
    }


def road_m_concreted(
    *, commune_ids: Collection[int], on: dt.date, village_ids: Collection[int] | None = None
) -> int:
    figures = work_figures(commune_ids=commune_ids, on=on, village_ids=village_ids)
    return figures["road_m_concreted"]


def houses_built(
    *, commune_ids: Collection[int], on: dt.date, village_ids: Collection[int] | None = None
) -> int:
    return work_figures(commune_ids=commune_ids, on=on, village_ids=village_ids)["houses_built"]


def road_km_concreted(
    *, commune_ids: Collection[int], on: dt.date, village_ids: Collection[int] | None = None
) -> Decimal:
    """The same length in km, rounded to 0.1, for pages (not in the registry: it is not an int)."""
    metres = road_m_concreted(commune_ids=commune_ids, on=on, village_ids=village_ids)
    return (Decimal(metres) / 1000).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
