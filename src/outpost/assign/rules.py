"""Where a cadre may work on a date: the communes in the area of responsibility of the unit
they were posted to on that date, or of any unit above it (the parent command)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from outpost.assign.models import Assignment, CommitteeSeat
from outpost.core.models import REORGANISATION_DATE, valid_on_q
from outpost.core.tree import force_units_above
from outpost.force.models import AreaOfResponsibility, Cadre, Posting
from outpost.geo.models import AdminUnit


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


def communes_covered(
    cadre: Cadre, on: dt.date, unit_ids: set[int] | None = None
) -> QuerySet[AreaOfResponsibility]:
    """The areas of the cadre's units on the date. `unit_ids`, when the caller knows them:
    the units of a cadre not yet recorded (new in an import file), who has no posting yet."""
    if unit_ids is None:
        unit_ids = responsible_unit_ids(cadre, on)
    return AreaOfResponsibility.objects.filter(valid_on_q(on), force_unit_id__in=unit_ids)


def require_area(
    cadre: Cadre, *, commune_id: int, on: dt.date, field: str, unit_ids: set[int] | None = None
) -> None:
    if not communes_covered(cadre, on, unit_ids).filter(commune_id=commune_id).exists():
        raise ValidationError(
            {
                field: _(
                    "This is outside the area of responsibility of %(cadre)s's unit on %(date)s."
                )
                % {"cadre": cadre, "date": on.isoformat()}
            }
        )


def require_district_area(
    cadre: Cadre,
    *,
    district_id: int,
    on: dt.date,
    field: str,
    unit_ids: set[int] | None = None,
) -> None:
    covered = communes_covered(cadre, on, unit_ids).filter(commune__parent_id=district_id)
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


def overlaps(assignment: Assignment, valid_from: dt.date, valid_to: dt.date | None = None) -> bool:
    """Whether a recorded assignment runs during [valid_from, valid_to) (open: no end).
    A seat ending on D and one starting on D do not overlap: that is a hand-over."""
    return (assignment.valid_to is None or assignment.valid_to > valid_from) and (
        valid_to is None or assignment.valid_from is None or assignment.valid_from < valid_to
    )


def require_role_free(
    seats: Iterable[CommitteeSeat],
    *,
    role: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
) -> None:
    """A committee has one Secretary and one Deputy Secretary from the force at a time
    (`CommitteeSeat.ONE_PER_COMMITTEE`). `seats`: the committee's other seats of that role, as
    recorded or as they will be (an import ending one and starting the next in the same file)."""
    if role not in CommitteeSeat.ONE_PER_COMMITTEE:
        return
    if any(seat.role == role and overlaps(seat, valid_from, valid_to) for seat in seats):
        raise ValidationError({"role": one_per_committee_message(role)})


def one_per_committee_message(role: str) -> str:
    if role == CommitteeSeat.Role.SECRETARY:
        return _("This committee already has an open Secretary seat.")
    return _("This committee already has an open Deputy Secretary seat.")


def require_seat_place(
    cadre: Cadre, *, unit: AdminUnit, valid_from: dt.date, unit_ids: set[int] | None = None
) -> None:
    """Where an officer may take a committee seat: a commune in their unit's area on the
    date, or, before the districts were abolished on 2025-07-01, a district with such a
    commune. `unit_ids` as for `communes_covered`."""
    if unit.level == AdminUnit.Level.DISTRICT:
        if valid_from >= REORGANISATION_DATE:
            raise ValidationError(
                {"unit": _("Districts were abolished on 2025-07-01: choose a commune.")}
            )
        if not unit.is_valid_on(valid_from):
            raise ValidationError({"unit": _("The district does not exist on that date.")})
        require_district_area(
            cadre, district_id=unit.pk, on=valid_from, field="unit", unit_ids=unit_ids
        )
    elif unit.level == AdminUnit.Level.COMMUNE:
        if not unit.is_valid_on(valid_from):
            raise ValidationError({"unit": _("The commune does not exist on that date.")})
        require_area(cadre, commune_id=unit.pk, on=valid_from, field="unit", unit_ids=unit_ids)
    else:
        raise ValidationError(
            {"unit": _("A committee seat is on a commune or district committee.")}
        )
