"""A bearer token writes through the API from any HTTP client (no CSRF cookie to send), while
a browser session still needs its CSRF token. Django's test client skips CSRF checks unless
told not to, so these tests enforce them as a real server does."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db


def _token(username: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("token", "create", username, stdout=out)
    return out.getvalue().strip().split()[-1]


def test_a_token_writes_without_a_csrf_cookie(world):
    raw = _token("officer_a")
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/geo/villages",
        {"commune_id": world.commune_a1.pk, "name": "Bản Không Cookie"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 201, response.content


def test_a_session_still_needs_its_csrf_token_to_write(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["officer_a"])
    response = client.post(
        "/api/v1/geo/villages",
        {"commune_id": world.commune_a1.pk, "name": "Bản Thiếu CSRF"},
        content_type="application/json",
    )
    assert response.status_code == 403
