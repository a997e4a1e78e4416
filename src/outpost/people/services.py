"""Every write to households, residents and poverty assessments. Typed, keyword-only, atomic,
audited.

Moves, splits and merges never rewrite a household's past:
- a move within the same commune changes the row's village (the code stays valid: codes are
  unique per commune) and the audit event is its record;
- a move to another commune ends the row and opens a new one in the new village (with a code of
  that commune), linked by a `HouseholdChange` of kind "moved";
- a split ends the leaving members' rows and opens copies of them in a new household;
- a merge ends the merged households and their members' rows, and opens copies of the members
  in the household they joined.
A copied resident points to the row it came from (`moved_from`).

Who is in charge of a household (assign.HouseholdAssignment) goes with it: when a row ends
because the household ceased, its open assignments end on the same date with the reason; when
it ends because the household moved to another commune or merged into another, the Party member
in charge follows to the new row if it is still in their post's area, else the assignment ends.
A move within a commune keeps the row, and a split keeps the staying household's row, so their
assignments do not change (the household founded by a split starts without anyone)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outpost.core import audit
from outpost.core.models import AuditEvent, EthnicGroup
from outpost.geo.models import Village
from outpost.people.models import (
    Household,
    HouseholdChange,
    PovertyAssessment,
    PovertyStandard,
    Resident,
)
from outpost.people.poverty import INDICATOR_KEYS, classify

HOUSEHOLD_FIELDS = {
    "code",
    "head_name",
    "is_policy_family",
    "is_near_border",
    "latitude",
    "longitude",
    "note",
}
RESIDENT_FIELDS = {
    "full_name",
    "relation",
    "sex",
    "birth_date",
    "birth_year",
    "ethnic_group",
    "religion",
    "is_village_chief",
    "is_village_elder",
    "is_reputable_person",
}
# Written by `resident_party_membership_set`.
PARTY_FIELDS = ("party_joined_on", "party_left_on")
# Copied when a person moves to another household row.
_COPIED_RESIDENT_FIELDS = (RESIDENT_FIELDS - {"relation"}) | set(PARTY_FIELDS)


# --- households ---------------------------------------------------------------------------


def _require_open_household(household: Household) -> None:
    if household.valid_to is not None:
        raise ValidationError(
            _("Household %(code)s has ended; it cannot be changed.") % {"code": household.code}
        )


def _require_open_village(village: Village) -> None:
    if village.valid_to is not None:
        raise ValidationError({"village": _("The village %(name)s has ended.") % {"name": village}})


def _check_code_free(*, commune_id: int, code: str, exclude_pk: int | None = None) -> None:
    taken = Household.objects.filter(commune_id=commune_id, code=code)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(
            {"code": _("Code %(code)s is already used in this commune.") % {"code": code}}
        )


def household_create(
    *,
    actor: Any,
    village: Village,
    code: str,
    head_name: str = "",
    is_policy_family: bool = False,
    is_near_border: bool = False,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    note: str = "",
    valid_from: dt.date | None = None,
) -> Household:
    code = code.strip()
    _require_open_village(village)
    with transaction.atomic():
        _check_code_free(commune_id=village.commune_id, code=code)
        household = Household(
            village=village,
            commune_id=village.commune_id,
            code=code,
            head_name=head_name.strip(),
            is_policy_family=is_policy_family,
            is_near_border=is_near_border,
            latitude=latitude,
            longitude=longitude,
            note=note,
            valid_from=valid_from,
        )
        return audit.audited_create(household, actor=actor)


def household_update(*, actor: Any, household: Household, **changes: Any) -> Household:
    unknown = set(changes) - HOUSEHOLD_FIELDS
    if unknown:
        raise ValidationError(_("These fields cannot be changed here: %s") % ", ".join(unknown))
    _require_open_household(household)
    with transaction.atomic():
        if "code" in changes:
            changes["code"] = changes["code"].strip()
            _check_code_free(
                commune_id=household.commune_id, code=changes["code"], exclude_pk=household.pk
            )
        return audit.audited_update(household, actor=actor, **changes)


def _open_members(household: Household) -> list[Resident]:
    return list(household.members.filter(valid_to__isnull=True).order_by("id"))


def _copy_resident(
    *, actor: Any, resident: Resident, into: Household, on: dt.date, relation: str, reason: str
) -> Resident:
    """End a person's row in one household and open its copy in another."""
    copy = Resident(
        household=into,
        relation=relation,
        valid_from=on,
        moved_from=resident,
        **{name: getattr(resident, name) for name in _COPIED_RESIDENT_FIELDS},
    )
    audit.audited_create(copy, actor=actor, note=reason)
    audit.audited_end(resident, actor=actor, on=on, reason=reason)
    return copy


def _new_household_like(
    *,
    actor: Any,
    source: Household,
    village: Village,
    code: str,
    on: dt.date,
    note: str,
    keep_location: bool,
) -> Household:
    return household_create(
        actor=actor,
        village=village,
        code=code,
        head_name=source.head_name,
        is_policy_family=source.is_policy_family,
        is_near_border=source.is_near_border,
        latitude=source.latitude if keep_location else None,
        longitude=source.longitude if keep_location else None,
        note=note,
        valid_from=on,
    )


def household_move(
    *,
    actor: Any,
    household: Household,
    village: Village,
    on: dt.date,
    code: str | None = None,
    reason: str = "",
) -> Household:
    """Move a household to another village. Returns the household row valid after the move:
    the same row within a commune, a new row (linked by a "moved" change) across communes."""
    _require_open_household(household)
    _require_open_village(village)
    if village.pk == household.village_id:
        raise ValidationError({"village": _("The household already lives in this village.")})
    with transaction.atomic():
        if village.commune_id == household.commune_id:
            return audit.audited_update(
                household,
                actor=actor,
                note=reason or _("moved within the commune"),
                village=village,
            )
        reason = reason or _("moved to %(village)s") % {"village": village.name}
        new = _new_household_like(
            actor=actor,
            source=household,
            village=village,
            code=code or household.code,
            on=on,
            note=household.note,
            keep_location=False,
        )
        _transfer_members(
            actor=actor,
            members=_open_members(household),
            into=new,
            on=on,
            reason=reason,
            old_head_id=household.head_id,
        )
        _end_household_row(actor=actor, household=household, on=on, reason=reason)
        _assignments_follow(actor=actor, household=household, successor=new, on=on, reason=reason)
        audit.audited_create(
            HouseholdChange(
                from_household=household,
                to_household=new,
                effective=on,
                kind=HouseholdChange.Kind.MOVED,
                note=reason,
            ),
            actor=actor,
        )
        return new


def _transfer_members(
    *,
    actor: Any,
    members: Iterable[Resident],
    into: Household,
    on: dt.date,
    reason: str,
    old_head_id: int | None,
    head_relation: str | None = None,
) -> dict[int, Resident]:
    """Copy members into a household; the old head becomes its head unless it has one."""
    copies: dict[int, Resident] = {}
    for member in members:
        relation = member.relation
        if member.pk == old_head_id and head_relation:
            relation = head_relation
        copies[member.pk] = _copy_resident(
            actor=actor, resident=member, into=into, on=on, relation=relation, reason=reason
        )
    if old_head_id in copies and into.head_id is None and head_relation is None:
        household_set_head(actor=actor, household=into, resident=copies[old_head_id])
    return copies


def _end_household_row(*, actor: Any, household: Household, on: dt.date, reason: str) -> None:
    audit.audited_end(household, actor=actor, on=on, reason=reason)


def _assignments_follow(
    *, actor: Any, household: Household, successor: Household, on: dt.date, reason: str
) -> None:
    """The Party members in charge of a household row that ends follow the family to the row
    it continues as, when that row is in their post's area; otherwise their assignments end
    with the row (see `outpost.assign.services.household_assignments_follow`)."""
    from outpost.assign.services import household_assignments_follow

    household_assignments_follow(
        actor=actor, household=household, successor=successor, on=on, reason=reason
    )


def household_split(
    *,
    actor: Any,
    household: Household,
    members: Sequence[Resident],
    code: str,
    on: dt.date,
    head: Resident | None = None,
    village: Village | None = None,
    remaining_head: Resident | None = None,
    reason: str = "",
) -> Household:
    """Some members leave to found a new household (in the same or another village)."""
    _require_open_household(household)
    open_ids = {m.pk for m in _open_members(household)}
    leaving = {m.pk for m in members}
    if not leaving:
        raise ValidationError({"members": _("Choose the members who leave.")})
    if not leaving <= open_ids:
        raise ValidationError({"members": _("Only current members of the household can leave.")})
    if leaving == open_ids:
        raise ValidationError(
            {"members": _("At least one member must stay; to move everyone, move the household.")}
        )
    if head is not None and head.pk not in leaving:
        raise ValidationError({"head": _("The new head must be one of the members who leave.")})
    if household.head_id in leaving and (
        remaining_head is None or remaining_head.pk not in open_ids - leaving
    ):
        raise ValidationError(
            {"remaining_head": _("The head leaves: choose who heads the household that stays.")}
        )
    village = village or household.village
    reason = reason or _("split from household %(code)s") % {"code": household.code}
    with transaction.atomic():
        new = household_create(
            actor=actor,
            village=village,
            code=code,
            is_policy_family=household.is_policy_family,
            is_near_border=household.is_near_border,
            valid_from=on,
        )
        copies = _transfer_members(
            actor=actor,
            members=[m for m in _open_members(household) if m.pk in leaving],
            into=new,
            on=on,
            reason=reason,
            old_head_id=None,
        )
        if head is not None:
            household_set_head(actor=actor, household=new, resident=copies[head.pk])
        if household.head_id in leaving and remaining_head is not None:
            household.refresh_from_db()
            household_set_head(actor=actor, household=household, resident=remaining_head)
        audit.audited_create(
            HouseholdChange(
                from_household=household,
                to_household=new,
                effective=on,
                kind=HouseholdChange.Kind.SPLIT,
                note=reason,
            ),
            actor=actor,
        )
        return new


def household_merge(
    *,
    actor: Any,
    sources: Sequence[Household],
    into: Household,
    on: dt.date,
    reason: str = "",
) -> Household:
    """Households join another: their members move into it and the rows end."""
    _require_open_household(into)
    if not sources:
        raise ValidationError(_("Choose the households to merge."))
    for source in sources:
        _require_open_household(source)
        if source.pk == into.pk:
            raise ValidationError(_("A household cannot be merged into itself."))
    reason = reason or _("merged into household %(code)s") % {"code": into.code}
    with transaction.atomic():
        for source in sources:
            _transfer_members(
                actor=actor,
                members=_open_members(source),
                into=into,
                on=on,
                reason=reason,
                old_head_id=source.head_id,
                head_relation=Resident.Relation.OTHER,
            )
            _end_household_row(actor=actor, household=source, on=on, reason=reason)
            _assignments_follow(actor=actor, household=source, successor=into, on=on, reason=reason)
            audit.audited_create(
                HouseholdChange(
                    from_household=source,
                    to_household=into,
                    effective=on,
                    kind=HouseholdChange.Kind.MERGED,
                    note=reason,
                ),
                actor=actor,
            )
        return into


def household_end(*, actor: Any, household: Household, on: dt.date, reason: str) -> Household:
    """A household ceases (everyone left, died, emigrated). Its members' rows end with it, and
    so do the assignments of the Party members in charge of it (same date, with the reason)."""
    _require_open_household(household)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason the household ended.")})
    with transaction.atomic():
        for member in _open_members(household):
            audit.audited_end(member, actor=actor, on=on, reason=reason)
        audit.audited_end(household, actor=actor, on=on, reason=reason)
        from outpost.assign.services import household_assignments_end_for

        household_assignments_end_for(actor=actor, household=household, on=on, reason=reason)
    return household


def household_set_head(*, actor: Any, household: Household, resident: Resident) -> Household:
    _require_open_household(household)
    if resident.household_id != household.pk or resident.valid_to is not None:
        raise ValidationError({"head": _("The head must be a current member of the household.")})
    with transaction.atomic():
        previous = household.head
        if (
            previous is not None
            and previous.pk != resident.pk
            and previous.valid_to is None
            and previous.relation == Resident.Relation.HEAD
        ):
            audit.audited_update(previous, actor=actor, relation=Resident.Relation.OTHER)
        if resident.relation != Resident.Relation.HEAD:
            audit.audited_update(resident, actor=actor, relation=Resident.Relation.HEAD)
        return audit.audited_update(
            household, actor=actor, head=resident, head_name=resident.full_name
        )


# --- residents ----------------------------------------------------------------------------


def resident_add(
    *,
    actor: Any,
    household: Household,
    full_name: str,
    relation: str,
    sex: str,
    birth_date: dt.date | None = None,
    birth_year: int | None = None,
    ethnic_group: EthnicGroup | None = None,
    religion: str = "",
    is_village_chief: bool = False,
    is_village_elder: bool = False,
    is_reputable_person: bool = False,
    valid_from: dt.date | None = None,
    party_joined_on: dt.date | None = None,
    party_left_on: dt.date | None = None,
) -> Resident:
    """Add a member. The first member added as head becomes the household's head."""
    _require_open_household(household)
    with transaction.atomic():
        resident = audit.audited_create(
            Resident(
                household=household,
                full_name=full_name.strip(),
                relation=relation,
                sex=sex,
                birth_date=birth_date,
                birth_year=birth_year,
                ethnic_group=ethnic_group,
                religion=religion.strip(),
                is_village_chief=is_village_chief,
                is_village_elder=is_village_elder,
                is_reputable_person=is_reputable_person,
                valid_from=valid_from,
                party_joined_on=party_joined_on,
                party_left_on=party_left_on,
            ),
            actor=actor,
        )
        if relation == Resident.Relation.HEAD and household.head_id is None:
            household_set_head(actor=actor, household=household, resident=resident)
        return resident


def resident_update(*, actor: Any, resident: Resident, **changes: Any) -> Resident:
    """Change a member's details; their Party membership (`party_joined_on`,
    `party_left_on`) goes through `resident_party_membership_set`."""
    membership = {name: changes.pop(name) for name in PARTY_FIELDS if name in changes}
    unknown = set(changes) - RESIDENT_FIELDS
    if unknown:
        raise ValidationError(_("These fields cannot be changed here: %s") % ", ".join(unknown))
    if resident.valid_to is not None:
        raise ValidationError(_("This person has left the household; the row is closed."))
    with transaction.atomic():
        if membership:
            resident_party_membership_set(
                actor=actor,
                resident=resident,
                joined_on=membership.get("party_joined_on", resident.party_joined_on),
                left_on=membership.get("party_left_on", resident.party_left_on),
            )
        resident = audit.audited_update(resident, actor=actor, **changes)
        household = resident.household
        if household.head_id == resident.pk and household.head_name != resident.full_name:
            audit.audited_update(household, actor=actor, head_name=resident.full_name)
        return resident


def resident_leave(*, actor: Any, resident: Resident, on: dt.date, reason: str) -> Resident:
    """A person leaves the household (moved out, died). The row stays with its end date."""
    if resident.valid_to is not None:
        raise ValidationError(_("This person has already left the household."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason the person left.")})
    with transaction.atomic():
        audit.audited_end(resident, actor=actor, on=on, reason=reason)
        household = resident.household
        if household.head_id == resident.pk:
            audit.audited_update(household, actor=actor, head=None)
        return resident


def resident_party_membership_set(
    *,
    actor: Any,
    resident: Resident,
    joined_on: dt.date | None,
    left_on: dt.date | None = None,
    note: str = "",
) -> Resident:
    """Record when a resident joined the Communist Party (admission, probation included) and,
    if so, left it; `joined_on=None` clears a membership recorded by mistake. It is a fact
    about the person, so the row of a household they have since left is written too."""
    return audit.audited_update(
        resident, actor=actor, note=note, party_joined_on=joined_on, party_left_on=left_on
    )


# --- sensitive data -----------------------------------------------------------------------


def sensitive_read_record(*, actor: Any, objects: Iterable[Any], note: str = "") -> int:
    """Log that sensitive fields (Law 91/2025) of these rows were shown to `actor`. Only rows
    whose sensitive fields hold a value are logged. Returns how many events were written."""
    events = []
    for obj in objects:
        shown = {
            name: [getattr(obj, name), None]
            for name in getattr(obj, "SENSITIVE_FIELDS", ())
            if getattr(obj, name) not in (None, "")
        }
        if not shown:
            continue
        events.append(
            audit.build_event(
                actor=actor,
                action=AuditEvent.Action.READ,
                obj=obj,
                changes={name: [None, None] for name in shown},
                note=note or ", ".join(shown),
            )
        )
    audit.record_many(events)
    return len(events)


# --- poverty ------------------------------------------------------------------------------


def standard_for_year(year: int) -> PovertyStandard:
    standard = PovertyStandard.objects.filter(year_from__lte=year, year_to__gte=year).first()
    if standard is None:
        raise ValidationError(
            {"year": _("No poverty standard covers the year %(year)s.") % {"year": year}}
        )
    return standard


def _refresh_household_status(household: Household) -> None:
    """Keep the household's latest standing status on its row (a cache of the assessments)."""
    latest = (
        PovertyAssessment.objects.filter(household=household, voided_at__isnull=True)
        .order_by("-year", "-id")
        .first()
    )
    status = latest.status if latest else ""
    year = latest.year if latest else None
    Household.objects.filter(pk=household.pk).update(poverty_status=status, poverty_year=year)
    household.poverty_status, household.poverty_year = status, year


def poverty_assess(
    *,
    actor: Any,
    household: Household,
    year: int,
    area: str,
    income_per_person_month: int,
    deprivations: Sequence[str],
    status: str | None = None,
    standard: PovertyStandard | None = None,
) -> PovertyAssessment:
    """Record a household's poverty status for a year. The status follows from the rule of the
    standard; an entered status that contradicts it is refused with the reason."""
    _require_open_household(household)
    keys = list(dict.fromkeys(deprivations))
    unknown = [k for k in keys if k not in INDICATOR_KEYS]
    if unknown:
        raise ValidationError({"deprivations": _("Unknown indicators: %s") % ", ".join(unknown)})
    if area not in PovertyAssessment.Area.values:
        raise ValidationError({"area": _("The area is rural or urban.")})
    if income_per_person_month < 0:
        raise ValidationError({"income_per_person_month": _("Income cannot be negative.")})
    standard = standard or standard_for_year(year)
    verdict = classify(
        standard=standard, area=area, income=income_per_person_month, lacking=len(keys)
    )
    if status and status != verdict.status:
        labels = dict(PovertyAssessment.Status.choices)
        raise ValidationError(
            {
                "status": _("%(why)s: the status is %(right)s, not %(wrong)s")
                % {
                    "why": verdict.explain(),
                    "right": labels.get(verdict.status, verdict.status),
                    "wrong": labels.get(status, status),
                }
            }
        )
    if PovertyAssessment.objects.filter(
        household=household, year=year, voided_at__isnull=True
    ).exists():
        raise ValidationError(
            {
                "year": _("This household already has an assessment for %(year)s; void it first.")
                % {"year": year}
            }
        )
    with transaction.atomic():
        assessment = audit.audited_create(
            PovertyAssessment(
                household=household,
                year=year,
                standard=standard,
                area=area,
                income_per_person_month=income_per_person_month,
                deprivations=[k for k in INDICATOR_KEYS if k in keys],
                deprivation_count=len(keys),
                status=verdict.status,
            ),
            actor=actor,
        )
        _refresh_household_status(household)
        return assessment


def poverty_assessment_void(
    *, actor: Any, assessment: PovertyAssessment, reason: str
) -> PovertyAssessment:
    if assessment.voided_at is not None:
        raise ValidationError(_("This assessment is already void."))
    if not reason.strip():
        raise ValidationError({"void_reason": _("Give the reason the assessment is void.")})
    with transaction.atomic():
        audit.audited_update(
            assessment, actor=actor, note=reason, voided_at=timezone.now(), void_reason=reason
        )
        _refresh_household_status(assessment.household)
        return assessment
