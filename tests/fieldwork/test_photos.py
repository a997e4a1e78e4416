from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from outpost.core.audit import history
from outpost.fieldwork.models import ActivityPhoto
from outpost.fieldwork.services.activities import activity_void
from outpost.fieldwork.services.photos import photo_add, photo_void

from .fixtures_activities import JPEG, PNG, WEBP, record, upload


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_a_photo_is_stored_as_a_file_under_media_root_with_its_type_from_its_content(world, media):
    activity = record(world)
    added = photo_add(
        actor=None,
        activity=activity,
        client_id=uuid.uuid4(),
        file=upload(PNG, name="IMG_0001.jpg", content_type="image/jpeg"),
        caption="Trao quà",
    )
    photo = added.photo
    assert added.created and photo.content_type == "image/png" and photo.size == len(PNG)
    assert photo.sha256 == hashlib.sha256(PNG).hexdigest()
    stored = media / photo.file.name
    assert stored.read_bytes() == PNG
    assert photo.file.name == f"activity-photos/{activity.pk}/{photo.client_id}.png"
    assert history(photo).get().changes["sha256"] == [None, photo.sha256]


@pytest.mark.parametrize(("content", "kind"), [(JPEG, "image/jpeg"), (WEBP, "image/webp")])
def test_jpeg_and_webp_are_recognised_by_their_first_bytes(world, content, kind):
    added = photo_add(
        actor=None,
        activity=record(world),
        client_id=uuid.uuid4(),
        file=upload(content, name="x.bin", content_type="application/octet-stream"),
    )
    assert added.photo.content_type == kind


def test_a_file_that_only_claims_to_be_a_photo_is_refused(world, media):
    activity = record(world)
    fake = upload(b"<html><script>alert(1)</script></html>", "photo.jpg", "image/jpeg")
    with pytest.raises(ValidationError):
        photo_add(actor=None, activity=activity, client_id=uuid.uuid4(), file=fake)
    assert not ActivityPhoto.objects.exists() and _files(media) == []


def test_a_photo_over_the_size_limit_is_refused(world, settings, media):
    settings.PHOTO_MAX_BYTES = len(PNG) - 1
    with pytest.raises(ValidationError):
        photo_add(actor=None, activity=record(world), client_id=uuid.uuid4(), file=upload(PNG))
    assert not ActivityPhoto.objects.exists() and _files(media) == []


def test_the_same_photo_sent_twice_is_stored_once(world, media):
    activity = record(world)
    client_id = uuid.uuid4()
    first = photo_add(actor=None, activity=activity, client_id=client_id, file=upload())
    again = photo_add(actor=None, activity=activity, client_id=client_id, file=upload())
    assert first.created and not again.created and again.photo.pk == first.photo.pk
    assert ActivityPhoto.objects.count() == 1 and len(_files(media)) == 1
    other = record(world)
    with pytest.raises(ValidationError):
        photo_add(actor=None, activity=other, client_id=client_id, file=upload())


def test_a_voided_activity_takes_no_more_photos(world):
    activity = activity_void(actor=None, activity=record(world), reason="test")
    with pytest.raises(ValidationError):
        photo_add(actor=None, activity=activity, client_id=uuid.uuid4(), file=upload())


# --- served only through the scoped view ---------------------------------------------------


def _photo(world, side="a"):
    return photo_add(
        actor=None, activity=record(world, side=side), client_id=uuid.uuid4(), file=upload()
    ).photo


def test_a_photo_in_scope_is_served_with_its_type_and_nosniff(world):
    photo = _photo(world)
    response = world.client_for("officer_a").get(reverse("fieldwork:photo_file", args=[photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PNG


def test_a_photo_of_another_post_is_404(world):
    photo = _photo(world, side="b")
    url = reverse("fieldwork:photo_file", args=[photo.pk])
    assert world.client_for("officer_a").get(url).status_code == 404
    assert world.client_for("officer_b").get(url).status_code == 200


def test_photos_are_not_public_files(world):
    photo = _photo(world)
    assert world.client_for("officer_a").get(f"/media/{photo.file.name}").status_code == 404


def test_a_voided_photo_is_kept_but_no_longer_served(world, media):
    photo = _photo(world)
    photo_void(actor=None, photo=photo, reason="wrong household")
    url = reverse("fieldwork:photo_file", args=[photo.pk])
    assert world.client_for("officer_a").get(url).status_code == 404
    assert ActivityPhoto.objects.filter(pk=photo.pk).exists()
    assert (media / photo.file.name).exists()


def test_adding_a_photo_from_the_activity_page(world):
    activity = record(world)
    client = world.client_for("officer_a")
    url = reverse("fieldwork:photo_add", args=[activity.pk])
    bad = client.post(url, {"client_id": str(uuid.uuid4()), "photo": upload(b"not an image")})
    assert bad.status_code == 200 and "not a JPEG, PNG or WebP" in bad.content.decode()
    good = client.post(url, {"client_id": str(uuid.uuid4()), "photo": upload(JPEG, "a.jpg")})
    assert good.status_code == 302 and activity.photos.get().content_type == "image/jpeg"


# --- the API --------------------------------------------------------------------------------


def _api_url(activity):
    return f"/api/v1/fieldwork/activities/{activity.pk}/photos"


def test_an_upload_is_201_then_200_for_the_same_client_id(world):
    activity = record(world)
    client = world.client_for("officer_a")
    client_id = str(uuid.uuid4())
    first = client.post(_api_url(activity), {"client_id": client_id, "file": upload()})
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["content_type"] == "image/png" and body["client_id"] == client_id
    assert body["url"] == reverse("fieldwork:photo_file", args=[body["id"]])
    again = client.post(_api_url(activity), {"client_id": client_id, "file": upload()})
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert ActivityPhoto.objects.count() == 1
    detail = client.get(f"/api/v1/fieldwork/activities/{activity.pk}").json()
    assert [p["id"] for p in detail["photos"]] == [body["id"]]


def test_an_upload_of_the_wrong_type_or_too_big_is_422(world, settings):
    activity = record(world)
    client = world.client_for("officer_a")
    fake = upload(b"GIF89a not allowed", "x.png", "image/png")
    response = client.post(_api_url(activity), {"client_id": str(uuid.uuid4()), "file": fake})
    assert response.status_code == 422
    settings.PHOTO_MAX_BYTES = 10
    response = client.post(_api_url(activity), {"client_id": str(uuid.uuid4()), "file": upload()})
    assert response.status_code == 422
    missing = client.post(_api_url(activity), {"client_id": str(uuid.uuid4())})
    assert missing.status_code == 422
    assert not ActivityPhoto.objects.exists()


def test_an_upload_to_another_posts_activity_is_404(world):
    activity = record(world, side="b")
    response = world.client_for("officer_a").post(
        _api_url(activity), {"client_id": str(uuid.uuid4()), "file": upload()}
    )
    assert response.status_code == 404 and not ActivityPhoto.objects.exists()


def test_voiding_a_photo_through_the_api(world):
    photo = _photo(world)
    client = world.client_for("officer_a")
    response = client.post(
        f"/api/v1/fieldwork/photos/{photo.pk}/void",
        {"reason": "x"},
        content_type="application/json",
    )
    assert response.status_code == 200
    photo.refresh_from_db()
    assert photo.voided_at is not None and photo.void_reason == "x"
