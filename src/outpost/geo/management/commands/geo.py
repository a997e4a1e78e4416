"""`outpost geo <subcommand>`: load and inspect administrative units and their lineage."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from outpost.core.audit import audit_source
from outpost.core.models import AuditEvent
from outpost.geo import importers
from outpost.geo.borders import border_flag_on, border_proposals, unit_for_code
from outpost.geo.lineage import lineage_document
from outpost.geo.models import AdminUnit, BorderFlag
from outpost.geo.services import border_flag_end, border_flag_set, border_proposal_accept


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc


class Command(BaseCommand):
    help = "Administrative units: load the official lists, show lineage, flag border units."

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
            "set-border",
            help="Flag a unit (any level, before or after 2025) as a border unit from a date, "
            "or end its flag (--off). The code is read on --from; without it, a code carried "
            "by two units is refused.",
        )
        p.add_argument("code")
        p.add_argument(
            "--countries", default="", help="neighbouring countries, ISO codes: LA,CN,KH"
        )
        p.add_argument(
            "--from",
            dest="valid_from",
            type=_date,
            help="first day of the flag (default: the unit's first day); with --off, the "
            "day the unit stops being a border unit (default: today)",
        )
        p.add_argument(
            "--to", dest="valid_to", type=_date, help="end of the flag, exclusive (default: open)"
        )
        p.add_argument("--off", action="store_true", help="end the border flag")
        p = sub.add_parser(
            "propose-border",
            help="The border flag each unit that began through lineage (the 2025 merger) "
            "would take from its predecessors' flags; --apply sets them.",
        )
        p.add_argument("--apply", action="store_true", help="set the proposed flags")
        p.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args: Any, **options: Any) -> None:
        sub = options["subcommand"]
        if sub == "lineage":
            self._lineage(options["code"], options["on"], options["json"])
        elif sub == "set-border":
            with audit_source(AuditEvent.Source.CLI):
                self._set_border(options)
        elif sub == "propose-border":
            with audit_source(AuditEvent.Source.CLI):
                self._propose_border(options["apply"], options["json"])
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

    def _set_border(self, options: dict[str, Any]) -> None:
        valid_from, valid_to = options["valid_from"], options["valid_to"]
        try:
            unit = unit_for_code(options["code"], on=valid_from)
            if options["off"]:
                flag = self._end_border(unit, valid_from or dt.date.today())
            else:
                flag = border_flag_set(
                    actor=None,
                    unit=unit,
                    countries=options["countries"],
                    valid_from=valid_from,
                    valid_to=valid_to,
                )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"{unit}: {_flag_text(flag)}")

    def _end_border(self, unit: AdminUnit, on: dt.date) -> BorderFlag:
        flag = border_flag_on(unit, on - dt.timedelta(days=1))
        if flag is None:
            raise ValidationError(
                _("%(unit)s was not a border unit on %(on)s.") % {"unit": unit, "on": on}
            )
        return border_flag_end(
            actor=None, flag=flag, on=on, reason=_("ended from the command line")
        )

    def _propose_border(self, apply: bool, as_json: bool) -> None:
        proposals = border_proposals()
        if apply:
            with transaction.atomic():
                for proposal in proposals:
                    border_proposal_accept(actor=None, proposal=proposal)
        if as_json:
            document = {"applied": apply, "proposals": [p.as_json() for p in proposals]}
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        for proposal in proposals:
            self.stdout.write(
                _("%(unit)s from %(on)s: %(countries)s from %(sources)s")
                % {
                    "unit": proposal.unit,
                    "on": proposal.on.isoformat(),
                    "countries": ",".join(proposal.countries),
                    "sources": proposal.source_names,
                }
            )
        summary = _("%(n)s flag(s) set.") if apply else _("%(n)s flag(s) proposed.")
        self.stdout.write(summary % {"n": len(proposals)})


def _flag_text(flag: BorderFlag) -> str:
    start = flag.valid_from.isoformat() if flag.valid_from else "…"
    end = flag.valid_to.isoformat() if flag.valid_to else "…"
    return f"{flag.countries} {start} – {end}"
