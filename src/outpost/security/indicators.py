"""Figures about security and order, for the coverage report (see outpost.core.indicators).

Incidents count from 1 January of the date's year (or from `date_from`, for a report over a
period) up to and including the date, by the day they occurred; voided incidents never count.
Drug-free villages and key drug areas read the village status of the date's year. Groups count
when founded on or before the date and not dissolved by it, and their households when members
on the date; agreements when valid on the date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from outpost.core.indicators import Spec, register_many
from outpost.core.models import valid_on_q
from outpost.security.models import (
    GroupMembership,
    Incident,
    SelfGoverningGroup,
    TwinVillageAgreement,
    VillageSecurityStatus,
)


def groups_on(on: dt.date) -> Q:
    return Q(founded_on__lte=on) & (Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on))


@register_many(
    [
        Spec(
            "incidents_this_year",
            _("Security incidents this year"),
            "Số vụ việc về an ninh trật tự trong năm",
            "incidents",
        ),
        Spec(
            "incidents_drugs_this_year",
            _("Drug incidents this year"),
            "Số vụ việc về ma túy trong năm",
            "incidents",
        ),
        Spec(
            "incidents_border_crossing_this_year",
            _("Illegal border crossings this year"),
            "Số vụ xuất nhập cảnh trái phép trong năm",
            "incidents",
        ),
        Spec(
            "drug_free_villages", _("Drug-free villages"), "Số thôn, bản không ma túy", "villages"
        ),
        Spec(
            "key_drug_areas",
            _("Key drug areas"),
            "Số thôn, bản trọng điểm về ma túy",
            "villages",
        ),
        Spec(
            "self_governing_groups",
            _("Self-governing groups"),
            "Số tổ tự quản",
            "groups",
        ),
        Spec(
            "households_in_self_governing_groups",
            _("Households in self-governing groups"),
            "Số hộ tham gia tổ tự quản",
            "households",
        ),
        Spec(
            "twin_village_agreements",
            _("Twin village agreements"),
            "Số cặp thôn, bản kết nghĩa",
            "agreements",
        ),
    ]
)
def security_figures(
    *,
    commune_ids: Collection[int],
    on: dt.date,
    village_ids: Collection[int] | None = None,
    date_from: dt.date | None = None,
) -> dict[str, int]:
    incidents = Incident.objects.filter(
        commune_id__in=commune_ids,
        voided=False,
        occurred_on__gte=date_from or dt.date(on.year, 1, 1),
        occurred_on__lte=on,
    )
    statuses = VillageSecurityStatus.objects.filter(
        village__commune_id__in=commune_ids, year=on.year
    )
    groups = SelfGoverningGroup.objects.filter(groups_on(on), village__commune_id__in=commune_ids)
    agreements = TwinVillageAgreement.objects.filter(
        valid_on_q(on), village__commune_id__in=commune_ids
    )
    if village_ids is not None:
        incidents = incidents.filter(village_id__in=village_ids)
        statuses = statuses.filter(village_id__in=village_ids)
        groups = groups.filter(village_id__in=village_ids)
        agreements = agreements.filter(village_id__in=village_ids)
    counted = incidents.order_by().aggregate(
        total=Count("pk"),
        drugs=Count("pk", filter=Q(kind=Incident.Kind.DRUGS)),
        crossing=Count("pk", filter=Q(kind=Incident.Kind.ILLEGAL_BORDER_CROSSING)),
    )
    status_counts = statuses.order_by().aggregate(
        drug_free=Count("pk", filter=Q(drug_free=True)),
        key=Count("pk", filter=Q(key_drug_area=True)),
    )
    members = (
        GroupMembership.objects.filter(valid_on_q(on), group__in=groups)
        .order_by()
        .values("household_id")
        .distinct()
    )
    return {
        "incidents_this_year": counted["total"] or 0,
        "incidents_drugs_this_year": counted["drugs"] or 0,
        "incidents_border_crossing_this_year": counted["crossing"] or 0,
        "drug_free_villages": status_counts["drug_free"] or 0,
        "key_drug_areas": status_counts["key"] or 0,
        "self_governing_groups": groups.count(),
        "households_in_self_governing_groups": members.count(),
        "twin_village_agreements": agreements.count(),
    }
