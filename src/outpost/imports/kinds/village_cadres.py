"""Village cadres identified among the residents, and the training course each followed.

A row is matched by its resident (household code, name and, when two share the name, birth
year), role and the date identified; a new one is recorded with `village_cadre_identify`. When
the row gives a course (its name, dates or completion) that differs from the one recorded, it
is recorded with `village_cadre_record_course`, whose rules (a course is named, ends after it
starts, is completed only once its last day has passed) refuse the row on the cell. A row
without a course leaves the recorded one as it is."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from outpost.accounts.scope import Scope
from outpost.grassroots import selectors, services
from outpost.grassroots.models import VillageCadreTraining
from outpost.imports import spec
from outpost.imports.kinds.base import Columns, export_columns
from outpost.imports.kinds.security import TickedSheet
from outpost.people.models import Household, Resident

COURSE = ("course_name", "course_from", "course_to", "completed")


class VillageCadreSheet(TickedSheet):
    sheet = spec.VILLAGE_CADRES
    dated_by = ("identified_on",)
    fields = {
        "resident": "full_name",
        "role": "role",
        "identified_on": "identified_on",
        "course_name": "course_name",
        "course_from": "course_from",
        "course_to": "course_to",
        "completed": "completed",
    }

    def key(self, v: dict[str, Any]) -> tuple[Any, ...]:
        return (
            v["commune_code"],
            v["household_code"],
            self.fold(v["full_name"]),
            v.get("birth_year"),
            v["role"],
            v["identified_on"],
        )

    def load(self) -> None:
        commune_ids = self.lookups.commune_ids()
        # Residents still in their household come first, those who left after.
        self.namesakes: dict[tuple[int, str], list[Resident]] = {}
        for resident in Resident.objects.filter(household__commune_id__in=commune_ids).order_by(
            "valid_to", "pk"
        ):
            self.namesakes.setdefault((resident.household_id, resident.search_name), []).append(
                resident
            )
        self.known = {
            (t.resident_id, t.role, t.identified_on): t
            for t in VillageCadreTraining.objects.filter(
                resident__household__commune_id__in=commune_ids
            )
        }

    def resident(self, n: int, household: Household, v: dict[str, Any]) -> Resident:
        found = self.namesakes.get((household.pk, self.fold(v["full_name"])), [])
        year = v.get("birth_year")
        if year is not None:
            found = [r for r in found if r.birth_year == year]
        if not found:
            self.fail(
                n,
                "full_name",
                v["full_name"],
                _("Household %(code)s has no resident of this name.") % {"code": household.code},
            )
        if len(found) > 1:
            self.fail(
                n,
                "full_name",
                v["full_name"],
                _("Several residents of household %(code)s have this name: give the birth year.")
                % {"code": household.code},
            )
        found[0].household = household
        return found[0]

    def write_row(self, n: int, v: dict[str, Any]) -> None:
        commune = self.commune(n, v)
        household = self.household(n, commune, v["household_code"])
        resident = self.resident(n, household, v)
        key = (resident.pk, v["role"], v["identified_on"])
        training = self.known.get(key)
        new = training is None
        if training is None:
            training = self.call(
                n,
                "full_name",
                services.village_cadre_identify,
                resident=resident,
                role=v["role"],
                identified_on=v["identified_on"],
            )
            self.known[key] = training
        changed = self.course(n, training, v)
        if new:
            self.created(training)
        elif changed:
            self.updated(training)
        else:
            self.unchanged()

    def course(self, n: int, training: VillageCadreTraining, v: dict[str, Any]) -> bool:
        """Record the row's course when it gives one that differs; whether it did."""
        if not any(v.get(k) for k in COURSE):
            return False
        wanted = {
            "course_name": v.get("course_name") or "",
            "course_from": v.get("course_from"),
            "course_to": v.get("course_to"),
            "completed": bool(v.get("completed")),
        }
        if all(getattr(training, k) == w for k, w in wanted.items()):
            return False
        self.call(
            n,
            "course_name",
            services.village_cadre_record_course,
            training=training,
            **wanted,
        )
        return True


def village_cadres_export(scope: Scope) -> tuple[QuerySet, Columns, spec.Sheet]:
    qs = selectors.village_cadres_in_scope(scope).order_by(
        "resident__household__commune__code", "resident__household__code", "identified_on", "pk"
    )
    sheet = spec.VILLAGE_CADRES
    columns = export_columns(
        sheet,
        {
            "commune_code": "resident.household.commune.code",
            "household_code": "resident.household.code",
            "full_name": "resident.full_name",
            "birth_year": "resident.birth_year",
            "role": "role",
            "identified_on": "identified_on",
            "course_name": "course_name",
            "course_from": "course_from",
            "course_to": "course_to",
            "completed": "completed",
        },
    )
    return qs, columns, sheet
