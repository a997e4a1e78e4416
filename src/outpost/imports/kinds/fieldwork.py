"""What the field work sheets (activities, enrollments, outcomes) share: references (the
client ids their records carry), programs named by code or name, cadres named in columns the
importer does not load itself."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from outpost.core.text import fold
from outpost.fieldwork.models import Program
from outpost.fieldwork.selectors.programs import programs_in_scope
from outpost.force.models import Cadre

if TYPE_CHECKING:
    from outpost.imports.engine import Importer
    from outpost.imports.kinds.base import ServiceSheet


def reference(sheet: ServiceSheet, n: int, v: dict[str, Any]) -> uuid.UUID | None:
    """The row's reference (a UUID), or None when the cell is empty."""
    text = v.get("client_id")
    if not text:
        return None
    try:
        return uuid.UUID(text)
    except ValueError:
        sheet.fail(n, "client_id", text, _("A reference is a UUID, as the exports give it."))


def load_cadres(importer: Importer, numbers: Iterable[str]) -> None:
    """Add to the importer's cadres those named in a column it does not read itself (the
    cadres of an activity, an enrollment's sponsor)."""
    missing = {x for x in numbers if x and x not in importer.lookups.cadres}
    for cadre in Cadre.objects.filter(service_number__in=sorted(missing)):
        importer.lookups.cadres[cadre.service_number] = cadre


class Programs:
    """The programs a user may name: force-wide ones and those of their units (the ones they
    see), found by code or by Vietnamese or English name ignoring case and diacritics."""

    def __init__(self, importer: Importer) -> None:
        scope = importer.scope
        qs = Program.objects.all() if scope is None else programs_in_scope(scope)
        self.by_name: dict[str, Program] = {}
        for program in qs.order_by("pk"):
            for name in (program.name_en, program.name_vi, program.code):
                if name:
                    self.by_name[fold(name)] = program

    def get(self, sheet: ServiceSheet, n: int, column: str, text: str) -> Program:
        program = self.by_name.get(fold(text))
        if program is None:
            sheet.fail(n, column, text, _("No program has this code or name."))
        return program
