"""Every write to activity photos. Typed, keyword-only, atomic, audited.

A photo is checked by what the file really is (its first bytes), never by its name or the type
the sender declared, and by its size (settings.PHOTO_MAX_BYTES). It is stored as a file under
MEDIA_ROOT through Django's default storage (the database keeps only its name, type, size and
hash). Like activities, a photo carries the id the client gave it, so sending it twice stores it
once. Photos are voided with a reason, never deleted."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any, NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from outpost.core import audit
from outpost.core.models import AuditEvent
from outpost.fieldwork.models import Activity, ActivityPhoto

HEAD_BYTES = 16


class PhotoAdded(NamedTuple):
    photo: ActivityPhoto
    created: bool  # False: the client_id was already stored and this was a repeat


def sniff_image_type(head: bytes) -> str | None:
    """The image type from a file's first bytes (JPEG, PNG or WebP), or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def _too_big() -> ValidationError:
    return ValidationError(
        {
            "file": _("A photo may be at most %(size)s.")
            % {"size": filesizeformat(settings.PHOTO_MAX_BYTES)}
        }
    )


def _as_uuid(client_id: uuid.UUID | str) -> uuid.UUID:
    try:
        return client_id if isinstance(client_id, uuid.UUID) else uuid.UUID(str(client_id))
    except ValueError as exc:
        raise ValidationError({"client_id": _("The client id is not a valid UUID.")}) from exc


def inspect_photo(file: File) -> tuple[str, int, str]:
    """Content type, size and SHA-256 of an upload, read once, refusing as soon as it is too
    big or is not a JPEG, PNG or WebP image."""
    limit = settings.PHOTO_MAX_BYTES
    declared = getattr(file, "size", None)
    if declared is not None and declared > limit:
        raise _too_big()
    file.seek(0)
    head = file.read(HEAD_BYTES)
    content_type = sniff_image_type(head)
    if content_type is None:
        raise ValidationError({"file": _("The file is not a JPEG, PNG or WebP photo.")})
    file.seek(0)
    digest = hashlib.sha256()
    size = 0
    for chunk in file.chunks():
        size += len(chunk)
        if size > limit:
            raise _too_big()
        digest.update(chunk)
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    file.seek(0)
    return content_type, size, digest.hexdigest()


def _discard(photo: ActivityPhoto) -> None:
    """The stored file of a photo that was not recorded after all."""
    if photo.file.name:
        photo.file.storage.delete(photo.file.name)


def photo_add(
    *,
    actor: Any,
    activity: Activity,
    client_id: uuid.UUID | str,
    file: File,
    caption: str = "",
) -> PhotoAdded:
    """Store a photo of an activity once: a `client_id` already stored for this activity
    gives back the stored photo with `created=False` and writes nothing."""
    client_uuid = _as_uuid(client_id)
    existing = ActivityPhoto.objects.filter(client_id=client_uuid).first()
    if existing is not None:
        if existing.activity_id != activity.pk:
            raise ValidationError({"client_id": _("This photo belongs to another activity.")})
        return PhotoAdded(existing, False)
    if activity.is_void:
        raise ValidationError(_("A voided activity takes no more photos."))
    content_type, size, sha256 = inspect_photo(file)
    photo = ActivityPhoto(
        activity=activity,
        client_id=client_uuid,
        content_type=content_type,
        size=size,
        sha256=sha256,
        caption=caption.strip(),
    )
    # The name given here is ignored: the stored name is made from the photo's own ids.
    photo.file.save("upload", file, save=False)
    try:
        photo.full_clean(validate_unique=False)
        with transaction.atomic():
            photo.save()
            audit.record(
                actor=actor,
                action=AuditEvent.Action.CREATE,
                obj=photo,
                changes={
                    "activity": [None, activity.pk],
                    "client_id": [None, str(client_uuid)],
                    "file": [None, photo.file.name],
                    "content_type": [None, content_type],
                    "size": [None, size],
                    "sha256": [None, sha256],
                    **({"caption": [None, photo.caption]} if photo.caption else {}),
                },
            )
    except IntegrityError:
        _discard(photo)
        existing = ActivityPhoto.objects.filter(client_id=client_uuid).first()
        if existing is None or existing.activity_id != activity.pk:
            raise
        return PhotoAdded(existing, False)
    except BaseException:
        _discard(photo)
        raise
    return PhotoAdded(photo, True)


def photo_void(*, actor: Any, photo: ActivityPhoto, reason: str) -> ActivityPhoto:
    """A photo taken in error (the wrong household, a face that should not be there) is voided
    with its reason: it is no longer shown or served, and its file is kept."""
    if photo.voided_at is not None:
        raise ValidationError(_("This photo is already voided."))
    if not reason.strip():
        raise ValidationError({"void_reason": _("Give the reason the photo is voided.")})
    return audit.audited_update(
        photo,
        actor=actor,
        note=reason.strip(),
        voided_at=timezone.now(),
        void_reason=reason.strip(),
    )
