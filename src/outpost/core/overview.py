"""The figures on the home page: a small count of what is in the user's scope."""

from __future__ import annotations

import datetime as dt
from typing import Any


def overview_for(scope: Any) -> dict[str, int]:
    from outpost.force.models import Cadre, ForceUnit
    from outpost.geo.borders import border_unit_ids
    from outpost.geo.models import AdminUnit, Village

    communes = AdminUnit.objects.current().filter(level=AdminUnit.Level.COMMUNE)
    border = communes.filter(pk__in=border_unit_ids(dt.date.today()))
    return {
        "communes": scope.filter(communes, commune="pk").count(),
        "border_communes": scope.filter(border, commune="pk").count(),
        "villages": scope.filter(Village.objects.current(), commune="commune").count(),
        "force_units": scope.filter(ForceUnit.objects.current(), force_unit="pk").count(),
        "cadres": scope.filter(
            Cadre.objects.filter(left_force_on__isnull=True), force_unit="unit"
        ).count(),
    }
