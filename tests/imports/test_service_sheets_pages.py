"""The new sheets on the upload page and the command line: checked first, written on
confirmation, templates and exports offered."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from outpost.core.models import AuditEvent
from outpost.imports.models import ImportJob
from outpost.works.models import Work
from tests.imports.sheets import events, filled_template

pytestmark = pytest.mark.django_db

LIGHTS = {
    "commune_code": "04087",
    "kind": "điện chiếu sáng",
    "name": "Đèn năng lượng mặt trời bản Huổi Lếch",
    "villages": "Bản Huổi Lếch",
    "quantity": 24,
    "quantity_unit": "bóng",
    "started_on": dt.date(2025, 5, 1),
    "status": "đang thi công",
}


def upload(client, path):  # type: ignore[no-untyped-def]
    with open(path, "rb") as handle:
        return client.post(reverse("imports:upload"), {"file": handle})


def test_the_upload_page_offers_the_new_templates_and_exports(world):
    page = world.client_for("officer_a").get(reverse("imports:upload")).content.decode()
    for kind in ("party_candidates", "mass_organisations", "works", "border", "incidents"):
        assert reverse("imports:template", kwargs={"kind": kind}) in page
    for kind in ("consolidations", "border_segments", "border_markers", "patrols"):
        assert reverse("imports:export", kwargs={"kind": kind, "fmt": "csv"}) in page


def test_a_works_file_is_checked_without_writing_then_imported_on_confirmation(world, tmp_path):
    client = world.client_for("officer_a")
    before = events()
    response = upload(client, filled_template(tmp_path / "w.xlsx", "works", {"works": [LIGHTS]}))
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.READY, job.errors
    assert job.result["sheets"][0]["create"] == 1
    assert not Work.objects.exists() and events() == before
    client.post(reverse("imports:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    work = Work.objects.get()
    assert (work.kind, work.quantity_unit, work.status) == ("lighting", "lamps", "in_progress")
    event = AuditEvent.objects.get(object_type="works.work")
    assert event.source == "import" and event.actor == world.users["officer_a"]
    assert client.get(response.url).status_code == 200


def test_a_bad_works_file_is_refused_on_the_page_with_its_error(world, tmp_path):
    client = world.client_for("officer_a")
    bad = {**LIGHTS, "quantity_unit": "km"}
    response = upload(client, filled_template(tmp_path / "bad.xlsx", "works", {"works": [bad]}))
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.INVALID
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "Đơn vị tính / Unit")]
    page = client.get(response.url).content.decode()
    assert "A lighting work is measured in lamps." in page
    assert not Work.objects.exists()


def test_the_command_line_writes_the_border_template_and_dry_runs_a_filled_one(world, tmp_path):
    target = tmp_path / "border.xlsx"
    call_command("import", "template", "border", "-o", str(target), stdout=io.StringIO())
    titles = load_workbook(target, read_only=True).sheetnames
    assert titles == [
        "Hướng dẫn - Instructions",
        "Đoạn biên giới - Segments",
        "Mốc quốc giới - Border markers",
        "Tuần tra - Patrols",
    ]
    filled = filled_template(
        tmp_path / "filled.xlsx",
        "border",
        {
            "border_segments": [
                {
                    "post_code": "DBP-A",
                    "commune_code": "04087",
                    "name": "Đoạn Huổi Lếch",
                    "country": "LA",
                    "length_km": 8,
                }
            ]
        },
    )
    out = io.StringIO()
    before = events()
    call_command("import", str(filled), "--dry-run", stdout=out)
    assert "Đoạn biên giới - Segments: 1 rows, 1 to create" in out.getvalue()
    assert "nothing written" in out.getvalue()
    assert events() == before
