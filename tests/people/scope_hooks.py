"""Objects of the people app for the route-walking scope test (tests/scope_objects.py).

Written straight to the tables, without audit events: the walk counts audit events around
each request, and a hook may first run inside that window."""

from __future__ import annotations

from typing import Any

HEAD_NAMES = {"own": "Lò Văn Kiểm Ây", "other": "Giàng A Kiểm Bê"}
MEMBER_NAMES = {"own": "Lò Thị Kiểm Ây", "other": "Giàng Thị Kiểm Bê"}


def household(w: Any, side: str) -> Any:
    from outpost.people.models import Household

    village = w.village_a1 if side == "own" else w.village_b1
    row, _ = Household.objects.get_or_create(
        commune_id=village.commune_id,
        code="KT-PEOPLE",
        defaults={"village": village, "head_name": HEAD_NAMES[side]},
    )
    return row


def resident(w: Any, side: str) -> Any:
    from outpost.people.models import Resident

    row, _ = Resident.objects.get_or_create(
        household=household(w, side),
        full_name=MEMBER_NAMES[side],
        defaults={"relation": "child", "sex": "F", "birth_year": 2005},
    )
    return row


def assessment(w: Any, side: str) -> Any:
    from outpost.people.models import PovertyAssessment, PovertyStandard

    row, _ = PovertyAssessment.objects.get_or_create(
        household=household(w, side),
        year=2024,
        voided_at=None,
        defaults={
            "standard": PovertyStandard.objects.get(code="ND07-2021"),
            "area": "rural",
            "income_per_person_month": 1_000_000,
            "deprivations": [],
            "deprivation_count": 0,
            "status": "near_poor",
        },
    )
    return row


def other_head(w: Any) -> str:
    return household(w, "other").head_name


def other_member(w: Any) -> str:
    return resident(w, "other").full_name


ON = "2026-01-01"
END = {"on": ON, "reason": "test"}
MEMBER = {"full_name": "Kiểm Tra", "relation": "child", "sex": "M"}

WRITE_ROUTES: dict[str, Any] = {
    "people:household_create": lambda ids: {"village": ids("village_id"), "code": "KT-NEW"},
    "people:household_edit": lambda ids: {"code": "KT-EDIT"},
    "people:household_move": lambda ids: {"village": ids("village_id"), "on": ON},
    "people:household_split": lambda ids: {
        "members": [ids("resident_id")],
        "code": "KT-SPLIT",
        "on": ON,
    },
    "people:household_merge": lambda ids: {"sources": [ids("household_id")], "on": ON},
    "people:household_end": lambda ids: END,
    "people:household_set_head": lambda ids: {"resident": ids("resident_id")},
    "people:resident_add": lambda ids: MEMBER,
    "people:resident_edit": lambda ids: MEMBER,
    "people:resident_leave": lambda ids: END,
    "people:assessment_create": lambda ids: {
        "year": 2025,
        "area": "rural",
        "income_per_person_month": 1_000_000,
    },
    "people:assessment_void": lambda ids: {"reason": "test"},
}

API_WRITE_BODIES: dict[str, Any] = {
    "POST /api/v1/people/households": lambda ids: {
        "village_id": ids("village_id"),
        "code": "KT-API",
    },
    "PATCH /api/v1/people/households/{household_id}": lambda ids: {"note": "test"},
    "POST /api/v1/people/households/{household_id}/residents": lambda ids: MEMBER,
    "PATCH /api/v1/people/residents/{resident_id}": lambda ids: {"full_name": "Kiểm Tra"},
    "POST /api/v1/people/households/{household_id}/assessments": lambda ids: {
        "year": 2025,
        "area": "rural",
        "income_per_person_month": 1_000_000,
        "deprivations": [],
    },
    "POST /api/v1/people/assessments/{assessment_id}/void": lambda ids: {"reason": "test"},
}

LIST_QUERIES: dict[str, Any] = {
    "people:household_list": [
        lambda w: {},
        lambda w: {"q": "kiem"},
        lambda w: {"status": "near_poor"},
        lambda w: {"unassigned": "on"},
    ],
    "GET /api/v1/people/households": [lambda w: {}, lambda w: {"q": "kiem"}],
}

LIST_EXPECTED: dict[str, Any] = {
    "people:household_list": [other_head],
    "GET /api/v1/people/households": [other_head],
}
