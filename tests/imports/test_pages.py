from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from outpost.core.models import AuditEvent
from outpost.imports.engine import Importer
from outpost.imports.models import ImportJob
from outpost.people.models import Household
from outpost.people.services import household_create

pytestmark = pytest.mark.django_db

ROWS = [
    {"commune_code": "04087", "household_code": "A-1", "village": "Bản Huổi Lếch"},
    {"commune_code": "04087", "household_code": "A-2", "village": "Bản Huổi Lếch"},
]


def upload(client, path):  # type: ignore[no-untyped-def]
    with open(path, "rb") as handle:
        return client.post(reverse("imports:upload"), {"file": handle})


def test_the_upload_page_checks_first_then_imports_on_confirmation(world, workbook):
    client = world.client_for("officer_a")
    assert client.get(reverse("imports:upload")).status_code == 200
    response = upload(client, workbook({"households": ROWS}, name="hh.xlsx"))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("imports:job", args=[job.pk])
    assert job.status == ImportJob.Status.READY
    assert not Household.objects.filter(code__startswith="A-").exists()
    page = client.get(response.url).content.decode()
    assert "A-2" in page  # the first rows are shown
    assert reverse("imports:job_confirm", args=[job.pk]) in page
    client.post(reverse("imports:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.content is None
    assert Household.objects.filter(code__startswith="A-").count() == 2
    event = AuditEvent.objects.filter(object_type="people.household").latest("id")
    assert event.source == "import" and event.actor == world.users["officer_a"]
    history = client.get(reverse("imports:history")).content.decode()
    assert "hh.xlsx" in history


def test_the_upload_page_lists_every_error_and_offers_no_import(world, workbook):
    client = world.client_for("officer_a")
    bad = [*ROWS, {"commune_code": "04240", "household_code": "B-1", "village": "Bản Pá Lông"}]
    response = upload(client, workbook({"households": bad}, name="bad.xlsx"))
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.INVALID
    page = client.get(response.url).content.decode()
    assert "04240" in page and "bad.xlsx" in page
    assert reverse("imports:job_confirm", args=[job.pk]) not in page
    assert client.post(reverse("imports:job_confirm", args=[job.pk])).status_code == 404
    assert not Household.objects.filter(code__startswith="A-").exists()


def test_another_users_import_job_is_not_found(world, workbook):
    upload(world.client_for("officer_a"), workbook({"households": ROWS}))
    job = ImportJob.objects.get()
    other = world.client_for("officer_b")
    assert other.get(reverse("imports:job", args=[job.pk])).status_code == 404
    assert other.get(reverse("imports:job_progress", args=[job.pk])).status_code == 404
    assert other.post(reverse("imports:job_confirm", args=[job.pk])).status_code == 404


def test_a_read_only_user_cannot_upload(world, workbook):
    client = world.client_for("partner_a1")
    assert upload(client, workbook({"households": ROWS})).status_code == 403
    assert not ImportJob.objects.exists()


def test_the_progress_fragment_polls_until_the_job_ends(world):
    job = ImportJob.objects.create(
        user=world.users["officer_a"], file_name="x.xlsx", status="validating", total=10, done=4
    )
    client = world.client_for("officer_a")
    running = client.get(reverse("imports:job_progress", args=[job.pk]))
    assert 'hx-trigger="every 1s"' in running.content.decode()
    assert "40%" in running.content.decode()
    ImportJob.objects.filter(pk=job.pk).update(status="done")
    done = client.get(reverse("imports:job_progress", args=[job.pk]))
    assert done["HX-Refresh"] == "true"


def test_templates_download_with_bilingual_headers_and_instructions(world):
    response = world.client_for("officer_a").get(reverse("imports:template", args=["households"]))
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Hướng dẫn - Instructions", "Hộ - Households", "Nhân khẩu - Residents"]
    headers = [c.value for c in wb["Hộ - Households"][1]]
    assert headers[:2] == ["Mã xã / Commune code", "Mã hộ / Household code"]
    instructions = " ".join(str(c.value) for row in wb.worksheets[0].iter_rows() for c in row)
    assert "spouse" in instructions and "Mông" in instructions


def test_the_command_writes_a_template_and_imports_all_or_nothing(world, workbook, tmp_path):
    target = tmp_path / "t.xlsx"
    call_command("import", "template", "cadres", "-o", str(target))
    assert "Cán bộ - Cadres" in load_workbook(target).sheetnames
    path = workbook({"households": ROWS})
    call_command("import", str(path), "--dry-run", stdout=io.StringIO(), stderr=io.StringIO())
    assert not Household.objects.filter(code__startswith="A-").exists()
    err = io.StringIO()
    call_command("import", str(path), "--user", "officer_a", stdout=io.StringIO(), stderr=err)
    assert Household.objects.filter(code__startswith="A-").count() == 2
    assert "100%" in err.getvalue()
    bad = workbook({"households": [{**ROWS[0], "commune_code": "04240"}]}, name="b.xlsx")
    with pytest.raises(Exception, match="nothing was imported"):
        call_command("import", str(bad), "--user", "officer_a", stdout=io.StringIO())


def _export_codes(client, kind: str, fmt: str) -> list[list[str]]:  # type: ignore[no-untyped-def]
    response = client.get(reverse("imports:export", args=[kind, fmt]))
    assert response.status_code == 200
    if fmt == "xlsx":
        wb = load_workbook(io.BytesIO(response.content), read_only=True)
        return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_exports_are_scoped_and_read_back(world):
    household_create(actor=None, village=world.village_a1, code="A-9", head_name="Lò Văn A")
    household_create(actor=None, village=world.village_b1, code="B-9", head_name="Giàng A B")
    client = world.client_for("officer_a")
    for fmt in ("xlsx", "csv"):
        rows = _export_codes(client, "households", fmt)
        assert rows[0][:2] == ["Mã xã / Commune code", "Mã hộ / Household code"]
        assert [r[1] for r in rows[1:]] == ["A-9"]
    villages = [r[1] for r in _export_codes(client, "villages", "xlsx")[1:]]
    assert villages == ["Bản Huổi Lếch"]
    cadres = [r[0] for r in _export_codes(client, "cadres", "csv")[1:]]
    assert cadres == ["A-001"]
    assert [
        r[1] for r in _export_codes(world.client_for("officer_b"), "households", "csv")[1:]
    ] == ["B-9"]


def test_an_exported_sheet_imports_again_unchanged(world, tmp_path):
    household_create(actor=None, village=world.village_a1, code="A-9", head_name="Lò Văn A")
    response = world.client_for("officer_a").get(
        reverse("imports:export", args=["households", "xlsx"])
    )
    path = tmp_path / "export.xlsx"
    path.write_bytes(response.content)
    report = Importer(file_name="export.xlsx").run(path, dry_run=True)
    assert report.ok
    assert report.counts() == {"households": {"create": 0, "update": 0, "unchanged": 1}}


@pytest.mark.django_db(transaction=True)
def test_a_large_file_is_checked_and_imported_in_the_background(world, workbook, monkeypatch):
    import time

    from outpost.imports import jobs

    monkeypatch.setattr(jobs, "INLINE_BYTES", 0)  # every file counts as large
    client = world.client_for("officer_a")
    upload(client, workbook({"households": ROWS}))
    job = ImportJob.objects.get()

    def wait() -> ImportJob:
        for _ in range(200):
            job.refresh_from_db()
            if job.status not in (ImportJob.Status.VALIDATING, ImportJob.Status.IMPORTING):
                return job
            time.sleep(0.05)
        raise AssertionError("the job did not finish")

    assert wait().status == ImportJob.Status.READY
    client.post(reverse("imports:job_confirm", args=[job.pk]))
    assert wait().status == ImportJob.Status.DONE
    assert Household.objects.filter(code__startswith="A-").count() == 2
