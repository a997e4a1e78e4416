"""Disasters for the disaster tests, made through the real services on top of the shared
`world` (post A: communes A1, A2; post B: commune B1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from outpost.fieldwork.models import Disaster
from outpost.fieldwork.services import disasters as services

STRUCK = dt.date(2025, 8, 10)


def flood(w: Any, communes: list[Any] | None = None, unit: Any = None, **extra: Any) -> Disaster:
    return services.disaster_create(
        actor=None,
        kind=extra.pop("kind", Disaster.Kind.FLASH_FLOOD),
        name=extra.pop("name", "Lũ quét tháng 8"),
        started_on=extra.pop("started_on", STRUCK),
        communes=[w.commune_a1] if communes is None else communes,
        force_unit=unit or w.post_a,
        **extra,
    )
