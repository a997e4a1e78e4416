"""Mass organisations and the work consolidating them.

An organisation is matched by its commune, its village (none for an organisation of the
commune), its kind and the date it was set up (without a date: the one still open); a new
one is recorded with `mass_organisation_create`, an end date ends it with
`mass_organisation_end`. A consolidation is matched by its organisation (of that kind, in
that village, open on the date), its date and what was done, and is recorded with
`organisation_consolidate`."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from outpost.accounts.scope import Scope
from outpost.geo.models import AdminUnit, Village
from outpost.grassroots import selectors, services
from outpost.grassroots.models import MassOrganisation, OrganisationConsolidation
from outpost.imports import spec
from outpost.imports.kinds.base import Columns, ServiceSheet, export_columns

Place = tuple[int, int | None, str]  # commune, village, kind


def _organisations(importer: Any) -> dict[Place, list[MassOrganisation]]:
    """The organisations of the file's communes by commune, village and kind."""
    commune_ids = importer.lookups.commune_ids()
    found: dict[Place, list[MassOrganisation]] = {}
    for organisation in MassOrganisation.objects.filter(commune_id__in=commune_ids).order_by(
        "valid_from", "pk"
    ):
        place = (organisation.commune_id, organisation.village_id, organisation.kind)
        found.setdefault(place, []).append(organisation)
    return found


class OrganisationSheet(ServiceSheet):
    sheet = spec.MASS_ORGANISATIONS
    dated_by = ("established_on",)
    fields = {
        "commune": "commune_code",
        "village": "village",
        "kind": "kind",
        "name": "name",
        "valid_from": "established_on",
        "member_count": "member_count",
        "valid_to": "valid_to",
        "end_reason": "end_reason",
    }

    def key(self, v: dict[str, Any]) -> tuple[Any, ...]:
        return (
            v["commune_code"],
            self.fold(v.get("village") or ""),
            v["kind"],
            v.get("established_on"),
        )

    def load(self) -> None:
        self.known = _organisations(self.importer)

    def write_row(self, n: int, v: dict[str, Any]) -> None:
        commune = self.commune(n, v)
        village = self.village(n, commune, v["village"]) if v.get("village") else None
        place = (commune.pk, village.pk if village else None, v["kind"])
        established_on = v.get("established_on")
        same_place = self.known.setdefault(place, [])
        if established_on is not None:
            matches = [o for o in same_place if o.valid_from == established_on]
        else:
            matches = [o for o in same_place if o.valid_to is None]
        if len(matches) > 1:
            self.fail(
                n,
                "established_on",
                None,
                _("Several organisations of this kind are open here: give the date established."),
            )
        if matches:
            organisation = matches[0]
            self.same(n, "name", organisation.name, v["name"])
            self.same(n, "member_count", organisation.member_count, v.get("member_count"))
            changed = False
        else:
            organisation = self.call(
                n,
                "name",
                services.mass_organisation_create,
                commune=commune,
                kind=v["kind"],
                name=v["name"],
                village=village,
                established_on=established_on,
                member_count=v.get("member_count"),
            )
            same_place.append(organisation)
            changed = True
        ended = self.end(n, organisation, v)
        if not matches:
            self.created(organisation)
        elif changed or ended:
            self.updated(organisation)
        else:
            self.unchanged()

    def end(self, n: int, organisation: MassOrganisation, v: dict[str, Any]) -> bool:
        return self.end_once(
            n,
            v,
            recorded_on=organisation.valid_to,
            recorded_reason=organisation.end_reason,
            missing_date=_("Give the date the organisation ended."),
            end=partial(services.mass_organisation_end, organisation=organisation),
        )


class ConsolidationSheet(ServiceSheet):
    sheet = spec.CONSOLIDATIONS
    dated_by = ("on",)
    fields = {"on": "on", "action": "action", "supporting_unit": "unit_code"}

    def key(self, v: dict[str, Any]) -> tuple[Any, ...]:
        return (
            v["commune_code"],
            self.fold(v.get("village") or ""),
            v["kind"],
            v["on"],
            self.fold(v["action"]),
        )

    def load(self) -> None:
        self.known = _organisations(self.importer)
        ids = [o.pk for found in self.known.values() for o in found]
        self.done = {
            (c.organisation_id, c.on, self.fold(c.action)): c
            for c in OrganisationConsolidation.objects.filter(
                organisation_id__in=ids
            ).select_related("supporting_unit")
        }

    def organisation(
        self, n: int, commune: AdminUnit, village: Village | None, v: dict[str, Any]
    ) -> MassOrganisation:
        place = (commune.pk, village.pk if village else None, v["kind"])
        open_then = [o for o in self.known.get(place, []) if o.is_valid_on(v["on"])]
        if not open_then:
            where = village.name if village else commune.name
            self.fail(
                n,
                "kind",
                v["kind"],
                _("%(place)s has no organisation of this kind on that date.") % {"place": where},
            )
        if len(open_then) > 1:
            self.fail(
                n, "kind", v["kind"], _("Several organisations of this kind are open on that date.")
            )
        return open_then[0]

    def write_row(self, n: int, v: dict[str, Any]) -> None:
        commune = self.commune(n, v)
        village = self.village(n, commune, v["village"]) if v.get("village") else None
        organisation = self.organisation(n, commune, village, v)
        unit = self.force_unit(n, "unit_code", v["unit_code"]) if v.get("unit_code") else None
        key = (organisation.pk, v["on"], self.fold(v["action"]))
        recorded = self.done.get(key)
        if recorded is not None:
            code = recorded.supporting_unit.code if recorded.supporting_unit else None
            self.same(n, "unit_code", code, unit.code if unit else None)
            self.unchanged()
            return
        event = self.call(
            n,
            "action",
            services.organisation_consolidate,
            organisation=organisation,
            on=v["on"],
            action=v["action"],
            supporting_unit=unit,
        )
        self.done[key] = event
        self.created(event)


def organisations_export(scope: Scope) -> tuple[QuerySet, Columns, spec.Sheet]:
    qs = selectors.mass_organisations_in_scope(scope).order_by(
        "commune__code", "village__name", "kind", "valid_from", "pk"
    )
    sheet = spec.MASS_ORGANISATIONS
    columns = export_columns(
        sheet,
        {
            "commune_code": "commune.code",
            "village": "village.name",
            "kind": "kind",
            "name": "name",
            "established_on": "valid_from",
            "member_count": "member_count",
            "valid_to": "valid_to",
            "end_reason": "end_reason",
        },
    )
    return qs, columns, sheet


def consolidations_export(scope: Scope) -> tuple[QuerySet, Columns, spec.Sheet]:
    qs = scope.filter(
        OrganisationConsolidation.objects.select_related(
            "organisation__commune", "organisation__village", "supporting_unit"
        ),
        commune="organisation__commune",
    ).order_by("organisation__commune__code", "organisation__village__name", "on", "pk")
    sheet = spec.CONSOLIDATIONS
    columns = export_columns(
        sheet,
        {
            "commune_code": "organisation.commune.code",
            "village": "organisation.village.name",
            "kind": "organisation.kind",
            "on": "on",
            "action": "action",
            "unit_code": "supporting_unit.code",
        },
    )
    return qs, columns, sheet
