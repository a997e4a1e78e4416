"""Every write to village Party branches. Typed, keyword-only, atomic, audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from outpost.core import audit
from outpost.geo.models import Village
from outpost.grassroots.models import PartyBranch

EDITABLE_FIELDS = {"name", "has_committee", "member_count", "valid_from"}


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
        has_committee=has_committee,
        member_count=member_count,
    )
    return audit.audited_create(branch, actor=actor)


def party_branch_update(*, actor: Any, branch: PartyBranch, **changes: Any) -> PartyBranch:
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    if "name" in changes:
        changes["name"] = str(changes["name"]).strip()
    return audit.audited_update(branch, actor=actor, **changes)


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
        return audit.audited_end(branch, actor=actor, on=on, reason=reason.strip())
