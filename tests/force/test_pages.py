import datetime as dt

from django.urls import reverse

from outpost.core.models import AuditEvent
from outpost.force.models import Cadre, ForceUnit, Posting


def test_the_force_tree_shows_only_the_users_units(world):
    body = world.client_for("officer_a").get(reverse("force:unit_list")).content.decode()
    assert "Đồn Biên phòng A" in body
    assert "Đồn Biên phòng B" not in body
    staff = world.client_for("province_staff").get(reverse("force:unit_list")).content.decode()
    assert "Đồn Biên phòng A" in staff and "Đồn Biên phòng B" in staff
    assert staff.index("Bộ Chỉ huy BĐBP tỉnh Sơn La") < staff.index("Đồn Biên phòng A")


def test_the_force_unit_page_shows_areas_cadres_and_history(world):
    url = reverse("force:unit_detail", args=[world.post_a.pk])
    body = world.client_for("officer_a").get(url).content.decode()
    assert "Xã Mường Nhé" in body
    assert "Xã Chiềng On" in body  # the pre-2025 area, ended
    assert "Lò Văn Pánh" in body
    assert "DBP-A" in body


def test_another_posts_unit_page_is_not_found(world):
    url = reverse("force:unit_detail", args=[world.post_b.pk])
    assert world.client_for("officer_a").get(url).status_code == 404


def test_the_cadre_list_shows_only_the_posts_cadres(world):
    body = world.client_for("officer_a").get(reverse("force:cadre_list")).content.decode()
    assert "Lò Văn Pánh" in body
    assert "Giàng A Chử" not in body


def test_the_cadre_list_searches_without_diacritics(world):
    client = world.client_for("province_staff")
    body = client.get(reverse("force:cadre_list") + "?q=giang a chu").content.decode()
    assert "Giàng A Chử" in body
    assert "Lò Văn Pánh" not in body


def test_the_cadre_list_filters_by_unit(world):
    client = world.client_for("province_staff")
    body = client.get(reverse("force:cadre_list") + f"?unit={world.post_b.pk}").content.decode()
    assert "Giàng A Chử" in body
    assert "Lò Văn Pánh" not in body


def test_the_cadre_page_shows_party_membership_postings_and_history(world):
    url = reverse("force:cadre_detail", args=[world.cadre_a.pk])
    body = world.client_for("officer_a").get(url).content.decode()
    assert "2012-05-19" in body
    assert "2020-01-01" in body
    assert "A-001" in body


def test_an_officer_adds_a_cadre_to_their_post(world):
    response = world.client_for("officer_a").post(
        reverse("force:cadre_create"),
        {
            "service_number": "A-002",
            "full_name": "Vàng A Dơ",
            "sex": "M",
            "rank": Cadre.Rank.LIEUTENANT,
            "category": Cadre.Category.OFFICER,
            "unit": world.post_a.pk,
            "posted_on": "2025-08-01",
            "languages": "Mông, Thái",
        },
    )
    assert response.status_code == 302
    cadre = Cadre.objects.get(service_number="A-002")
    assert cadre.unit == world.post_a
    assert Posting.objects.filter(cadre=cadre, valid_from=dt.date(2025, 8, 1)).exists()
    event = AuditEvent.objects.get(object_type="force.cadre", object_id=str(cadre.pk))
    assert event.source == "web"


def test_an_officer_cannot_add_a_cadre_to_another_post(world):
    response = world.client_for("officer_a").post(
        reverse("force:cadre_create"),
        {
            "service_number": "B-002",
            "full_name": "Sùng A Páo",
            "sex": "M",
            "rank": Cadre.Rank.LIEUTENANT,
            "category": Cadre.Category.OFFICER,
            "unit": world.post_b.pk,
            "posted_on": "2025-08-01",
        },
    )
    assert response.status_code == 200  # the form refuses the unit
    assert not Cadre.objects.filter(service_number="B-002").exists()


def test_a_commune_partner_cannot_open_the_cadre_form(world):
    response = world.client_for("partner_a1").get(reverse("force:cadre_create"))
    assert response.status_code == 403


def test_province_staff_post_a_cadre_to_another_post_and_the_history_shows_it(world):
    client = world.client_for("province_staff")
    response = client.post(
        reverse("force:cadre_post", args=[world.cadre_a.pk]),
        {"to_unit": world.post_b.pk, "on": "2025-09-01", "decision": "QĐ 12"},
    )
    assert response.status_code == 302
    cadre = Cadre.objects.get(pk=world.cadre_a.pk)
    assert cadre.unit == world.post_b
    postings = list(cadre.postings.order_by("valid_from"))
    assert [p.force_unit_id for p in postings] == [world.post_a.pk, world.post_b.pk]
    assert postings[0].valid_to == dt.date(2025, 9, 1)
    body = client.get(reverse("force:cadre_detail", args=[cadre.pk])).content.decode()
    assert "QĐ 12" in body
    # Once posted away, the cadre leaves post A's scope.
    url = reverse("force:cadre_detail", args=[cadre.pk])
    assert world.client_for("officer_a").get(url).status_code == 404


def test_an_officer_cannot_post_another_posts_cadre(world):
    response = world.client_for("officer_a").post(
        reverse("force:cadre_post", args=[world.cadre_b.pk]),
        {"to_unit": world.post_a.pk, "on": "2025-09-01"},
    )
    assert response.status_code == 404
    assert ForceUnit.objects.get(pk=world.post_b.pk).cadres.count() == 1
