"""Every way of writing (web page, API, spreadsheet import, command line) leaves an audit event
with its source, in the same transaction as the change."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from outpost.core.models import AuditEvent
from outpost.geo.models import BorderFlag, Village
from outpost.imports.samples import households_file
from outpost.people.models import Household, Resident


def _events_for(obj, source: str):
    return AuditEvent.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk), source=source
    )


def test_a_village_created_on_the_web_has_a_web_event(world):
    client = world.client_for("officer_a")
    response = client.post(
        reverse("geo:village_create", args=[world.commune_a1.pk]),
        {"name": "Bản Web", "kind": "ban"},
    )
    assert response.status_code == 302
    village = Village.objects.get(name="Bản Web")
    assert (
        _events_for(village, "web").filter(action="create", actor=world.users["officer_a"]).exists()
    )


def test_a_village_created_through_the_api_has_an_api_event(world):
    client = world.client_for("officer_a")
    response = client.post(
        "/api/v1/geo/villages",
        {"commune_id": world.commune_a1.pk, "name": "Bản Api"},
        content_type="application/json",
    )
    assert response.status_code == 201
    village = Village.objects.get(name="Bản Api")
    assert _events_for(village, "api").filter(action="create").exists()


def test_every_imported_row_has_an_import_event(world, tmp_path):
    path = households_file(
        tmp_path / "households.xlsx",
        commune_codes=[world.commune_a1.code],
        households=30,
        villages_per_commune=2,
    )
    call_command("import", str(path), "--user", "officer_a", stdout=StringIO(), stderr=StringIO())
    households = Household.objects.filter(commune=world.commune_a1)
    residents = Resident.objects.filter(household__in=households)
    assert households.count() == 30 and residents.exists()
    imported = AuditEvent.objects.filter(source="import", action="create")
    for model, rows in ((Household, households), (Resident, residents)):
        logged = set(
            imported.filter(object_type=model._meta.label_lower).values_list("object_id", flat=True)
        )
        assert {str(pk) for pk in rows.values_list("pk", flat=True)} <= logged


def test_a_border_flag_set_from_the_command_line_has_a_cli_event(world):
    call_command(
        "geo", "set-border", world.commune_a2.code, "--countries", "LA,CN", stdout=StringIO()
    )
    flag = BorderFlag.objects.get(unit=world.commune_a2)
    assert flag.countries == "CN,LA"
    event = _events_for(flag, "cli").get(action="update")
    assert event.changes["countries"] == ["LA", "CN,LA"]
