"""Field work activities: one row per activity, recorded with `activity_record`, which stores
an activity once per reference (its `client_id`).

A row names its reference, or the importer derives one: a UUID 5 of the row's date, kind,
unit, commune, village, cadres, households and notes (`derived_reference`), so the same row
always gives the same reference and importing a file again adds nothing, as a phone sending
the same visit twice stores it once. A known activity is brought to the row's other values
with `activity_update` (one audit event, the version moved on) and voided with
`activity_void` when the row gives a reason; an empty cell leaves the recorded value."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from outpost.accounts.scope import Scope
from outpost.core.text import fold, squash
from outpost.fieldwork.models import Activity, ActivityKind
from outpost.fieldwork.selectors.activities import activities_in_scope
from outpost.fieldwork.services import activities as services
from outpost.imports import spec
from outpost.imports.kinds.base import Columns, ServiceSheet, export_columns, joined
from outpost.imports.kinds.fieldwork import Programs, load_cadres, reference
from outpost.people.models import Household

# Fixed forever: changing it would make every file imported before import again.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://outpost.invalid/imports/activities")


def derived_reference(
    *,
    date: dt.date,
    kind: str,
    unit: str,
    commune: str,
    village: str,
    cadres: list[str],
    households: list[str],
    notes: str,
) -> uuid.UUID:
    """The reference of a row that gives none: the same content, the same reference. Kinds
    are named by their code (a row may spell the name) and names compared as search does."""
    parts = [
        date.isoformat(),
        kind,
        unit,
        commune,
        fold(village),
        ",".join(sorted(set(cadres))),
        ",".join(sorted(set(households))),
        fold(notes),
    ]
    return uuid.uuid5(NAMESPACE, "\x1f".join(parts))


class ActivitySheet(ServiceSheet):
    sheet = spec.ACTIVITIES
    dated_by = ("date",)
    fields = {
        "date": "date",
        "kind": "kind",
        "force_unit": "unit_code",
        "commune": "commune_code",
        "village": "village",
        "cadres": "cadres",
        "households": "households",
        "people_reached": "people_reached",
        "cost": "cost",
        "materials": "materials",
        "notes": "notes",
        "program": "program",
        "client_id": "client_id",
        "void_reason": "void_reason",
    }

    def check(self, rows: Any, plan: Any, n: int, v: dict[str, Any]) -> None:
        # A repeated row is found by its reference when it is written (`write_row`): two
        # spellings of the same kind are the same activity.
        self.keep(rows, n, v)

    def load(self) -> None:
        self.kinds: dict[str, ActivityKind] = {}
        for kind in ActivityKind.objects.order_by("-sort_order", "-pk"):
            for name in (kind.name_en, kind.name_vi, kind.code):
                self.kinds[fold(name)] = kind
        self.kind_codes = sorted(
            ActivityKind.objects.filter(is_active=True).values_list("code", flat=True)
        )
        self.programs = Programs(self.importer)
        load_cadres(self.importer, (x for _n, v in self.pending for x in v.get("cadres") or []))
        self.written: dict[uuid.UUID, int] = {}

    def kind(self, n: int, text: str) -> ActivityKind:
        kind = self.kinds.get(fold(text))
        if kind is None:
            self.fail(
                n,
                "kind",
                text,
                _("Unknown kind of activity. Known kinds: %(codes)s")
                % {"codes": ", ".join(self.kind_codes)},
            )
        return kind

    def households(self, n: int, commune: Any, codes: list[str]) -> list[Household]:
        found = []
        for code in codes:
            household = self.lookups.households.get((commune.pk, code))
            if household is None:
                self.fail(
                    n,
                    "households",
                    code,
                    _("No household has this code in commune %(commune)s.")
                    % {"commune": commune.name},
                )
            found.append(self.saved(household))
        return found

    def write_row(self, n: int, v: dict[str, Any]) -> None:
        commune = self.commune(n, v)
        village = self.village(n, commune, v["village"]) if v.get("village") else None
        unit = self.force_unit(n, "unit_code", v["unit_code"])
        kind = self.kind(n, v["kind"])
        numbers = v.get("cadres") or []
        cadres = [self.cadre(n, "cadres", number) for number in numbers]
        households = self.households(n, commune, v.get("households") or [])
        program = self.programs.get(self, n, "program", v["program"]) if v.get("program") else None
        client_id = reference(self, n, v) or derived_reference(
            date=v["date"],
            kind=kind.code,
            unit=unit.code,
            commune=commune.code,
            village=v.get("village") or "",
            cadres=numbers,
            households=[h.code for h in households],
            notes=v.get("notes") or "",
        )
        if client_id in self.written:
            self.fail(
                n,
                "client_id" if v.get("client_id") else "",
                v.get("client_id"),
                _("This row repeats row %(row)s of the same sheet.")
                % {"row": self.written[client_id]},
            )
        self.written[client_id] = n
        activity = (
            Activity.objects.filter(client_id=client_id)
            .select_related("commune", "village", "kind", "force_unit")
            .first()
        )
        if activity is None:
            recorded = self.call(
                n,
                "",
                services.activity_record,
                client_id=client_id,
                kind=kind,
                date=v["date"],
                force_unit=unit,
                village=village,
                commune=commune,
                cadres=cadres,
                households=households,
                people_reached=v.get("people_reached") or 0,
                cost=v.get("cost") or 0,
                materials=v.get("materials") or "",
                notes=v.get("notes") or "",
                program=program,
            )
            self.void(n, recorded.activity, v)
            self.created(recorded.activity)
            return
        scope = self.importer.scope
        if scope is not None and not scope.has_commune(activity.commune_id):
            self.fail(
                n,
                "client_id",
                v.get("client_id"),
                _("This reference belongs to a record outside your area of work."),
            )
        changes: dict[str, Any] = {}
        if v["date"] != activity.date:
            changes["date"] = v["date"]
        if kind.pk != activity.kind_id:
            changes["kind"] = kind
        if unit.pk != activity.force_unit_id:
            changes["force_unit"] = unit
        if commune.pk != activity.commune_id:
            changes["commune"], changes["village"] = commune, village
        elif village is not None and village.pk != activity.village_id:
            changes["village"] = village
        for name in ("people_reached", "cost"):
            if v.get(name) is not None and v[name] != getattr(activity, name):
                changes[name] = v[name]
        for name in ("materials", "notes"):
            if v.get(name) is not None and v[name] != squash(getattr(activity, name)):
                changes[name] = v[name]
        if not v.get("client_id") and fold(activity.notes) == fold(v.get("notes") or ""):
            # The reference came from these notes: another spelling of them is no change.
            changes.pop("notes", None)
        if program is not None and program.pk != activity.program_id:
            changes["program"] = program
        new_cadres = None
        if cadres and {c.pk for c in cadres} != set(activity.cadres.values_list("pk", flat=True)):
            new_cadres = cadres
        new_households = None
        if households and {h.pk for h in households} != set(
            activity.households.values_list("pk", flat=True)
        ):
            new_households = households
        changed = bool(changes or new_cadres is not None or new_households is not None)
        if changed:
            activity = self.call(
                n,
                "",
                services.activity_update,
                activity=activity,
                expected_version=activity.version,
                cadres=new_cadres,
                households=new_households,
                **changes,
            )
        if self.void(n, activity, v) or changed:
            self.updated(activity)
        else:
            self.unchanged()

    def void(self, n: int, activity: Activity, v: dict[str, Any]) -> bool:
        """Void the activity when the row gives a reason; whether it was."""
        reason = v.get("void_reason")
        if activity.is_void:
            self.same(n, "void_reason", activity.void_reason, reason)
            return False
        if not reason:
            return False
        self.call(n, "void_reason", services.activity_void, activity=activity, reason=reason)
        return True


def activities_export(scope: Scope) -> tuple[QuerySet, Columns, spec.Sheet]:
    """Every activity in scope, voided ones with their reason, each with its reference."""
    qs = (
        activities_in_scope(scope, include_void=True)
        .select_related("program")
        .prefetch_related("cadres", "households")
        .order_by("date", "pk")
    )
    sheet = spec.ACTIVITIES
    columns = export_columns(
        sheet,
        {
            "date": "date",
            "kind": "kind.code",
            "unit_code": "force_unit.code",
            "commune_code": "commune.code",
            "village": "village.name",
            "cadres": lambda a: joined(sorted(c.service_number for c in a.cadres.all())),
            "households": lambda a: joined(sorted(h.code for h in a.households.all())),
            "people_reached": "people_reached",
            "cost": "cost",
            "materials": "materials",
            "notes": "notes",
            "program": "program.code",
            "client_id": lambda a: str(a.client_id),
            "void_reason": "void_reason",
        },
    )
    return qs, columns, sheet
