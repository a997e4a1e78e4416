"""The course of a village cadre is recorded from the cadre's page: name, dates and result,
with the reasons shown when the course is refused, and counted in the training figure."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from outpost.core.models import AuditEvent
from outpost.grassroots import services
from outpost.grassroots.indicators import village_cadre_figures
from outpost.grassroots.models import VillageCadreTraining
from outpost.people.services import household_create, resident_add

D = dt.date


def cadre(village: Any, name: str, code: str) -> VillageCadreTraining:
    household = household_create(actor=None, village=village, code=code)
    resident = resident_add(
        actor=None, household=household, full_name=name, relation="head", sex="M", birth_year=1980
    )
    return services.village_cadre_identify(
        actor=None, resident=resident, role="village_chief", identified_on=D(2025, 7, 2)
    )


@pytest.fixture
def thang(world: Any) -> VillageCadreTraining:
    return cadre(world.village_a1, "Lò Văn Thắng", "VCC-1")


def course_url(training: Any) -> str:
    return reverse("grassroots:village_cadre_course", args=[training.pk])


def detail_url(training: Any) -> str:
    return reverse("grassroots:village_cadre_detail", args=[training.pk])


def test_the_list_links_to_the_cadre_page_which_offers_to_record_a_course(world, thang):
    client = world.client_for("officer_a")
    listing = client.get(reverse("grassroots:village_cadre_list")).content.decode()
    assert detail_url(thang) in listing
    page = client.get(detail_url(thang)).content.decode()
    assert "Lò Văn Thắng" in page and course_url(thang) in page
    partner = world.client_for("partner_a1").get(detail_url(thang)).content.decode()
    assert "Lò Văn Thắng" in partner and course_url(thang) not in partner


def test_an_officer_records_a_completed_course_on_the_page(world, thang):
    client = world.client_for("officer_a")
    before = village_cadre_figures(commune_ids=[world.commune_a1.pk], on=D(2025, 12, 31))
    response = client.post(
        course_url(thang),
        {
            "course_name": "Bồi dưỡng trưởng bản",
            "course_from": "2025-08-04",
            "course_to": "2025-08-08",
            "result": "completed",
        },
    )
    assert response["Location"] == detail_url(thang)
    thang.refresh_from_db()
    assert (thang.course_name, thang.course_from, thang.course_to, thang.completed) == (
        "Bồi dưỡng trưởng bản",
        D(2025, 8, 4),
        D(2025, 8, 8),
        True,
    )
    event = AuditEvent.objects.filter(object_type="grassroots.villagecadretraining").first()
    assert event is not None and event.action == "update" and event.source == "web"
    assert event.changes["completed"] == [False, True]
    after = village_cadre_figures(commune_ids=[world.commune_a1.pk], on=D(2025, 12, 31))
    assert (
        after["village_cadres_trained_this_year"] == before["village_cadres_trained_this_year"] + 1
    )
    page = client.get(detail_url(thang)).content.decode()
    assert "Bồi dưỡng trưởng bản" in page and "2025-08-08" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"course_from": "2025-08-08", "course_to": "2025-08-04"}, "cannot end before it starts"),
        ({"course_from": "2025-06-01"}, "cannot start before the cadre was identified"),
        ({"result": "completed"}, "A completed course needs its end date"),
        ({"course_to": "2999-01-01", "result": "completed"}, "cannot be completed yet"),
        ({"course_name": ""}, "This field is required"),
    ],
)
def test_a_refused_course_is_explained_on_the_page_and_nothing_changes(world, thang, data, message):
    post = {"course_name": "Bồi dưỡng", "result": "not_completed", **data}
    response = world.client_for("officer_a").post(course_url(thang), post)
    assert response.status_code == 200
    assert message in response.content.decode()
    thang.refresh_from_db()
    assert thang.course_name == "" and not thang.completed
    assert not AuditEvent.objects.filter(
        object_type="grassroots.villagecadretraining", action="update"
    ).exists()


def test_a_course_cannot_be_completed_before_it_ends(world, thang):
    with pytest.raises(ValidationError) as caught:
        services.village_cadre_record_course(
            actor=None,
            training=thang,
            course_name="Bồi dưỡng",
            course_to=dt.date.today() + dt.timedelta(days=1),
            completed=True,
        )
    assert "completed" in caught.value.error_dict
    services.village_cadre_record_course(
        actor=None,
        training=thang,
        course_name="Bồi dưỡng",
        course_to=dt.date.today() + dt.timedelta(days=1),
    )
    thang.refresh_from_db()
    assert thang.course_name == "Bồi dưỡng" and not thang.completed


def test_the_course_page_is_closed_to_the_partner_and_to_other_posts(world, thang):
    other = cadre(world.village_b1, "Giàng A Dế", "VCC-2")
    post = {"course_name": "x", "result": "not_completed"}
    assert world.client_for("partner_a1").post(course_url(thang), post).status_code == 403
    officer = world.client_for("officer_a")
    assert officer.get(detail_url(other)).status_code == 404
    assert officer.post(course_url(other), post).status_code == 404
    other.refresh_from_db()
    assert other.course_name == ""


def test_the_api_records_the_course_and_refuses_post_bs_cadres(world, thang):
    other = cadre(world.village_b1, "Giàng A Dế", "VCC-2")
    client = world.client_for("officer_a")
    body = {"course_name": "Bồi dưỡng", "course_to": "2025-08-08", "completed": True}

    def post(training: Any, data: dict[str, Any]) -> Any:
        return client.post(
            f"/api/v1/grassroots/village-cadres/{training.pk}/course",
            json.dumps(data),
            content_type="application/json",
        )

    response = post(thang, body)
    assert response.status_code == 200, response.content
    assert response.json()["completed"] is True
    assert client.get(f"/api/v1/grassroots/village-cadres/{thang.pk}").json()["course_name"] == (
        "Bồi dưỡng"
    )
    refused = post(thang, {**body, "course_from": "2025-09-01"})
    assert refused.status_code == 422 and "before it starts" in refused.json()["detail"]
    assert post(other, body).status_code == 404
