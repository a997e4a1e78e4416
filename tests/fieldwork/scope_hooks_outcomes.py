"""Household outcomes for the route-walking test (see tests/scope_objects.py). Hooks write
straight to the tables, without audit events: the walk counts audit events around each
request, and a hook may first run inside that window."""

from __future__ import annotations

from typing import Any

from tests.people import scope_hooks as people

# What only post B's records say: officer_a must never see it, officer_b must.
TO_NAME = {"own": "Chè Shan Tuyết KT-A", "other": "Chè Shan Tuyết KT-B"}
PURPOSE = {"own": "Nuôi bò sinh sản KT-A", "other": "Nuôi bò sinh sản KT-B"}
HOUSE_NOTE = {"own": "Nhà Đại đoàn kết KT-A", "other": "Nhà Đại đoàn kết KT-B"}


def conversion(w: Any, side: str) -> int:
    from outpost.fieldwork.models import Conversion

    household = people.household(w, side)
    row, _ = Conversion.objects.get_or_create(
        household=household,
        to_name=TO_NAME[side],
        defaults={
            "commune_id": household.commune_id,
            "from_name": "Ngô",
            "area_ha": "0.50",
            "year": 2025,
        },
    )
    return row.pk


def loan(w: Any, side: str) -> int:
    import datetime as dt

    from outpost.fieldwork.models import Loan

    household = people.household(w, side)
    row, _ = Loan.objects.get_or_create(
        household=household,
        purpose=PURPOSE[side],
        defaults={
            "commune_id": household.commune_id,
            "granted_on": dt.date(2025, 9, 1),
            "amount": 50_000_000,
        },
    )
    return row.pk


def house_support(w: Any, side: str) -> int:
    import datetime as dt

    from outpost.fieldwork.models import HouseSupport

    household = people.household(w, side)
    row, _ = HouseSupport.objects.get_or_create(
        household=household,
        note=HOUSE_NOTE[side],
        defaults={
            "commune_id": household.commune_id,
            "kind": "built",
            "completed_on": dt.date(2025, 9, 1),
            "cost": 60_000_000,
        },
    )
    return row.pk


def _shown(hook: Any, text: dict[str, str]) -> Any:
    """A LIST_EXPECTED / OTHER_NAMES entry: make post B's record, give what it shows."""

    def name(w: Any) -> str:
        hook(w, "other")
        return text["other"]

    return name


def _other_head(w: Any) -> str:
    conversion(w, "other")
    loan(w, "other")
    house_support(w, "other")
    return people.other_head(w)


def _objects() -> dict[str, Any]:
    from tests.scope_objects import ScopeObject

    return {
        "conversion_id": ScopeObject(
            other=lambda w: conversion(w, "other"), own=lambda w: conversion(w, "own")
        ),
        "loan_id": ScopeObject(other=lambda w: loan(w, "other"), own=lambda w: loan(w, "own")),
        "house_support_id": ScopeObject(
            other=lambda w: house_support(w, "other"), own=lambda w: house_support(w, "own")
        ),
    }


OBJECTS = _objects()

_VOID = {"reason": "test"}


def _conversion_form(ids: Any) -> dict[str, Any]:
    return {"kind": "crop", "from_name": "Ngô", "to_name": "Chè", "area_ha": "0.5", "year": "2025"}


WRITE_ROUTES: dict[str, Any] = {
    "fieldwork:conversion_create": _conversion_form,
    "fieldwork:loan_create": lambda ids: {
        "granted_on": "2025-09-01",
        "amount": "50000000",
        "lender": "vbsp",
    },
    "fieldwork:house_support_create": lambda ids: {
        "kind": "repaired",
        "completed_on": "2025-09-01",
        "cost": "1000000",
        "unit_contribution": "0",
        "labour_days": "0",
    },
    "fieldwork:conversion_void": lambda ids: _VOID,
    "fieldwork:loan_void": lambda ids: _VOID,
    "fieldwork:house_support_void": lambda ids: _VOID,
}

API_WRITE_BODIES: dict[str, Any] = {
    "POST /api/v1/fieldwork/outcomes/conversions": lambda ids: {
        "household_id": ids("household_id"),
        "kind": "crop",
        "from_name": "Ngô",
        "to_name": "Chè",
        "area_ha": "0.5",
        "year": 2025,
    },
    "POST /api/v1/fieldwork/outcomes/loans": lambda ids: {
        "household_id": ids("household_id"),
        "granted_on": "2025-09-01",
        "amount": 50_000_000,
    },
    "POST /api/v1/fieldwork/outcomes/houses": lambda ids: {
        "household_id": ids("household_id"),
        "kind": "repaired",
        "completed_on": "2025-09-01",
        "cost": 1_000_000,
    },
    "POST /api/v1/fieldwork/outcomes/conversions/{conversion_id}/void": lambda ids: _VOID,
    "POST /api/v1/fieldwork/outcomes/loans/{loan_id}/void": lambda ids: _VOID,
    "POST /api/v1/fieldwork/outcomes/houses/{house_support_id}/void": lambda ids: _VOID,
}

OTHER_NAMES = [
    _shown(conversion, TO_NAME),
    _shown(loan, PURPOSE),
    _shown(house_support, HOUSE_NOTE),
]

LIST_QUERIES: dict[str, Any] = {
    "fieldwork:conversion_list": [lambda w: {}, lambda w: {"void": "1", "year": "2025"}],
    "fieldwork:outcome_comparison": [lambda w: {}, lambda w: {"unit": w.post_b.pk}],
    "GET /api/v1/fieldwork/outcomes/comparison": [
        lambda w: {"year_from": 2025, "year_to": 2026},
    ],
}

LIST_EXPECTED: dict[str, Any] = {
    "fieldwork:conversion_list": [_shown(conversion, TO_NAME)],
    "fieldwork:loan_list": [_other_head],
    "fieldwork:house_support_list": [_other_head],
    "fieldwork:outcome_comparison": [lambda w: w.post_b.name],
    "GET /api/v1/fieldwork/outcomes/conversions": [_shown(conversion, TO_NAME)],
    "GET /api/v1/fieldwork/outcomes/loans": [_shown(loan, PURPOSE)],
    "GET /api/v1/fieldwork/outcomes/houses": [_shown(house_support, HOUSE_NOTE)],
}
