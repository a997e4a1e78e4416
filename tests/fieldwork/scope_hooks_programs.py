"""Programs and enrollments for the route-walking test (see tests/scope_objects.py). Hooks
write straight to the tables, without audit events.

Force-wide programs are visible to everyone, so post B's object for `program_id` is a LOCAL
program of post B."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from tests.people import scope_hooks as people

PROGRAM_NAMES = {"own": "Chương trình riêng Đồn A KT", "other": "Chương trình riêng Đồn B KT"}


def program(w: Any, side: str) -> int:
    from outpost.fieldwork.models import Program

    row, _ = Program.objects.get_or_create(
        code=f"kt-local-{side}",
        defaults={
            "name_vi": PROGRAM_NAMES[side],
            "scope": Program.Scope.LOCAL,
            "owner_unit": w.post_a if side == "own" else w.post_b,
            "beneficiary": Program.Beneficiary.RESIDENT,
        },
    )
    return row.pk


def enrollment(w: Any, side: str) -> int:
    from outpost.fieldwork.models import Enrollment

    resident = people.resident(w, side)
    row, _ = Enrollment.objects.get_or_create(
        program_id=program(w, side),
        resident=resident,
        defaults={
            "commune_id": resident.household.commune_id,
            "sponsor_unit": w.post_a if side == "own" else w.post_b,
            "started_on": dt.date(2025, 1, 1),
        },
    )
    return row.pk


def _other_program_name(w: Any) -> str:
    program(w, "other")
    return PROGRAM_NAMES["other"]


def _other_beneficiary(w: Any) -> str:
    enrollment(w, "other")
    return people.MEMBER_NAMES["other"]


# Same shape as tests.scope_objects.ScopeObject (an `other` and an `own` hook).
OBJECTS = {
    "program_id": SimpleNamespace(
        other=lambda w: program(w, "other"), own=lambda w: program(w, "own")
    ),
    "enrollment_id": SimpleNamespace(
        other=lambda w: enrollment(w, "other"), own=lambda w: enrollment(w, "own")
    ),
}


def _program_form(ids: Any) -> dict[str, Any]:
    return {
        "name_vi": "Chương trình KT mới",
        "beneficiary": "resident",
        "owner_unit": ids("force_unit_id"),
        "default_monthly_support": "0",
    }


WRITE_ROUTES = {
    "fieldwork:program_create": _program_form,
    "fieldwork:program_edit": _program_form,
    "fieldwork:enrollment_create": lambda ids: {
        "program": ids("program_id"),
        "beneficiary": ids("resident_id"),
        "started_on": "2025-09-01",
        "sponsor_unit": ids("force_unit_id"),
    },
    "fieldwork:enrollment_edit": lambda ids: {
        "started_on": "2025-02-01",
        "monthly_support": "1",
        "sponsor_unit": ids("force_unit_id"),
    },
    "fieldwork:enrollment_suspend": lambda ids: {"note": "test"},
    "fieldwork:enrollment_resume": lambda ids: {"note": "test"},
    "fieldwork:enrollment_end": lambda ids: {"on": "2025-09-01", "reason": "other"},
}

API_WRITE_BODIES = {
    "POST /api/v1/fieldwork/programs": lambda ids: {
        "name_vi": "Chương trình KT API",
        "beneficiary": "resident",
        "owner_unit_id": ids("force_unit_id"),
    },
    "POST /api/v1/fieldwork/enrollments": lambda ids: {
        "program_id": ids("program_id"),
        "resident_id": ids("resident_id"),
        "started_on": "2025-09-01",
        "sponsor_unit_id": ids("force_unit_id"),
    },
    "POST /api/v1/fieldwork/enrollments/{enrollment_id}/end": lambda ids: {
        "on": "2025-09-01",
        "reason": "other",
    },
}

LIST_EXPECTED = {
    "fieldwork:program_list": [_other_program_name],
    "GET /api/v1/fieldwork/programs": [_other_program_name],
    "fieldwork:enrollment_list": [_other_beneficiary],
    "GET /api/v1/fieldwork/enrollments": [_other_beneficiary],
}

OTHER_NAMES = [lambda w: PROGRAM_NAMES["other"]]
OWN_NAMES = [lambda w: PROGRAM_NAMES["own"]]
