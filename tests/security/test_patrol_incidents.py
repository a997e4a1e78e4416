"""What a joint patrol finds becomes security incidents of the villages, linked to the patrol,
recorded with the patrol in one transaction and counted in the incident figures."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from outpost.border.models import Patrol
from outpost.core.models import AuditEvent
from outpost.geo.services import village_create
from outpost.security import services
from outpost.security.indicators import security_figures
from outpost.security.models import Incident
from outpost.security.services import PatrolFinding

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def village_a2(world: Any) -> Any:
    return village_create(actor=None, commune=world.commune_a2, name="Bản Nậm Nhừ")


def record(segment: Any, *findings: PatrolFinding, actor: Any = None) -> Patrol:
    return services.patrol_record_with_incidents(
        actor=actor,
        segment=segment,
        date=D(2025, 9, 2),
        km=Decimal("8"),
        residents_joining=3,
        incidents=findings,
    )


def test_a_patrol_with_two_findings_records_two_incidents_in_their_villages(
    world: Any, segment_a1: Any, village_a2: Any
) -> None:
    patrol = record(
        segment_a1,
        PatrolFinding(kind="illegal_border_crossing", village=world.village_a1, summary="Vết chân"),
        PatrolFinding(kind="smuggling", village=village_a2, summary="Hàng lậu"),
    )
    incidents = list(Incident.objects.order_by("pk"))
    assert [(i.kind, i.village_id, i.commune_id) for i in incidents] == [
        ("illegal_border_crossing", world.village_a1.pk, world.commune_a1.pk),
        ("smuggling", village_a2.pk, world.commune_a2.pk),
    ]
    assert all(i.patrol_id == patrol.pk for i in incidents)
    assert all(i.force_unit_id == world.post_a.pk for i in incidents)
    assert all(i.occurred_on == D(2025, 9, 2) and i.status == "open" for i in incidents)
    created = AuditEvent.objects.filter(action="create")
    assert created.filter(object_type="border.patrol").count() == 1
    audited = set(created.filter(object_type="security.incident").values_list("object_id"))
    assert audited == {(str(i.pk),) for i in incidents}
    first = created.get(object_type="security.incident", object_id=str(incidents[0].pk))
    assert first.changes["patrol"] == [None, patrol.pk]


def test_the_incident_figures_count_what_patrols_found(
    world: Any, segment_a1: Any, village_a2: Any
) -> None:
    communes = [world.commune_a1.pk, world.commune_a2.pk]
    before = security_figures(commune_ids=communes, on=D(2025, 12, 31))
    record(
        segment_a1,
        PatrolFinding(kind="illegal_border_crossing", village=world.village_a1, summary="x"),
        PatrolFinding(kind="drugs", village=village_a2, summary="y"),
    )
    after = security_figures(commune_ids=communes, on=D(2025, 12, 31))
    assert after["incidents_this_year"] - before["incidents_this_year"] == 2
    assert after["incidents_drugs_this_year"] - before["incidents_drugs_this_year"] == 1
    assert (
        after["incidents_border_crossing_this_year"] - before["incidents_border_crossing_this_year"]
    ) == 1
    a2_only = security_figures(commune_ids=[world.commune_a2.pk], on=D(2025, 12, 31))
    assert a2_only["incidents_this_year"] == 1


def test_a_finding_outside_the_posts_communes_saves_nothing_at_all(
    world: Any, segment_a1: Any
) -> None:
    with pytest.raises(ValidationError) as caught:
        record(
            segment_a1,
            PatrolFinding(kind="smuggling", village=world.village_a1, summary="x"),
            PatrolFinding(kind="smuggling", village=world.village_b1, summary="y"),
        )
    assert "Incident 2" in " ".join(caught.value.messages)
    assert not Patrol.objects.exists()
    assert not Incident.objects.exists()
    assert not AuditEvent.objects.filter(object_type__in=["border.patrol", "security.incident"])


def test_an_incident_added_to_a_recorded_patrol_takes_its_date_and_post(
    world: Any, segment_a1: Any
) -> None:
    patrol = record(segment_a1)
    incident = services.patrol_record_incident(
        actor=None, patrol=patrol, kind="deforestation", village=world.village_a1, summary="Chặt"
    )
    assert (incident.patrol_id, incident.occurred_on) == (patrol.pk, patrol.date)
    assert incident.force_unit_id == world.post_a.pk
    with pytest.raises(ValidationError):
        services.patrol_record_incident(
            actor=None, patrol=patrol, kind="drugs", village=world.village_b1, summary="x"
        )
    assert Incident.objects.count() == 1


# --- pages -----------------------------------------------------------------------------------


def patrol_post(**rows: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"date": "2025-09-02", "km": "6", "residents_joining": "2"}
    data.update({"incidents-TOTAL_FORMS": "3", "incidents-INITIAL_FORMS": "0"})
    data.update(rows)
    return data


def test_an_officer_records_a_patrol_with_two_incidents_on_the_page(
    world: Any, segment_a1: Any, village_a2: Any
) -> None:
    client = world.client_for("officer_a")
    response = client.post(
        f"/border/segments/{segment_a1.pk}/patrols/new/",
        patrol_post(
            **{
                "incidents-0-kind": "illegal_border_crossing",
                "incidents-0-village": world.village_a1.pk,
                "incidents-0-summary": "Hai người vượt biên",
                "incidents-1-kind": "smuggling",
                "incidents-1-village": village_a2.pk,
                "incidents-1-summary": "Gùi hàng lậu",
                # the third row left empty, as a browser sends it
                "incidents-2-kind": "",
                "incidents-2-village": "",
                "incidents-2-summary": "",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    patrol = Patrol.objects.get()
    assert patrol.incidents.count() == 2
    written = AuditEvent.objects.filter(object_type__in=["border.patrol", "security.incident"])
    assert [e.source for e in written] == ["web"] * 3
    page = client.get(response["Location"]).content.decode()
    for incident in patrol.incidents.all():
        assert f"/security/incidents/{incident.pk}/" in page
    assert "Gùi hàng lậu" in page and village_a2.name in page
    incident = patrol.incidents.get(kind="smuggling")
    detail = client.get(f"/security/incidents/{incident.pk}/").content.decode()
    assert f"/border/patrols/{patrol.pk}/" in detail


def test_the_patrol_form_offers_the_villages_of_the_post_only(
    world: Any, segment_a1: Any, village_a2: Any
) -> None:
    page = world.client_for("province_staff").get(f"/border/segments/{segment_a1.pk}/patrols/new/")
    text = page.content.decode()
    assert world.village_a1.name in text and village_a2.name in text
    assert world.village_b1.name not in text


def test_an_out_of_scope_village_on_the_patrol_form_is_refused(world: Any, segment_a1: Any) -> None:
    response = world.client_for("officer_a").post(
        f"/border/segments/{segment_a1.pk}/patrols/new/",
        patrol_post(
            **{
                "incidents-0-kind": "smuggling",
                "incidents-0-village": world.village_b1.pk,
                "incidents-0-summary": "x",
            }
        ),
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Patrol.objects.exists() and not Incident.objects.exists()


def test_a_half_filled_incident_row_is_shown_as_an_error(world: Any, segment_a1: Any) -> None:
    response = world.client_for("officer_a").post(
        f"/border/segments/{segment_a1.pk}/patrols/new/",
        patrol_post(**{"incidents-0-kind": "drugs", "incidents-0-village": world.village_a1.pk}),
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Patrol.objects.exists()


def test_an_incident_is_added_to_a_patrol_from_its_page(world: Any, segment_a1: Any) -> None:
    patrol = record(segment_a1)
    client = world.client_for("officer_a")
    page = client.get(f"/border/patrols/{patrol.pk}/").content.decode()
    assert f"/border/patrols/{patrol.pk}/incidents/new/" in page
    response = client.post(
        f"/border/patrols/{patrol.pk}/incidents/new/",
        {"kind": "deforestation", "village": world.village_a1.pk, "summary": "Phá rừng"},
    )
    incident = Incident.objects.get()
    assert response["Location"] == f"/security/incidents/{incident.pk}/"
    assert incident.patrol_id == patrol.pk
    partner = world.client_for("partner_a1").post(
        f"/border/patrols/{patrol.pk}/incidents/new/",
        {"kind": "drugs", "village": world.village_a1.pk, "summary": "x"},
    )
    assert partner.status_code == 403
    assert Incident.objects.count() == 1


# --- API -------------------------------------------------------------------------------------


def post_json(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_api_records_a_patrol_with_its_incidents(
    world: Any, segment_a1: Any, village_a2: Any
) -> None:
    client = world.client_for("officer_a")
    response = post_json(
        client,
        "/api/v1/border/patrols",
        {
            "segment_id": segment_a1.pk,
            "date": "2025-09-03",
            "km": "4",
            "incidents": [
                {"kind": "drugs", "village_id": world.village_a1.pk, "summary": "x"},
                {"kind": "smuggling", "village_id": village_a2.pk, "summary": "y"},
            ],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    incidents = Incident.objects.filter(patrol_id=body["id"]).order_by("pk")
    assert body["incident_ids"] == [i.pk for i in incidents] and len(incidents) == 2
    assert {i.village_id for i in incidents} == {world.village_a1.pk, village_a2.pk}
    detail = client.get(f"/api/v1/security/incidents/{incidents[0].pk}").json()
    assert detail["patrol_id"] == body["id"]


def test_the_api_refuses_a_patrol_incident_in_an_out_of_scope_village(
    world: Any, segment_a1: Any
) -> None:
    client = world.client_for("officer_a")
    response = post_json(
        client,
        "/api/v1/border/patrols",
        {
            "segment_id": segment_a1.pk,
            "date": "2025-09-03",
            "km": "4",
            "incidents": [{"kind": "drugs", "village_id": world.village_b1.pk, "summary": "x"}],
        },
    )
    assert response.status_code == 404
    assert not Patrol.objects.exists() and not Incident.objects.exists()
    patrol = record(segment_a1)
    later = post_json(
        client,
        f"/api/v1/border/patrols/{patrol.pk}/incidents",
        {"kind": "drugs", "village_id": world.village_b1.pk, "summary": "x"},
    )
    assert later.status_code == 404
    added = post_json(
        client,
        f"/api/v1/border/patrols/{patrol.pk}/incidents",
        {"kind": "drugs", "village_id": world.village_a1.pk, "summary": "x"},
    )
    assert added.status_code == 201 and added.json()["patrol_id"] == patrol.pk
