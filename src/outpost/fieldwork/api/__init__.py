"""The field work API under /api/v1/fieldwork/: each area has its own router module in this
package (api/<area>.py, exposing `router`); they are mounted together here."""

from __future__ import annotations

import importlib

from ninja import Router

AREAS = ("activities", "photos", "kinds", "outcomes", "programs", "disasters", "followups")

router = Router(tags=["fieldwork"])
for _area in AREAS:
    try:
        _module = importlib.import_module(f"outpost.fieldwork.api.{_area}")
    except ModuleNotFoundError as exc:
        if exc.name != f"outpost.fieldwork.api.{_area}":
            raise
        continue
    router.add_router("", _module.router)
