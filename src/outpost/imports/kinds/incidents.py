"""Security incidents: one row per incident, matched by its date, village, kind and summary
(the model has no number of its own). A new one is recorded with `incident_create`; the row's
status is then set with `incident_set_status`, or `incident_close` on its closing date, and a
reason voids it with `incident_void`, on a new incident as on a known one."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from outpost.accounts.scope import Scope
from outpost.imports import spec
from outpost.imports.kinds.base import Columns, ServiceSheet, export_columns
from outpost.security import selectors, services
from outpost.security.models import Incident


class IncidentSheet(ServiceSheet):
    sheet = spec.INCIDENTS
    dated_by = ("occurred_on",)
    fields = {
        "occurred_on": "occurred_on",
        "commune": "commune_code",
        "village": "village",
        "kind": "kind",
        "summary": "summary",
        "force_unit": "unit_code",
        "status": "status",
        "closed_on": "closed_on",
        "void_reason": "void_reason",
    }

    def key(self, v: dict[str, Any]) -> tuple[Any, ...]:
        return (
            v["occurred_on"],
            v["commune_code"],
            self.fold(v["village"]),
            v["kind"],
            self.fold(v["summary"]),
        )

    def load(self) -> None:
        commune_ids = self.lookups.commune_ids()
        self.known = {
            (i.occurred_on, i.village_id, i.kind, self.fold(i.summary)): i
            for i in Incident.objects.filter(commune_id__in=commune_ids).select_related(
                "force_unit"
            )
        }

    def write_row(self, n: int, v: dict[str, Any]) -> None:
        commune = self.commune(n, v)
        village = self.village(n, commune, v["village"])
        unit = self.force_unit(n, "unit_code", v["unit_code"]) if v.get("unit_code") else None
        key = (v["occurred_on"], village.pk, v["kind"], self.fold(v["summary"]))
        incident = self.known.get(key)
        new = incident is None
        if incident is None:
            incident = self.call(
                n,
                "summary",
                services.incident_create,
                kind=v["kind"],
                occurred_on=v["occurred_on"],
                village=village,
                summary=v["summary"],
                force_unit=unit,
            )
            self.known[key] = incident
        else:
            recorded = incident.force_unit.code if incident.force_unit else None
            self.same(n, "unit_code", recorded, unit.code if unit else None)
        changed = self.follow(n, incident, v)
        if new:
            self.created(incident)
        elif changed:
            self.updated(incident)
        else:
            self.unchanged()

    def follow(self, n: int, incident: Incident, v: dict[str, Any]) -> bool:
        """Bring the incident to the row's status, then void it if the row says so."""
        changed = False
        status, closed_on = v.get("status"), v.get("closed_on")
        if status is None and closed_on is not None:
            status = Incident.Status.CLOSED
        if status == incident.status:
            if status == Incident.Status.CLOSED:
                self.same(n, "closed_on", incident.closed_on, closed_on)
        elif status == Incident.Status.CLOSED:
            self.call(n, "status", services.incident_close, incident=incident, on=closed_on)
            changed = True
        elif status is not None:
            self.call(n, "status", services.incident_set_status, incident=incident, status=status)
            changed = True
        reason = v.get("void_reason")
        if incident.voided:
            self.same(n, "void_reason", incident.void_reason, reason)
        elif reason:
            self.call(n, "void_reason", services.incident_void, incident=incident, reason=reason)
            changed = True
        return changed


def incidents_export(scope: Scope) -> tuple[QuerySet, Columns, spec.Sheet]:
    qs = selectors.incidents_in_scope(scope).order_by("occurred_on", "pk")
    sheet = spec.INCIDENTS
    columns = export_columns(
        sheet,
        {
            "occurred_on": "occurred_on",
            "commune_code": "commune.code",
            "village": "village.name",
            "kind": "kind",
            "summary": "summary",
            "unit_code": "force_unit.code",
            "status": "status",
            "closed_on": "closed_on",
            "void_reason": "void_reason",
        },
    )
    return qs, columns, sheet
