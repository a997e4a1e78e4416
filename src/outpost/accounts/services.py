"""Writes for accounts: users and API tokens. Audited like every other write."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from outpost.accounts.models import ApiToken, User
from outpost.core import audit


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def user_create(
    *,
    actor: Any,
    username: str,
    password: str,
    role: str,
    full_name: str = "",
    force_unit_ids: Iterable[int] = (),
    partner_commune_ids: Iterable[int] = (),
    cadre_id: int | None = None,
) -> User:
    with transaction.atomic():
        first, _, last = full_name.rpartition(" ")
        user = User(username=username, role=role, first_name=last, last_name=first)
        user.cadre_id = cadre_id
        user.set_password(password)
        audit.audited_create(user, actor=actor)
        user.force_units.set(list(force_unit_ids))
        user.partner_communes.set(list(partner_commune_ids))
        audit.record(
            actor=actor,
            action="update",
            obj=user,
            changes={
                "force_units": [[], sorted(force_unit_ids)],
                "partner_communes": [[], sorted(partner_commune_ids)],
            },
        )
    return user


def token_create(*, actor: Any, user: User, label: str = "") -> str:
    """Create an API token; the raw value is shown once and only its digest is kept."""
    # Hex, not URL-safe base64: a token (and its prefix) starting with "-" would be read as
    # an option by `outpost token revoke PREFIX`.
    raw = secrets.token_hex(32)
    token = ApiToken(user=user, label=label, digest=_digest(raw), prefix=raw[:6])
    audit.audited_create(token, actor=actor)
    return raw


def token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    return audit.audited_update(token, actor=actor, revoked_at=timezone.now())


def token_user(*, raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    return token.user if token else None
