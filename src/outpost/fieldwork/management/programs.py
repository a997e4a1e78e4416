"""`outpost fieldwork end-enrollments --on DATE`: end the enrollments of those who came of age
(see `enrollments_end_came_of_age`). Safe to run every day: a second run ends nothing."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from outpost.fieldwork.services.programs import enrollments_end_came_of_age


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc


def add_subcommands(sub: Any) -> None:
    p = sub.add_parser(
        "end-enrollments",
        help="End every open enrollment of a program with an age limit (Con nuôi Đồn Biên "
        "phòng: 18) whose resident has reached that age by the date, on their birthday.",
    )
    p.add_argument("--on", type=_date, default=None, help="YYYY-MM-DD; today by default")


def end_enrollments(command: BaseCommand, options: dict[str, Any]) -> None:
    on = options.get("on") or dt.date.today()
    ended = enrollments_end_came_of_age(actor=None, on=on)
    for enrollment in ended:
        command.stdout.write(
            f"{enrollment.pk}\t{enrollment.program.code}\t{enrollment.beneficiary_label}\t"
            f"{enrollment.ended_on}"
        )
    command.stdout.write(
        _("%(n)s enrollment(s) ended: came of age by %(date)s.")
        % {"n": len(ended), "date": on.isoformat()}
    )


HANDLERS = {"end-enrollments": end_enrollments}
