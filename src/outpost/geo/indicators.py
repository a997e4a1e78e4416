"""Figures about administrative units, for reports (see outpost.core.indicators)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from outpost.core.indicators import register
from outpost.core.models import valid_on_q
from outpost.geo.borders import border_unit_ids
from outpost.geo.models import AdminUnit


@register(label=_("Border communes"), label_vi="Số xã biên giới", unit="communes")
def border_communes(*, commune_ids: frozenset[int], on: dt.date) -> int:
    """Communes flagged as border communes on the date: in 2024 the old communes, in 2026
    the merged ones."""
    return (
        AdminUnit.objects.filter(
            valid_on_q(on),
            pk__in=commune_ids,
            level=AdminUnit.Level.COMMUNE,
        )
        .filter(pk__in=border_unit_ids(on))
        .order_by()
        .count()
    )
