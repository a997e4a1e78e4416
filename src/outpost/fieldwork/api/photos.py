"""Activity photos in the API: upload (multipart, idempotent by the photo's own client id)
and void. The file itself is fetched from the scoped page URL given as `url`."""

import uuid
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from outpost.accounts.scope import OBJECT, scope_of, scope_rule
from outpost.assign.api import run, writable_scope
from outpost.fieldwork.models import ActivityPhoto
from outpost.fieldwork.selectors import activities as activity_selectors
from outpost.fieldwork.selectors import photos as selectors
from outpost.fieldwork.services import photos as services

router = Router(tags=["fieldwork"])


class PhotoOut(Schema):
    id: int
    activity_id: int
    client_id: uuid.UUID
    content_type: str
    size: int
    sha256: str
    caption: str
    url: str

    @staticmethod
    def resolve_url(obj: ActivityPhoto) -> str:
        return reverse("fieldwork:photo_file", args=[obj.pk])


class VoidIn(Schema):
    reason: str


@router.post(
    "/activities/{activity_id}/photos",
    response={200: PhotoOut, 201: PhotoOut},
    url_name="fieldwork_activity_photos",
)
@scope_rule(OBJECT)
def photo_upload(
    request: HttpRequest,
    activity_id: int,
    file: UploadedFile | None = File(None),
    client_id: str | None = Form(None),
    caption: str = Form(""),
) -> Any:
    """Multipart: `file` (JPEG, PNG or WebP, checked by content), `client_id` (a UUID the
    client made for this photo) and an optional `caption`. 201 the first time; 200 with the
    stored photo when the same client id is sent again."""
    activity = activity_selectors.activity_get(scope_of(request), activity_id)
    writable_scope(request)
    if file is None:
        raise HttpError(422, "Send the photo as the multipart field 'file'.")
    try:
        photo_uuid = uuid.UUID(str(client_id))
    except ValueError as exc:
        raise HttpError(422, "Send the photo's client_id (a UUID).") from exc
    added = run(
        services.photo_add,
        actor=request.user,
        activity=activity,
        client_id=photo_uuid,
        file=file,
        caption=caption or "",
    )
    return Status(201 if added.created else 200, added.photo)


@router.post("/photos/{photo_id}/void", response=PhotoOut)
@scope_rule(OBJECT)
def photo_void(request: HttpRequest, photo_id: int, payload: VoidIn) -> Any:
    photo = selectors.photo_get(scope_of(request), photo_id)
    writable_scope(request)
    return run(services.photo_void, actor=request.user, photo=photo, reason=payload.reason)
