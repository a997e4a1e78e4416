"""Figures about assignments, for the coverage report (see outpost.core.indicators).

Each group of figures is one aggregate query (COUNT DISTINCT with filters, or an anti-join),
whatever the number of households: no row reaches Python. Figures that read the same rows are
computed together (`register_many`); the single-figure functions are kept for callers that
want one number. `commune_ids` are the communes making up the reported unit
on the date `on` (old communes for dates before the 2025 merger), `village_ids` restricts a
village report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from django.db.models import Count, DateField, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from outpost.assign.models import BranchMembership, CommitteeSeat, HouseholdAssignment
from outpost.core.indicators import Spec, register, register_many
from outpost.core.models import valid_on_q
from outpost.force.models import Cadre
from outpost.geo.borders import border_unit_ids
from outpost.geo.models import AdminUnit, Village
from outpost.people.models import Household


def _party_member_on(on: dt.date, prefix: str = "cadre") -> Q:
    return Q(**{f"{prefix}__party_joined_on__lte": on}) & (
        Q(**{f"{prefix}__party_left_on__isnull": True}) | Q(**{f"{prefix}__party_left_on__gt": on})
    )


def _count(qs: QuerySet, field: str) -> int:
    return int(qs.order_by().aggregate(n=Count(field, distinct=True))["n"] or 0)


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


def _ints(row: dict[str, int | None]) -> dict[str, int]:
    return {key: int(value or 0) for key, value in row.items()}


def _valid_on_unindexed(on: dt.date, prefix: str = "") -> Q:
    """The same rows as `valid_on_q`, written as `COALESCE(valid_from, min) <= on AND
    COALESCE(valid_to, max) > on` so that no index on the validity columns serves it. Every
    row of a table passes those columns' indexes (most rows have no end), yet SQLite would walk
    one of them and read the whole table instead of joining on a selective key."""
    p = f"{prefix}__" if prefix else ""
    start = Coalesce(F(f"{p}valid_from"), Value(dt.date.min, output_field=DateField()))
    end = Coalesce(F(f"{p}valid_to"), Value(dt.date.max, output_field=DateField()))
    return Q(LessThanOrEqual(start, on)) & Q(GreaterThan(end, on))


@register_many(
    [
        Spec("households", _("Households"), "Số hộ", "households"),
        Spec(
            "households_near_border",
            _("Households near the border"),
            "Số hộ sát biên giới",
            "households",
        ),
        Spec(
            "households_near_border_unassigned",
            _("Households near the border without anyone in charge"),
            "Số hộ sát biên giới chưa có đảng viên phụ trách",
            "households",
        ),
    ]
)
def household_figures(
    *, commune_ids: Collection[int], on: dt.date, village_ids: Collection[int] | None = None
) -> dict[str, int]:
    """The households valid on the date, those near the border, and those near the border
    with no assignment valid on the date: one pass over the unit's households (found through
    their commune), looking up assignments only for the households near the border."""
    covered = HouseholdAssignment.objects.filter(valid_on_q(on), household_id=OuterRef("pk"))
    qs = Household.objects.filter(valid_on_q(on), commune_id__in=commune_ids)
    if village_ids is not None:
        qs = qs.filter(village_id__in=village_ids)
    row = qs.order_by().aggregate(
        households=Count("pk"),
        households_near_border=Count("pk", filter=Q(is_near_border=True)),
        households_near_border_unassigned=Count(
            "pk", filter=Q(is_near_border=True) & Q(~Exists(covered))
        ),
    )
    return _ints(row)


@register_many(
    [
        Spec(
            "party_members_assisting_households",
            _("Party members assisting households"),
            "Số đảng viên được phân công giúp đỡ hộ",
            "people",
        ),
        Spec("households_assisted", _("Households assisted"), "Số hộ được giúp đỡ", "households"),
    ]
)
def household_assignment_figures(
    *, commune_ids: Collection[int], on: dt.date, village_ids: Collection[int] | None = None
) -> dict[str, int]:
    """The households with an assignment valid on the date and the Party members holding
    those assignments, in one aggregate query over the assignments joined to their households
    (the database starts from the unit's households or from the assignments, whichever is
    fewer)."""
    qs = HouseholdAssignment.objects.filter(
        _valid_on_unindexed(on),
        valid_on_q(on, "household"),
        household__commune_id__in=commune_ids,
    )
    if village_ids is not None:
        qs = qs.filter(household__village_id__in=village_ids)
    row = qs.order_by().aggregate(
        party_members_assisting_households=Count(
            "cadre_id", distinct=True, filter=_party_member_on(on)
        ),
        households_assisted=Count("household_id", distinct=True),
    )
    return _ints(row)


def party_members_assisting_households(
    *, commune_ids: Collection[int], on: dt.date, village_ids: Collection[int] | None = None
) -> int:
    figures = household_assignment_figures(commune_ids=commune_ids, on=on, village_ids=village_ids)
    return figures["party_members_assisting_households"]


def households_assisted(
    *, commune_ids: Collection[int], on: dt.date, village_ids: Collection[int] | None = None
) -> int:
    figures = household_assignment_figures(commune_ids=commune_ids, on=on, village_ids=village_ids)
    return figures["households_assisted"]


def households_near_border_unassigned(
    *, commune_ids: Collection[int], on: dt.date, village_ids: Collection[int] | None = None
) -> int:
    figures = household_figures(commune_ids=commune_ids, on=on, village_ids=village_ids)
    return figures["households_near_border_unassigned"]


@register_many(
    [
        Spec(
            "party_members_in_village_branches",
            _("Party members taking part in village Party branches"),
            "Số đảng viên tham gia sinh hoạt chi bộ thôn, bản",
            "people",
        ),
        Spec(
            "village_branches_with_members",
            _("Village Party branches with the post's members"),
            "Số chi bộ thôn, bản có đảng viên Đồn tham gia sinh hoạt",
            "branches",
        ),
    ]
)
def branch_membership_figures(
    *, commune_ids: Collection[int], on: dt.date, village_ids: Collection[int] | None = None
) -> dict[str, int]:
    """Both branch figures in one aggregate query over the memberships valid on the date."""
    row = (
        _memberships(commune_ids, on, village_ids)
        .order_by()
        .aggregate(
            party_members_in_village_branches=Count(
                "cadre_id", distinct=True, filter=_party_member_on(on)
            ),
            village_branches_with_members=Count("branch_id", distinct=True),
        )
    )
    return _ints(row)


def party_members_in_village_branches(
    *, commune_ids: Collection[int], on: dt.date, village_ids: Collection[int] | None = None
) -> int:
    figures = branch_membership_figures(commune_ids=commune_ids, on=on, village_ids=village_ids)
    return figures["party_members_in_village_branches"]


def village_branches_with_members(
    *, commune_ids: Collection[int], on: dt.date, village_ids: Collection[int] | None = None
) -> int:
    figures = branch_membership_figures(commune_ids=commune_ids, on=on, village_ids=village_ids)
    return figures["village_branches_with_members"]


@register(
    label=_("Villages where no Party member of the force takes part in the branch"),
    label_vi="Số thôn, bản chưa có đảng viên Bộ đội Biên phòng tham gia sinh hoạt chi bộ",
    unit="villages",
)
def villages_without_force_members_in_branch(
    *, commune_ids: Collection[int], on: dt.date, village_ids: Collection[int] | None = None
) -> int:
    """Villages valid on the date with no membership valid on it in a branch of theirs. Not
    the villages without Party members (`villages_without_party_members`, the village's own
    people), which is a figure of the people app."""
    member = BranchMembership.objects.filter(
        valid_on_q(on), valid_on_q(on, "branch"), branch__village_id=OuterRef("pk")
    )
    qs = Village.objects.filter(valid_on_q(on), commune_id__in=commune_ids)
    if village_ids is not None:
        qs = qs.filter(pk__in=village_ids)
    return qs.filter(~Exists(member)).order_by().count()


@register_many(
    [
        Spec(
            "officers_in_commune_committees",
            _("Officers in commune Party committees"),
            "Số cán bộ tham gia cấp ủy xã",
            "people",
        ),
        Spec(
            "border_communes_with_officer",
            _("Border communes with an officer in the Party committee"),
            "Số xã biên giới có cán bộ Biên phòng tham gia cấp ủy",
            "communes",
        ),
    ]
)
def commune_committee_figures(*, commune_ids: Collection[int], on: dt.date) -> dict[str, int]:
    """Both commune committee figures in one aggregate query over the officers' seats."""
    row = (
        _officer_seats(on)
        .filter(unit_id__in=commune_ids)
        .order_by()
        .aggregate(
            officers_in_commune_committees=Count("cadre_id", distinct=True),
            border_communes_with_officer=Count(
                "unit_id", distinct=True, filter=Q(unit_id__in=border_unit_ids(on))
            ),
        )
    )
    return _ints(row)


def officers_in_commune_committees(*, commune_ids: Collection[int], on: dt.date) -> int:
    return commune_committee_figures(commune_ids=commune_ids, on=on)[
        "officers_in_commune_committees"
    ]


def border_communes_with_officer(*, commune_ids: Collection[int], on: dt.date) -> int:
    return commune_committee_figures(commune_ids=commune_ids, on=on)["border_communes_with_officer"]


def _district_ids(commune_ids: Collection[int]) -> QuerySet[AdminUnit, Any]:
    """The districts the communes lay in (before 2025; after it a commune's parent is its
    province, which holds no committee seats)."""
    return AdminUnit.objects.filter(pk__in=commune_ids).values("parent_id")


def officers_in_district_committees(*, commune_ids: Collection[int], on: dt.date) -> int:
    return committee_seat_figures(commune_ids=commune_ids, on=on)["officers_in_district_committees"]


# --- committee seats by role ------------------------------------------------------------------

Role = CommitteeSeat.Role

# Seats held by officers, per committee level and role: key, role, English and Vietnamese label.
SEAT_FIGURES: tuple[tuple[str, str, str, object, str], ...] = (
    (
        "commune_committee_secretaries",
        AdminUnit.Level.COMMUNE,
        Role.SECRETARY,
        _("Secretaries of commune Party committees held by officers"),
        "Số cán bộ Biên phòng giữ chức Bí thư Đảng ủy xã",
    ),
    (
        "commune_committee_deputy_secretaries",
        AdminUnit.Level.COMMUNE,
        Role.DEPUTY_SECRETARY,
        _("Deputy Secretaries of commune Party committees held by officers"),
        "Số cán bộ Biên phòng giữ chức Phó Bí thư Đảng ủy xã",
    ),
    (
        "commune_committee_standing_members",
        AdminUnit.Level.COMMUNE,
        Role.STANDING_MEMBER,
        _("Standing Committee members of commune Party committees held by officers"),
        "Số cán bộ Biên phòng là Ủy viên Ban Thường vụ Đảng ủy xã",
    ),
    (
        "commune_committee_members",
        AdminUnit.Level.COMMUNE,
        Role.MEMBER,
        _("Members of commune Party committees held by officers"),
        "Số cán bộ Biên phòng là Đảng ủy viên xã",
    ),
    (
        "district_committee_secretaries",
        AdminUnit.Level.DISTRICT,
        Role.SECRETARY,
        _("Secretaries of district Party committees held by officers"),
        "Số cán bộ Biên phòng giữ chức Bí thư Huyện ủy",
    ),
    (
        "district_committee_deputy_secretaries",
        AdminUnit.Level.DISTRICT,
        Role.DEPUTY_SECRETARY,
        _("Deputy Secretaries of district Party committees held by officers"),
        "Số cán bộ Biên phòng giữ chức Phó Bí thư Huyện ủy",
    ),
    (
        "district_committee_standing_members",
        AdminUnit.Level.DISTRICT,
        Role.STANDING_MEMBER,
        _("Standing Committee members of district Party committees held by officers"),
        "Số cán bộ Biên phòng là Ủy viên Ban Thường vụ Huyện ủy",
    ),
    (
        "district_committee_members",
        AdminUnit.Level.DISTRICT,
        Role.MEMBER,
        _("Members of district Party committees held by officers"),
        "Số cán bộ Biên phòng là Huyện ủy viên",
    ),
)


@register_many(
    [
        Spec(
            "officers_in_district_committees",
            _("Officers in district Party committees"),
            "Số cán bộ tham gia cấp ủy huyện",
            "people",
        ),
        *(
            Spec(key, label, label_vi, "people")
            for key, _level, _role, label, label_vi in SEAT_FIGURES
        ),
    ]
)
def committee_seat_figures(*, commune_ids: Collection[int], on: dt.date) -> dict[str, int]:
    """The officers holding a seat on the date, per committee level and role, and those on a
    district committee whatever their role: on the committees of the unit's communes and,
    before 2025, of the districts they lay in. One aggregate query; an officer holding the
    same role on two committees counts once."""
    district = Q(unit__level=AdminUnit.Level.DISTRICT)
    on_unit = Q(unit_id__in=commune_ids, unit__level=AdminUnit.Level.COMMUNE) | (
        Q(unit_id__in=_district_ids(commune_ids)) & district
    )
    row = (
        _officer_seats(on)
        .filter(on_unit)
        .order_by()
        .aggregate(
            officers_in_district_committees=Count("cadre_id", distinct=True, filter=district),
            **{
                key: Count("cadre_id", distinct=True, filter=Q(unit__level=level, role=role))
                for key, level, role, _label, _label_vi in SEAT_FIGURES
            },
        )
    )
    return _ints(row)
