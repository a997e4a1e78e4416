"""Where a cadre may work on a date: the communes in the area of responsibility of the unit
they were posted to on that date, or of any unit above it (the parent command)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from outpost.core.models import valid_on_q
from outpost.core.tree import force_units_above
from outpost.force.models import AreaOfResponsibility, Cadre, Posting


def unit_on(cadre: Cadre, on: dt.date) -> int | None:
    """The unit a cadre served in on a date (their posting then), else their current unit."""
    posting = (
        Posting.objects.filter(valid_on_q(on), cadre=cadre)
        .order_by("-valid_from")
        .values_list("force_unit_id", flat=True)
        .first()
    )
    return posting if posting is not None else cadre.unit_id


def responsible_unit_ids(cadre: Cadre, on: dt.date) -> set[int]:
    """The cadre's unit on the date and every unit above it."""
    unit_id = unit_on(cadre, on)
    return force_units_above({unit_id}) if unit_id is not None else set()


def communes_covered(cadre: Cadre, on: dt.date) -> QuerySet[AreaOfResponsibility]:
    return AreaOfResponsibility.objects.filter(
        valid_on_q(on), force_unit_id__in=responsible_unit_ids(cadre, on)
    )


def require_area(cadre: Cadre, *, commune_id: int, on: dt.date, field: str) -> None:
    if not communes_covered(cadre, on).filter(commune_id=commune_id).exists():
        raise ValidationError(
            {
                field: _(
                    "This is outside the area of responsibility of %(cadre)s's unit on %(date)s."
                )
                % {"cadre": cadre, "date": on.isoformat()}
            }
        )


def require_district_area(cadre: Cadre, *, district_id: int, on: dt.date, field: str) -> None:
    covered = communes_covered(cadre, on).filter(commune__parent_id=district_id)
    if not covered.exists():
        raise ValidationError(
            {
                field: _(
                    "No commune of this district is in the area of responsibility of "
                    "%(cadre)s's unit on %(date)s."
                )
                % {"cadre": cadre, "date": on.isoformat()}
            }
        )


def require_party_member(cadre: Cadre, on: dt.date) -> None:
    if not cadre.is_party_member_on(on):
        raise ValidationError(
            {
                "cadre": _("%(cadre)s is not a Party member on %(date)s.")
                % {"cadre": cadre, "date": on.isoformat()}
            }
        )


def require_officer(cadre: Cadre) -> None:
    if cadre.category != Cadre.Category.OFFICER:
        raise ValidationError(
            {
                "cadre": _("Only officers hold committee seats; %(cadre)s is not an officer.")
                % {"cadre": cadre}
            }
        )
