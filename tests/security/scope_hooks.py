"""Security and order records for the route-walking test (see tests/scope_objects.py). Hooks
write straight to the tables, without audit events."""

from __future__ import annotations

import datetime as dt
from typing import Any

OTHER_INCIDENT = "Vụ việc Pá Lông KT"
OTHER_GROUP = "Tổ tự quản Pá Lông KT"
OTHER_FOREIGN_VILLAGE = "Bản Nậm Khương KT"


def _village(w: Any, side: str) -> Any:
    return w.village_a1 if side == "own" else w.village_b1


def incident(w: Any, side: str) -> int:
    from outpost.security.models import Incident

    village = _village(w, side)
    row, _ = Incident.objects.get_or_create(
        village=village,
        commune_id=village.commune_id,
        summary=OTHER_INCIDENT if side == "other" else "Vụ việc Huổi Lếch KT",
        defaults={"kind": Incident.Kind.DRUGS, "occurred_on": dt.date(2025, 8, 1)},
    )
    return row.pk


def status(w: Any, side: str) -> int:
    from outpost.security.models import VillageSecurityStatus

    row, _ = VillageSecurityStatus.objects.get_or_create(
        village=_village(w, side), year=2025, defaults={"drug_free": True}
    )
    return row.pk


def group(w: Any, side: str) -> int:
    from outpost.security.models import SelfGoverningGroup

    row, _ = SelfGoverningGroup.objects.get_or_create(
        village=_village(w, side),
        name=OTHER_GROUP if side == "other" else "Tổ tự quản Huổi Lếch KT",
        defaults={"kind": "security_order", "founded_on": dt.date(2025, 1, 1)},
    )
    return row.pk


def agreement(w: Any, side: str) -> int:
    from outpost.security.models import TwinVillageAgreement

    row, _ = TwinVillageAgreement.objects.get_or_create(
        village=_village(w, side),
        foreign_village=OTHER_FOREIGN_VILLAGE if side == "other" else "Bản Huổi Hốc KT",
        defaults={
            "country": "LA",
            "signed_on": dt.date(2025, 1, 1),
            "valid_from": dt.date(2025, 1, 1),
        },
    )
    return row.pk


def _incident_form(ids: Any) -> dict[str, Any]:
    return {
        "kind": "smuggling",
        "occurred_on": "2025-09-01",
        "village": ids("village_id"),
        "summary": "Buôn lậu KT",
    }


def _status_form(ids: Any) -> dict[str, Any]:
    return {"village": ids("village_id"), "year": "2025", "drug_free": "on", "note": "KT"}


def _group_form(ids: Any) -> dict[str, Any]:
    return {
        "kind": "security_order",
        "village": ids("village_id"),
        "name": "Tổ KT",
        "founded_on": "2025-09-01",
        "households": [ids("household_id")],
    }


def _agreement_form(ids: Any) -> dict[str, Any]:
    return {
        "village": ids("village_id"),
        "foreign_village": "Bản KT",
        "country": "LA",
        "signed_on": "2025-09-01",
    }


WRITE_ROUTES = {
    "security:incident_create": _incident_form,
    "security:incident_status": lambda ids: {"status": "handled"},
    "security:incident_close": lambda ids: {"on": "2025-09-01"},
    "security:incident_void": lambda ids: {"reason": "KT"},
    "security:status_set": _status_form,
    "security:status_edit": lambda ids: {"key_drug_area": "on", "note": "KT"},
    "security:group_create": _group_form,
    "security:group_dissolve": lambda ids: {"on": "2025-09-01", "reason": "KT"},
    "security:group_members_add": lambda ids: {
        "households": [ids("household_id")],
        "on": "2025-09-01",
    },
    "security:group_members_end": lambda ids: {
        "households": [ids("household_id")],
        "on": "2025-09-01",
        "reason": "KT",
    },
    "security:agreement_create": _agreement_form,
    "security:agreement_end": lambda ids: {"on": "2025-09-01", "reason": "KT"},
}
API_WRITE_BODIES = {
    "POST /api/v1/security/incidents": lambda ids: {
        "kind": "smuggling",
        "occurred_on": "2025-09-01",
        "village_id": ids("village_id"),
        "summary": "Buôn lậu KT",
    },
    "POST /api/v1/security/statuses": lambda ids: {
        "village_id": ids("village_id"),
        "year": 2025,
        "drug_free": True,
    },
    "POST /api/v1/security/groups": lambda ids: {
        "kind": "security_order",
        "village_id": ids("village_id"),
        "name": "Tổ KT",
        "founded_on": "2025-09-01",
        "household_ids": [ids("household_id")],
    },
    "POST /api/v1/security/groups/{group_id}/members": lambda ids: {
        "household_ids": [ids("household_id")],
        "on": "2025-09-01",
    },
    "POST /api/v1/security/groups/{group_id}/members/end": lambda ids: {
        "household_ids": [ids("household_id")],
        "on": "2025-09-01",
        "reason": "KT",
    },
    "POST /api/v1/security/agreements": lambda ids: {
        "village_id": ids("village_id"),
        "foreign_village": "Bản KT",
        "country": "LA",
        "signed_on": "2025-09-01",
    },
}
LIST_EXPECTED = {
    "security:group_list": [lambda w: (group(w, "other"), OTHER_GROUP)[1]],
    "GET /api/v1/security/groups": [lambda w: (group(w, "other"), OTHER_GROUP)[1]],
    "security:agreement_list": [lambda w: (agreement(w, "other"), OTHER_FOREIGN_VILLAGE)[1]],
    "GET /api/v1/security/agreements": [
        lambda w: (agreement(w, "other"), OTHER_FOREIGN_VILLAGE)[1]
    ],
    "GET /api/v1/security/incidents": [lambda w: (incident(w, "other"), OTHER_INCIDENT)[1]],
}
OTHER_NAMES = [lambda w: OTHER_GROUP, lambda w: OTHER_FOREIGN_VILLAGE]
