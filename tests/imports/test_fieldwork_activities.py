"""The activities sheet, written through the field work activity services."""

from __future__ import annotations

import datetime as dt
import io
import uuid

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from outpost.core.audit import history
from outpost.core.models import AuditEvent
from outpost.fieldwork.models import Activity, ActivityHousehold, ActivityKind
from outpost.fieldwork.services.activities import activity_record
from outpost.imports.kinds.activities import derived_reference
from outpost.imports.models import ImportJob
from outpost.imports.workbook import template_workbook
from tests.imports.fieldwork_data import build_homes
from tests.imports.sheets import errors, events, exported, exported_rows, filled_template, run

pytestmark = pytest.mark.django_db
D = dt.date
SHEET = "Hoạt động - Activities"

VISIT = {
    "date": D(2025, 8, 3),
    "kind": "Thăm hộ gia đình",
    "unit_code": "DBP-A",
    "commune_code": "04087",
    "village": "Bản Huổi Lếch",
    "cadres": "A-001",
    "households": "HL-01, HL-02",
    "people_reached": 7,
    "cost": "1.500.000",
    "materials": "Gạo 20 kg",
    "notes": "Thăm hỏi, động viên hai hộ",
}
PROPAGANDA = {
    "date": "20/09/2025",
    "kind": "tuyen truyen phap luat",  # the Vietnamese name without its marks
    "unit_code": "DBP-A",
    "commune_code": "04087",
    "people_reached": 45,
    "program": "nang-buoc-em-toi-truong",
    "notes": "Tuyên truyền Luật Biên phòng",
}


@pytest.fixture
def homes(world):  # type: ignore[no-untyped-def]
    return build_homes(world)


def activities(rows, tmp_path, name="a.xlsx"):  # type: ignore[no-untyped-def]
    return filled_template(tmp_path / name, "activities", {"activities": rows})


def shape(activity: Activity) -> tuple:
    return (
        activity.date,
        activity.kind.code,
        activity.force_unit.code,
        activity.commune.code,
        activity.village.name if activity.village else None,
        sorted(c.service_number for c in activity.cadres.all()),
        sorted(h.code for h in activity.households.all()),
        activity.people_reached,
        activity.cost,
        activity.materials,
        activity.notes,
        activity.program.code if activity.program else None,
        activity.voided_at is not None,
    )


def test_the_template_explains_how_a_row_without_a_reference_is_recognised(world):
    wb = template_workbook("activities")
    assert wb.sheetnames == ["Hướng dẫn - Instructions", SHEET]
    notes = [row for row in wb["Hướng dẫn - Instructions"].iter_rows(values_only=True)]
    reference = next(r for r in notes if r[1] == "Mã tham chiếu / Reference")
    assert "UUID 5" in reference[3] and "importing the same file again adds nothing" in reference[3]


def test_a_filled_template_records_the_activities_as_written(world, homes, tmp_path):
    report = run(world, activities([VISIT, PROPAGANDA], tmp_path))
    assert report.ok and report.written, report.errors
    assert report.counts()["activities"] == {"create": 2, "update": 0, "unchanged": 0}
    visit, propaganda = Activity.objects.order_by("date")
    assert shape(visit) == (
        D(2025, 8, 3),
        "household_visit",
        "DBP-A",
        "04087",
        "Bản Huổi Lếch",
        ["A-001"],
        ["HL-01", "HL-02"],
        7,
        1_500_000,
        "Gạo 20 kg",
        "Thăm hỏi, động viên hai hộ",
        None,
        False,
    )
    assert shape(propaganda) == (
        D(2025, 9, 20),
        "legal_propaganda",
        "DBP-A",
        "04087",
        None,
        [],
        [],
        45,
        0,
        "",
        "Tuyên truyền Luật Biên phòng",
        "nang-buoc-em-toi-truong",
        False,
    )
    # A household visit is dated by its activity.
    assert set(ActivityHousehold.objects.values_list("date", flat=True)) == {D(2025, 8, 3)}
    assert visit.recorded_by == world.users["officer_a"]
    event = history(visit).get()
    assert (event.action, event.source, event.actor) == (
        "create",
        AuditEvent.Source.IMPORT,
        world.users["officer_a"],
    )
    assert event.changes["households"] == [None, sorted([homes.hl1.pk, homes.hl2.pk])]


def test_a_row_without_a_reference_gets_one_derived_from_its_content(world, homes, tmp_path):
    assert run(world, activities([VISIT], tmp_path)).ok
    visit = Activity.objects.get()
    assert visit.client_id.version == 5
    assert visit.client_id == derived_reference(
        date=D(2025, 8, 3),
        kind="household_visit",
        unit="DBP-A",
        commune="04087",
        village="Bản Huổi Lếch",
        cadres=["A-001"],
        households=["HL-01", "HL-02"],
        notes="Thăm hỏi, động viên hai hộ",
    )


def test_importing_the_same_file_again_adds_nothing_and_writes_no_audit_event(
    world, homes, tmp_path
):
    path = activities([VISIT, PROPAGANDA], tmp_path)
    assert run(world, path).ok
    before = (Activity.objects.count(), ActivityHousehold.objects.count(), events())
    again = run(world, path)
    assert again.ok and again.written
    assert again.counts()["activities"] == {"create": 0, "update": 0, "unchanged": 2}
    assert (Activity.objects.count(), ActivityHousehold.objects.count(), events()) == before


def test_the_same_activity_spelled_differently_is_still_the_same_activity(world, homes, tmp_path):
    assert run(world, activities([VISIT], tmp_path)).ok
    before = (Activity.objects.count(), events())
    respelled = {
        **VISIT,
        "kind": "HOUSEHOLD_VISIT",
        "village": "ban huoi lech",
        "households": "HL-02; HL-01",
        "notes": "thăm hỏi,  động viên hai hộ",
    }
    again = run(world, activities([respelled], tmp_path, "b.xlsx"))
    assert again.ok and again.counts()["activities"]["unchanged"] == 1
    assert (Activity.objects.count(), events()) == before


def test_a_changed_cell_of_a_row_without_reference_is_a_new_activity(world, homes, tmp_path):
    assert run(world, activities([VISIT], tmp_path)).ok
    other_day = run(world, activities([{**VISIT, "date": D(2025, 8, 4)}], tmp_path, "b.xlsx"))
    assert other_day.counts()["activities"]["create"] == 1
    assert Activity.objects.count() == 2


def test_the_export_imports_back_unchanged_and_its_edits_go_through_the_services(
    world, homes, tmp_path
):
    assert run(world, activities([VISIT, PROPAGANDA], tmp_path)).ok
    typed_in = activity_record(
        actor=None,
        client_id=uuid.uuid4(),
        kind=ActivityKind.objects.get(code="medical_care"),
        date=D(2025, 10, 1),
        force_unit=world.post_a,
        village=homes.nam_po,
        households=[homes.np1],
        notes="Khám bệnh\ncho hộ NP-01",
    ).activity
    export = exported(world, "officer_a", "activities", tmp_path / "export.xlsx")
    rows = exported_rows(export)
    assert len(rows) == 4
    assert rows[0][-2:] == ["Mã tham chiếu / Reference", "Lý do hủy bỏ / Reason voided"]
    shapes = {a.pk: shape(a) for a in Activity.objects.all()}
    before = events()
    again = run(world, export)
    assert again.ok and again.counts()["activities"] == {"create": 0, "update": 0, "unchanged": 3}
    assert events() == before
    assert {a.pk: shape(a) for a in Activity.objects.all()} == shapes

    wb = load_workbook(export)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        reference = row[headers.index("Mã tham chiếu / Reference")].value
        if reference == str(typed_in.client_id):
            row[headers.index("Số người được tiếp cận / People reached")].value = 3
            row[headers.index("Hộ (mã hộ) / Households (codes)")].value = ""  # kept as is
        elif row[headers.index("Loại hoạt động / Kind")].value == "legal_propaganda":
            row[headers.index("Lý do hủy bỏ / Reason voided")].value = "Ghi trùng"
    wb.save(export)
    report = run(world, export)
    assert report.ok, report.errors
    assert report.counts()["activities"] == {"create": 0, "update": 2, "unchanged": 1}
    typed_in.refresh_from_db()
    assert (typed_in.people_reached, typed_in.version) == (3, 2)
    assert list(typed_in.households.all()) == [homes.np1]
    assert history(typed_in).latest("pk").changes["people_reached"] == [0, 3]
    voided = Activity.objects.get(kind__code="legal_propaganda")
    assert voided.is_void and voided.void_reason == "Ghi trùng"
    assert events() == before + 2
    # The voided activity is exported with its reason and imports back unchanged.
    last = run(world, exported(world, "officer_a", "activities", tmp_path / "again.xlsx"))
    assert last.counts()["activities"] == {"create": 0, "update": 0, "unchanged": 3}


def test_bad_rows_are_refused_on_their_cells_and_nothing_is_written(world, homes, tmp_path):
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    rows = [
        VISIT,  # good, not written
        {**VISIT, "kind": "Thăm quan"},
        {**VISIT, "households": "HL-01, PL-01"},  # PL-01 is a household of commune B1
        {**VISIT, "households": "HL-01, NP-01"},  # NP-01 lives in the other village
        {**VISIT, "date": tomorrow},
        {**VISIT, "cadres": "A-001, B-001"},
        {**PROPAGANDA, "client_id": "not-a-uuid"},
        {**VISIT, "households": "HL-02, HL-01"},  # row 2 again
        {**PROPAGANDA, "unit_code": "DBP-B"},
        {**PROPAGANDA, "village": "Bản Pá Lông"},
        {**PROPAGANDA, "program": "Chương trình không có"},
    ]
    before = (Activity.objects.count(), events())
    report = run(world, activities(rows, tmp_path))
    assert not report.written
    assert (Activity.objects.count(), events()) == before
    assert errors(report) == [
        (SHEET, 3, "Loại hoạt động / Kind", "Thăm quan"),
        (SHEET, 4, "Hộ (mã hộ) / Households (codes)", "PL-01"),
        (SHEET, 5, "Hộ (mã hộ) / Households (codes)", "HL-01, NP-01"),
        (SHEET, 6, "Ngày / Date", tomorrow.isoformat()),
        (SHEET, 7, "Cán bộ (số hiệu) / Cadres (service numbers)", "B-001"),
        (SHEET, 8, "Mã tham chiếu / Reference", "not-a-uuid"),
        (SHEET, 9, "", ""),
        (SHEET, 10, "Mã đơn vị / Unit code", "DBP-B"),
        (SHEET, 11, "Thôn bản / Village", "Bản Pá Lông"),
        (SHEET, 12, "Chương trình / Program", "Chương trình không có"),
    ]
    codes = ", ".join(
        sorted(ActivityKind.objects.filter(is_active=True).values_list("code", flat=True))
    )
    assert [e.message for e in report.errors] == [
        f"Unknown kind of activity. Known kinds: {codes}",
        "No household has this code in commune Xã Mường Nhé.",
        "These households are not in Bản Huổi Lếch: NP-01",
        "An activity cannot be recorded for a future day.",
        "This cadre is not in a unit you work for.",
        "A reference is a UUID, as the exports give it.",
        "This row repeats row 2 of the same sheet.",
        "This unit is outside your area of work.",
        "Commune Xã Mường Nhé has no village of this name.",
        "No program has this code or name.",
    ]
    assert str(report.errors[0]).startswith(f"a.xlsx, {SHEET}, row 3, Loại hoạt động / Kind")


def test_a_dry_run_counts_the_activities_and_writes_nothing(world, homes, tmp_path):
    before = events()
    report = run(world, activities([VISIT, PROPAGANDA], tmp_path), dry_run=True)
    assert report.ok and not report.written
    assert report.counts()["activities"]["create"] == 2
    assert not Activity.objects.exists() and events() == before


def test_an_officer_of_another_post_neither_imports_nor_exports_post_a_activities(
    world, homes, tmp_path
):
    path = activities([{**VISIT, "unit_code": "DBP-B"}], tmp_path)
    report = run(world, path, persona="officer_b")
    assert errors(report) == [(SHEET, 2, "Mã xã / Commune code", "04087")]
    assert report.errors[0].message == "This commune is outside your area of work."
    assert not Activity.objects.exists()
    assert run(world, activities([VISIT], tmp_path, "b.xlsx")).ok
    # Post B's officer may not reuse post A's reference in their own commune either.
    reference = str(Activity.objects.get().client_id)
    theirs = {
        **VISIT,
        "unit_code": "DBP-B",
        "commune_code": "04240",
        "village": "Bản Pá Lông",
        "cadres": "B-001",
        "households": "PL-01",
        "client_id": reference,
    }
    report = run(world, activities([theirs], tmp_path, "c.xlsx"), persona="officer_b")
    assert errors(report) == [(SHEET, 2, "Mã tham chiếu / Reference", reference)]
    assert report.errors[0].message == (
        "This reference belongs to a record outside your area of work."
    )
    rows = exported_rows(exported(world, "officer_b", "activities", tmp_path / "b-export.xlsx"))
    assert len(rows) == 1 and rows[0][0] == "Ngày / Date"  # the headers only


def test_a_read_only_user_cannot_import_activities(world, homes, tmp_path):
    report = run(world, activities([VISIT], tmp_path), persona="partner_a1")
    assert [e.message for e in report.errors] == ["Your account may not change records."]
    assert not Activity.objects.exists()


def test_the_upload_page_offers_the_field_work_templates_and_exports(world):
    page = world.client_for("officer_a").get(reverse("imports:upload")).content.decode()
    for kind in ("activities", "enrollments", "outcomes"):
        assert reverse("imports:template", kwargs={"kind": kind}) in page
    for kind in ("activities", "enrollments", "conversions", "loans", "houses"):
        assert reverse("imports:export", kwargs={"kind": kind, "fmt": "xlsx"}) in page


def test_an_activities_file_is_checked_on_the_page_then_written_on_confirmation(
    world, homes, tmp_path
):
    client = world.client_for("officer_a")
    before = events()
    with open(activities([VISIT, PROPAGANDA], tmp_path), "rb") as handle:
        response = client.post(reverse("imports:upload"), {"file": handle})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.READY, job.errors
    assert job.result["sheets"][0]["create"] == 2
    assert not Activity.objects.exists() and events() == before
    client.post(reverse("imports:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert Activity.objects.count() == 2
    assert set(
        AuditEvent.objects.filter(object_type="fieldwork.activity").values_list("source", "actor")
    ) == {(AuditEvent.Source.IMPORT, world.users["officer_a"].pk)}
    assert client.get(response.url).status_code == 200


def test_the_command_line_writes_the_activities_template_and_imports_a_filled_one(
    world, homes, tmp_path
):
    target = tmp_path / "template.xlsx"
    call_command("import", "template", "activities", "-o", str(target), stdout=io.StringIO())
    assert load_workbook(target, read_only=True).sheetnames == ["Hướng dẫn - Instructions", SHEET]
    filled = activities([VISIT], tmp_path)
    call_command("import", str(filled), "--dry-run", stdout=io.StringIO())
    assert not Activity.objects.exists()
    call_command("import", str(filled), stdout=io.StringIO())
    assert Activity.objects.get().kind.code == "household_visit"
