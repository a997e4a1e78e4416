"""The kinds of activity are data, kept by administrators (superusers or staff): add a kind,
rename it, put it out of use. A kind is never deleted (activities name it) and its code never
changes (imports and the API use it). Audited like every other write."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from outpost.core import audit
from outpost.fieldwork.models import ActivityKind

EDITABLE_FIELDS = {"name_vi", "name_en", "counts_as_visit", "is_active", "sort_order"}


def may_manage_kinds(user: Any) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_active", False)
        and (getattr(user, "is_superuser", False) or getattr(user, "is_staff", False))
    )


def _require_manager(actor: Any) -> None:
    # No actor: the system itself (migrations, the command line run by the operator).
    if actor is not None and not may_manage_kinds(actor):
        raise PermissionDenied("only administrators manage the kinds of activity")


def kind_create(
    *,
    actor: Any,
    code: str,
    name_vi: str,
    name_en: str,
    counts_as_visit: bool = True,
    sort_order: int = 100,
) -> ActivityKind:
    _require_manager(actor)
    kind = ActivityKind(
        code=code.strip().lower(),
        name_vi=name_vi.strip(),
        name_en=name_en.strip(),
        counts_as_visit=counts_as_visit,
        sort_order=sort_order,
    )
    return audit.audited_create(kind, actor=actor)


def kind_update(*, actor: Any, kind: ActivityKind, **changes: Any) -> ActivityKind:
    """Rename a kind, change its order or whether it counts as a visit, or put it out of use
    (`is_active=False`: it is no longer offered for new activities; old ones keep it)."""
    _require_manager(actor)
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    for name in ("name_vi", "name_en"):
        if name in changes:
            changes[name] = str(changes[name]).strip()
    return audit.audited_update(kind, actor=actor, **changes)
