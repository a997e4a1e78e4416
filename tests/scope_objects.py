"""What the route-walking test (tests/test_scope_routes.py) fills URLs and requests with.

Adding a page or an API operation? If its URL names an object (`<int:household_id>`,
`/{household_id}`), add the kwarg to OBJECTS below with two hooks, each receiving the test
`world` and returning the value to put in the URL:
  - `other`: an object of post B (commune B1): officer_a must get 403 or 404;
  - `own`: an object of post A (commune A1 when it lives in a commune): officer_a may open it,
    partner_a1 (read-only) must not change it.
Hooks may create what the world lacks (through the real services) and return its id.

Kwargs that name no object (a year, a period, a format) go in PLAIN_KWARGS.
A page that writes goes in WRITE_ROUTES (url name -> form data); an API operation that writes
(POST/PUT/PATCH/DELETE) must be in API_WRITE_BODIES ("METHOD /api/v1/path/{kwarg}" -> body).
Both hooks receive `ids(kwarg)`, which gives the value for the side being tested, so the same
data can be aimed at post B's objects (as officer_a) or post A's (as the read-only partner).
LIST_QUERIES adds query strings to list pages and list operations; LIST_EXPECTED says which
of post B's names officer_b must see there (proving the page shows data at all);
OTHER_NAMES are the names of post B's objects that officer_a must never see anywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

World = Any  # tests.conftest.World
Ids = Callable[[str], Any]


@dataclass(frozen=True)
class ScopeObject:
    other: Callable[[World], Any]
    own: Callable[[World], Any]


# --- assignments and Party branches (assign, grassroots) ----------------------------------
# These hooks write straight to the tables, without audit events: the walk counts audit
# events around each request, and a hook may first run inside that window.


def _assign_household(village_id: int) -> int:
    from outpost.geo.models import Village
    from outpost.people.models import Household

    village = Village.objects.get(pk=village_id)
    household, _ = Household.objects.get_or_create(
        commune_id=village.commune_id,
        code="KT-ASSIGN",
        defaults={"village": village, "head_name": "Hộ Kiểm Tra"},
    )
    return household.pk


def _assign_branch(village: Any) -> Any:
    from outpost.grassroots.models import PartyBranch

    branch, _ = PartyBranch.objects.get_or_create(
        village=village, valid_to=None, defaults={"name": f"Chi bộ {village.name}"}
    )
    return branch


def _assign_side(w: World, side: str) -> tuple[Any, Any, Any]:
    """The cadre, village and commune of post A ("own") or post B ("other")."""
    if side == "own":
        return w.cadre_a, w.village_a1, w.commune_a1
    return w.cadre_b, w.village_b1, w.commune_b1


def _assign_household_assignment(w: World, side: str) -> int:
    import datetime as dt

    from outpost.assign.models import HouseholdAssignment

    cadre, village, _commune = _assign_side(w, side)
    row = HouseholdAssignment.objects.create(
        cadre=cadre, household_id=_assign_household(village.pk), valid_from=dt.date(2025, 8, 1)
    )
    return row.pk


def _assign_membership(w: World, side: str) -> int:
    import datetime as dt

    from outpost.assign.models import BranchMembership

    cadre, village, _commune = _assign_side(w, side)
    row = BranchMembership.objects.create(
        cadre=cadre, branch=_assign_branch(village), valid_from=dt.date(2025, 8, 1)
    )
    return row.pk


def _assign_seat(w: World, side: str) -> int:
    import datetime as dt

    from outpost.assign.models import CommitteeSeat

    cadre, _village, commune = _assign_side(w, side)
    row = CommitteeSeat.objects.create(
        cadre=cadre, unit=commune, role="member", valid_from=dt.date(2025, 8, 1)
    )
    return row.pk


def _import_job(w: World, persona: str) -> int:
    """An import job is seen only by the user who uploaded it."""
    from outpost.imports.models import ImportJob

    job = ImportJob.objects.create(user=w.users[persona], file_name="t.xlsx", status="invalid")
    return job.pk


_ASSIGN_END = {"on": "2025-09-01", "reason": "test"}


OBJECTS: dict[str, ScopeObject] = {
    "unit_id": ScopeObject(other=lambda w: w.commune_b1.pk, own=lambda w: w.commune_a1.pk),
    "village_id": ScopeObject(other=lambda w: w.village_b1.pk, own=lambda w: w.village_a1.pk),
    "force_unit_id": ScopeObject(other=lambda w: w.post_b.pk, own=lambda w: w.post_a.pk),
    "cadre_id": ScopeObject(other=lambda w: w.cadre_b.pk, own=lambda w: w.cadre_a.pk),
    "assignment_id": ScopeObject(
        other=lambda w: _assign_household_assignment(w, "other"),
        own=lambda w: _assign_household_assignment(w, "own"),
    ),
    "membership_id": ScopeObject(
        other=lambda w: _assign_membership(w, "other"),
        own=lambda w: _assign_membership(w, "own"),
    ),
    "seat_id": ScopeObject(
        other=lambda w: _assign_seat(w, "other"), own=lambda w: _assign_seat(w, "own")
    ),
    "branch_id": ScopeObject(
        other=lambda w: _assign_branch(w.village_b1).pk,
        own=lambda w: _assign_branch(w.village_a1).pk,
    ),
    "job_id": ScopeObject(
        other=lambda w: _import_job(w, "officer_b"), own=lambda w: _import_job(w, "officer_a")
    ),
}

PLAIN_KWARGS: dict[str, Callable[[World], Any]] = {
    "kind": lambda w: "households",  # imports: template and export kinds
    "fmt": lambda w: "xlsx",
    "group": lambda w: "border",  # reports: a report group's name
}

WRITE_ROUTES: dict[str, Callable[[Ids], dict[str, Any]]] = {
    "geo:village_create": lambda ids: {"name": "Bản Kiểm Tra", "kind": "ban"},
    "geo:village_edit": lambda ids: {"name": "Bản Kiểm Tra", "kind": "ban"},
    "geo:village_end": lambda ids: {"on": "2025-09-01", "reason": "test"},
    "geo:village_merge": lambda ids: {
        "villages": [ids("village_id")],
        "into_name": "Bản Kiểm Tra",
        "on": "2025-09-01",
    },
    "force:cadre_create": lambda ids: {
        "service_number": "T-001",
        "full_name": "Kiểm Tra",
        "sex": "M",
        "rank": "dai_uy",
        "category": "officer",
        "unit": ids("force_unit_id"),
        "posted_on": "2025-09-01",
    },
    "force:cadre_post": lambda ids: {"to_unit": ids("force_unit_id"), "on": "2025-09-01"},
    "assign:household_assign": lambda ids: {
        "cadre": ids("cadre_id"),
        "households": [_assign_household(ids("village_id"))],
        "valid_from": "2025-09-01",
    },
    "assign:household_unassign": lambda ids: _ASSIGN_END,
    "assign:branch_join": lambda ids: {"cadre": ids("cadre_id"), "valid_from": "2025-09-01"},
    "assign:branch_leave": lambda ids: _ASSIGN_END,
    "assign:committee_seat_assign": lambda ids: {
        "cadre": ids("cadre_id"),
        "unit": ids("unit_id"),
        "role": "member",
        "valid_from": "2025-09-01",
    },
    "assign:committee_seat_end": lambda ids: _ASSIGN_END,
    "assign:hand_over": lambda ids: {
        "from_cadre": ids("cadre_id"),
        "to_cadre": ids("cadre_id"),
        "on": "2025-09-01",
    },
    "grassroots:branch_create": lambda ids: {"name": "Chi bộ Kiểm Tra"},
    "grassroots:branch_edit": lambda ids: {"name": "Chi bộ Kiểm Tra"},
    "grassroots:branch_end": lambda ids: _ASSIGN_END,
}

API_WRITE_BODIES: dict[str, Callable[[Ids], dict[str, Any]]] = {
    "POST /api/v1/assign/households": lambda ids: {
        "cadre_id": ids("cadre_id"),
        "household_ids": [_assign_household(ids("village_id"))],
        "valid_from": "2025-09-01",
    },
    "POST /api/v1/assign/households/{assignment_id}/end": lambda ids: _ASSIGN_END,
    "POST /api/v1/assign/memberships": lambda ids: {
        "cadre_id": ids("cadre_id"),
        "branch_id": ids("branch_id"),
        "valid_from": "2025-09-01",
    },
    "POST /api/v1/assign/memberships/{membership_id}/end": lambda ids: _ASSIGN_END,
    "POST /api/v1/assign/seats": lambda ids: {
        "cadre_id": ids("cadre_id"),
        "unit_id": ids("unit_id"),
        "role": "member",
        "valid_from": "2025-09-01",
    },
    "POST /api/v1/assign/seats/{seat_id}/end": lambda ids: _ASSIGN_END,
    "POST /api/v1/assign/hand-over": lambda ids: {
        "from_cadre_id": ids("cadre_id"),
        "to_cadre_id": ids("cadre_id"),
        "on": "2025-09-01",
    },
    "POST /api/v1/grassroots/branches": lambda ids: {
        "village_id": ids("village_id"),
        "name": "Chi bộ Kiểm Tra",
    },
    "POST /api/v1/grassroots/branches/{branch_id}/end": lambda ids: _ASSIGN_END,
    "POST /api/v1/geo/villages": lambda ids: {"commune_id": ids("unit_id"), "name": "Bản KT"},
    "PATCH /api/v1/geo/villages/{village_id}": lambda ids: {"name": "Bản KT"},
    "POST /api/v1/force/cadres": lambda ids: {
        "service_number": "T-002",
        "full_name": "Kiểm Tra",
        "rank": "dai_uy",
        "unit_id": ids("force_unit_id"),
        "posted_on": "2025-09-01",
    },
}

OTHER_NAMES: list[Callable[[World], str]] = [
    lambda w: w.commune_b1.name,
    lambda w: w.village_b1.name,
    lambda w: w.cadre_b.full_name,
    lambda w: w.post_b.name,
]

OWN_NAMES: list[Callable[[World], str]] = [
    lambda w: w.commune_a1.name,
    lambda w: w.village_a1.name,
    lambda w: w.cadre_a.full_name,
    lambda w: w.post_a.name,
]

LIST_QUERIES: dict[str, list[Callable[[World], dict[str, Any]]]] = {
    "core:search": [
        lambda w: {"q": "muong"},
        lambda w: {"q": "pa long"},
        lambda w: {"q": "giang a"},
        lambda w: {"q": "don bien phong"},
    ],
    "geo:unit_list": [lambda w: {}, lambda w: {"past": "1"}],
    "force:cadre_list": [lambda w: {}, lambda w: {"unit": w.post_b.pk}, lambda w: {"q": "giang"}],
    "GET /api/v1/geo/units": [
        lambda w: {},
        lambda w: {"level": "commune"},
        lambda w: {"parent": w.province.pk},
    ],
    "GET /api/v1/geo/villages": [lambda w: {}, lambda w: {"commune": w.commune_b1.pk}],
    "GET /api/v1/force/cadres": [lambda w: {}, lambda w: {"unit": w.post_b.pk}],
}

LIST_EXPECTED: dict[str, list[Callable[[World], str]]] = {
    "core:search": [lambda w: w.village_b1.name, lambda w: w.cadre_b.full_name],
    "force:unit_list": [lambda w: w.post_b.name],
    "force:cadre_list": [lambda w: w.cadre_b.full_name],
    "assign:overview": [lambda w: w.cadre_b.full_name],
    "GET /api/v1/geo/units": [lambda w: w.commune_b1.name],
    "GET /api/v1/geo/villages": [lambda w: w.village_b1.name],
    "GET /api/v1/force/units": [lambda w: w.post_b.name],
    "GET /api/v1/force/cadres": [lambda w: w.cadre_b.full_name],
}


# --- households, residents, poverty assessments (people) ----------------------------------
from tests.people import scope_hooks as _people  # noqa: E402

OBJECTS.update(
    {
        "household_id": ScopeObject(
            other=lambda w: _people.household(w, "other").pk,
            own=lambda w: _people.household(w, "own").pk,
        ),
        "resident_id": ScopeObject(
            other=lambda w: _people.resident(w, "other").pk,
            own=lambda w: _people.resident(w, "own").pk,
        ),
        "assessment_id": ScopeObject(
            other=lambda w: _people.assessment(w, "other").pk,
            own=lambda w: _people.assessment(w, "own").pk,
        ),
    }
)
WRITE_ROUTES.update(_people.WRITE_ROUTES)
API_WRITE_BODIES.update(_people.API_WRITE_BODIES)
OTHER_NAMES.extend([_people.other_head, _people.other_member])
LIST_QUERIES.update(_people.LIST_QUERIES)
LIST_EXPECTED.update(_people.LIST_EXPECTED)
LIST_EXPECTED.setdefault("core:search", []).append(_people.other_head)


# --- border segments, markers, patrols (border) --------------------------------------------
from tests.border import scope_hooks as _border  # noqa: E402

OBJECTS.update(
    {
        "segment_id": ScopeObject(
            other=lambda w: _border.segment(w, "other").pk,
            own=lambda w: _border.segment(w, "own").pk,
        ),
        "marker_id": ScopeObject(
            other=lambda w: _border.marker(w, "other").pk,
            own=lambda w: _border.marker(w, "own").pk,
        ),
        "patrol_id": ScopeObject(
            other=lambda w: _border.patrol(w, "other").pk,
            own=lambda w: _border.patrol(w, "own").pk,
        ),
    }
)
WRITE_ROUTES.update(_border.WRITE_ROUTES)
API_WRITE_BODIES.update(_border.API_WRITE_BODIES)
OTHER_NAMES.append(_border.other_segment_name)
LIST_EXPECTED.update(_border.LIST_EXPECTED)

# --- Party candidates (grassroots) ---------------------------------------------------------
from tests.grassroots import scope_hooks as _grassroots  # noqa: E402

OBJECTS["candidate_id"] = ScopeObject(
    other=lambda w: _grassroots.candidate(w, "other"), own=lambda w: _grassroots.candidate(w, "own")
)
WRITE_ROUTES.update(_grassroots.WRITE_ROUTES)
API_WRITE_BODIES.update(_grassroots.API_WRITE_BODIES)

# --- infrastructure works (works) ---------------------------------------------------------
from tests.works import scope_hooks as _works  # noqa: E402

OBJECTS["work_id"] = ScopeObject(
    other=lambda w: _works.work(w, "other"), own=lambda w: _works.work(w, "own")
)
WRITE_ROUTES.update(_works.WRITE_ROUTES)
API_WRITE_BODIES.update(_works.API_WRITE_BODIES)
LIST_EXPECTED.update(_works.LIST_EXPECTED)
OTHER_NAMES.append(lambda w: _works.OTHER_WORK)

# --- mass organisations and village cadres (grassroots) -----------------------------------
from tests.grassroots import scope_hooks_mass_orgs as _mass_orgs  # noqa: E402

OBJECTS["organisation_id"] = ScopeObject(
    other=lambda w: _mass_orgs.organisation(w, "other"),
    own=lambda w: _mass_orgs.organisation(w, "own"),
)
OBJECTS["village_cadre_id"] = ScopeObject(
    other=lambda w: _mass_orgs.village_cadre(w, "other").pk,
    own=lambda w: _mass_orgs.village_cadre(w, "own").pk,
)
WRITE_ROUTES.update(_mass_orgs.WRITE_ROUTES)
API_WRITE_BODIES.update(_mass_orgs.API_WRITE_BODIES)
LIST_EXPECTED.update(_mass_orgs.LIST_EXPECTED)
OTHER_NAMES.append(lambda w: _mass_orgs.OTHER_ORGANISATION)

# --- security and order (security) -------------------------------------------------------
from tests.security import scope_hooks as _security  # noqa: E402

OBJECTS.update(
    {
        "incident_id": ScopeObject(
            other=lambda w: _security.incident(w, "other"),
            own=lambda w: _security.incident(w, "own"),
        ),
        "status_id": ScopeObject(
            other=lambda w: _security.status(w, "other"),
            own=lambda w: _security.status(w, "own"),
        ),
        "group_id": ScopeObject(
            other=lambda w: _security.group(w, "other"), own=lambda w: _security.group(w, "own")
        ),
        "agreement_id": ScopeObject(
            other=lambda w: _security.agreement(w, "other"),
            own=lambda w: _security.agreement(w, "own"),
        ),
    }
)
WRITE_ROUTES.update(_security.WRITE_ROUTES)
API_WRITE_BODIES.update(_security.API_WRITE_BODIES)
LIST_EXPECTED.update(_security.LIST_EXPECTED)
OTHER_NAMES.extend(_security.OTHER_NAMES)

# --- field work (fieldwork) ---------------------------------------------------------------
# Each area of field work keeps its hooks in its own tests/fieldwork/scope_hooks_<area>.py,
# declaring any of OBJECTS, PLAIN_KWARGS, WRITE_ROUTES, API_WRITE_BODIES, LIST_QUERIES,
# LIST_EXPECTED, OTHER_NAMES and OWN_NAMES with the same shapes as here.
import importlib  # noqa: E402
import pkgutil  # noqa: E402

import tests.fieldwork as _fieldwork_tests  # noqa: E402

for _info in sorted(pkgutil.iter_modules(_fieldwork_tests.__path__), key=lambda i: i.name):
    if not _info.name.startswith("scope_hooks"):
        continue
    _hooks = importlib.import_module(f"tests.fieldwork.{_info.name}")
    for _target, _name in (
        (OBJECTS, "OBJECTS"),
        (PLAIN_KWARGS, "PLAIN_KWARGS"),
        (WRITE_ROUTES, "WRITE_ROUTES"),
        (API_WRITE_BODIES, "API_WRITE_BODIES"),
        (LIST_QUERIES, "LIST_QUERIES"),
        (LIST_EXPECTED, "LIST_EXPECTED"),
    ):
        _target.update(getattr(_hooks, _name, {}))  # type: ignore[attr-defined]
    OTHER_NAMES.extend(getattr(_hooks, "OTHER_NAMES", []))
    OWN_NAMES.extend(getattr(_hooks, "OWN_NAMES", []))

# --- border flags of administrative units (geo) ---------------------------------------------
from tests.geo import scope_hooks as _geo  # noqa: E402

OBJECTS.update(_geo.OBJECTS)
WRITE_ROUTES.update(_geo.WRITE_ROUTES)
API_WRITE_BODIES.update(_geo.API_WRITE_BODIES)
