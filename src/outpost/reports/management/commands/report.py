"""`outpost report <name>`: reports on the command line.

outpost report coverage --unit DBP-A [--on 2024-06-30] [--json]
outpost report grassroots|security|border|works|fieldwork --unit DBP-A
    [--on 2024-06-30 | --from 2024-01-01 --to 2024-06-30] [--json]
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
from outpost.reports.groups import GROUPS, group_report
from outpost.reports.units import UnitNotFound, resolve


def _date(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise CommandError(f"not a date (YYYY-MM-DD): {raw}") from exc


class Command(BaseCommand):
    help = "Reports of a unit on a date or over a period; the list of indicators."

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
        self.unit_arguments(cov)
        for name in GROUPS:
            if name == "coverage":
                continue
            grp = sub.add_parser(
                name,
                help=f"The {name} figures of a unit on a date or over a period.",
                description=(
                    "On a date: every figure as of that date. Over a period (--from and --to): "
                    "figures counted 'this year' count in the period, the others as of --to."
                ),
            )
            self.unit_arguments(grp)
        ind = sub.add_parser("indicators", help="The indicators reports can show.")
        ind.add_argument("--json", action="store_true", help="print JSON")

    @staticmethod
    def unit_arguments(parser: CommandParser) -> None:
        parser.add_argument(
            "--unit", required=True, help="unit code; CODE@YYYY-MM-DD reads the code on that day"
        )
        parser.add_argument("--on", default="", help="date YYYY-MM-DD (default: today)")
        parser.add_argument("--from", dest="date_from", default="", help="period start")
        parser.add_argument("--to", dest="date_to", default="", help="period end (included)")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["report"] == "indicators":
            self.indicators(options)
        elif options["report"] == "coverage" and not (options["date_from"] or options["date_to"]):
            self.coverage(options)
        else:
            self.group(options)

    def group(self, options: dict[str, Any]) -> None:
        """A report group; `coverage` over a period is its group of coverage figures."""
        on = _date(options["on"]) if options["on"] else None
        date_from = _date(options["date_from"]) if options["date_from"] else None
        date_to = _date(options["date_to"]) if options["date_to"] else None
        last = date_to or on or dt.date.today()
        try:
            unit = resolve(options["unit"], last, since=date_from)
        except UnitNotFound as exc:
            raise CommandError(str(exc)) from exc
        try:
            result = group_report(
                options["report"], unit, on=on, date_from=date_from, date_to=date_to
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        when = result.get("on") or f"{result['from']} - {result['to']}"
        self.print_result(result, f"{unit.name} ({unit.code}, {unit.kind}) - {when}", options)

    def print_result(self, result: dict[str, Any], title: str, options: dict[str, Any]) -> None:
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(title)
        rows = [(str(registry.get(k).label), v) for k, v in result["indicators"].items()]
        width = max((len(label) for label, _v in rows), default=10)
        for label, value in rows:
            self.stdout.write(f"  {label.ljust(width)}  {value:>8}")

    def coverage(self, options: dict[str, Any]) -> None:
        on = _date(options["on"]) if options["on"] else dt.date.today()
        try:
            unit = resolve(options["unit"], on)
        except UnitNotFound as exc:
            raise CommandError(str(exc)) from exc
        result = coverage(unit, on)
        self.print_result(
            result, f"{unit.name} ({unit.code}, {unit.kind}) - {result['on']}", options
        )

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
