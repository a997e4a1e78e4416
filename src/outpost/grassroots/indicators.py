"""Figures about village Party branches, for the coverage report (see outpost.core.indicators)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from outpost.core.indicators import register
from outpost.core.models import valid_on_q
from outpost.geo.models import Village
from outpost.grassroots.models import PartyBranch


@register(
    label=_("Villages without a Party branch"),
    label_vi="Số thôn, bản chưa có chi bộ",
    unit="villages",
)
def villages_without_party_branch(
    *, commune_ids: Collection[int], on: dt.date, village_ids: Collection[int] | None = None
) -> int:
    """Villages valid on the date with no Party branch valid on it: one anti-join count."""
    branch = PartyBranch.objects.filter(valid_on_q(on), village_id=OuterRef("pk"))
    qs = Village.objects.filter(valid_on_q(on), commune_id__in=commune_ids)
    if village_ids is not None:
        qs = qs.filter(pk__in=village_ids)
    return qs.filter(~Exists(branch)).order_by().count()
