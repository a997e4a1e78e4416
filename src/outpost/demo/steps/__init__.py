"""The demo is built by steps run in order, each reading what the earlier ones built from the
`DemoContext`. A later app adds its data (households, residents, assignments...) by writing
a step module with `build(ctx)` and adding it to `STEPS`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from outpost.demo.context import DemoContext
from outpost.demo.steps import cadres, fieldwork, force, households, reference, units, users


@dataclass(frozen=True)
class Step:
    name: str
    build: Callable[[DemoContext], None]


STEPS: list[Step] = [
    Step("reference", reference.build),
    Step("units", units.build),
    Step("force", force.build),
    Step("cadres", cadres.build),
    Step("users", users.build),
    Step("households", households.build),
    Step("fieldwork", fieldwork.build),
]
