"""Household outcomes: crop and livestock conversions, loans, houses built or repaired, one
sheet each, one row per outcome, by household code.

A row is matched by its reference (the outcome's `client_id`, which the exports give) or, when
it has none, by its household and its own key: a conversion by its kind, from, to and year; a
loan by its date and lender; a house by its kind and completion date (standing outcomes only,
unless the row voids one). A new outcome is recorded with its service (`conversion_record`,
`loan_record`, `house_support_record`); the app has no service to change one, so a known
outcome's other cells must be what is recorded (a wrong one is voided, with
`outcome_void`, and recorded again)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, ClassVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from outpost.accounts.scope import Scope
from outpost.fieldwork.models import Conversion, HouseSupport, Loan
from outpost.fieldwork.selectors import outcomes as selectors
from outpost.fieldwork.services import outcomes as services
from outpost.imports import spec
from outpost.imports.kinds.base import Columns, ServiceSheet, export_columns
from outpost.imports.kinds.fieldwork import Programs, reference
from outpost.people.models import Household


class OutcomeSheet(ServiceSheet):
    """One kind of outcome. Subclasses give the model, its service, the columns the service
    takes (`values`: column -> argument, the same name as the model's field) and the row's
    own key (`own_key` from the cells, `recorded_key` from a record)."""

    model: ClassVar[type[Model]]
    service: ClassVar[Callable[..., Any]]
    values: ClassVar[tuple[str, ...]]

    def own_key(self, v: dict[str, Any]) -> tuple[Any, ...]:
        raise NotImplementedError

    def recorded_key(self, obj: Any) -> tuple[Any, ...]:
        raise NotImplementedError

    def resolve(self, n: int, v: dict[str, Any]) -> dict[str, Any]:
        """Service arguments the row names by code (a program)."""
        return {}

    def key(self, v: dict[str, Any]) -> tuple[Any, ...]:
        if v.get("client_id"):
            return ("reference", v["client_id"].lower())
        return (v["commune_code"], v["household_code"], *self.own_key(v))

    def load(self) -> None:
        commune_ids = self.lookups.commune_ids()
        self.known: dict[tuple[Any, ...], list[Any]] = {}
        for obj in (
            self.model._default_manager.filter(commune_id__in=commune_ids)
            .select_related("cadre")
            .order_by("pk")
        ):
            self.remember(obj)

    def remember(self, obj: Any) -> None:
        self.known.setdefault((obj.household_id, *self.recorded_key(obj)), []).append(obj)

    def match(self, n: int, household: Household, ref: uuid.UUID | None, v: dict[str, Any]) -> Any:
        if ref is not None:
            found: Any = self.model._default_manager.filter(client_id=ref).first()
            if found is not None and found.household_id != household.pk:
                self.fail(
                    n,
                    "client_id",
                    v["client_id"],
                    _("This reference is already used for another household."),
                )
            return found
        namesakes = self.known.get((household.pk, *self.own_key(v)), [])
        standing = [o for o in namesakes if o.voided_at is None]
        if len(standing) > 1:
            self.fail(
                n,
                "",
                None,
                _("Several records of this household match this row: give its reference."),
            )
        if standing or v.get("void_reason"):
            return (standing or namesakes or [None])[0]
        return None

    def write_row(self, n: int, v: dict[str, Any]) -> None:
        commune = self.commune(n, v)
        household = self.household(n, commune, v["household_code"])
        number = v.get("service_number")
        cadre = self.cadre(n, "service_number", number) if number else None
        named = self.resolve(n, v)
        ref = reference(self, n, v)
        obj = self.match(n, household, ref, v)
        if obj is None:
            given = {name: v[name] for name in self.values if v.get(name) is not None}
            obj = self.call(
                n,
                "",
                type(self).service,
                household=household,
                cadre=cadre,
                note=v.get("note") or "",
                client_id=ref,
                **given,
                **named,
            )
            self.remember(obj)
            self.void(n, obj, v)
            self.created(obj)
            return
        for name in self.values:
            self.same(n, name, getattr(obj, name), v.get(name))
        self.same(n, "service_number", obj.cadre.service_number if obj.cadre else None, number)
        for name, value in named.items():
            recorded = getattr(obj, name)
            self.same(n, name, recorded.code if recorded else None, value.code if value else None)
        self.same(n, "note", obj.note, v.get("note"))
        if self.void(n, obj, v):
            self.updated(obj)
        else:
            self.unchanged()

    def void(self, n: int, obj: Any, v: dict[str, Any]) -> bool:
        """Void the outcome when the row gives a reason; whether it was."""
        reason = v.get("void_reason")
        if obj.voided_at is not None:
            self.same(n, "void_reason", obj.void_reason, reason)
            return False
        if not reason:
            return False
        self.call(n, "void_reason", services.outcome_void, outcome=obj, reason=reason)
        return True


OUTCOME_FIELDS = {
    "household": "household_code",
    "commune": "commune_code",
    "cadre": "service_number",
    "note": "note",
    "void_reason": "void_reason",
}


class ConversionSheet(OutcomeSheet):
    sheet = spec.CONVERSIONS
    dated_by = ("year",)
    model = Conversion
    service = services.conversion_record
    values = ("kind", "from_name", "to_name", "year", "area_ha", "heads")
    fields = {**OUTCOME_FIELDS, **{name: name for name in values}}

    def own_key(self, v: dict[str, Any]) -> tuple[Any, ...]:
        return (v["kind"], self.fold(v["from_name"]), self.fold(v["to_name"]), v["year"])

    def recorded_key(self, obj: Any) -> tuple[Any, ...]:
        return (obj.kind, self.fold(obj.from_name), self.fold(obj.to_name), obj.year)


class LoanSheet(OutcomeSheet):
    sheet = spec.LOANS
    dated_by = ("granted_on",)
    model = Loan
    service = services.loan_record
    values = ("granted_on", "amount", "lender", "lender_name", "purpose", "term_months")
    fields = {**OUTCOME_FIELDS, **{name: name for name in values}}

    def own_key(self, v: dict[str, Any]) -> tuple[Any, ...]:
        return (v["granted_on"], v.get("lender") or Loan.Lender.SOCIAL_POLICY_BANK)

    def recorded_key(self, obj: Any) -> tuple[Any, ...]:
        return (obj.granted_on, obj.lender)


class HouseSheet(OutcomeSheet):
    sheet = spec.HOUSES
    dated_by = ("completed_on",)
    model = HouseSupport
    service = services.house_support_record
    values = ("kind", "completed_on", "cost", "unit_contribution", "labour_days")
    fields = {**OUTCOME_FIELDS, "program": "program", **{name: name for name in values}}

    def own_key(self, v: dict[str, Any]) -> tuple[Any, ...]:
        return (v["kind"], v["completed_on"])

    def recorded_key(self, obj: Any) -> tuple[Any, ...]:
        return (obj.kind, obj.completed_on)

    def load(self) -> None:
        super().load()
        self.programs = Programs(self.importer)

    def resolve(self, n: int, v: dict[str, Any]) -> dict[str, Any]:
        if not v.get("program"):
            return {}
        return {"program": self.programs.get(self, n, "program", v["program"])}


# --- exports ----------------------------------------------------------------------------------

SHARED_EXPORT: dict[str, Any] = {
    "commune_code": "commune.code",
    "household_code": "household.code",
    "service_number": "cadre.service_number",
    "note": "note",
    "client_id": lambda o: str(o.client_id),
    "void_reason": "void_reason",
}


def _export(
    qs: QuerySet[Any], sheet: spec.Sheet, values: tuple[str, ...], **more: Any
) -> tuple[QuerySet, Columns, spec.Sheet]:
    accessors = {**SHARED_EXPORT, **{name: name for name in values}, **more}
    return (
        qs.order_by("commune__code", "household__code", "pk"),
        export_columns(sheet, accessors),
        sheet,
    )


def conversions_export(scope: Scope) -> tuple[QuerySet, Columns, spec.Sheet]:
    return _export(selectors.conversions_in_scope(scope), spec.CONVERSIONS, ConversionSheet.values)


def loans_export(scope: Scope) -> tuple[QuerySet, Columns, spec.Sheet]:
    return _export(selectors.loans_in_scope(scope), spec.LOANS, LoanSheet.values)


def houses_export(scope: Scope) -> tuple[QuerySet, Columns, spec.Sheet]:
    return _export(
        selectors.house_supports_in_scope(scope),
        spec.HOUSES,
        HouseSheet.values,
        program="program.code",
    )
