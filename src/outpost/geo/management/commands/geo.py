"""`outpost geo <subcommand>`: load and inspect administrative units and their lineage."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from outpost.core.audit import audit_source
from outpost.core.models import AuditEvent
from outpost.geo import importers
from outpost.geo.lineage import lineage_document
from outpost.geo.models import AdminUnit
from outpost.geo.services import admin_unit_set_border


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc


class Command(BaseCommand):
    help = "Administrative units: load the official lists, show lineage, flag border communes."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", metavar="SUBCOMMAND", required=True)

        sub.add_parser(
            "load-current",
            help="Create the 34 provinces and 3,321 communes of the vietnam-provinces package "
            "(draft list, valid from 2025-07-01). Only fills gaps; safe to re-run.",
        )
        p = sub.add_parser(
            "import-current",
            help="Import the official current list (divisions-2026-02.json): corrects codes "
            "and names of current units, creates the missing ones.",
        )
        p.add_argument("file", type=Path)
        p = sub.add_parser(
            "import-legacy",
            help="Import the units before 2025-07-01 (communes-2025-01-04.csv): provinces, "
            "districts and communes, valid until 2025-07-01.",
        )
        p.add_argument("file", type=Path)
        p = sub.add_parser(
            "import-conversion",
            help="Import the 2025 conversion table (conversion-2025-07.csv) as lineage. "
            "Needs the current units (load-current, import-current) first.",
        )
        p.add_argument("file", type=Path)
        p = sub.add_parser(
            "lineage",
            help="Predecessors and successors of the units that carried a code "
            "(2 digits: province, 3: district, 5: commune).",
        )
        p.add_argument("code")
        p.add_argument("--on", type=_date, help="only the unit that carried the code that day")
        p.add_argument("--json", action="store_true", help="machine-readable output")
        p = sub.add_parser(
            "set-border", help="Flag a current commune as a border commune (or clear the flag)."
        )
        p.add_argument("code")
        p.add_argument(
            "--countries", default="", help="neighbouring countries, ISO codes: LA,CN,KH"
        )
        p.add_argument("--off", action="store_true", help="clear the border flag")

    def handle(self, *args: Any, **options: Any) -> None:
        sub = options["subcommand"]
        if sub == "lineage":
            self._lineage(options["code"], options["on"], options["json"])
        elif sub == "set-border":
            self._set_border(options["code"], options["countries"], options["off"])
        else:
            self._import(sub, options.get("file"))

    def _progress(self, message: str) -> None:
        self.stdout.write(message)

    def _import(self, sub: str, file: Path | None) -> None:
        if file is not None and not file.is_file():
            raise CommandError(_("%(file)s: no such file") % {"file": file})
        try:
            if sub == "load-current":
                summary = importers.load_current(progress=self._progress)
            elif sub == "import-current":
                assert file is not None
                summary = importers.import_current(file, progress=self._progress)
            elif sub == "import-legacy":
                assert file is not None
                summary = importers.import_legacy(file, progress=self._progress)
            else:
                assert file is not None
                summary = importers.import_conversion(file, progress=self._progress)
        except importers.ImportRefused as refused:
            for error in refused.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("%(n)s error(s); nothing was imported.") % {"n": len(refused.errors)}
            ) from refused
        for line in summary.lines():
            self.stdout.write(line)

    def _lineage(self, code: str, on: dt.date | None, as_json: bool) -> None:
        if not code.strip().isdigit():
            raise CommandError(_("A code is made of digits: %(code)s") % {"code": code})
        document = lineage_document(code, on=on)
        if as_json:
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        if not document["units"]:
            self.stdout.write(_("No unit has carried the code %(code)s.") % {"code": code})
            return
        for entry in document["units"]:
            unit = entry["unit"]
            self.stdout.write(
                f"{unit['name']} ({unit['code']}, {unit['level']}) "
                f"{unit['valid_from'] or '…'} – {unit['valid_to'] or '…'}"
            )
            for title, items in (
                (_("from"), entry["predecessors"]),
                (_("became"), entry["successors"]),
            ):
                for item in items:
                    self.stdout.write(
                        f"  {title}: {item['name']} ({item['code']}, "
                        f"{item['valid_from'] or '…'} – {item['valid_to'] or '…'}) "
                        f"[{item['kind']}, {item['effective']}] {item['note']}"
                    )

    def _set_border(self, code: str, countries: str, off: bool) -> None:
        units = list(
            AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE, code=code.strip().zfill(5))
            .valid_on(dt.date.today())
            .order_by("pk")
        )
        if len(units) != 1:
            raise CommandError(_("No current commune has the code %(code)s.") % {"code": code})
        try:
            with audit_source(AuditEvent.Source.CLI):
                unit = admin_unit_set_border(
                    actor=None,
                    unit=units[0],
                    is_border=not off,
                    countries=countries.split(","),
                )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        state = unit.border_countries if unit.is_border else _("not a border commune")
        self.stdout.write(f"{unit}: {state}")
