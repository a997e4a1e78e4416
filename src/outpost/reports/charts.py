"""Charts drawn on the server as inline SVG: no JavaScript, no external assets."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: float
    text_x: float


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    label_width: int
    bar_height: int


def horizontal_bars(
    items: list[tuple[str, int]],
    *,
    width: int = 640,
    label_width: int = 260,
    bar_height: int = 18,
    gap: int = 8,
) -> BarChart:
    """Bars scaled to the largest value; the template draws them (reports/_bars.svg.html)."""
    room = width - label_width - 60
    top = max((v for _l, v in items), default=0) or 1
    bars = []
    for i, (label, value) in enumerate(items):
        bar_width = room * value / top
        bars.append(
            Bar(
                label=label,
                value=value,
                y=i * (bar_height + gap),
                width=round(bar_width, 1),
                text_x=round(label_width + bar_width + 6, 1),
            )
        )
    height = max(len(items) * (bar_height + gap), bar_height)
    return BarChart(
        bars=bars, width=width, height=height, label_width=label_width, bar_height=bar_height
    )
