from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from outpost.works import services
from outpost.works.models import Work

UNITS = {
    Work.Kind.ROAD_CONCRETING: Work.Unit.KM,
    Work.Kind.LIGHTING: Work.Unit.LAMPS,
    Work.Kind.HOUSE: Work.Unit.HOUSES,
}


def make_work(
    villages: list[Any],
    kind: str = Work.Kind.ROAD_CONCRETING,
    quantity: str = "1",
    completed_on: dt.date | None = None,
    name: str = "Công trình",
    **extra: Any,
) -> Work:
    work = services.work_create(
        actor=None,
        kind=kind,
        name=name,
        villages=villages,
        quantity=Decimal(quantity),
        quantity_unit=UNITS.get(kind, Work.Unit.OTHER),
        started_on=dt.date(2025, 1, 1),
        status=Work.Status.IN_PROGRESS,
        **extra,
    )
    if completed_on is not None:
        services.work_complete(actor=None, work=work, on=completed_on)
    return work
