"""The state shared by the demo's steps: the plan, the seed, and what earlier steps built."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from outpost.demo.plan import DemoPlan, PostPlan, ProvincePlan

DEMO_PASSWORD = "demo1234"  # every demo user's password; shown by `outpost demo-logins`


@dataclass
class DemoContext:
    plan: DemoPlan
    seed: int
    scale: float = 1.0
    actor: Any = None  # the command line has no signed-in user
    # Filled in by the steps, in order (units -> force -> cadres -> users -> ...):
    provinces: dict[str, Any] = field(default_factory=dict)  # province code -> AdminUnit
    communes: dict[str, Any] = field(default_factory=dict)  # "14:muong leo" -> AdminUnit
    villages: dict[int, list[Any]] = field(default_factory=dict)  # commune id -> villages
    village_people: dict[int, str] = field(default_factory=dict)  # village id -> main people
    high_command: Any = None
    commands: dict[str, Any] = field(default_factory=dict)  # province code -> ForceUnit
    posts: dict[str, Any] = field(default_factory=dict)  # post code -> ForceUnit
    post_plans: dict[str, tuple[ProvincePlan, PostPlan]] = field(default_factory=dict)
    post_communes: dict[str, list[Any]] = field(default_factory=dict)  # post code -> communes
    teams: dict[str, dict[str, Any]] = field(default_factory=dict)  # post code -> {key: team}
    cadres: dict[str, list[Any]] = field(default_factory=dict)  # post code -> cadres
    key_cadres: dict[str, dict[str, Any]] = field(default_factory=dict)  # post -> {role: cadre}
    users: dict[str, str] = field(default_factory=dict)  # username -> role
    counts: Counter[str] = field(default_factory=Counter)

    def rng(self, step: str, *parts: object) -> random.Random:
        """A generator of its own for each step (and part), so adding a step or a province
        does not change what the others produce for the same seed."""
        key = ":".join(str(p) for p in (self.seed, step, *parts))
        return random.Random(key)

    def scaled(self, low: int, high: int, rng: random.Random, minimum: int = 1) -> int:
        return max(minimum, round(rng.randint(low, high) * self.scale))

    def commune(self, province_code: str, name: str) -> Any:
        from outpost.demo.steps.units import commune_key

        return self.communes[commune_key(province_code, name)]
