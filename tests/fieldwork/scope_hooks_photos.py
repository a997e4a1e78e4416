"""Activity photos for the route-walking test (see tests/scope_objects.py): a small PNG on
each post's activity, stored under the tests' temporary MEDIA_ROOT. Hooks write straight to
the tables, without audit events."""

from __future__ import annotations

import base64
import hashlib
import uuid
from typing import Any

from tests.fieldwork import scope_hooks_activities as activities

# A 1x1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def photo(w: Any, side: str) -> int:
    from django.core.files.base import ContentFile

    from outpost.fieldwork.models import ActivityPhoto

    client_id = uuid.uuid5(uuid.NAMESPACE_URL, f"scope-walk-photo-{side}")
    row = ActivityPhoto.objects.filter(client_id=client_id).first()
    if row is None:
        row = ActivityPhoto(
            activity_id=activities.activity(w, side),
            client_id=client_id,
            content_type="image/png",
            size=len(PNG),
            sha256=hashlib.sha256(PNG).hexdigest(),
        )
        row.file.save("walk.png", ContentFile(PNG), save=True)
    elif not row.file.storage.exists(row.file.name):
        row.file.save("walk.png", ContentFile(PNG), save=True)
    return row.pk


def _objects() -> dict[str, Any]:
    from tests.scope_objects import ScopeObject

    return {
        "photo_id": ScopeObject(other=lambda w: photo(w, "other"), own=lambda w: photo(w, "own"))
    }


OBJECTS = _objects()

WRITE_ROUTES: dict[str, Any] = {
    "fieldwork:photo_add": lambda ids: {"client_id": str(uuid.uuid4()), "caption": "KT"},
    "fieldwork:photo_void": lambda ids: {"reason": "test"},
}

API_WRITE_BODIES: dict[str, Any] = {
    # The real upload is multipart; the walk's JSON body must be refused before it is read.
    "POST /api/v1/fieldwork/activities/{activity_id}/photos": lambda ids: {},
    "POST /api/v1/fieldwork/photos/{photo_id}/void": lambda ids: {"reason": "test"},
}
