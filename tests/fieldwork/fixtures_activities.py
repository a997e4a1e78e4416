"""Test data for activities and photos, made through the real services, and small image files
of each accepted type (and one that only pretends to be an image)."""

from __future__ import annotations

import base64
import datetime as dt
import importlib
import uuid
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from outpost.fieldwork.models import Activity, ActivityKind
from outpost.fieldwork.services.activities import activity_record
from outpost.people.models import Household
from outpost.people.services import household_create

# A 1x1 PNG, a JPEG's and a WebP's first bytes (enough for the check by content).
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    + b"\x00" * 64
    + b"\xff\xd9"
)
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00" + b"\x00" * 24
DAY = dt.date(2025, 8, 20)


def upload(content: bytes = PNG, name: str = "photo.png", content_type: str = "image/png") -> Any:
    return SimpleUploadedFile(name, content, content_type=content_type)


def ensure_kinds() -> None:
    """The preloaded kinds, again: tests on a transactional database start from a database
    that an earlier such test emptied, migrations' data included."""
    from outpost.fieldwork.services.kinds import kind_create

    preload = importlib.import_module(
        "outpost.fieldwork.migrations.0002_preload_kinds_and_programs"
    )
    for order, (code, name_vi, name_en, counts) in enumerate(preload.KINDS, start=1):
        if not ActivityKind.objects.filter(code=code).exists():
            kind_create(
                actor=None,
                code=code,
                name_vi=name_vi,
                name_en=name_en,
                counts_as_visit=counts,
                sort_order=order * 10,
            )


def kind(code: str = "household_visit") -> ActivityKind:
    found = ActivityKind.objects.filter(code=code).first()
    if found is None:
        ensure_kinds()
        found = ActivityKind.objects.get(code=code)
    return found


def make_household(village: Any, code: str, head_name: str = "") -> Household:
    return household_create(actor=None, village=village, code=code, head_name=head_name or code)


def record(world: Any, *, side: str = "a", actor: Any = None, **extra: Any) -> Activity:
    """An activity of post A in village A1 (or of post B in village B1)."""
    values: dict[str, Any] = {
        "client_id": uuid.uuid4(),
        "kind": kind(),
        "date": DAY,
        "force_unit": world.post_a if side == "a" else world.post_b,
        "village": world.village_a1 if side == "a" else world.village_b1,
        "cadres": [world.cadre_a if side == "a" else world.cadre_b],
        "people_reached": 4,
    }
    values.update(extra)
    return activity_record(actor=actor, **values).activity
