"""Border flags of administrative units: one row per flag, matched by its unit and first day.

The unit code is read on the row's first day (or, with none, on the day before its end): a
code carried by two units (03158: Xã Leng Su Sìn until 2025-06-30, Xã Sín Thầu since) needs
the date. A new flag is set with `border_flag_set` (which ends the flag running on its first
day); a known one whose countries or end differ is corrected by the same service, and an end
date on an open flag ends it with `border_flag_end`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from outpost.accounts.scope import Scope
from outpost.core.text import fold
from outpost.geo import borders, services
from outpost.geo.models import AdminUnit, BorderFlag
from outpost.imports import spec
from outpost.imports.kinds.base import Columns, ServiceSheet, export_columns

# "Lào", "Trung Quốc", "Campuchia" as well as the ISO codes.
COUNTRY_NAMES = {fold(name): code for name, code in spec.COUNTRY_ALIASES.items()}


class BorderFlagSheet(ServiceSheet):
    sheet = spec.BORDER_FLAGS
    fields = {
        "countries": "countries",
        "valid_from": "valid_from",
        "valid_to": "valid_to",
        "end_reason": "end_reason",
        "unit": "unit_code",
    }

    def key(self, v: dict[str, Any]) -> tuple[Any, ...]:
        return (v["unit_code"], v.get("valid_from"))

    def write_row(self, n: int, v: dict[str, Any]) -> None:
        unit = self.unit(n, v)
        countries = sorted({COUNTRY_NAMES.get(fold(c), c.strip().upper()) for c in v["countries"]})
        start = v.get("valid_from") or unit.valid_from
        flag = BorderFlag.objects.filter(unit=unit, valid_from=start).first()
        if flag is None:
            self.created(self.set(n, unit, countries, v))
        elif self.differs(flag, countries, v):
            self.correct(n, flag, countries, v)
            self.updated(flag)
        else:
            self.unchanged()

    def unit(self, n: int, v: dict[str, Any]) -> AdminUnit:
        start, end = v.get("valid_from"), v.get("valid_to")
        on = start or (end - dt.timedelta(days=1) if end else None)
        try:
            unit = borders.unit_for_code(v["unit_code"], on=on)
        except ValidationError as exc:
            self.fail(n, "unit_code", v["unit_code"], "; ".join(exc.messages))
        scope = self.importer.scope
        if scope is not None and not borders.may_flag(scope, unit):
            self.fail(n, "unit_code", v["unit_code"], _("This unit is outside your area of work."))
        return unit

    def set(self, n: int, unit: AdminUnit, countries: list[str], v: dict[str, Any]) -> BorderFlag:
        return self.call(
            n,
            "countries",
            services.border_flag_set,
            unit=unit,
            countries=countries,
            valid_from=v.get("valid_from"),
            valid_to=v.get("valid_to"),
            end_reason=v.get("end_reason") or "",
        )

    @staticmethod
    def differs(flag: BorderFlag, countries: list[str], v: dict[str, Any]) -> bool:
        end = v.get("valid_to")
        return (
            countries != flag.country_list
            or (end is not None and end != flag.valid_to)
            or (bool(v.get("end_reason")) and v["end_reason"] != flag.end_reason)
        )

    def correct(self, n: int, flag: BorderFlag, countries: list[str], v: dict[str, Any]) -> None:
        end = v.get("valid_to")
        if flag.valid_to is None and end is not None and countries == flag.country_list:
            self.call(
                n,
                "valid_to",
                services.border_flag_end,
                flag=flag,
                on=end,
                reason=v.get("end_reason") or "",
            )
            return
        self.call(
            n,
            "countries",
            services.border_flag_set,
            unit=flag.unit,
            countries=countries,
            valid_from=flag.valid_from,
            valid_to=end or flag.valid_to,
            end_reason=v.get("end_reason") or flag.end_reason,
        )


def border_flags_export(scope: Scope) -> tuple[QuerySet, Columns, spec.Sheet]:
    """The flags of the units the user may flag: their communes (every unit for those who
    see everything)."""
    qs = scope.filter(BorderFlag.objects.select_related("unit"), commune="unit")
    if not scope.everything:
        qs = qs.filter(unit__level=AdminUnit.Level.COMMUNE)
    qs = qs.order_by("unit__level", "unit__code", "valid_from", "pk")
    sheet = spec.BORDER_FLAGS
    columns = export_columns(
        sheet,
        {
            "unit_code": "unit.code",
            "countries": "countries",
            "valid_from": "valid_from",
            "valid_to": "valid_to",
            "end_reason": "end_reason",
        },
    )
    return qs, columns, sheet
