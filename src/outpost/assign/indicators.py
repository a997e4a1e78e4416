"""Figures about assignments, for the coverage report (see outpost.core.indicators).

Each figure is one aggregate query (COUNT DISTINCT or an anti-join), whatever the number of
households: no row reaches Python. `commune_ids` are the communes making up the reported unit
on the date `on` (old communes for dates before the 2025 merger), `village_ids` restricts a
village report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from outpost.assign.models import BranchMembership, CommitteeSeat, HouseholdAssignment
from outpost.core.indicators import register
from outpost.core.models import valid_on_q
from outpost.force.models import Cadre
from outpost.geo.models import AdminUnit, Village
from outpost.people.models import Household


def _party_member_on(on: dt.date, prefix: str = "cadre") -> Q:
    return Q(**{f"{prefix}__party_joined_on__lte": on}) & (
        Q(**{f"{prefix}__party_left_on__isnull": True}) | Q(**{f"{prefix}__party_left_on__gt": on})
    )


def _count(qs: QuerySet, field: str) -> int:
    return int(qs.order_by().aggregate(n=Count(field, distinct=True))["n"] or 0)


def _household_assignments(
    commune_ids: Collection[int], on: dt.date, village_ids: Collection[int] | None
) -> QuerySet[HouseholdAssignment]:
    qs = HouseholdAssignment.objects.filter(
        valid_on_q(on), valid_on_q(on, "household"), household__commune_id__in=commune_ids
    )
    if village_ids is not None:
        qs = qs.filter(household__village_id__in=village_ids)
    return qs


def _memberships(
    commune_ids: Collection[int], on: dt.date, village_ids: Collection[int] | None
) -> QuerySet[BranchMembership]:
    qs = BranchMembership.objects.filter(
        valid_on_q(on), valid_on_q(on, "branch"), branch__village__commune_id__in=commune_ids
    )
    if village_ids is not None:
        qs = qs.filter(branch__village_id__in=village_ids)
    return qs


def _officer_seats(on: dt.date) -> QuerySet[CommitteeSeat]:
    return CommitteeSeat.objects.filter(valid_on_q(on), cadre__category=Cadre.Category.OFFICER)


@register(
    label=_("Party members assisting households"),
    label_vi="Số đảng viên được phân công giúp đỡ hộ",
    unit="people",
)
def party_members_assisting_households(
    *, commune_ids: Collection[int], on: dt.date, village_ids: Collection[int] | None = None
) -> int:
    qs = _household_assignments(commune_ids, on, village_ids).filter(_party_member_on(on))
    return _count(qs, "cadre_id")


@register(label=_("Households assisted"), label_vi="Số hộ được giúp đỡ", unit="households")
def households_assisted(
    *, commune_ids: Collection[int], on: dt.date, village_ids: Collection[int] | None = None
) -> int:
    return _count(_household_assignments(commune_ids, on, village_ids), "household_id")


@register(
    label=_("Households near the border without anyone in charge"),
    label_vi="Số hộ sát biên giới chưa có đảng viên phụ trách",
    unit="households",
)
def households_near_border_unassigned(
    *, commune_ids: Collection[int], on: dt.date, village_ids: Collection[int] | None = None
) -> int:
    covered = HouseholdAssignment.objects.filter(valid_on_q(on), household_id=OuterRef("pk"))
    qs = Household.objects.filter(valid_on_q(on), commune_id__in=commune_ids, is_near_border=True)
    if village_ids is not None:
        qs = qs.filter(village_id__in=village_ids)
    return qs.filter(~Exists(covered)).order_by().count()


@register(
    label=_("Party members taking part in village Party branches"),
    label_vi="Số đảng viên tham gia sinh hoạt chi bộ thôn, bản",
    unit="people",
)
def party_members_in_village_branches(
    *, commune_ids: Collection[int], on: dt.date, village_ids: Collection[int] | None = None
) -> int:
    qs = _memberships(commune_ids, on, village_ids).filter(_party_member_on(on))
    return _count(qs, "cadre_id")


@register(
    label=_("Village Party branches with the post's members"),
    label_vi="Số chi bộ thôn, bản có đảng viên Đồn tham gia sinh hoạt",
    unit="branches",
)
def village_branches_with_members(
    *, commune_ids: Collection[int], on: dt.date, village_ids: Collection[int] | None = None
) -> int:
    return _count(_memberships(commune_ids, on, village_ids), "branch_id")


@register(
    label=_("Villages without the post's Party members"),
    label_vi="Số thôn, bản chưa có đảng viên Đồn tham gia sinh hoạt",
    unit="villages",
)
def villages_without_party_members(
    *, commune_ids: Collection[int], on: dt.date, village_ids: Collection[int] | None = None
) -> int:
    member = BranchMembership.objects.filter(
        valid_on_q(on), valid_on_q(on, "branch"), branch__village_id=OuterRef("pk")
    )
    qs = Village.objects.filter(valid_on_q(on), commune_id__in=commune_ids)
    if village_ids is not None:
        qs = qs.filter(pk__in=village_ids)
    return qs.filter(~Exists(member)).order_by().count()


@register(
    label=_("Officers in commune Party committees"),
    label_vi="Số cán bộ tham gia cấp ủy xã",
    unit="people",
)
def officers_in_commune_committees(*, commune_ids: Collection[int], on: dt.date) -> int:
    return _count(_officer_seats(on).filter(unit_id__in=commune_ids), "cadre_id")


@register(
    label=_("Border communes with an officer in the Party committee"),
    label_vi="Số xã biên giới có cán bộ Biên phòng tham gia cấp ủy",
    unit="communes",
)
def border_communes_with_officer(*, commune_ids: Collection[int], on: dt.date) -> int:
    qs = _officer_seats(on).filter(unit_id__in=commune_ids, unit__is_border=True)
    return _count(qs, "unit_id")


@register(
    label=_("Officers in district Party committees"),
    label_vi="Số cán bộ tham gia cấp ủy huyện",
    unit="people",
)
def officers_in_district_committees(*, commune_ids: Collection[int], on: dt.date) -> int:
    districts = AdminUnit.objects.filter(pk__in=commune_ids).values("parent_id")
    qs = _officer_seats(on).filter(unit__level=AdminUnit.Level.DISTRICT, unit_id__in=districts)
    return _count(qs, "cadre_id")
