"""Kinds of activity for the route-walking test (see tests/scope_objects.py). Kinds are not
scoped by post: the pages are for administrators only, so every persona of the walk gets 403."""

from __future__ import annotations

from typing import Any


def kind(code: str) -> int:
    from outpost.fieldwork.models import ActivityKind

    return ActivityKind.objects.get(code=code).pk


def _objects() -> dict[str, Any]:
    from tests.scope_objects import ScopeObject

    return {
        "activity_kind_id": ScopeObject(
            other=lambda w: kind("teaching"), own=lambda w: kind("household_visit")
        )
    }


OBJECTS = _objects()

_FORM = {"name_vi": "Loại KT", "name_en": "Test kind", "sort_order": "500"}

WRITE_ROUTES: dict[str, Any] = {
    "fieldwork:kind_create": lambda ids: {**_FORM, "code": "kt-kind"},
    "fieldwork:kind_edit": lambda ids: {**_FORM, "is_active": "on"},
}
