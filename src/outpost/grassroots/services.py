"""Every write to village Party branches. Typed, keyword-only, atomic, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from outpost.core import audit
from outpost.force.models import Cadre
from outpost.geo.models import Village
from outpost.grassroots.models import (
    BranchCommittee,
    MassOrganisation,
    OrganisationConsolidation,
    PartyBranch,
    PartyCandidate,
    VillageCadreTraining,
)
from outpost.people.models import Resident
from outpost.people.services import resident_party_membership_set

EDITABLE_FIELDS = {"name", "member_count", "valid_from"}


def party_branch_create(
    *,
    actor: Any,
    village: Village,
    name: str,
    established_on: dt.date | None = None,
    has_committee: bool = False,
    member_count: int | None = None,
) -> PartyBranch:
    if village.valid_to is not None and (
        established_on is None or established_on >= village.valid_to
    ):
        raise ValidationError({"village": _("The village no longer exists on that date.")})
    if established_on and village.valid_from and established_on < village.valid_from:
        raise ValidationError(
            {"valid_from": _("The branch cannot be established before its village existed.")}
        )
    branch = PartyBranch(
        village=village,
        name=name.strip(),
        valid_from=established_on,
        member_count=member_count,
    )
    with transaction.atomic():
        branch = audit.audited_create(branch, actor=actor)
        if has_committee:
            # Recorded with its committee: it has had one since it was established.
            branch_committee_form(actor=actor, branch=branch, on=established_on)
        return branch


def party_branch_update(
    *,
    actor: Any,
    branch: PartyBranch,
    has_committee: bool | None = None,
    committee_changed_on: dt.date | None = None,
    **changes: Any,
) -> PartyBranch:
    """Change a branch's name, establishment date or member count; with `has_committee`,
    record that it got (or lost) its committee on `committee_changed_on` (see
    `branch_committee_set`)."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    if "name" in changes:
        changes["name"] = str(changes["name"]).strip()
    with transaction.atomic():
        branch = audit.audited_update(branch, actor=actor, **changes)
        if has_committee is not None:
            branch_committee_set(
                actor=actor,
                branch=branch,
                has_committee=has_committee,
                on=committee_changed_on or dt.date.today(),
            )
        return branch


# --- branch committees ------------------------------------------------------------------------


def open_committee(branch: PartyBranch) -> BranchCommittee | None:
    return branch.committees.filter(valid_to__isnull=True).first()


def branch_committee_form(
    *, actor: Any, branch: PartyBranch, on: dt.date | None, decision: str = ""
) -> BranchCommittee:
    """The branch gets its committee on `on` (None: since before our records)."""
    if branch.valid_to is not None:
        raise ValidationError(_("This branch has ended."))
    committee = BranchCommittee(branch=branch, valid_from=on, decision=decision.strip())
    return audit.audited_create(committee, actor=actor)


def branch_committee_end(
    *, actor: Any, branch: PartyBranch, on: dt.date, reason: str
) -> BranchCommittee:
    """The branch loses its committee on `on` (the committee no longer holds from that day)."""
    committee = open_committee(branch)
    if committee is None:
        raise ValidationError(_("This branch has no committee to end."))
    if not reason.strip():
        raise ValidationError({"end_reason": _("Give the reason the committee ended.")})
    return audit.audited_end(committee, actor=actor, on=on, reason=reason.strip())


def branch_committee_set(
    *, actor: Any, branch: PartyBranch, has_committee: bool, on: dt.date | None, reason: str = ""
) -> BranchCommittee | None:
    """Bring the branch to having (or not having) a committee from `on`: form one when it has
    none, end the open one when it should have none, else change nothing (so a form saved
    again, or a file imported again, writes nothing). The committee, if any."""
    committee = open_committee(branch)
    if has_committee:
        if committee is not None:
            return committee
        return branch_committee_form(actor=actor, branch=branch, on=on)
    if committee is None:
        return None
    branch_committee_end(
        actor=actor,
        branch=branch,
        on=on or dt.date.today(),
        reason=reason or _("branch committee no longer in place"),
    )
    return None


def party_branch_end(*, actor: Any, branch: PartyBranch, on: dt.date, reason: str) -> PartyBranch:
    """End a branch (dissolved, merged with a neighbouring village's). Memberships in it end too."""
    from outpost.assign.services import branch_leave

    if branch.valid_to is not None:
        raise ValidationError(_("This branch has already ended."))
    if not reason.strip():
        raise ValidationError({"end_reason": _("Give the reason the branch ended.")})
    with transaction.atomic():
        for membership in branch.memberships.filter(valid_to__isnull=True).select_related(
            "cadre", "branch__village"
        ):
            branch_leave(actor=actor, membership=membership, on=on, reason=_("branch ended"))
        if open_committee(branch) is not None:
            branch_committee_end(actor=actor, branch=branch, on=on, reason=_("branch ended"))
        return audit.audited_end(branch, actor=actor, on=on, reason=reason.strip())


# --- Party development: candidates ----------------------------------------------------------


def _require_active(candidate: PartyCandidate) -> None:
    if candidate.dropped_on is not None:
        raise ValidationError(_("This candidate was dropped: no further stage can be recorded."))
    if candidate.full_member_on is not None:
        raise ValidationError(_("This candidate is already a full Party member."))


def _advance(
    candidate: PartyCandidate,
    *,
    actor: Any,
    field: str,
    on: dt.date,
    needs: str | None,
    **more: Any,
) -> PartyCandidate:
    _require_active(candidate)
    if getattr(candidate, field) is not None:
        raise ValidationError({field: _("This stage has already been recorded.")})
    if needs is not None and getattr(candidate, needs) is None:
        candidate_messages = {
            "class_completed_on": _(
                "A candidate is recommended only after completing the Party-awareness class."
            ),
            "recommended_on": _("A candidate is admitted only after being recommended."),
            "admitted_on": _("A candidate must be admitted before full membership."),
        }
        raise ValidationError({field: candidate_messages[needs]})
    return _update(candidate, actor=actor, **{field: on}, **more)


def _update(candidate: PartyCandidate, *, actor: Any, **changes: Any) -> PartyCandidate:
    """An audited update that leaves the object as it was when the change is refused."""
    before = {name: getattr(candidate, name) for name in changes}
    try:
        return audit.audited_update(candidate, actor=actor, **changes)
    except ValidationError:
        for name, value in before.items():
            setattr(candidate, name, value)
        raise


def candidate_identify(
    *,
    actor: Any,
    resident: Resident,
    branch: PartyBranch,
    identified_on: dt.date,
    mentor: Cadre | None = None,
) -> PartyCandidate:
    """Record a villager identified as a source for Party development in a village branch."""
    if branch.valid_to is not None and identified_on >= branch.valid_to:
        raise ValidationError({"branch": _("This Party branch had ended by that date.")})
    if branch.valid_from and identified_on < branch.valid_from:
        raise ValidationError({"identified_on": _("The branch did not exist yet on that date.")})
    if PartyCandidate.objects.filter(
        resident=resident, dropped_on__isnull=True, full_member_on__isnull=True
    ).exists():
        raise ValidationError({"resident": _("This resident is already a candidate.")})
    candidate = PartyCandidate(
        resident=resident, branch=branch, mentor=mentor, identified_on=identified_on
    )
    return audit.audited_create(candidate, actor=actor)


def candidate_complete_class(
    *, actor: Any, candidate: PartyCandidate, on: dt.date
) -> PartyCandidate:
    return _advance(candidate, actor=actor, field="class_completed_on", on=on, needs=None)


def candidate_recommend(*, actor: Any, candidate: PartyCandidate, on: dt.date) -> PartyCandidate:
    return _advance(
        candidate, actor=actor, field="recommended_on", on=on, needs="class_completed_on"
    )


def candidate_admit(
    *, actor: Any, candidate: PartyCandidate, on: dt.date, age_exception_reason: str = ""
) -> PartyCandidate:
    """Admit on probation. The candidate must be 18 to 60 on the day unless the reason for an
    age exception is recorded."""
    more: dict[str, Any] = {}
    if age_exception_reason.strip():
        more["age_exception_reason"] = age_exception_reason.strip()
    with transaction.atomic():
        candidate = _advance(
            candidate, actor=actor, field="admitted_on", on=on, needs="recommended_on", **more
        )
        # From the admission the villager is a Party member of their village: the record the
        # "villages without Party members" figure reads.
        resident_party_membership_set(
            actor=actor,
            resident=candidate.resident,
            joined_on=on,
            note=str(PartyCandidate.Stage.ADMITTED.label),
        )
        return candidate


def candidate_make_full(*, actor: Any, candidate: PartyCandidate, on: dt.date) -> PartyCandidate:
    return _advance(candidate, actor=actor, field="full_member_on", on=on, needs="admitted_on")


def candidate_drop(
    *, actor: Any, candidate: PartyCandidate, on: dt.date, reason: str
) -> PartyCandidate:
    """Drop a candidate; one dropped during probation (after admission) leaves the Party."""
    _require_active(candidate)
    if not reason.strip():
        raise ValidationError({"drop_reason": _("Give the reason the candidate was dropped.")})
    with transaction.atomic():
        candidate = _update(candidate, actor=actor, dropped_on=on, drop_reason=reason.strip())
        resident = candidate.resident
        joined = resident.party_joined_on
        if candidate.admitted_on is not None and joined is not None:
            # Dropped on the day of admission: the membership never began.
            left = on if on > joined else None
            resident_party_membership_set(
                actor=actor,
                resident=resident,
                joined_on=joined if left else None,
                left_on=left,
                note=reason.strip(),
            )
        return candidate


CANDIDATE_STAGES: dict[str, Callable[..., PartyCandidate]] = {
    "class": candidate_complete_class,
    "recommend": candidate_recommend,
    "admit": candidate_admit,
    "full": candidate_make_full,
    "drop": candidate_drop,
}


def candidate_advance(
    *,
    actor: Any,
    candidate: PartyCandidate,
    stage: str,
    on: dt.date,
    reason: str = "",
    age_exception_reason: str = "",
) -> PartyCandidate:
    """One entry point for pages and the API: `stage` is class, recommend, admit, full or drop."""
    if stage not in CANDIDATE_STAGES:
        raise ValidationError({"stage": _("Unknown stage.")})
    if stage == "drop":
        return candidate_drop(actor=actor, candidate=candidate, on=on, reason=reason)
    if stage == "admit":
        return candidate_admit(
            actor=actor, candidate=candidate, on=on, age_exception_reason=age_exception_reason
        )
    return CANDIDATE_STAGES[stage](actor=actor, candidate=candidate, on=on)


# --- Mass organisations and village cadre training ------------------------------------------


def mass_organisation_create(
    *,
    actor: Any,
    commune: Any,
    kind: str,
    name: str,
    village: Village | None = None,
    established_on: dt.date | None = None,
    member_count: int | None = None,
) -> MassOrganisation:
    """Record a mass organisation of a village, or of the commune when `village` is None."""
    if village is not None and village.commune_id != commune.pk:
        raise ValidationError({"village": _("The village is not in this commune.")})
    if commune.level != "commune":
        raise ValidationError({"commune": _("Choose a commune.")})
    organisation = MassOrganisation(
        commune=commune,
        village=village,
        kind=kind,
        name=name.strip(),
        valid_from=established_on,
        member_count=member_count,
    )
    return audit.audited_create(organisation, actor=actor)


def mass_organisation_end(
    *, actor: Any, organisation: MassOrganisation, on: dt.date, reason: str
) -> MassOrganisation:
    if organisation.valid_to is not None:
        raise ValidationError(_("This organisation has already ended."))
    if not reason.strip():
        raise ValidationError({"end_reason": _("Give the reason the organisation ended.")})
    return audit.audited_end(organisation, actor=actor, on=on, reason=reason.strip())


def organisation_consolidate(
    *,
    actor: Any,
    organisation: MassOrganisation,
    on: dt.date,
    action: str,
    supporting_unit: Any | None = None,
) -> OrganisationConsolidation:
    """Record one piece of work consolidating an organisation open on the date."""
    if not organisation.is_valid_on(on):
        raise ValidationError({"on": _("The organisation did not exist on that date.")})
    event = OrganisationConsolidation(
        organisation=organisation, on=on, action=action.strip(), supporting_unit=supporting_unit
    )
    return audit.audited_create(event, actor=actor)


def village_cadre_identify(
    *,
    actor: Any,
    resident: Resident,
    role: str,
    identified_on: dt.date,
    course_name: str = "",
    course_from: dt.date | None = None,
    course_to: dt.date | None = None,
    completed: bool = False,
) -> VillageCadreTraining:
    """Record a resident identified as a village cadre, with the course when known."""
    training = VillageCadreTraining(
        resident=resident,
        role=role,
        identified_on=identified_on,
        course_name=course_name.strip(),
        course_from=course_from,
        course_to=course_to,
        completed=completed,
    )
    return audit.audited_create(training, actor=actor)


def village_cadre_record_course(
    *,
    actor: Any,
    training: VillageCadreTraining,
    course_name: str,
    course_from: dt.date | None = None,
    course_to: dt.date | None = None,
    completed: bool = False,
) -> VillageCadreTraining:
    """Record (or correct) the course a village cadre followed: its name, dates and whether
    the cadre completed it. A course is completed only once its last day has passed."""
    if not course_name.strip():
        raise ValidationError({"course_name": _("Name the course.")})
    if completed and course_to is not None and course_to > dt.date.today():
        raise ValidationError(
            {"completed": _("The course ends in the future: it cannot be completed yet.")}
        )
    before = {
        "course_name": training.course_name,
        "course_from": training.course_from,
        "course_to": training.course_to,
        "completed": training.completed,
    }
    try:
        return audit.audited_update(
            training,
            actor=actor,
            course_name=course_name.strip(),
            course_from=course_from,
            course_to=course_to,
            completed=completed,
        )
    except ValidationError:
        for field, value in before.items():
            setattr(training, field, value)
        raise
