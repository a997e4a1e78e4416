"""Many workbooks imported as one: checked and written together, all or nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from outpost.assign.models import HouseholdAssignment
from outpost.core.models import AuditEvent
from outpost.force.models import Cadre
from outpost.geo.models import Village
from outpost.imports.engine import Importer, Step
from outpost.imports.models import ImportJob
from outpost.imports.spec import SHEETS_BY_KEY
from outpost.people.models import Household

from .conftest import write_workbook

pytestmark = pytest.mark.django_db

HOUSEHOLDS_TITLE = SHEETS_BY_KEY["households"].title
ASSIGNMENTS_TITLE = SHEETS_BY_KEY["household_assignments"].title
VILLAGES_TITLE = SHEETS_BY_KEY["villages"].title
NEW_CADRE = {
    "service_number": "A-778",
    "full_name": "Lường Văn Tính",
    "rank": "thuong_uy",
    "unit_code": "DBP-A",
    "posted_on": dt.date(2020, 1, 1),
    "party_joined_on": dt.date(2015, 5, 19),
}
NEW_VILLAGE = {"commune_code": "04087", "name": "Bản Pa Thơm", "kind": "bản"}
HOUSEHOLDS = [
    {"commune_code": "04087", "household_code": "PT-1", "village": "Bản Pa Thơm"},
    {"commune_code": "04087", "household_code": "PT-2", "village": "Bản Pa Thơm"},
]
ASSIGNMENT = {
    "service_number": "A-778",
    "commune_code": "04087",
    "household_code": "PT-1",
    "valid_from": dt.date(2025, 8, 1),
}


def three_files(folder: Path) -> list[Path]:
    """File A: a village and a cadre; B: households in A's village; C: A's cadre in charge
    of one of B's households. Named so that the files sort in the opposite order of what
    depends on what."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_workbook(folder / "c-assignments.xlsx", {"household_assignments": [ASSIGNMENT]}),
        write_workbook(folder / "b-households.xlsx", {"households": HOUSEHOLDS}),
        write_workbook(folder / "a-post.xlsx", {"villages": [NEW_VILLAGE], "cadres": [NEW_CADRE]}),
    ]


def as_files(paths: list[Path]) -> list[tuple[str, Path]]:
    return [(p.name, p) for p in paths]


def recorded() -> dict[str, int]:
    return {
        "villages": Village.objects.count(),
        "cadres": Cadre.objects.count(),
        "households": Household.objects.count(),
        "assignments": HouseholdAssignment.objects.count(),
        "events": AuditEvent.objects.count(),
    }


def test_rows_of_one_file_may_refer_to_rows_another_file_of_the_same_import_creates(
    world, tmp_path
):
    report = Importer().run_files(as_files(three_files(tmp_path)))
    assert report.errors == [] and report.written
    household = Household.objects.get(code="PT-1")
    assert household.village.name == "Bản Pa Thơm"
    assignment = HouseholdAssignment.objects.get(household=household)
    assert assignment.cadre.service_number == "A-778"
    assert Household.objects.filter(village=household.village).count() == 2
    assert report.files == ["c-assignments.xlsx", "b-households.xlsx", "a-post.xlsx"]


def test_an_error_in_one_file_writes_nothing_of_the_others_and_names_its_file(world, tmp_path):
    paths = three_files(tmp_path)
    bad = [*HOUSEHOLDS, {"commune_code": "04087", "household_code": "PT-3", "village": "Bản X"}]
    write_workbook(tmp_path / "b-households.xlsx", {"households": bad})
    before = recorded()
    report = Importer().run_files(as_files(paths))
    assert not report.written
    assert [(e.file, e.sheet, e.row, e.column, e.value) for e in report.errors] == [
        ("b-households.xlsx", HOUSEHOLDS_TITLE, 4, "Thôn bản / Village", "Bản X")
    ]
    assert str(report.errors[0]).startswith(f"b-households.xlsx, {HOUSEHOLDS_TITLE}, row 4")
    assert recorded() == before
    assert not Village.objects.filter(name="Bản Pa Thơm").exists()


def test_a_row_repeated_in_another_file_is_refused_naming_the_first_file(world, tmp_path):
    first = write_workbook(tmp_path / "one.xlsx", {"households": HOUSEHOLDS})
    second = write_workbook(tmp_path / "two.xlsx", {"households": HOUSEHOLDS[:1]})
    write_workbook(tmp_path / "village.xlsx", {"villages": [NEW_VILLAGE]})
    report = Importer().run_files(as_files([tmp_path / "village.xlsx", first, second]))
    assert [(e.file, e.row, e.message) for e in report.errors] == [
        ("two.xlsx", 2, "This row repeats row 2 of the same sheet in one.xlsx.")
    ]
    assert not Household.objects.filter(code__startswith="PT-").exists()


def test_a_folder_is_imported_with_every_workbook_under_it_and_again_adds_nothing(
    world, tmp_path, capsys
):
    three_files(tmp_path / "upload" / "2025")
    (tmp_path / "upload" / "notes.txt").write_text("not a workbook")
    (tmp_path / "upload" / "~$a-post.xlsx").write_bytes(b"an Excel lock file")
    call_command("import", str(tmp_path / "upload"))
    out, err = capsys.readouterr()
    assert "3 files" in out and "imported: 5 rows" in out
    assert (
        f"3/3 2025/c-assignments.xlsx · {ASSIGNMENTS_TITLE} 1/1" in err
    )  # progress names file and sheet
    assert HouseholdAssignment.objects.filter(household__code="PT-1").count() == 1
    once = recorded()
    call_command("import", str(tmp_path / "upload"))
    assert recorded() == once


def test_the_command_takes_files_and_folders_together(world, tmp_path, capsys):
    assignments, households, post = three_files(tmp_path / "more")
    call_command("import", str(post), str(households), str(assignments), "--dry-run")
    out, _err = capsys.readouterr()
    assert "checked (dry run), nothing written: 5 rows" in out
    assert not Household.objects.filter(code__startswith="PT-").exists()


def test_the_command_refuses_a_path_that_is_not_there(world, tmp_path):
    with pytest.raises(CommandError, match="No such file or folder"):
        call_command("import", str(tmp_path / "missing"))


def test_the_command_names_the_file_of_each_error_and_writes_nothing(world, tmp_path, capsys):
    paths = three_files(tmp_path)
    write_workbook(
        tmp_path / "c-assignments.xlsx",
        {"household_assignments": [{**ASSIGNMENT, "service_number": "Z-404"}]},
    )
    before = recorded()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import", *map(str, paths))
    out, _err = capsys.readouterr()
    assert f"c-assignments.xlsx, {ASSIGNMENTS_TITLE}, row 2" in out and "Z-404" in out
    assert recorded() == before


def test_progress_names_the_file_and_the_sheet_being_checked(world, tmp_path):
    steps: list[Step] = []
    Importer(progress=steps.append).run_files(as_files(three_files(tmp_path)), dry_run=True)
    places = [s.where for s in steps if s.phase == "validate"]
    assert places == [
        f"3/3 a-post.xlsx · {VILLAGES_TITLE} 1/1",
        f"3/3 a-post.xlsx · {SHEETS_BY_KEY['cadres'].title} 1/1",
        f"2/3 b-households.xlsx · {HOUSEHOLDS_TITLE} 2/2",
        f"1/3 c-assignments.xlsx · {ASSIGNMENTS_TITLE} 1/1",
        "",  # all checked
    ]
    assert [s.where for s in steps if s.phase == "read"] == [
        "1/3 c-assignments.xlsx",
        "2/3 b-households.xlsx",
        "3/3 a-post.xlsx",
    ]


def test_the_upload_page_takes_several_workbooks_as_one_job(world, tmp_path):
    client = world.client_for("officer_a")
    paths = three_files(tmp_path)
    handles = [open(p, "rb") for p in paths]  # noqa: SIM115
    try:
        response = client.post(reverse("imports:upload"), {"file": handles})
    finally:
        for handle in handles:
            handle.close()
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert job.status == ImportJob.Status.READY, job.errors
    assert job.file_name.startswith("3 files: c-assignments.xlsx")
    assert not Household.objects.filter(code__startswith="PT-").exists()
    client.post(reverse("imports:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "<li>b-households.xlsx</li>" in page  # each file of the job is listed
    assert HouseholdAssignment.objects.filter(household__code="PT-1").count() == 1


def test_the_upload_page_names_the_file_of_an_error_among_several(world, tmp_path):
    client = world.client_for("officer_a")
    paths = three_files(tmp_path)
    write_workbook(
        tmp_path / "b-households.xlsx",
        {"households": [{**HOUSEHOLDS[0], "commune_code": "04240"}]},
    )
    handles = [open(p, "rb") for p in paths]  # noqa: SIM115
    try:
        response = client.post(reverse("imports:upload"), {"file": handles})
    finally:
        for handle in handles:
            handle.close()
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.INVALID
    assert job.errors[0]["file"] == "b-households.xlsx"  # then the rows that refer to it
    page = client.get(response.url).content.decode()
    assert "b-households.xlsx" in page and "04240" in page
    assert not Village.objects.filter(name="Bản Pa Thơm").exists()


@pytest.mark.vietnamese
def test_a_row_repeated_in_another_file_is_refused_in_vietnamese_too(world, tmp_path):
    write_workbook(tmp_path / "village.xlsx", {"villages": [NEW_VILLAGE]})
    first = write_workbook(tmp_path / "one.xlsx", {"households": HOUSEHOLDS})
    second = write_workbook(tmp_path / "two.xlsx", {"households": HOUSEHOLDS[:1]})
    report = Importer().run_files(as_files([tmp_path / "village.xlsx", first, second]))
    assert [e.message for e in report.errors] == [
        "Dòng này trùng với dòng 2 của cùng trang tính trong tệp one.xlsx."
    ]


def test_a_file_that_is_not_a_workbook_is_named_and_nothing_is_written(world, tmp_path, capsys):
    paths = three_files(tmp_path)
    (tmp_path / "d-broken.xlsx").write_bytes(b"this is not a workbook")
    before = recorded()
    with pytest.raises(CommandError, match="1 error"):
        call_command("import", str(tmp_path))
    out, _err = capsys.readouterr()
    assert "d-broken.xlsx: The file could not be read: " in out
    assert recorded() == before and len(paths) == 3
