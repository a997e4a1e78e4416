"""`outpost token create USERNAME` and `outpost token revoke PREFIX`: API bearer tokens."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from outpost.accounts.models import ApiToken, User
from outpost.accounts.services import token_create, token_revoke
from outpost.core.audit import audit_source
from outpost.core.models import AuditEvent


class Command(BaseCommand):
    help = "Create or revoke API bearer tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token for a user; shown once.")
        create.add_argument("username")
        create.add_argument("--label", default="", help="What the token is for.")
        revoke = sub.add_parser("revoke", help="Revoke a token by the prefix shown at creation.")
        revoke.add_argument("prefix")
        sub.add_parser("list", help="List tokens (prefixes only).")

    def handle(self, *args: Any, **options: Any) -> None:
        with audit_source(AuditEvent.Source.CLI):
            getattr(self, f"_{options['action']}")(**options)

    def _create(self, *, username: str, label: str, **_: Any) -> None:
        try:
            user = User.objects.get(username=username, is_active=True)
        except User.DoesNotExist as exc:
            raise CommandError(f"No active user {username!r}.") from exc
        raw = token_create(actor=None, user=user, label=label)
        self.stdout.write(raw)
        self.stderr.write(f"Token {raw[:6]}… for {username}. It is shown only this once.")

    def _revoke(self, *, prefix: str, **_: Any) -> None:
        tokens = list(ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True))
        if not tokens:
            raise CommandError(f"No active token starts with {prefix!r}.")
        if len(tokens) > 1:
            raise CommandError(
                f"{len(tokens)} active tokens start with {prefix!r}; revoke in the admin."
            )
        token_revoke(actor=None, token=tokens[0])
        self.stdout.write(f"Revoked {prefix}… of {tokens[0].user.username}.")

    def _list(self, **_: Any) -> None:
        for token in ApiToken.objects.select_related("user").order_by("created_at"):
            state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "active"
            self.stdout.write(
                f"{token.prefix}\t{token.user.username}\t{token.created_at:%Y-%m-%d}\t{state}\t{token.label}"
            )
