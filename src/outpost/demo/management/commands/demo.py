"""`outpost demo [--seed N] [--scale S] [--once] [--plan son-la]`: build demo data on the
real current administrative units (load them first with `outpost geo load-current`)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from outpost.demo.plan import PLANS
from outpost.demo.runner import build_demo, is_loaded


class NationalScale(float):
    """`--scale national[:FACTOR]`: the national data set, at FACTOR of its full size."""

    @property
    def factor(self) -> float:
        return float(self)


def _scale(raw: str) -> float:
    if raw.startswith("national"):
        _, _, factor = raw.partition(":")
        return NationalScale(factor or 1.0)
    return float(raw)


class Command(BaseCommand):
    help = "Build a realistic, deterministic demo province (posts, villages, cadres, users)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="same seed, same data")
        parser.add_argument(
            "--scale",
            type=_scale,
            default=1.0,
            help="multiplies villages and cadres; `national` (or `national:FACTOR`) builds the "
            "national data set instead (outpost.demo.national)",
        )
        parser.add_argument(
            "--once", action="store_true", help="do nothing if the demo is already loaded"
        )
        parser.add_argument("--plan", choices=sorted(PLANS), default="son-la")

    def handle(self, *args: Any, **options: Any) -> None:
        if isinstance(options["scale"], NationalScale):
            self._national(options["scale"].factor, seed=options["seed"], once=options["once"])
            return
        plan = PLANS[options["plan"]]
        if options["scale"] <= 0:
            raise CommandError("--scale must be positive.")
        if is_loaded(plan):
            if options["once"]:
                self.stdout.write("Demo data already loaded; nothing to do.")
                return
            raise CommandError(
                "The demo is already loaded in this database. Use --once to skip, "
                "or start from an empty database."
            )
        started = time.monotonic()
        run = build_demo(plan=plan, seed=options["seed"], scale=options["scale"])
        counts = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in sorted(run.counts.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo {plan.name} built (seed {run.seed}) in "
                f"{time.monotonic() - started:.1f} s: {counts}."
            )
        )

    def _national(self, factor: float, *, seed: int, once: bool) -> None:
        from outpost.demo import national

        if factor <= 0:
            raise CommandError("--scale national:FACTOR needs a positive factor.")
        if national.is_loaded():
            if once:
                self.stdout.write("National data already loaded; nothing to do.")
                return
            raise CommandError("The national data set is already loaded in this database.")
        started = time.monotonic()
        try:
            run = national.build_national(seed=seed, scale=factor, progress=self.stdout.write)
        except (national.AlreadyLoaded, LookupError) as exc:
            raise CommandError(str(exc)) from exc
        counts = ", ".join(f"{v:,} {k}" for k, v in sorted(run.counts.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"National data built (seed {seed}, scale {factor:g}) in "
                f"{time.monotonic() - started:.1f} s: {counts}."
            )
        )
