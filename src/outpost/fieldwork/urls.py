"""Field work pages under /fieldwork/. Each area declares its own `urlpatterns` in
views/<area>.py; this module only puts them together."""

from __future__ import annotations

import importlib

app_name = "fieldwork"

AREAS = ("activities", "photos", "kinds", "outcomes", "programs", "disasters", "followups")

urlpatterns: list = []
for _area in AREAS:
    try:
        _module = importlib.import_module(f"outpost.fieldwork.views.{_area}")
    except ModuleNotFoundError as exc:
        if exc.name != f"outpost.fieldwork.views.{_area}":
            raise
        continue
    urlpatterns += getattr(_module, "urlpatterns", [])
