"""Party candidates: one row per candidacy, matched by the resident and the date they were
identified. A new candidacy is recorded with `candidate_identify`; then each stage whose date
the row gives and the record lacks is recorded with its own service, in order (class,
recommendation, admission, full membership, then dropping), so the pipeline's rules (the
class before the recommendation, 18 to 60 at admission, 12 months of probation) refuse the
row on the stage's cell. A stage already recorded on another date is refused: the app records
stages, it does not move them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from outpost.accounts.scope import Scope
from outpost.core.models import valid_on_q
from outpost.grassroots import selectors, services
from outpost.grassroots.models import PartyBranch, PartyCandidate
from outpost.imports import spec
from outpost.imports.kinds.base import Columns, ServiceSheet, export_columns
from outpost.people.models import Household, Resident

# (date column, service) in the order the stages happen.
STAGES = (
    ("class_completed_on", services.candidate_complete_class),
    ("recommended_on", services.candidate_recommend),
    ("admitted_on", services.candidate_admit),
    ("full_member_on", services.candidate_make_full),
)


class CandidateSheet(ServiceSheet):
    sheet = spec.PARTY_CANDIDATES
    dated_by = ("identified_on",)
    fields = {
        "resident": "full_name",
        "branch": "village",
        "mentor": "mentor",
        "identified_on": "identified_on",
        "class_completed_on": "class_completed_on",
        "recommended_on": "recommended_on",
        "admitted_on": "admitted_on",
        "age_exception_reason": "age_exception_reason",
        "full_member_on": "full_member_on",
        "dropped_on": "dropped_on",
        "drop_reason": "drop_reason",
    }

    def key(self, v: dict[str, Any]) -> tuple[Any, ...]:
        return (
            v["commune_code"],
            v["household_code"],
            self.fold(v["full_name"]),
            v.get("birth_year"),
            v["identified_on"],
        )

    def load(self) -> None:
        # The file's residents (those of its households) by household and name.
        self.namesakes: dict[tuple[int, str], list[Resident]] = {}
        for (_household, name, _year), resident in self.importer.residents.items():
            self.namesakes.setdefault((id(resident.household), name), []).append(resident)
        resident_ids = [r.pk for r in self.importer.residents.values() if r.pk]
        self.candidacies = {
            (c.resident_id, c.identified_on): c
            for c in PartyCandidate.objects.filter(resident_id__in=resident_ids).select_related(
                "resident", "branch__village", "mentor"
            )
        }
        self.villages = {v.pk: v for v in self.lookups.villages.values() if v.pk}

    def resident(self, n: int, household: Household, v: dict[str, Any]) -> Resident:
        name, year = self.fold(v["full_name"]), v.get("birth_year")
        found = self.namesakes.get((id(household), name), [])
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
        return self.saved(found[0])

    def branch(self, n: int, village: Any, on: dt.date, name: str) -> PartyBranch:
        branch = self.importer.branches.get(id(village))
        if branch is None or not branch.is_valid_on(on):
            branch = PartyBranch.objects.filter(valid_on_q(on), village=village).first() or branch
        if branch is None:
            self.fail(n, "village", name, _("This village has no Party branch."))
        return self.saved(branch)

    def write_row(self, n: int, v: dict[str, Any]) -> None:
        commune = self.commune(n, v)
        household = self.household(n, commune, v["household_code"])
        resident = self.resident(n, household, v)
        if v.get("village"):
            village = self.village(n, commune, v["village"])
        else:
            village = self.villages.get(household.village_id) or household.village
        identified_on = v["identified_on"]
        branch = self.branch(n, village, identified_on, v.get("village") or village.name)
        mentor = self.cadre(n, "mentor", v["mentor"]) if v.get("mentor") else None
        candidate = self.candidacies.get((resident.pk, identified_on))
        new = candidate is None
        if candidate is None:
            candidate = self.call(
                n,
                "full_name",
                services.candidate_identify,
                resident=resident,
                branch=branch,
                identified_on=identified_on,
                mentor=mentor,
            )
        else:
            if candidate.branch_id != branch.pk:
                self.fail(
                    n,
                    "village",
                    v.get("village"),
                    _("Recorded in %(branch)s: an import cannot change this.")
                    % {"branch": candidate.branch},
                )
            recorded = candidate.mentor.service_number if candidate.mentor else None
            self.same(n, "mentor", recorded, mentor.service_number if mentor else None)
        changed = self.advance(n, candidate, v)
        self.candidacies[(resident.pk, identified_on)] = candidate
        if new:
            self.created(candidate)
        elif changed:
            self.updated(candidate)
        else:
            self.unchanged()

    def advance(self, n: int, candidate: PartyCandidate, v: dict[str, Any]) -> bool:
        """Record the row's stages the candidate lacks, in order; whether any was."""
        changed = False
        for column, service in STAGES:
            on = v.get(column)
            if on is None or on == getattr(candidate, column):
                continue
            if getattr(candidate, column) is not None:
                self.stage_recorded(n, column, on, getattr(candidate, column))
            more: dict[str, Any] = {}
            if column == "admitted_on":
                more["age_exception_reason"] = v.get("age_exception_reason") or ""
            self.call(n, column, service, candidate=candidate, on=on, **more)
            changed = True
        dropped_on = v.get("dropped_on")
        if dropped_on is not None and dropped_on != candidate.dropped_on:
            if candidate.dropped_on is not None:
                self.stage_recorded(n, "dropped_on", dropped_on, candidate.dropped_on)
            self.call(
                n,
                "dropped_on",
                services.candidate_drop,
                candidate=candidate,
                on=dropped_on,
                reason=v.get("drop_reason") or "",
            )
            changed = True
        return changed

    def stage_recorded(self, n: int, column: str, given: dt.date, recorded: dt.date) -> None:
        self.fail(
            n,
            column,
            given,
            _("This stage was recorded on %(date)s: an import cannot change it.")
            % {"date": recorded.strftime("%d/%m/%Y")},
        )


def candidates_export(scope: Scope) -> tuple[QuerySet, Columns, spec.Sheet]:
    qs = (
        selectors.candidates_in_scope(scope)
        .select_related("resident__household__commune")
        .order_by("resident__household__commune__code", "resident__household__code", "pk")
    )
    sheet = spec.PARTY_CANDIDATES
    columns = export_columns(
        sheet,
        {
            "commune_code": "resident.household.commune.code",
            "household_code": "resident.household.code",
            "full_name": "resident.full_name",
            "birth_year": "resident.birth_year",
            "village": "branch.village.name",
            "mentor": "mentor.service_number",
            "identified_on": "identified_on",
            "class_completed_on": "class_completed_on",
            "recommended_on": "recommended_on",
            "admitted_on": "admitted_on",
            "age_exception_reason": "age_exception_reason",
            "full_member_on": "full_member_on",
            "dropped_on": "dropped_on",
            "drop_reason": "drop_reason",
        },
    )
    return qs, columns, sheet
