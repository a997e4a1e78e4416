import datetime as dt

import pytest
from django.urls import reverse

from outpost.core.models import REORGANISATION_DATE, AuditEvent
from outpost.geo.models import AdminUnit, UnitChange, Village
from outpost.geo.services import admin_unit_create, unit_change_create


def test_the_unit_list_shows_the_provinces_of_the_users_communes(world):
    page = world.client_for("officer_a").get(reverse("geo:unit_list"))
    assert page.status_code == 200
    assert "Tỉnh Sơn La" in page.content.decode()


def test_the_unit_list_shows_nothing_to_an_outsider(world):
    page = world.client_for("outsider").get(reverse("geo:unit_list"))
    assert page.status_code == 200
    assert "Tỉnh Sơn La" not in page.content.decode()


def test_the_province_page_lists_only_the_posts_communes(world):
    url = reverse("geo:unit_detail", args=[world.province.pk])
    body = world.client_for("officer_a").get(url).content.decode()
    assert "Xã Mường Nhé" in body
    assert "Xã Phiêng Khoài" in body
    assert "Xã Mường Lèo" not in body
    body_b = world.client_for("officer_b").get(url).content.decode()
    assert "Xã Mường Lèo" in body_b
    assert "Xã Mường Nhé" not in body_b


def test_the_commune_page_shows_villages_responsible_units_and_lineage(world):
    url = reverse("geo:unit_detail", args=[world.commune_a1.pk])
    body = world.client_for("officer_a").get(url).content.decode()
    assert "Bản Huổi Lếch" in body
    assert "Đồn Biên phòng A" in body
    assert "Xã Chiềng On (04084)" in body  # the pre-2025 commune it came from
    assert "2025-07-01" in body


def test_the_commune_page_of_another_post_is_not_found(world):
    url = reverse("geo:unit_detail", args=[world.commune_b1.pk])
    assert world.client_for("officer_a").get(url).status_code == 404


def test_the_commune_page_shows_the_lineage_of_a_merger_of_three_communes(world):
    actor = None
    old_province = world.old_commune_a1.parent
    reorg = REORGANISATION_DATE
    new = admin_unit_create(
        actor=actor,
        level="commune",
        code="03158",
        name="Xã Sín Thầu",
        parent=world.province,
        valid_from=reorg,
    )
    olds = [
        admin_unit_create(
            actor=actor,
            level="commune",
            code=code,
            name=name,
            parent=old_province,
            valid_to=reorg,
        )
        for code, name in [
            ("03154", "Xã Sín Thầu"),
            ("03155", "Xã Sen Thượng"),
            ("03158", "Xã Leng Su Sìn"),
        ]
    ]
    for old in olds:
        unit_change_create(
            actor=actor,
            from_unit=old,
            to_unit=new,
            effective=reorg,
            kind=UnitChange.Kind.MERGED_WHOLE,
        )
    page = world.client_for("national_viewer").get(reverse("geo:unit_detail", args=[new.pk]))
    body = page.content.decode()
    for label in ("Xã Sín Thầu (03154)", "Xã Sen Thượng (03155)", "Xã Leng Su Sìn (03158)"):
        assert label in body
    old_page = world.client_for("national_viewer").get(
        reverse("geo:unit_detail", args=[olds[1].pk])
    )
    assert "Xã Sín Thầu (03158)" in old_page.content.decode()


def test_the_pre_2025_communes_show_only_with_the_toggle(world):
    old_province = world.old_commune_a1.parent
    client = world.client_for("officer_a")
    assert "Xã Chiềng On" not in client.get(reverse("geo:unit_list")).content.decode()
    listed = client.get(reverse("geo:unit_list") + "?past=1").content.decode()
    assert reverse("geo:unit_detail", args=[old_province.pk]) in listed
    body = client.get(reverse("geo:unit_detail", args=[old_province.pk]) + "?past=1")
    assert "Xã Chiềng On" in body.content.decode()


def test_an_officer_adds_a_village_from_the_commune_page_and_the_web_is_recorded(world):
    client = world.client_for("officer_a")
    response = client.post(
        reverse("geo:village_create", args=[world.commune_a1.pk]),
        {"name": "Bản Nậm Pố", "kind": "ban"},
    )
    assert response.status_code == 302
    village = Village.objects.get(name="Bản Nậm Pố")
    event = AuditEvent.objects.get(object_type="geo.village", object_id=str(village.pk))
    assert event.source == "web"
    assert event.actor == world.users["officer_a"]


def test_a_commune_partner_cannot_add_a_village(world):
    response = world.client_for("partner_a1").post(
        reverse("geo:village_create", args=[world.commune_a1.pk]), {"name": "Bản X"}
    )
    assert response.status_code == 403
    assert not Village.objects.filter(name="Bản X").exists()


def test_an_officer_cannot_add_a_village_to_another_posts_commune(world):
    response = world.client_for("officer_a").post(
        reverse("geo:village_create", args=[world.commune_b1.pk]), {"name": "Bản X"}
    )
    assert response.status_code == 404


def test_a_duplicate_village_name_is_shown_as_a_form_error(world):
    response = world.client_for("officer_a").post(
        reverse("geo:village_create", args=[world.commune_a1.pk]),
        {"name": "Bản Huổi Lếch", "kind": "ban"},
    )
    assert response.status_code == 200
    assert Village.objects.filter(name="Bản Huổi Lếch").count() == 1
    assert "errorlist" in response.content.decode()


def test_editing_and_ending_a_village_keep_its_history(world):
    client = world.client_for("officer_a")
    village = world.village_a1
    client.post(
        reverse("geo:village_edit", args=[village.pk]),
        {"name": "Bản Huổi Lếch Mới", "kind": "ban"},
    )
    client.post(
        reverse("geo:village_end", args=[village.pk]), {"on": "2025-09-01", "reason": "merged"}
    )
    village.refresh_from_db()
    assert village.name == "Bản Huổi Lếch Mới"
    assert village.valid_to == dt.date(2025, 9, 1)
    body = client.get(reverse("geo:village_detail", args=[village.pk])).content.decode()
    assert "Bản Huổi Lếch" in body and "merged" in body
    actions = list(
        AuditEvent.objects.filter(object_type="geo.village", object_id=str(village.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update", "end"]


def test_merging_two_villages_makes_a_new_one_with_lineage(world):
    client = world.client_for("officer_a")
    from outpost.geo.services import village_create

    other = village_create(actor=None, commune=world.commune_a1, name="Bản Nậm Kè")
    response = client.post(
        reverse("geo:village_merge", args=[world.commune_a1.pk]),
        {
            "villages": [world.village_a1.pk, other.pk],
            "into_name": "Bản Huổi Kè",
            "on": "2025-10-01",
            "reason": "Nghị quyết 1",
        },
    )
    merged = Village.objects.get(name="Bản Huổi Kè")
    assert response.status_code == 302
    body = client.get(reverse("geo:village_detail", args=[merged.pk])).content.decode()
    assert "Bản Huổi Lếch" in body and "Bản Nậm Kè" in body
    assert Village.objects.current().filter(pk=other.pk).count() == 0


def test_a_village_of_another_post_is_not_found(world):
    for name in ("geo:village_detail", "geo:village_edit", "geo:village_end"):
        url = reverse(name, args=[world.village_b1.pk])
        assert world.client_for("officer_a").get(url).status_code == 404


def test_the_commune_page_is_readable_by_its_partner_without_write_links(world):
    url = reverse("geo:unit_detail", args=[world.commune_a1.pk])
    body = world.client_for("partner_a1").get(url).content.decode()
    assert "Bản Huổi Lếch" in body
    assert reverse("geo:village_create", args=[world.commune_a1.pk]) not in body


@pytest.mark.vietnamese
def test_pages_are_in_vietnamese_by_default(world):
    body = world.client_for("officer_a").get(reverse("geo:unit_list")).content.decode()
    assert 'lang="vi"' in body
    assert AdminUnit.objects.exists()
