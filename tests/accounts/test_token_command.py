import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from outpost.accounts.models import ApiToken
from outpost.core.models import AuditEvent


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("token", *args, stdout=out, stderr=err)
    return out.getvalue().strip()


def test_a_created_token_authenticates_api_calls(world):
    raw = run("create", "officer_a", "--label", "phone")
    response = Client().get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["username"] == "officer_a"
    event = AuditEvent.objects.get(object_type="accounts.apitoken")
    assert event.source == "cli"
    assert raw not in str(event.changes)


def test_a_revoked_token_no_longer_works(world):
    raw = run("create", "officer_a")
    assert "Revoked" in run("revoke", raw[:6])
    response = Client().get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401
    assert ApiToken.objects.get().revoked_at is not None


def test_creating_a_token_for_an_unknown_user_fails(world):
    with pytest.raises(CommandError):
        run("create", "nobody")


def test_revoking_an_unknown_prefix_fails(world):
    with pytest.raises(CommandError):
        run("revoke", "zzzzzz")


def test_a_token_can_write_through_the_api_and_the_event_says_api(world):
    raw = run("create", "officer_a")
    response = Client().post(
        "/api/v1/geo/villages",
        {"commune_id": world.commune_a1.pk, "name": "Bản Token"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 201
    event = AuditEvent.objects.get(object_type="geo.village", object_id=str(response.json()["id"]))
    assert event.source == "api"
    assert event.actor == world.users["officer_a"]


def test_tokens_never_start_with_a_dash_so_their_prefix_can_be_typed(world):
    prefixes = {run("create", "officer_a")[:6] for _ in range(40)}
    assert not any(prefix.startswith("-") for prefix in prefixes)
    assert all(len(prefix) == 6 for prefix in prefixes)
