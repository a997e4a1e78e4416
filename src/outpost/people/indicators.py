"""Figures about households, for reports (see outpost.core.indicators)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from outpost.core.indicators import Spec, register_many
from outpost.core.models import valid_on_q
from outpost.people.models import Household


@register_many(
    [
        Spec("households", _("Households"), "Số hộ", "households"),
        Spec(
            "households_near_border",
            _("Households near the border"),
            "Số hộ sát biên giới",
            "households",
        ),
    ]
)
def household_counts(
    *, commune_ids: frozenset[int], on: dt.date, village_ids: frozenset[int] | None = None
) -> dict[str, int]:
    """Both counts in one aggregate query over the households valid on the date."""
    qs = Household.objects.filter(valid_on_q(on), commune_id__in=commune_ids)
    if village_ids is not None:
        qs = qs.filter(village_id__in=village_ids)
    row = qs.order_by().aggregate(
        households=Count("pk"), households_near_border=Count("pk", filter=Q(is_near_border=True))
    )
    return {key: int(value or 0) for key, value in row.items()}
