"""`outpost fieldwork <subcommand>`: field work jobs on the command line.

Each area of field work declares its subcommands in `outpost/fieldwork/management/<area>.py`
with `add_subcommands(subparsers)` (adding its parsers) and `HANDLERS` (subcommand name ->
function taking the command and the parsed options); this module only puts them together."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand

from outpost.core.audit import audit_source
from outpost.core.models import AuditEvent

AREAS = ("activities", "photos", "kinds", "outcomes", "programs", "disasters", "followups")


def _area_modules() -> list[Any]:
    found = []
    for area in AREAS:
        name = f"outpost.fieldwork.management.{area}"
        try:
            found.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return found


class Command(BaseCommand):
    help = "Field work jobs: ending enrollments of those who came of age, and others."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", metavar="SUBCOMMAND", required=True)
        self.handlers: dict[str, Callable[[BaseCommand, dict[str, Any]], None]] = {}
        for module in _area_modules():
            module.add_subcommands(sub)
            self.handlers.update(module.HANDLERS)

    def handle(self, *args: Any, **options: Any) -> None:
        with audit_source(AuditEvent.Source.CLI):
            self.handlers[options["subcommand"]](self, options)
