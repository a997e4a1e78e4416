"""Mass organisations and village cadres for the route-walking scope test
(tests/scope_objects.py). Written straight to the tables, without audit events."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.people import scope_hooks as _people

OTHER_ORGANISATION = "Chi hội Phụ nữ Kiểm Bê"
OWN_ORGANISATION = "Chi hội Phụ nữ Kiểm Ây"


def organisation(w: Any, side: str) -> int:
    from outpost.grassroots.models import MassOrganisation

    village = w.village_a1 if side == "own" else w.village_b1
    row, _ = MassOrganisation.objects.get_or_create(
        village=village,
        kind="women_union",
        valid_to=None,
        defaults={
            "commune_id": village.commune_id,
            "name": OWN_ORGANISATION if side == "own" else OTHER_ORGANISATION,
        },
    )
    return row.pk


def village_cadre(w: Any, side: str) -> Any:
    import datetime as dt

    from outpost.grassroots.models import VillageCadreTraining

    row, _ = VillageCadreTraining.objects.get_or_create(
        resident=_people.resident(w, side),
        defaults={"role": "village_chief", "identified_on": dt.date(2025, 8, 1)},
    )
    return row


CONSOLIDATE = {"on": "2025-09-01", "action": "Kiện toàn ban chấp hành"}
COURSE = {"course_name": "Bồi dưỡng KT", "course_from": "2025-09-01", "course_to": "2025-09-05"}

WRITE_ROUTES: dict[str, Callable[[Any], dict[str, Any]]] = {
    "grassroots:mass_organisation_create": lambda ids: {
        "kind": "youth_union",
        "name": "Chi đoàn Kiểm Tra",
        "village": ids("village_id"),
    },
    "grassroots:organisation_consolidate": lambda ids: CONSOLIDATE,
    "grassroots:village_cadre_create": lambda ids: {
        "resident": ids("resident_id"),
        "role": "other",
        "identified_on": "2025-09-01",
    },
    "grassroots:village_cadre_course": lambda ids: {**COURSE, "result": "completed"},
}

API_WRITE_BODIES: dict[str, Callable[[Any], dict[str, Any]]] = {
    "POST /api/v1/grassroots/mass-organisations": lambda ids: {
        "commune_id": ids("unit_id"),
        "village_id": ids("village_id"),
        "kind": "youth_union",
        "name": "Chi đoàn Kiểm Tra",
    },
    "POST /api/v1/grassroots/mass-organisations/{organisation_id}/consolidations": (
        lambda ids: CONSOLIDATE
    ),
    "POST /api/v1/grassroots/village-cadres": lambda ids: {
        "resident_id": ids("resident_id"),
        "role": "other",
        "identified_on": "2025-09-01",
    },
    "POST /api/v1/grassroots/village-cadres/{village_cadre_id}/course": lambda ids: {
        **COURSE,
        "completed": True,
    },
}

LIST_EXPECTED: dict[str, list[Callable[[Any], str]]] = {
    "grassroots:mass_organisation_list": [
        lambda w: (organisation(w, "other"), OTHER_ORGANISATION)[1]
    ],
    "GET /api/v1/grassroots/mass-organisations": [
        lambda w: (organisation(w, "other"), OTHER_ORGANISATION)[1]
    ],
    "grassroots:village_cadre_list": [
        lambda w: (village_cadre(w, "other"), _people.MEMBER_NAMES["other"])[1]
    ],
    "GET /api/v1/grassroots/village-cadres": [
        lambda w: (village_cadre(w, "other"), _people.MEMBER_NAMES["other"])[1]
    ],
}
