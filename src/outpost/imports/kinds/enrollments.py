"""Enrollments in programs: one row per enrollment, matched by its program, its beneficiary and
the day it started. The beneficiary is a resident (household code and full name, with the
birth year when two share the name), a household (its code) or a village (its name, without
a household code). A new enrollment is recorded with `enrollment_create`, which applies the
program's rules (who it enrolls, its dates, the age limit, one enrollment at a time) and the
user's scope; the row's status is then reached with `enrollment_suspend`, `enrollment_resume`
or `enrollment_end` (on the end date, with the reason). A known one gets a changed sponsor,
support or note through `enrollment_update`; an ended one cannot change."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from outpost.accounts.scope import Scope
from outpost.core.text import squash
from outpost.fieldwork.models import Enrollment
from outpost.fieldwork.selectors.programs import enrollments_in_scope
from outpost.fieldwork.services import programs as services
from outpost.force.models import Cadre, ForceUnit
from outpost.geo.models import AdminUnit, Village
from outpost.imports import spec
from outpost.imports.kinds.base import Columns, ServiceSheet, export_columns
from outpost.imports.kinds.fieldwork import Programs, load_cadres
from outpost.people.models import Household, Resident

Status = Enrollment.Status


class EnrollmentSheet(ServiceSheet):
    sheet = spec.ENROLLMENTS
    dated_by = ("started_on",)
    fields = {
        "program": "program",
        "resident": "full_name",
        "household": "household_code",
        "village": "village",
        "sponsor_cadre": "sponsor",
        "sponsor_unit": "sponsor",
        "started_on": "started_on",
        "ended_on": "ended_on",
        "on": "ended_on",
        "monthly_support": "monthly_support",
        "status": "status",
        "end_reason": "end_reason",
        "reason": "end_reason",
        "note": "note",
    }

    def key(self, v: dict[str, Any]) -> tuple[Any, ...]:
        return (
            self.fold(v["program"]),
            v["commune_code"],
            v.get("household_code"),
            self.fold(v.get("full_name") or ""),
            v.get("birth_year"),
            "" if v.get("household_code") else self.fold(v.get("village") or ""),
            v["started_on"],
        )

    def load(self) -> None:
        self.programs = Programs(self.importer)
        load_cadres(self.importer, (v["sponsor"] for _n, v in self.pending))
        commune_ids = self.lookups.commune_ids()
        self.known: dict[tuple[Any, ...], Enrollment] = {}
        for e in Enrollment.objects.filter(commune_id__in=commune_ids).select_related(
            "sponsor_cadre", "sponsor_unit"
        ):
            key = (e.program_id, e.resident_id, e.household_id, e.village_id, e.started_on)
            self.known[key] = e
        # The residents of the households the rows name, by household and folded name.
        household_ids = set()
        for _n, v in self.pending:
            if not (v.get("full_name") and v.get("household_code")):
                continue
            for unit in self.lookups.carriers(v["commune_code"]):
                found = self.lookups.households.get((unit.pk, v["household_code"]))
                if found is not None and found.pk:
                    household_ids.add(found.pk)
        self.residents: dict[tuple[int, str], list[Resident]] = {}
        for resident in Resident.objects.filter(household_id__in=household_ids).order_by("pk"):
            self.residents.setdefault((resident.household_id, resident.search_name), []).append(
                resident
            )

    def resident(self, n: int, household: Household, v: dict[str, Any]) -> Resident:
        found = self.residents.get((household.pk, self.fold(v["full_name"])), [])
        year = v.get("birth_year")
        if year is not None:
            found = [r for r in found if r.birth_year == year]
        current = [r for r in found if r.valid_to is None]
        if len(found) > 1 and len(current) == 1:
            found = current  # the one still living in the household, not one who left
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

    def beneficiary(
        self, n: int, commune: AdminUnit, v: dict[str, Any]
    ) -> tuple[Resident | None, Household | None, Village | None]:
        village = self.village(n, commune, v["village"]) if v.get("village") else None
        if v.get("household_code"):
            household = self.household(n, commune, v["household_code"])
            if village is not None and household.village_id != village.pk:
                self.fail(
                    n,
                    "village",
                    v["village"],
                    _("Household %(code)s is not in this village.") % {"code": household.code},
                )
            if v.get("full_name"):
                return self.resident(n, household, v), None, None
            return None, household, None
        if v.get("full_name"):
            self.fail(
                n,
                "household_code",
                None,
                _("Give the code of the household %(name)s lives in.") % {"name": v["full_name"]},
            )
        if village is None:
            self.fail(
                n,
                "household_code",
                None,
                _("Name the beneficiary: a household code (and a resident's name) or a village."),
            )
        return None, None, village

    def sponsor(self, n: int, text: str) -> tuple[Cadre | None, ForceUnit | None]:
        cadre = self.lookups.cadres.get(text)
        if cadre is not None:
            return self.saved(cadre), None
        unit = self.lookups.force_units.get(text)
        if unit is None:
            self.fail(
                n, "sponsor", text, _("No cadre has this service number and no unit this code.")
            )
        return None, unit

    def write_row(self, n: int, v: dict[str, Any]) -> None:
        program = self.programs.get(self, n, "program", v["program"])
        commune = self.commune(n, v)
        resident, household, village = self.beneficiary(n, commune, v)
        cadre, unit = self.sponsor(n, v["sponsor"])
        key = (
            program.pk,
            resident.pk if resident else None,
            household.pk if household else None,
            village.pk if village else None,
            v["started_on"],
        )
        enrollment = self.known.get(key)
        if enrollment is None:
            enrollment = self.call(
                n,
                "",
                services.enrollment_create,
                program=program,
                started_on=v["started_on"],
                resident=resident,
                household=household,
                village=village,
                sponsor_cadre=cadre,
                sponsor_unit=unit,
                monthly_support=v.get("monthly_support"),
                note=v.get("note") or "",
                scope=self.importer.scope,
            )
            self.known[key] = enrollment
            self.follow(n, enrollment, v)
            self.created(enrollment)
            return
        changed = self.change(n, enrollment, cadre, unit, v)
        if self.follow(n, enrollment, v) or changed:
            self.updated(enrollment)
        else:
            self.unchanged()

    def change(
        self,
        n: int,
        enrollment: Enrollment,
        cadre: Cadre | None,
        unit: ForceUnit | None,
        v: dict[str, Any],
    ) -> bool:
        """The sponsor, support and note of a known enrollment; whether they changed."""
        changes: dict[str, Any] = {}
        same_sponsor = (cadre is not None and cadre.pk == enrollment.sponsor_cadre_id) or (
            unit is not None and unit.pk == enrollment.sponsor_unit_id
        )
        if not same_sponsor:
            changes["sponsor_cadre"], changes["sponsor_unit"] = cadre, unit
        support = v.get("monthly_support")
        if support is not None and support != enrollment.monthly_support:
            changes["monthly_support"] = support
        if v.get("note") is not None and v["note"] != squash(enrollment.note):
            changes["note"] = v["note"]
        if not changes:
            return False
        if enrollment.status == Status.ENDED:
            if "sponsor_cadre" in changes:
                recorded = enrollment.sponsor_cadre or enrollment.sponsor_unit
                shown = getattr(recorded, "service_number", None) or getattr(recorded, "code", "")
                self.same(n, "sponsor", shown, v["sponsor"])
            self.same(n, "monthly_support", enrollment.monthly_support, support)
            self.same(n, "note", enrollment.note, v.get("note"))
        self.call(
            n,
            "",
            services.enrollment_update,
            enrollment=enrollment,
            scope=self.importer.scope,
            **changes,
        )
        return True

    def follow(self, n: int, enrollment: Enrollment, v: dict[str, Any]) -> bool:
        """Bring the enrollment to the row's status (an end date means it ended)."""
        status, ended_on, reason = v.get("status"), v.get("ended_on"), v.get("end_reason")
        if status is None and (ended_on is not None or reason):
            status = Status.ENDED
        if status is None:
            return False
        if enrollment.status == Status.ENDED:
            self.same(n, "status", enrollment.status, status)
            self.same(n, "ended_on", enrollment.ended_on, ended_on)
            self.same(n, "end_reason", enrollment.end_reason, reason)
            return False
        if status != Status.ENDED and (ended_on is not None or reason):
            self.fail(
                n,
                "status",
                status,
                _("An enrollment with an end date or a reason ended: write ended."),
            )
        if status == enrollment.status:
            return False
        if status == Status.ENDED:
            if ended_on is None:
                self.fail(n, "ended_on", None, _("Give the date the enrollment ended."))
            if not reason:
                self.fail(n, "end_reason", None, _("Give the reason the enrollment ended."))
            self.call(
                n,
                "ended_on",
                services.enrollment_end,
                enrollment=enrollment,
                on=ended_on,
                reason=reason,
            )
        elif status == Status.SUSPENDED:
            self.call(n, "status", services.enrollment_suspend, enrollment=enrollment)
        else:
            self.call(n, "status", services.enrollment_resume, enrollment=enrollment)
        return True


def _beneficiary_household(e: Enrollment) -> Household | None:
    return e.resident.household if e.resident is not None else e.household


def enrollments_export(scope: Scope) -> tuple[QuerySet, Columns, spec.Sheet]:
    qs = enrollments_in_scope(scope).order_by("program__code", "started_on", "pk")
    sheet = spec.ENROLLMENTS
    columns = export_columns(
        sheet,
        {
            "program": "program.code",
            "commune_code": "commune.code",
            "household_code": lambda e: getattr(_beneficiary_household(e), "code", None),
            "full_name": "resident.full_name",
            "birth_year": "resident.birth_year",
            "village": "village.name",
            "sponsor": lambda e: (
                e.sponsor_cadre.service_number if e.sponsor_cadre else e.sponsor_unit.code
            ),
            "started_on": "started_on",
            "ended_on": "ended_on",
            "monthly_support": "monthly_support",
            "status": "status",
            "end_reason": "end_reason",
            "note": "note",
        },
    )
    return qs, columns, sheet
