"""Figures about households, for reports (see outpost.core.indicators).

The household counts (`households`, `households_near_border`) are registered by
`outpost.assign.indicators`, together with `households_near_border_unassigned`: the three come
from one pass over the unit's households, which has to look at their assignments, and the
assign app is the one that knows both models. Figures about households and residents alone
go here: the villages without Party members among their own people.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from outpost.core.indicators import register
from outpost.core.models import valid_on_q
from outpost.geo.models import Village
from outpost.people.models import Resident


@register(
    label=_("Villages without Party members among their residents"),
    label_vi="Số thôn, bản chưa có đảng viên",
    unit="villages",
)
def villages_without_party_members(
    *, commune_ids: Collection[int], on: dt.date, village_ids: Collection[int] | None = None
) -> int:
    """Villages valid on the date where none of the residents living there on the date (in a
    household of the village valid on it) is a Party member on it: one anti-join count. The
    force's own members taking part in a branch do not count here (see
    `villages_without_force_members_in_branch`)."""
    member = Resident.objects.filter(
        valid_on_q(on),
        valid_on_q(on, "household"),
        Resident.party_member_on_q(on),
        household__village_id=OuterRef("pk"),
    )
    qs = Village.objects.filter(valid_on_q(on), commune_id__in=commune_ids)
    if village_ids is not None:
        qs = qs.filter(pk__in=village_ids)
    return qs.filter(~Exists(member)).order_by().count()
