"""Figures about village Party branches, for the coverage report (see outpost.core.indicators)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from outpost.core.indicators import Spec, register, register_many
from outpost.core.models import valid_on_q
from outpost.geo.models import Village
from outpost.grassroots.models import (
    MassOrganisation,
    OrganisationConsolidation,
    PartyBranch,
    PartyCandidate,
    VillageCadreTraining,
)


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


def _year_start(on: dt.date) -> dt.date:
    return on.replace(month=1, day=1)


def _candidates(
    commune_ids: Collection[int], village_ids: Collection[int] | None
) -> QuerySet[PartyCandidate]:
    qs = PartyCandidate.objects.filter(branch__village__commune_id__in=commune_ids)
    if village_ids is not None:
        qs = qs.filter(branch__village_id__in=village_ids)
    return qs


def _in_year(field: str, on: dt.date, date_from: dt.date | None = None) -> Q:
    """From 1 January of the date's year (or `date_from`, for a period) to the date."""
    return Q(**{f"{field}__gte": date_from or _year_start(on), f"{field}__lte": on})


@register_many(
    [
        Spec(
            "party_candidates_identified_this_year",
            _("Party candidates identified this year"),
            "Số quần chúng ưu tú được phát hiện trong năm",
            "people",
        ),
        Spec(
            "party_candidates_recommended_this_year",
            _("Party candidates recommended this year"),
            "Số quần chúng ưu tú được giới thiệu kết nạp trong năm",
            "people",
        ),
        Spec(
            "party_candidates_admitted_this_year",
            _("Party candidates admitted this year"),
            "Số đảng viên mới được kết nạp trong năm",
            "people",
        ),
        Spec(
            "party_candidates_made_full_this_year",
            _("Probationary members made full members this year"),
            "Số đảng viên dự bị được công nhận chính thức trong năm",
            "people",
        ),
        Spec(
            "party_candidates_in_pipeline",
            _("Party candidates being developed"),
            "Số quần chúng ưu tú đang được bồi dưỡng",
            "people",
        ),
        Spec(
            "party_candidates_admitted_minority_percent",
            _("Ethnic minorities among those admitted this year (percent)"),
            "Tỷ lệ người dân tộc thiểu số trong số đảng viên mới kết nạp trong năm (%)",
            "percent",
        ),
    ]
)
def party_candidate_figures(
    *,
    commune_ids: Collection[int],
    on: dt.date,
    village_ids: Collection[int] | None = None,
    date_from: dt.date | None = None,
) -> dict[str, int]:
    """Party development in the year up to the date (1 January to the date, both included),
    and the candidates identified but neither admitted nor dropped on the date: one aggregate
    query over the candidates of the unit's village branches."""
    admitted = _in_year("admitted_on", on, date_from)
    row = (
        _candidates(commune_ids, village_ids)
        .order_by()
        .aggregate(
            party_candidates_identified_this_year=Count(
                "pk", filter=_in_year("identified_on", on, date_from)
            ),
            party_candidates_recommended_this_year=Count(
                "pk", filter=_in_year("recommended_on", on, date_from)
            ),
            party_candidates_admitted_this_year=Count("pk", filter=admitted),
            party_candidates_made_full_this_year=Count(
                "pk", filter=_in_year("full_member_on", on, date_from)
            ),
            party_candidates_in_pipeline=Count(
                "pk",
                filter=Q(identified_on__lte=on)
                & (Q(admitted_on__isnull=True) | Q(admitted_on__gt=on))
                & (Q(dropped_on__isnull=True) | Q(dropped_on__gt=on)),
            ),
            admitted_minority=Count(
                "pk", filter=admitted & Q(resident__ethnic_group__is_minority=True)
            ),
        )
    )
    figures = {key: int(value or 0) for key, value in row.items()}
    minority = figures.pop("admitted_minority")
    total = figures["party_candidates_admitted_this_year"]
    figures["party_candidates_admitted_minority_percent"] = (
        (200 * minority + total) // (2 * total) if total else 0
    )
    return figures


@register_many(
    [
        Spec(
            "branches_without_committee",
            _("Village Party branches without a branch committee"),
            "Số chi bộ thôn, bản chưa có chi ủy",
            "branches",
        ),
        Spec(
            "new_branches_this_year",
            _("Village Party branches established this year"),
            "Số chi bộ thôn, bản được thành lập mới trong năm",
            "branches",
        ),
    ]
)
def party_branch_figures(
    *,
    commune_ids: Collection[int],
    on: dt.date,
    village_ids: Collection[int] | None = None,
    date_from: dt.date | None = None,
) -> dict[str, int]:
    """Branches open on the date without a committee on it (see `BranchCommittee`), and
    branches established from 1 January to the date."""
    qs = PartyBranch.objects.filter(village__commune_id__in=commune_ids)
    if village_ids is not None:
        qs = qs.filter(village_id__in=village_ids)
    row = qs.order_by().aggregate(
        branches_without_committee=Count(
            "pk", filter=valid_on_q(on) & ~Q(PartyBranch.with_committee_q(on))
        ),
        new_branches_this_year=Count("pk", filter=_in_year("valid_from", on, date_from)),
    )
    return {key: int(value or 0) for key, value in row.items()}


@register(
    label=_("Mass organisations"),
    label_vi="Số chi hội, chi đoàn, ban công tác Mặt trận",
    unit="organisations",
)
def mass_organisations(
    *, commune_ids: Collection[int], on: dt.date, village_ids: Collection[int] | None = None
) -> int:
    """Mass organisations open on the date, of the villages (and, without a village filter,
    of the communes themselves)."""
    qs = MassOrganisation.objects.filter(valid_on_q(on), commune_id__in=commune_ids)
    if village_ids is not None:
        qs = qs.filter(village_id__in=village_ids)
    return qs.order_by().count()


@register(
    label=_("Mass organisations consolidated this year"),
    label_vi="Số tổ chức quần chúng được củng cố, kiện toàn trong năm",
    unit="organisations",
)
def mass_organisations_consolidated_this_year(
    *,
    commune_ids: Collection[int],
    on: dt.date,
    village_ids: Collection[int] | None = None,
    date_from: dt.date | None = None,
) -> int:
    """Distinct organisations with a consolidation from 1 January (or `date_from`) to the
    date."""
    qs = OrganisationConsolidation.objects.filter(
        organisation__commune_id__in=commune_ids, on__gte=date_from or _year_start(on), on__lte=on
    )
    if village_ids is not None:
        qs = qs.filter(organisation__village_id__in=village_ids)
    return qs.order_by().values("organisation_id").distinct().count()


@register_many(
    [
        Spec(
            "village_cadres_identified_this_year",
            _("Village cadres identified this year"),
            "Số cán bộ thôn, bản được phát hiện trong năm",
            "people",
        ),
        Spec(
            "village_cadres_trained_this_year",
            _("Village cadres trained this year"),
            "Số cán bộ thôn, bản được đào tạo, bồi dưỡng trong năm",
            "people",
        ),
    ]
)
def village_cadre_figures(
    *,
    commune_ids: Collection[int],
    on: dt.date,
    village_ids: Collection[int] | None = None,
    date_from: dt.date | None = None,
) -> dict[str, int]:
    """Cadres identified from 1 January (or `date_from`) to the date, and completed courses
    ending then."""
    start = date_from or _year_start(on)
    qs = VillageCadreTraining.objects.filter(resident__household__commune_id__in=commune_ids)
    if village_ids is not None:
        qs = qs.filter(resident__household__village_id__in=village_ids)
    row = qs.order_by().aggregate(
        village_cadres_identified_this_year=Count(
            "pk", filter=Q(identified_on__gte=start, identified_on__lte=on)
        ),
        village_cadres_trained_this_year=Count(
            "pk", filter=Q(course_to__gte=start, course_to__lte=on, completed=True)
        ),
    )
    return {key: int(value or 0) for key, value in row.items()}
