"""The indicator registry as reports see it: every figure the apps declare, found by importing
each installed app's `indicators` module (the apps register through outpost.core.indicators)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.module_loading import autodiscover_modules

from outpost.core.indicators import (
    REGISTRY,
    Indicator,
    IndicatorContext,
    compute_many,
)

__all__ = ["Indicator", "IndicatorContext", "all_indicators", "compute", "get", "keys"]

# The coverage figures, in the order reports show them; any other registered figure follows.
ORDER = (
    "households",
    "households_near_border",
    "party_members_assisting_households",
    "households_assisted",
    "households_near_border_unassigned",
    "party_members_in_village_branches",
    "village_branches_with_members",
    "villages_without_force_members_in_branch",
    "villages_without_party_branch",
    "border_communes",
    "border_communes_with_officer",
    "officers_in_commune_committees",
    "officers_in_district_committees",
)

_discovered = False


def discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("indicators")
        _discovered = True


def keys() -> list[str]:
    discover()
    rank = {key: i for i, key in enumerate(ORDER)}
    return sorted(REGISTRY, key=lambda k: (rank.get(k, len(ORDER)), k))


def all_indicators() -> list[Indicator]:
    return [REGISTRY[k] for k in keys()]


def get(key: str) -> Indicator:
    discover()
    return REGISTRY[key]


def compute(ctx: IndicatorContext, only: Iterable[str] | None = None) -> dict[str, int]:
    """The figures for a context, in report order. A village report leaves out the figures
    that cannot be restricted to a village (commune-level ones)."""
    wanted = keys() if only is None else [k for k in keys() if k in set(only)]
    if ctx.village_ids is not None:
        wanted = [k for k in wanted if REGISTRY[k].supports_villages]
    return compute_many(wanted, ctx)
