"""The indicator registry's registration side: apps declare the figures they contribute.

An app's `indicators.py` registers plain functions of keyword arguments:

    from outpost.core.indicators import register

    @register(label=_("Households assisted"), label_vi="Số hộ được giúp đỡ", unit="households")
    def households_assisted(*, commune_ids, on, village_ids=None) -> int: ...

The key is the function's name unless given. A function receives only the context arguments
it declares (`commune_ids`, `on`, `village_ids`, `force_unit_ids`, `date_from`); one that does
not accept `village_ids` cannot be restricted to a village and is left out of village reports.
A "this year" figure (1 January of `on`'s year to `on`) may accept an optional `date_from`: a
report over a period passes its first day, and the figure counts from it instead.

Several figures that come from one aggregate query register together with `register_many`:
the function returns a dict of key -> int and runs once per report.

A figure that only means something in one kind of report says so with `only_in`: "date" (a
count on the report's date, such as enrollments active on it) or "period" (a count over the
report's period, such as enrollments active on any day of it). Report groups show it only in
that kind of report; the registry still computes it for any context.

Domain apps import only this module; `outpost.reports` reads the registry and discovers the
apps' `indicators` modules. The registry lives here so that domain apps never import reports.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

CONTEXT_ARGS = ("commune_ids", "on", "village_ids", "force_unit_ids", "date_from")
ONLY_IN = ("", "date", "period")  # "": every report


@dataclass(frozen=True)
class IndicatorContext:
    """What an indicator is computed over: the communes that make up a unit on a date, and
    (for a village report) the villages it is restricted to."""

    commune_ids: frozenset[int]
    on: dt.date
    village_ids: frozenset[int] | None = None
    force_unit_ids: frozenset[int] | None = None
    date_from: dt.date | None = None  # a period report's first day; `on` is its last

    def kwargs_for(self, accepted: frozenset[str]) -> dict[str, Any]:
        kwargs = {name: getattr(self, name) for name in CONTEXT_ARGS if name in accepted}
        if kwargs.get("date_from", 0) is None:
            del kwargs["date_from"]  # the function's own default: 1 January of `on`'s year
        return kwargs


@dataclass(frozen=True)
class Spec:
    """One figure a `register_many` function returns."""

    key: str
    label: Any  # a gettext_lazy string (English msgid)
    label_vi: str
    unit: str
    only_in: str = ""  # "date" or "period": see the module's docstring


@dataclass(frozen=True)
class Indicator:
    key: str
    label: Any  # a gettext_lazy string (English msgid)
    label_vi: str
    unit: str  # "people", "households", "villages", "branches", "communes"
    func: Callable[..., Any] = field(repr=False)
    accepted: frozenset[str] = frozenset()
    batch: bool = False  # func returns a dict of several keys
    app: str = ""
    only_in: str = ""  # "date" or "period": see the module's docstring

    def __post_init__(self) -> None:
        if self.only_in not in ONLY_IN:
            raise ValueError(f"indicator {self.key!r}: only_in must be one of {ONLY_IN}")

    def shown_in(self, *, period: bool) -> bool:
        """Whether a report on a date (`period` false) or over a period shows the figure."""
        return self.only_in != ("date" if period else "period")

    @property
    def supports_villages(self) -> bool:
        return "village_ids" in self.accepted

    def compute(self, ctx: IndicatorContext) -> int:
        result = self.func(**ctx.kwargs_for(self.accepted))
        return int(result[self.key] if self.batch else result)


REGISTRY: dict[str, Indicator] = {}


def _accepted(func: Callable[..., Any]) -> frozenset[str]:
    params = inspect.signature(func).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return frozenset(CONTEXT_ARGS)
    unknown = [
        name
        for name, p in params.items()
        if name not in CONTEXT_ARGS and p.default is inspect.Parameter.empty
    ]
    if unknown:
        raise TypeError(f"{func.__qualname__}: unknown required arguments {unknown}")
    return frozenset(name for name in params if name in CONTEXT_ARGS)


def _add(indicator: Indicator) -> None:
    existing = REGISTRY.get(indicator.key)
    if existing is not None and existing.func is not indicator.func:
        raise ValueError(f"indicator {indicator.key!r} is registered twice")
    REGISTRY[indicator.key] = indicator


def register(
    *, label: Any, label_vi: str, unit: str, key: str | None = None
) -> Callable[[Callable[..., int]], Callable[..., int]]:
    """Register a function computing one figure; returns the function unchanged."""

    def decorate(func: Callable[..., int]) -> Callable[..., int]:
        _add(
            Indicator(
                key=key or func.__name__,
                label=label,
                label_vi=label_vi,
                unit=unit,
                func=func,
                accepted=_accepted(func),
                app=func.__module__,
            )
        )
        return func

    return decorate


def register_many(
    specs: Iterable[Spec],
) -> Callable[[Callable[..., dict[str, int]]], Callable[..., dict[str, int]]]:
    """Register a function computing several figures in one go (a dict key -> int)."""

    def decorate(func: Callable[..., dict[str, int]]) -> Callable[..., dict[str, int]]:
        accepted = _accepted(func)
        for spec in specs:
            _add(
                Indicator(
                    key=spec.key,
                    label=spec.label,
                    label_vi=spec.label_vi,
                    unit=spec.unit,
                    func=func,
                    accepted=accepted,
                    batch=True,
                    app=func.__module__,
                    only_in=spec.only_in,
                )
            )
        return func

    return decorate


def compute_many(keys: Iterable[str], ctx: IndicatorContext) -> dict[str, int]:
    """Compute several figures, running each shared (register_many) function once."""
    results: dict[str, int] = {}
    batches: dict[int, dict[str, int]] = {}
    for key in keys:
        indicator = REGISTRY[key]
        if indicator.batch:
            ident = id(indicator.func)
            if ident not in batches:
                batches[ident] = indicator.func(**ctx.kwargs_for(indicator.accepted))
            results[key] = int(batches[ident][key])
        else:
            results[key] = indicator.compute(ctx)
    return results
