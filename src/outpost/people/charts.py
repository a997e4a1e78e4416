"""A small server-rendered chart of a household's assessments: income per person per month by
year, against the poverty line of each year's standard."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

WIDTH, HEIGHT, PAD, LABEL = 320, 120, 4, 16


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    line_y: int
    year: int
    status: str
    label: str


def assessment_chart(assessments: Sequence[Any]) -> dict[str, Any] | None:
    standing = sorted((a for a in assessments if a.voided_at is None), key=lambda a: a.year)
    if not standing:
        return None
    lines = [
        a.standard.urban_line if a.area == "urban" else a.standard.rural_line for a in standing
    ]
    top = max([a.income_per_person_month for a in standing] + lines) or 1
    plot = HEIGHT - LABEL
    slot = WIDTH // max(len(standing), 1)
    bars = []
    for i, (a, line) in enumerate(zip(standing, lines, strict=True)):
        h = round(a.income_per_person_month / top * (plot - PAD))
        bars.append(
            Bar(
                x=i * slot + PAD,
                y=plot - h,
                width=max(slot - 2 * PAD, 4),
                height=h,
                line_y=plot - round(line / top * (plot - PAD)),
                year=a.year,
                status=a.status,
                label=f"{a.income_per_person_month:,}",
            )
        )
    return {"width": WIDTH, "height": HEIGHT, "bars": bars, "label_y": HEIGHT - 3}
