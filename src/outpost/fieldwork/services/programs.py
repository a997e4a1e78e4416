"""Every write to programs and enrollments. Typed, keyword-only, atomic, audited.

Services that take a `scope` check against it what the user names (the beneficiary, the
sponsor, the owner unit) and refuse with a message; pages and the API also load those objects
through scoped selectors, so `scope=None` is for the system itself (the command line).

Support paid for an enrollment over a period is `monthly_support` times the number of calendar
months of the period whose first day the enrollment is active on (`Enrollment.is_active_on`:
started on or before that day, not yet ended on it). A child enrolled on 15 March is paid from
April; support for a month in which the enrollment ends on the 10th is not paid."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outpost.core import audit
from outpost.core.models import AuditEvent
from outpost.core.text import fold
from outpost.fieldwork.models import Enrollment, Program
from outpost.force.models import Cadre, ForceUnit
from outpost.geo.models import Village
from outpost.people.models import Household, Resident

PROGRAM_FIELDS = {
    "name_vi",
    "name_en",
    "owner_unit",
    "beneficiary",
    "started_on",
    "ended_on",
    "description",
    "max_age",
    "default_monthly_support",
}
ENROLLMENT_FIELDS = {"sponsor_cadre", "sponsor_unit", "started_on", "monthly_support", "note"}


# --- programs -----------------------------------------------------------------------------


def _unique_code(name: str) -> str:
    base = slugify(fold(name))[:50] or "program"
    code, n = base, 1
    while Program.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


def _check_program_rights(
    *, actor: Any, scope: Any, force_wide: bool, owner_unit: ForceUnit | None
) -> None:
    if force_wide:
        if actor is not None and not getattr(actor, "is_superuser", False):
            raise ValidationError(
                _("Only an administrator can add or change a force-wide program.")
            )
        return
    if (
        scope is not None
        and owner_unit is not None
        and (not scope.can_write or not scope.has_force_unit(owner_unit.pk))
    ):
        raise ValidationError({"owner_unit": _("Choose one of your own units as the owner.")})


def program_create(
    *,
    actor: Any,
    name_vi: str,
    beneficiary: str,
    owner_unit: ForceUnit | None = None,
    force_wide: bool = False,
    scope: Any = None,
    code: str = "",
    name_en: str = "",
    started_on: dt.date | None = None,
    ended_on: dt.date | None = None,
    description: str = "",
    max_age: int | None = None,
    default_monthly_support: int = 0,
) -> Program:
    """Add a program to the catalogue: a local one run by a unit, or (administrators only) a
    force-wide one."""
    _check_program_rights(actor=actor, scope=scope, force_wide=force_wide, owner_unit=owner_unit)
    if max_age is not None and beneficiary != Program.Beneficiary.RESIDENT:
        raise ValidationError({"max_age": _("Only a program for residents can end at an age.")})
    with transaction.atomic():
        program = Program(
            code=code.strip() or _unique_code(name_vi),
            name_vi=name_vi.strip(),
            name_en=name_en.strip(),
            scope=Program.Scope.FORCE_WIDE if force_wide else Program.Scope.LOCAL,
            owner_unit=owner_unit,
            beneficiary=beneficiary,
            started_on=started_on,
            ended_on=ended_on,
            description=description.strip(),
            max_age=max_age,
            default_monthly_support=default_monthly_support,
        )
        return audit.audited_create(program, actor=actor)


def program_update(*, actor: Any, program: Program, scope: Any = None, **changes: Any) -> Program:
    """Change a program. A program is never deleted: it ends with an end date."""
    unknown = set(changes) - PROGRAM_FIELDS
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    force_wide = program.scope == Program.Scope.FORCE_WIDE
    _check_program_rights(
        actor=actor, scope=scope, force_wide=force_wide, owner_unit=program.owner_unit
    )
    if not force_wide and "owner_unit" in changes:
        _check_program_rights(
            actor=actor, scope=scope, force_wide=False, owner_unit=changes["owner_unit"]
        )
    if (
        changes.get("beneficiary", program.beneficiary) != program.beneficiary
        and program.enrollments.exists()
    ):
        raise ValidationError(
            {"beneficiary": _("People are enrolled already: who is enrolled cannot change.")}
        )
    beneficiary = changes.get("beneficiary", program.beneficiary)
    if changes.get("max_age", program.max_age) is not None and (
        beneficiary != Program.Beneficiary.RESIDENT
    ):
        raise ValidationError({"max_age": _("Only a program for residents can end at an age.")})
    for text in ("name_vi", "name_en", "description"):
        if text in changes:
            changes[text] = str(changes[text] or "").strip()
    return audit.audited_update(program, actor=actor, **changes)


# --- ages ---------------------------------------------------------------------------------


def birthday_at(resident: Resident, age: int) -> dt.date | None:
    """The day a resident reaches an age. With only a birth year known, the last day of the
    year they reach it (the latest it can be, so nobody loses support too early); someone born
    on 29 February reaches it on 1 March in other years. None when the birth is unknown."""
    if resident.birth_date is not None:
        born = resident.birth_date
        try:
            return born.replace(year=born.year + age)
        except ValueError:
            return dt.date(born.year + age, 3, 1)
    if resident.birth_year:
        return dt.date(resident.birth_year + age, 12, 31)
    return None


# --- enrollments --------------------------------------------------------------------------


def _beneficiary_kind(
    resident: Resident | None, household: Household | None, village: Village | None
) -> str | None:
    chosen = [
        kind
        for kind, obj in (
            (Program.Beneficiary.RESIDENT, resident),
            (Program.Beneficiary.HOUSEHOLD, household),
            (Program.Beneficiary.VILLAGE, village),
        )
        if obj is not None
    ]
    return chosen[0] if len(chosen) == 1 else None


def _beneficiary_commune_id(enrollment: Enrollment) -> int:
    if enrollment.resident is not None:
        return enrollment.resident.household.commune_id
    if enrollment.household is not None:
        return enrollment.household.commune_id
    assert enrollment.village is not None
    return enrollment.village.commune_id


KIND_PLURAL: dict[str, Any] = {
    Program.Beneficiary.RESIDENT: gettext_lazy("residents"),
    Program.Beneficiary.HOUSEHOLD: gettext_lazy("households"),
    Program.Beneficiary.VILLAGE: gettext_lazy("villages"),
}


def _check_program_open(program: Program, started_on: dt.date) -> None:
    if program.ended_on and started_on >= program.ended_on:
        raise ValidationError(
            {
                "started_on": _("%(program)s ended on %(date)s.")
                % {"program": program.name, "date": program.ended_on.isoformat()}
            }
        )
    if program.started_on and started_on < program.started_on:
        raise ValidationError(
            {
                "started_on": _("%(program)s starts on %(date)s.")
                % {"program": program.name, "date": program.started_on.isoformat()}
            }
        )


def _check_sponsor(scope: Any, sponsor_cadre: Cadre | None, sponsor_unit: ForceUnit | None) -> None:
    if sponsor_cadre is None and sponsor_unit is None:
        raise ValidationError({"sponsor_unit": _("Name the sponsor: a cadre or a unit.")})
    if scope is None:
        return
    if sponsor_cadre is not None and not scope.has_force_unit(sponsor_cadre.unit_id):
        raise ValidationError(
            {"sponsor_cadre": _("The sponsoring cadre is not in one of your units.")}
        )
    if sponsor_unit is not None and not scope.has_force_unit(sponsor_unit.pk):
        raise ValidationError({"sponsor_unit": _("The sponsoring unit is not one of yours.")})


def _check_age(program: Program, resident: Resident | None, started_on: dt.date) -> None:
    if program.max_age is None or resident is None:
        return
    values = {"name": resident.full_name, "program": program.name, "age": program.max_age}
    of_age = birthday_at(resident, program.max_age)
    if of_age is None:
        raise ValidationError(
            {
                "resident": _(
                    "Record the birth date of %(name)s first: %(program)s supports children "
                    "until they turn %(age)s."
                )
                % values
            }
        )
    if of_age <= started_on:
        raise ValidationError(
            {
                "resident": _(
                    "%(name)s is already %(age)s on %(date)s: %(program)s supports children "
                    "until they turn %(age)s."
                )
                % {**values, "date": started_on.isoformat()}
            }
        )


def _check_no_overlap(enrollment: Enrollment) -> None:
    """One beneficiary is enrolled in a program once at a time: no two enrollments of the
    same beneficiary in the same program overlap (an ended one holds its own period)."""
    same: dict[str, Any] = {
        "program_id": enrollment.program_id,
        "resident_id": enrollment.resident_id,
        "household_id": enrollment.household_id,
        "village_id": enrollment.village_id,
    }
    others = Enrollment.objects.filter(**same).exclude(pk=enrollment.pk)
    if enrollment.ended_on is not None:
        others = others.filter(started_on__lt=enrollment.ended_on)
    clash = (
        others.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=enrollment.started_on))
        .order_by("started_on")
        .first()
    )
    if clash is not None:
        raise ValidationError(
            {
                "started_on": _("%(name)s is already enrolled in %(program)s from %(date)s.")
                % {
                    "name": enrollment.beneficiary_label,
                    "program": enrollment.program.name,
                    "date": clash.started_on.isoformat(),
                }
            }
        )


def enrollment_create(
    *,
    actor: Any,
    program: Program,
    started_on: dt.date,
    resident: Resident | None = None,
    household: Household | None = None,
    village: Village | None = None,
    sponsor_cadre: Cadre | None = None,
    sponsor_unit: ForceUnit | None = None,
    monthly_support: int | None = None,
    note: str = "",
    scope: Any = None,
    client_id: uuid.UUID | None = None,
) -> Enrollment:
    """Enroll one resident, household or village in a program. The monthly support defaults
    to the program's usual one."""
    kind = _beneficiary_kind(resident, household, village)
    if kind is None:
        raise ValidationError(_("Enroll exactly one resident, household or village."))
    if kind != program.beneficiary:
        raise ValidationError(
            {
                kind: _("%(program)s enrolls %(expected)s, not %(given)s.")
                % {
                    "program": program.name,
                    "expected": KIND_PLURAL[program.beneficiary],
                    "given": KIND_PLURAL[kind],
                }
            }
        )
    enrollment = Enrollment(
        program=program,
        resident=resident,
        household=household,
        village=village,
        sponsor_cadre=sponsor_cadre,
        sponsor_unit=sponsor_unit,
        started_on=started_on,
        monthly_support=(
            program.default_monthly_support if monthly_support is None else monthly_support
        ),
        note=note.strip(),
    )
    if client_id is not None:
        enrollment.client_id = client_id
    enrollment.commune_id = _beneficiary_commune_id(enrollment)
    if scope is not None and not scope.has_commune(enrollment.commune_id):
        raise ValidationError({kind: _("This beneficiary is not in your area.")})
    _check_sponsor(scope, sponsor_cadre, sponsor_unit)
    _check_program_open(program, started_on)
    _check_age(program, resident, started_on)
    with transaction.atomic():
        # One enrollment of a program at a time, so that two clerks enrolling the same child
        # cannot both pass the overlap check (PostgreSQL; SQLite writes one at a time anyway).
        Program.objects.select_for_update().filter(pk=program.pk).first()
        _check_no_overlap(enrollment)
        return audit.audited_create(enrollment, actor=actor)


def enrollment_update(
    *, actor: Any, enrollment: Enrollment, scope: Any = None, **changes: Any
) -> Enrollment:
    """Change the sponsor, start, support or note of an enrollment. Suspending, resuming and
    ending have their own services."""
    unknown = set(changes) - ENROLLMENT_FIELDS
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    if enrollment.status == Enrollment.Status.ENDED:
        raise ValidationError(_("This enrollment has ended; it can no longer be changed."))
    sponsor_cadre = changes.get("sponsor_cadre", enrollment.sponsor_cadre)
    sponsor_unit = changes.get("sponsor_unit", enrollment.sponsor_unit)
    if sponsor_cadre != enrollment.sponsor_cadre or sponsor_unit != enrollment.sponsor_unit:
        _check_sponsor(scope, sponsor_cadre, sponsor_unit)
    if "note" in changes:
        changes["note"] = str(changes["note"] or "").strip()
    started_on = changes.get("started_on", enrollment.started_on)
    with transaction.atomic():
        if started_on != enrollment.started_on:
            _check_program_open(enrollment.program, started_on)
            _check_age(enrollment.program, enrollment.resident, started_on)
            Program.objects.select_for_update().filter(pk=enrollment.program_id).first()
            moved = Enrollment(
                pk=enrollment.pk,
                program=enrollment.program,
                resident=enrollment.resident,
                household=enrollment.household,
                village=enrollment.village,
                started_on=started_on,
                ended_on=enrollment.ended_on,
            )
            _check_no_overlap(moved)
        return audit.audited_update(enrollment, actor=actor, **changes)


def enrollment_suspend(*, actor: Any, enrollment: Enrollment, note: str = "") -> Enrollment:
    """Support stops for a while (the child is away, the family moved for the season)."""
    if enrollment.status != Enrollment.Status.ACTIVE:
        raise ValidationError(_("Only an active enrollment can be suspended."))
    return audit.audited_update(
        enrollment, actor=actor, note=note.strip(), status=Enrollment.Status.SUSPENDED
    )


def enrollment_resume(*, actor: Any, enrollment: Enrollment, note: str = "") -> Enrollment:
    if enrollment.status != Enrollment.Status.SUSPENDED:
        raise ValidationError(_("Only a suspended enrollment can be resumed."))
    return audit.audited_update(
        enrollment, actor=actor, note=note.strip(), status=Enrollment.Status.ACTIVE
    )


def enrollment_end(
    *, actor: Any, enrollment: Enrollment, on: dt.date, reason: str, note: str = ""
) -> Enrollment:
    """End an enrollment on a day (exclusive: no support from that day) with its reason."""
    if enrollment.status == Enrollment.Status.ENDED:
        raise ValidationError(_("This enrollment has already ended."))
    if reason not in Enrollment.EndReason.values:
        raise ValidationError({"reason": _("Choose why the enrollment ended.")})
    if on <= enrollment.started_on:
        raise ValidationError(
            {
                "on": _("An enrollment must end after it started (%(date)s).")
                % {"date": enrollment.started_on.isoformat()}
            }
        )
    with transaction.atomic():
        before = audit.snapshot(enrollment)
        enrollment.status = Enrollment.Status.ENDED
        enrollment.ended_on = on
        enrollment.end_reason = reason
        enrollment.end_note = note.strip()
        enrollment.full_clean()
        enrollment.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.END,
            obj=enrollment,
            changes=audit.diff(before, audit.snapshot(enrollment)),
            note=note.strip(),
        )
    return enrollment


def enrollments_end_came_of_age(*, actor: Any, on: dt.date) -> list[Enrollment]:
    """End every open (active or suspended) enrollment of a program with a `max_age` whose
    resident has reached that age by `on`. Each ends on the birthday itself, with the reason
    "came of age"; running it again ends nothing more."""
    ended: list[Enrollment] = []
    for program in Program.objects.filter(max_age__isnull=False):
        assert program.max_age is not None
        candidates = (
            Enrollment.objects.filter(
                program=program,
                status__in=(Enrollment.Status.ACTIVE, Enrollment.Status.SUSPENDED),
                resident__isnull=False,
            )
            .filter(
                Q(resident__birth_year__lte=on.year - program.max_age)
                | Q(resident__birth_date__year__lte=on.year - program.max_age)
            )
            .select_related("program", "resident")
            .order_by("pk")
        )
        for enrollment in candidates:
            assert enrollment.resident is not None
            of_age = birthday_at(enrollment.resident, program.max_age)
            if of_age is None or of_age > on:
                continue
            # A birth date corrected after enrolling can put the birthday before the start;
            # the enrollment then ends the day after it started.
            end_on = max(of_age, enrollment.started_on + dt.timedelta(days=1))
            ended.append(
                enrollment_end(
                    actor=actor,
                    enrollment=enrollment,
                    on=end_on,
                    reason=Enrollment.EndReason.CAME_OF_AGE,
                    note=_("Reached %(age)s on %(date)s.")
                    % {"age": program.max_age, "date": of_age.isoformat()},
                )
            )
    return ended
