"""`outpost load_ethnic_groups`: create or correct the ethnic-group reference rows.

The migration `core.0003_ethnic_groups` loads them into every new database; run this after
the list in `outpost.core.ethnic_groups` changes. Safe to run any number of times: rows that
already match are left alone, and each row created or corrected gets an audit event."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from outpost.core import audit, ethnic_groups
from outpost.core.models import AuditEvent, EthnicGroup


class Command(BaseCommand):
    help = "Create or correct the 54 ethnic groups plus foreigner and unknown."

    def handle(self, *args: Any, **options: Any) -> None:
        with audit.audit_source(AuditEvent.Source.CLI), transaction.atomic():
            changes = ethnic_groups.load(EthnicGroup)
            audit.record_many(
                audit.build_event(actor=None, action=action, obj=row, changes=delta)
                for row, action, delta in changes
            )
        created = sum(1 for _, action, _ in changes if action == "create")
        self.stdout.write(
            f"Ethnic groups: {created} created, {len(changes) - created} corrected, "
            f"{EthnicGroup.objects.count()} in all."
        )
