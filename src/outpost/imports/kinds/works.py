"""Infrastructure works: one row per work, matched in its commune by its code when the row
gives one, else by its kind and name. A new work is recorded with `work_create` (planned or
in progress), then completed with `work_complete` or cancelled with `work_cancel` when the row
says so; a known one is changed with `work_update`, which records one audit event for its
fields and villages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from outpost.accounts.scope import Scope
from outpost.geo.models import AdminUnit, Village
from outpost.imports import spec
from outpost.imports.kinds.base import Columns, ServiceSheet, export_columns, joined
from outpost.works import selectors, services
from outpost.works.models import Work

# Cells that change a known work through `work_update` (field -> column).
UPDATES = {
    "kind": "kind",
    "name": "name",
    "code": "code",
    "quantity": "quantity",
    "quantity_unit": "quantity_unit",
    "funding_state": "funding_state",
    "funding_unit": "funding_unit",
    "contributed_land_m2": "contributed_land_m2",
    "contributed_labour_days": "contributed_labour_days",
    "contributed_money": "contributed_money",
    "started_on": "started_on",
    "note": "note",
}
FINAL = (Work.Status.COMPLETED, Work.Status.CANCELLED)


class WorkSheet(ServiceSheet):
    sheet = spec.WORKS
    dated_by = ("started_on", "completed_on")
    fields = {
        **UPDATES,
        "commune": "commune_code",
        "villages": "villages",
        "status": "status",
        "completed_on": "completed_on",
        "cancel_reason": "cancel_reason",
        "force_unit": "unit_code",
        "__all__": "code",  # the code is unique in the commune
    }

    def key(self, v: dict[str, Any]) -> tuple[Any, ...]:
        if v.get("code"):
            return (v["commune_code"], v["code"])
        return (v["commune_code"], v["kind"], self.fold(v["name"]))

    def load(self) -> None:
        commune_ids = self.lookups.commune_ids()
        self.by_code: dict[tuple[int, str], Work] = {}
        self.by_name: dict[tuple[int, str, str], list[Work]] = {}
        for work in Work.objects.filter(commune_id__in=commune_ids).prefetch_related("villages"):
            self.remember(work)

    def remember(self, work: Work) -> None:
        if work.code:
            self.by_code[(work.commune_id, work.code)] = work
        self.by_name.setdefault((work.commune_id, work.kind, self.fold(work.name)), []).append(work)

    def match(self, n: int, commune: AdminUnit, v: dict[str, Any]) -> Work | None:
        if v.get("code"):
            work = self.by_code.get((commune.pk, v["code"]))
            if work is not None:
                return work
        namesakes = self.by_name.get((commune.pk, v["kind"], self.fold(v["name"])), [])
        if v.get("code"):
            namesakes = [w for w in namesakes if not w.code]  # one without a code gets it
        if len(namesakes) > 1:
            self.fail(
                n,
                "name",
                v["name"],
                _("Several works of this commune have this kind and name: give the work code."),
            )
        return namesakes[0] if namesakes else None

    def villages(self, n: int, commune: AdminUnit, names: list[str]) -> list[Village]:
        found = []
        for name in names:
            village = self.lookups.villages.get((commune.pk, self.fold(name)))
            if village is None:
                self.fail(
                    n,
                    "villages",
                    name,
                    _("Commune %(commune)s has no village of this name.")
                    % {"commune": commune.name},
                )
            found.append(self.saved(village))
        return found

    def write_row(self, n: int, v: dict[str, Any]) -> None:
        commune = self.commune(n, v)
        villages = self.villages(n, commune, v["villages"])
        unit = self.force_unit(n, "unit_code", v["unit_code"]) if v.get("unit_code") else None
        work = self.match(n, commune, v)
        if work is None:
            work = self.create(n, commune, villages, unit, v)
            self.finish(n, work, v)
            self.remember(work)
            self.created(work)
            return
        changed = self.change(n, work, villages, unit, v)
        if self.finish(n, work, v) or changed:
            self.updated(work)
        else:
            self.unchanged()

    def create(
        self, n: int, commune: AdminUnit, villages: list[Village], unit: Any, v: dict[str, Any]
    ) -> Work:
        status = v.get("status")
        if status not in (Work.Status.PLANNED, Work.Status.IN_PROGRESS):
            # Completed and cancelled works are recorded first, then completed or cancelled.
            status = Work.Status.IN_PROGRESS if v.get("started_on") else Work.Status.PLANNED
        values = {k: v.get(column) for k, column in UPDATES.items() if v.get(column) is not None}
        for text in ("quantity_unit", "note", "code"):
            values.setdefault(text, "")
        return self.call(
            n,
            "name",
            services.work_create,
            commune=commune,
            villages=villages,
            status=status,
            force_unit=unit,
            **values,
        )

    def change(
        self, n: int, work: Work, villages: list[Village], unit: Any, v: dict[str, Any]
    ) -> bool:
        changes = {
            k: v[column]
            for k, column in UPDATES.items()
            if v.get(column) is not None and v[column] != getattr(work, k)
        }
        if unit is not None and unit.pk != work.force_unit_id:
            changes["force_unit"] = unit
        status = v.get("status")
        if status is not None and status not in FINAL and status != work.status:
            changes["status"] = status
        new_villages = sorted(x.pk for x in villages)
        moved = new_villages != sorted(x.pk for x in work.villages.all())
        if not changes and not moved:
            return False
        self.call(
            n,
            "",
            services.work_update,
            work=work,
            villages=villages if moved else None,
            **changes,
        )
        return True

    def finish(self, n: int, work: Work, v: dict[str, Any]) -> bool:
        """Complete or cancel the work when the row says so; whether it was."""
        status = v.get("status")
        if status == Work.Status.COMPLETED:
            if work.status == status:
                self.same(n, "completed_on", work.completed_on, v.get("completed_on"))
                return False
            if v.get("completed_on") is None:
                self.fail(n, "completed_on", None, _("Give the date the work was completed."))
            self.call(n, "status", services.work_complete, work=work, on=v["completed_on"])
            return True
        if status == Work.Status.CANCELLED:
            if work.status == status:
                self.same(n, "cancel_reason", work.cancel_reason, v.get("cancel_reason"))
                return False
            self.call(
                n,
                "status",
                services.work_cancel,
                work=work,
                reason=v.get("cancel_reason") or "",
            )
            return True
        if v.get("completed_on") is not None:
            self.same(n, "completed_on", work.completed_on, v["completed_on"])
        return False


def works_export(scope: Scope) -> tuple[QuerySet, Columns, spec.Sheet]:
    qs = (
        selectors.works_in_scope(scope)
        .prefetch_related("villages")
        .order_by("commune__code", "code", "name", "pk")
    )
    sheet = spec.WORKS
    columns = export_columns(
        sheet,
        {
            "commune_code": "commune.code",
            "code": "code",
            "kind": "kind",
            "name": "name",
            "villages": lambda w: joined(sorted(x.name for x in w.villages.all())),
            "quantity": "quantity",
            "quantity_unit": "quantity_unit",
            "funding_state": "funding_state",
            "funding_unit": "funding_unit",
            "contributed_land_m2": "contributed_land_m2",
            "contributed_labour_days": "contributed_labour_days",
            "contributed_money": "contributed_money",
            "started_on": "started_on",
            "status": "status",
            "completed_on": "completed_on",
            "cancel_reason": "cancel_reason",
            "unit_code": "force_unit.code",
            "note": "note",
        },
    )
    return qs, columns, sheet
