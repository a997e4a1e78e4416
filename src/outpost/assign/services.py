"""Every write to assignments. Typed, keyword-only, atomic, audited.

Three kinds: a Party member in charge of a household, a Party member taking part in a village
Party branch, an officer holding a seat on a commune (or, before 2025, district) Party
committee. Each is checked against the cadre's Party membership or category and against the
area of responsibility of their unit on the start date."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from outpost.assign import rules
from outpost.assign.models import BranchMembership, CommitteeSeat, HouseholdAssignment
from outpost.core import audit
from outpost.force.models import Cadre
from outpost.geo.models import AdminUnit
from outpost.grassroots.models import PartyBranch
from outpost.people.models import Household

POSTED_AWAY = "posted away"
HANDED_OVER = "handed over"

A = TypeVar("A", HouseholdAssignment, BranchMembership, CommitteeSeat)


def _overlapping(qs: models.QuerySet[A], valid_from: dt.date) -> models.QuerySet[A]:
    """Rows still running on or after `valid_from` (open, or ending after it)."""
    return qs.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=valid_from))


def _require_reason(reason: str) -> str:
    if not reason.strip():
        raise ValidationError({"end_reason": _("Give the reason the assignment ended.")})
    return reason.strip()


def _require_open(assignment: Any) -> None:
    if assignment.valid_to is not None:
        raise ValidationError(_("This assignment has already ended."))


# --- households -----------------------------------------------------------------------------


def household_assign(
    *,
    actor: Any,
    cadre: Cadre,
    household: Household,
    valid_from: dt.date,
    decision: str = "",
) -> HouseholdAssignment:
    """Put a Party member in charge of a household."""
    rules.require_party_member(cadre, valid_from)
    if not household.is_valid_on(valid_from):
        raise ValidationError({"household": _("The household does not exist on that date.")})
    rules.require_area(cadre, commune_id=household.commune_id, on=valid_from, field="household")
    duplicate = _overlapping(
        HouseholdAssignment.objects.filter(cadre=cadre, household=household), valid_from
    )
    if duplicate.exists():
        raise ValidationError(
            {
                "household": _("%(cadre)s is already in charge of household %(household)s.")
                % {"cadre": cadre, "household": household}
            }
        )
    assignment = HouseholdAssignment(
        cadre=cadre, household=household, valid_from=valid_from, decision=decision.strip()
    )
    return audit.audited_create(assignment, actor=actor)


def households_assign(
    *,
    actor: Any,
    cadre: Cadre,
    households: list[Household],
    valid_from: dt.date,
    decision: str = "",
) -> list[HouseholdAssignment]:
    """Several households at once (the multi-select form): all or none."""
    with transaction.atomic():
        return [
            household_assign(
                actor=actor, cadre=cadre, household=h, valid_from=valid_from, decision=decision
            )
            for h in households
        ]


def household_unassign(
    *, actor: Any, assignment: HouseholdAssignment, on: dt.date, reason: str
) -> HouseholdAssignment:
    _require_open(assignment)
    return audit.audited_end(assignment, actor=actor, on=on, reason=_require_reason(reason))


HOUSEHOLD_ENDED = "household ended"


def household_assignments_end_for(
    *, actor: Any, household: Household, on: dt.date, reason: str
) -> list[HouseholdAssignment]:
    """A household row ends (the household ceased): every open assignment of it ends on the
    same date, the reason naming why. Called by the people services."""
    why = f"{HOUSEHOLD_ENDED}: {reason.strip()}" if reason.strip() else HOUSEHOLD_ENDED
    ended = []
    with transaction.atomic():
        for assignment in HouseholdAssignment.objects.filter(
            household=household, valid_to__isnull=True
        ).select_related("cadre", "household"):
            ended.append(
                audit.audited_end(assignment, actor=actor, on=_end_on(assignment, on), reason=why)
            )
    return ended


def household_assignments_follow(
    *, actor: Any, household: Household, successor: Household, on: dt.date, reason: str
) -> list[HouseholdAssignment]:
    """A household row ends and the household lives on as another row: moved to another
    commune, or merged into another household. What a post commander expects: the Party
    member in charge keeps following the family. Each open assignment ends on the date and
    the same cadre takes charge of the successor from that date, under the same decision,
    when the successor is in the area of the cadre's unit then (and the cadre is not already
    in charge of it). Otherwise the assignment just ends with the reason: the family moved
    out of the post's area and whoever covers its new commune takes it on. A split needs
    nothing: the household that stays keeps its row and its Party member; the new household
    starts without anyone and shows among the gaps. Returns the assignments created."""
    why = reason.strip() or HOUSEHOLD_ENDED
    created = []
    with transaction.atomic():
        for old in HouseholdAssignment.objects.filter(
            household=household, valid_to__isnull=True
        ).select_related("cadre", "household"):
            audit.audited_end(old, actor=actor, on=_end_on(old, on), reason=why)
            cadre = old.cadre
            start = max(on, old.valid_from) if old.valid_from else on
            follows = (
                cadre.is_party_member_on(start)
                and successor.is_valid_on(start)
                and rules.communes_covered(cadre, start)
                .filter(commune_id=successor.commune_id)
                .exists()
                and not _overlapping(
                    HouseholdAssignment.objects.filter(cadre=cadre, household=successor), start
                ).exists()
            )
            if follows:
                created.append(
                    household_assign(
                        actor=actor,
                        cadre=cadre,
                        household=successor,
                        valid_from=start,
                        decision=old.decision,
                    )
                )
    return created


# --- village Party branches -----------------------------------------------------------------


def branch_join(
    *,
    actor: Any,
    cadre: Cadre,
    branch: PartyBranch,
    valid_from: dt.date,
    decision: str = "",
) -> BranchMembership:
    """A Party member of the post takes part in a village Party branch."""
    rules.require_party_member(cadre, valid_from)
    if not branch.is_valid_on(valid_from):
        raise ValidationError({"branch": _("The Party branch does not exist on that date.")})
    rules.require_area(cadre, commune_id=branch.village.commune_id, on=valid_from, field="branch")
    duplicate = _overlapping(
        BranchMembership.objects.filter(cadre=cadre, branch=branch), valid_from
    )
    if duplicate.exists():
        raise ValidationError(
            {
                "branch": _("%(cadre)s already takes part in %(branch)s.")
                % {"cadre": cadre, "branch": branch}
            }
        )
    membership = BranchMembership(
        cadre=cadre, branch=branch, valid_from=valid_from, decision=decision.strip()
    )
    return audit.audited_create(membership, actor=actor)


def branch_leave(
    *, actor: Any, membership: BranchMembership, on: dt.date, reason: str
) -> BranchMembership:
    _require_open(membership)
    return audit.audited_end(membership, actor=actor, on=on, reason=_require_reason(reason))


# --- Party committee seats ------------------------------------------------------------------


def committee_seat_assign(
    *,
    actor: Any,
    cadre: Cadre,
    unit: AdminUnit,
    role: str,
    valid_from: dt.date,
    decision: str = "",
) -> CommitteeSeat:
    """An officer takes a seat on a commune Party committee, or a district one before the
    districts were abolished on 2025-07-01."""
    rules.require_officer(cadre)
    if role not in CommitteeSeat.Role.values:
        raise ValidationError({"role": _("Unknown committee role.")})
    rules.require_seat_place(cadre, unit=unit, valid_from=valid_from)
    if _overlapping(CommitteeSeat.objects.filter(cadre=cadre, unit=unit), valid_from).exists():
        raise ValidationError(
            {"unit": _("%(cadre)s already holds a seat on this committee.") % {"cadre": cadre}}
        )
    rules.require_role_free(
        CommitteeSeat.objects.filter(unit=unit, role=role), role=role, valid_from=valid_from
    )
    seat = CommitteeSeat(
        cadre=cadre, unit=unit, role=role, valid_from=valid_from, decision=decision.strip()
    )
    return audit.audited_create(seat, actor=actor)


def committee_seat_end(
    *, actor: Any, seat: CommitteeSeat, on: dt.date, reason: str
) -> CommitteeSeat:
    _require_open(seat)
    return audit.audited_end(seat, actor=actor, on=on, reason=_require_reason(reason))


# --- posting away and hand-over -------------------------------------------------------------


def _open_assignments(cadre: Cadre) -> list[Any]:
    return [
        *HouseholdAssignment.objects.filter(cadre=cadre, valid_to__isnull=True).select_related(
            "household", "cadre"
        ),
        *BranchMembership.objects.filter(cadre=cadre, valid_to__isnull=True).select_related(
            "branch__village", "cadre"
        ),
        *CommitteeSeat.objects.filter(cadre=cadre, valid_to__isnull=True).select_related(
            "unit", "cadre"
        ),
    ]


def _end_on(assignment: Any, on: dt.date) -> dt.date:
    """The end date for an automatic end. An assignment that began on or after the date (a
    back-dated posting) cannot end before it began: it ends the day after it began."""
    if assignment.valid_from is not None and assignment.valid_from >= on:
        return assignment.valid_from + dt.timedelta(days=1)
    return on


def assignments_end_on_posting(*, actor: Any, cadre: Cadre, on: dt.date) -> list[Any]:
    """Every open assignment of a cadre posted away ends on the posting date."""
    ended = []
    with transaction.atomic():
        for assignment in _open_assignments(cadre):
            ended.append(
                audit.audited_end(
                    assignment, actor=actor, on=_end_on(assignment, on), reason=POSTED_AWAY
                )
            )
    return ended


def open_or_just_ended(cadre: Cadre, on: dt.date) -> list[Any]:
    """Open assignments, and those ended on the date by a posting and not yet handed over."""
    posted: list[Any] = []
    for model, related in (
        (HouseholdAssignment, ("household", "cadre")),
        (BranchMembership, ("branch__village", "cadre")),
        (CommitteeSeat, ("unit", "cadre")),
    ):
        posted.extend(
            model.objects.filter(
                cadre=cadre, valid_to=on, end_reason=POSTED_AWAY, handed_over_to__isnull=True
            ).select_related(*related)
        )
    return _open_assignments(cadre) + posted


def assignments_hand_over(
    *,
    actor: Any,
    from_cadre: Cadre,
    to_cadre: Cadre,
    on: dt.date,
    decision: str = "",
) -> list[Any]:
    """Move a cadre's assignments to another cadre: each ends (handed over, naming who took
    over) and a new one begins for the other cadre on the same date. Works before a posting
    (open assignments) and right after one (those the posting ended that day). All or none:
    if the other cadre may not take one of them over, nothing moves."""
    if from_cadre.pk == to_cadre.pk:
        raise ValidationError({"to_cadre": _("Choose another cadre to hand over to.")})
    created: list[Any] = []
    already: models.QuerySet[Any]
    with transaction.atomic():
        for old in open_or_just_ended(from_cadre, on):
            if old.valid_to is None:
                audit.audited_end(old, actor=actor, on=_end_on(old, on), reason=HANDED_OVER)
            audit.audited_update(old, actor=actor, handed_over_to=to_cadre)
            start = max(on, old.valid_from) if old.valid_from else on
            new_decision = decision or old.decision
            if isinstance(old, HouseholdAssignment):
                already = _overlapping(
                    HouseholdAssignment.objects.filter(cadre=to_cadre, household=old.household),
                    start,
                )
                if not already.exists():
                    created.append(
                        household_assign(
                            actor=actor,
                            cadre=to_cadre,
                            household=old.household,
                            valid_from=start,
                            decision=new_decision,
                        )
                    )
            elif isinstance(old, BranchMembership):
                already = _overlapping(
                    BranchMembership.objects.filter(cadre=to_cadre, branch=old.branch), start
                )
                if not already.exists():
                    created.append(
                        branch_join(
                            actor=actor,
                            cadre=to_cadre,
                            branch=old.branch,
                            valid_from=start,
                            decision=new_decision,
                        )
                    )
            else:
                already = _overlapping(
                    CommitteeSeat.objects.filter(cadre=to_cadre, unit=old.unit), start
                )
                if not already.exists():
                    created.append(
                        committee_seat_assign(
                            actor=actor,
                            cadre=to_cadre,
                            unit=old.unit,
                            role=old.role,
                            valid_from=start,
                            decision=new_decision,
                        )
                    )
    return created


def on_cadre_posted_away(
    sender: Any, *, cadre: Cadre, on: dt.date, actor: Any, **kwargs: Any
) -> None:
    """Receiver of `force.signals.cadre_posted_away` (connected in AssignConfig.ready)."""
    assignments_end_on_posting(actor=actor, cadre=cadre, on=on)
