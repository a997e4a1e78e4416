"""`outpost report <name>`: reports on the command line.

outpost report coverage --unit DBP-A [--on 2024-06-30] [--json]
outpost report indicators [--json]
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from outpost.reports import registry
from outpost.reports.coverage import coverage
from outpost.reports.units import UnitNotFound, resolve


def _date(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise CommandError(f"not a date (YYYY-MM-DD): {raw}") from exc


class Command(BaseCommand):
    help = "Reports: coverage of a unit on a date; the list of indicators."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="report", required=True, metavar="REPORT")
        cov = sub.add_parser(
            "coverage",
            help="The coverage indicators of a unit on a date.",
            description=(
                "UNIT is an administrative unit code (province 2 digits, commune 5 digits, "
                "the unit carrying it on the date), a force unit code (e.g. DBP-A), "
                "village:<id>, or VN for the whole country."
            ),
        )
        cov.add_argument("--unit", required=True, help="unit code")
        cov.add_argument("--on", default="", help="date YYYY-MM-DD (default: today)")
        cov.add_argument("--json", action="store_true", help="print JSON")
        ind = sub.add_parser("indicators", help="The indicators reports can show.")
        ind.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["report"] == "coverage":
            self.coverage(options)
        else:
            self.indicators(options)

    def coverage(self, options: dict[str, Any]) -> None:
        on = _date(options["on"]) if options["on"] else dt.date.today()
        try:
            unit = resolve(options["unit"], on)
        except UnitNotFound as exc:
            raise CommandError(f"no unit with code {options['unit']!r}") from exc
        result = coverage(unit, on)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(f"{unit.name} ({unit.code}, {unit.kind}) - {result['on']}")
        rows = [(str(registry.get(k).label), v) for k, v in result["indicators"].items()]
        width = max((len(label) for label, _v in rows), default=10)
        for label, value in rows:
            self.stdout.write(f"  {label.ljust(width)}  {value:>8}")

    def indicators(self, options: dict[str, Any]) -> None:
        with translation.override("en"):  # `label` is the English label, as in the API
            data = [
                {"key": i.key, "label": str(i.label), "label_vi": i.label_vi, "unit": i.unit}
                for i in registry.all_indicators()
            ]
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        for row in data:
            self.stdout.write(f"{row['key']:40} {row['unit']:12} {row['label']}")
