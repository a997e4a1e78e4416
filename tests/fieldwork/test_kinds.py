from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from outpost.accounts.models import User
from outpost.core.audit import history
from outpost.fieldwork.models import ActivityKind
from outpost.fieldwork.services.kinds import kind_create


@pytest.fixture
def admin_client(world):
    admin = User.objects.create_superuser("admin", password="x-pass-123")
    client = Client()
    client.force_login(admin)
    return client, admin


def test_an_administrator_adds_a_kind_and_it_is_offered_for_recording(world, admin_client):
    client, admin = admin_client
    response = client.post(
        reverse("fieldwork:kind_create"),
        {
            "code": "tet-gifts",
            "name_vi": "Tặng quà Tết",
            "name_en": "Tết gifts",
            "counts_as_visit": "on",
            "sort_order": "15",
        },
    )
    assert response.status_code == 302
    kind = ActivityKind.objects.get(code="tet-gifts")
    assert kind.counts_as_visit and kind.is_active
    assert history(kind).get().actor == admin
    form = world.client_for("officer_a").get(reverse("fieldwork:activity_create"))
    assert "Tết gifts" in form.content.decode()


def test_renaming_and_putting_a_kind_out_of_use_is_audited(world, admin_client):
    client, _admin = admin_client
    kind = ActivityKind.objects.get(code="teaching")
    url = reverse("fieldwork:kind_edit", args=[kind.pk])
    assert client.get(url).status_code == 200
    client.post(
        url,
        {"name_vi": "Dạy chữ", "name_en": "Literacy classes", "sort_order": "70"},
    )
    kind.refresh_from_db()
    assert kind.name_en == "Literacy classes" and not kind.is_active
    changes = history(kind).get().changes
    assert changes["name_en"] == ["Teaching", "Literacy classes"]
    assert changes["is_active"] == [True, False]
    form = world.client_for("officer_a").get(reverse("fieldwork:activity_create"))
    assert "Literacy classes" not in form.content.decode()


def test_staff_may_manage_kinds_too(world):
    staff = User.objects.create_user("staff", password="x-pass-123", is_staff=True)
    client = Client()
    client.force_login(staff)
    assert client.get(reverse("fieldwork:kind_list")).status_code == 200


@pytest.mark.parametrize("persona", ["officer_a", "commander_a", "province_staff", "partner_a1"])
def test_everyone_else_gets_403(world, persona):
    client = world.client_for(persona)
    kind = ActivityKind.objects.get(code="teaching")
    assert client.get(reverse("fieldwork:kind_list")).status_code == 403
    assert client.post(reverse("fieldwork:kind_create"), {"code": "x"}).status_code == 403
    assert client.post(reverse("fieldwork:kind_edit", args=[kind.pk]), {}).status_code == 403
    assert not ActivityKind.objects.filter(code="x").exists()


def test_the_service_refuses_a_non_administrator(world):
    with pytest.raises(PermissionDenied):
        kind_create(actor=world.users["province_staff"], code="x", name_vi="X", name_en="X")
