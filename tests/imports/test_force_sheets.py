"""The force's sheets (units, areas of responsibility, postings), written through the force
services before the other sheets of the same file."""

from __future__ import annotations

import datetime as dt

import pytest

from outpost.core.audit import history
from outpost.core.models import AuditEvent
from outpost.force.models import AreaOfResponsibility, Cadre, ForceUnit, Posting
from outpost.geo.models import AdminUnit
from outpost.geo.services import admin_unit_create
from outpost.reports.coverage import coverage
from tests.imports.sheets import events, exported, exported_rows, filled_template, run

pytestmark = pytest.mark.django_db
D = dt.date
REORG = D(2025, 7, 1)
UNITS = "Đơn vị - Force units"
AREAS = "Địa bàn phụ trách - Areas of re"  # sheet titles are cut at 31 characters
POSTINGS = "Điều động - Postings"

# Given children first: the sheet writes parents first whatever the order of its rows.
TEAM = {"code": "DOI-C1", "name": "Đội vận động C", "kind": "Đội", "parent_code": "DBP-C"}
POST_C = {
    "code": "DBP-C",
    "name": "Đồn Biên phòng C",
    "kind": "Đồn Biên phòng",
    "parent_code": "BCH-14",
    "valid_from": D(2020, 1, 1),
}


def leng_su_sin(world) -> AdminUnit:  # type: ignore[no-untyped-def]
    """An old commune whose code 04087 Xã Mường Nhé took over in 2025."""
    return admin_unit_create(
        actor=None,
        level=AdminUnit.Level.COMMUNE,
        code="04087",
        name="Xã Leng Su Sìn",
        parent=world.old_commune_a1.parent,
        valid_to=REORG,
    )


def post_c_areas() -> list[dict]:
    return [
        {
            "unit_code": "DBP-C",
            "commune_code": "04087",
            "valid_from": D(2023, 1, 1),
            "valid_to": REORG,
            "end_reason": "Sáp nhập xã",
        },
        {"unit_code": "DBP-C", "commune_code": "04087", "valid_from": REORG},
    ]


def onboarding_file(tmp_path, name="onboard.xlsx"):  # type: ignore[no-untyped-def]
    return filled_template(
        tmp_path / name,
        "all",
        {
            "force_units": [TEAM, POST_C],
            "areas_of_responsibility": post_c_areas(),
            "postings": [
                {
                    "service_number": "A-001",
                    "unit_code": "DBP-C",
                    "rank": "Thiếu tá",
                    "position": "Đồn trưởng",
                    "valid_from": REORG,
                }
            ],
        },
    )


def refusals(report) -> list[tuple[str, int, str, str]]:  # type: ignore[no-untyped-def]
    """(sheet, row, English column header, value) of each error, each message checked to say
    something: `said(report, ...)` reads the words."""
    return [(e.sheet, e.row, e.column.split(" / ")[-1], e.value) for e in report.errors]


def said(report, *parts: str) -> None:  # type: ignore[no-untyped-def]
    messages = [e.message for e in report.errors]
    assert len(messages) == len(parts), messages
    for message, part in zip(messages, parts, strict=True):
        assert part in message, (part, message)


def areas_of(code: str) -> list[tuple[str, dt.date | None, dt.date | None]]:
    areas = AreaOfResponsibility.objects.filter(force_unit__code=code).order_by("valid_from")
    return [(a.commune.name, a.valid_from, a.valid_to) for a in areas]


def test_a_filled_template_creates_units_parents_first_their_areas_and_a_posting(world, tmp_path):
    leng_su_sin(world)
    report = run(world, onboarding_file(tmp_path), persona="province_staff")
    assert report.ok and report.written, report.errors
    team = ForceUnit.objects.get(code="DOI-C1")
    assert (team.parent.code, team.kind, team.parent.parent) == ("DBP-C", "team", world.command)
    # The 2023 row on the reused code is on the old commune, the 2025 one on the new.
    assert areas_of("DBP-C") == [
        ("Xã Leng Su Sìn", D(2023, 1, 1), REORG),
        ("Xã Mường Nhé", REORG, None),
    ]
    cadre = Cadre.objects.get(service_number="A-001")
    assert (cadre.unit.code, cadre.rank, cadre.position) == ("DBP-C", "thieu_ta", "Đồn trưởng")
    assert [(p.force_unit.code, p.valid_from, p.valid_to) for p in cadre.postings.all()] == [
        ("DBP-A", D(2020, 1, 1), REORG),
        ("DBP-C", REORG, None),
    ]
    event = history(ForceUnit.objects.get(code="DBP-C")).get()
    assert (event.source, event.actor) == (AuditEvent.Source.IMPORT, world.users["province_staff"])


def test_importing_the_file_again_adds_nothing_and_writes_no_audit_event(world, tmp_path):
    leng_su_sin(world)
    path = onboarding_file(tmp_path)
    assert run(world, path, persona="province_staff").ok
    before = (ForceUnit.objects.count(), AreaOfResponsibility.objects.count(), events())
    again = run(world, path, persona="province_staff")
    assert again.ok, again.errors
    counts = again.counts()
    assert counts["force_units"] == {"create": 0, "update": 0, "unchanged": 2}
    assert counts["areas_of_responsibility"] == {"create": 0, "update": 0, "unchanged": 2}
    assert counts["postings"] == {"create": 0, "update": 0, "unchanged": 1}
    assert (ForceUnit.objects.count(), AreaOfResponsibility.objects.count(), events()) == before


@pytest.mark.parametrize("kind", ["force_units", "areas_of_responsibility", "postings"])
def test_an_export_imports_back_adding_nothing(world, tmp_path, kind):
    leng_su_sin(world)
    assert run(world, onboarding_file(tmp_path), persona=None).ok
    export = exported(world, "province_staff", kind, tmp_path / f"{kind}.xlsx")
    before = events()
    again = run(world, export, persona="province_staff")
    assert again.ok, again.errors
    counts = again.counts()[kind]
    assert counts["create"] == counts["update"] == 0 and counts["unchanged"] > 0
    assert events() == before


def test_a_dry_run_checks_the_force_sheets_and_writes_nothing(world, tmp_path):
    leng_su_sin(world)
    before = (ForceUnit.objects.count(), events())
    report = run(world, onboarding_file(tmp_path), persona="province_staff", dry_run=True)
    assert report.ok and not report.written
    assert report.counts()["force_units"]["create"] == 2
    assert (ForceUnit.objects.count(), events()) == before


def test_bad_rows_are_refused_on_their_cells_and_nothing_is_written(world, tmp_path):
    leng_su_sin(world)
    path = filled_template(
        tmp_path / "bad.xlsx",
        "all",
        {
            "force_units": [
                POST_C,  # good, not written
                {"code": "DOI-X", "name": "Đội X", "kind": "team", "parent_code": "DBP-X"},
            ],
            "areas_of_responsibility": [
                {"unit_code": "DBP-C", "commune_code": "04087"},  # reused code, no date
                {"unit_code": "DBP-A", "commune_code": "04099", "valid_from": D(2026, 1, 1)},
                {"unit_code": "DBP-X", "commune_code": "04099", "valid_from": D(2026, 1, 1)},
            ],
            "postings": [
                {"service_number": "A-001", "unit_code": "DBP-X", "valid_from": REORG},
                {"service_number": "Z-999", "unit_code": "DBP-B", "valid_from": REORG},
            ],
        },
    )
    before = (ForceUnit.objects.count(), AreaOfResponsibility.objects.count(), events())
    report = run(world, path, persona=None)
    assert not report.ok and not report.written
    assert refusals(report) == [
        (UNITS, 3, "Parent unit code", "DBP-X"),
        (AREAS, 2, "Commune code", "04087"),
        (AREAS, 3, "Valid from", "2026-01-01"),
        (AREAS, 4, "Unit code", "DBP-X"),
        (POSTINGS, 2, "Unit code", "DBP-X"),
        (POSTINGS, 3, "Service number", "Z-999"),
    ]
    said(
        report,
        "No unit has this code",
        "write 04087@",
        "already responsible for Xã Phiêng Khoài",
        "No unit has this code",
        "No unit has this code",
        "No cadre has this service number",
    )
    assert (ForceUnit.objects.count(), AreaOfResponsibility.objects.count(), events()) == before


def test_a_posts_officer_may_neither_create_units_nor_post_another_posts_cadre(world, tmp_path):
    path = filled_template(
        tmp_path / "officer.xlsx",
        "all",
        {
            "force_units": [{**TEAM, "parent_code": "DBP-A"}],
            "postings": [{"service_number": "B-001", "unit_code": "DBP-A", "valid_from": REORG}],
        },
    )
    report = run(world, path, persona="officer_a")
    assert not report.written
    assert refusals(report) == [
        (UNITS, 2, "Parent unit code", "DBP-A"),
        (POSTINGS, 2, "Service number", "B-001"),
    ]
    said(report, "Only the staff of the command above", "not in a unit you work for")


def test_only_those_who_see_everything_create_a_provincial_command(world, tmp_path):
    command = {
        "code": "BCH-11",
        "name": "Bộ Chỉ huy BĐBP tỉnh Điện Biên",
        "kind": "provincial_command",
        "parent_code": "BDBP",
        "province_code": "14",  # read on the first day: the province of after the merger
        "valid_from": REORG,
    }
    path = filled_template(tmp_path / "command.xlsx", "force_units", {"force_units": [command]})
    refused = run(world, path, persona="province_staff")
    assert refusals(refused) == [(UNITS, 2, "Kind", "provincial_command")]
    said(refused, "Only the High Command's administrators")
    assert run(world, path, persona=None).ok
    assert ForceUnit.objects.get(code="BCH-11").province == world.province


def test_command_staff_fill_in_a_post_they_create_in_the_same_file(world, tmp_path):
    path = filled_template(
        tmp_path / "staff.xlsx",
        "all",
        {
            "force_units": [POST_C],
            "areas_of_responsibility": [
                {"unit_code": "DBP-C", "commune_code": "04240", "valid_from": D(2026, 1, 1)}
            ],
            "cadres": [
                {
                    "service_number": "C-001",
                    "full_name": "Vàng A Dế",
                    "rank": "dai_uy",
                    "unit_code": "DBP-C",
                    "posted_on": D(2026, 1, 1),
                }
            ],
            "villages": [{"commune_code": "04240", "name": "Bản Mới"}],
        },
    )
    report = run(world, path, persona="province_staff")
    assert report.ok and report.written, report.errors
    assert Cadre.objects.get(service_number="C-001").unit.code == "DBP-C"
    assert areas_of("DBP-C") == [("Xã Mường Lèo", D(2026, 1, 1), None)]


def test_a_posting_with_an_end_date_ends_it_through_the_service(world, tmp_path):
    path = filled_template(
        tmp_path / "end.xlsx",
        "postings",
        {
            "postings": [
                {
                    "service_number": "B-001",
                    "unit_code": "DBP-B",
                    "valid_from": D(2020, 1, 1),
                    "valid_to": D(2026, 3, 1),
                }
            ]
        },
    )
    report = run(world, path, persona="province_staff")
    assert report.counts()["postings"] == {"create": 0, "update": 1, "unchanged": 0}
    posting = Posting.objects.get(cadre=world.cadre_b)
    assert posting.valid_to == D(2026, 3, 1)
    assert history(posting).filter(action=AuditEvent.Action.END).exists()


def test_another_posts_officer_exports_only_their_own_areas_and_postings(world, tmp_path):
    for kind, first in (("areas_of_responsibility", "DBP-B"), ("postings", "B-001")):
        rows = exported_rows(exported(world, "officer_b", kind, tmp_path / f"{kind}.xlsx"))
        assert [r[0] for r in rows[1:]] == [first], rows


# --- a whole province from one workbook ------------------------------------------------------

ON_2024, ON_2026 = D(2024, 6, 30), D(2026, 6, 30)


def dien_bien() -> None:
    """Sín Thầu (03158 from 2025) absorbed Leng Su Sìn (03158 until 2025) and Sen Thượng."""
    province = admin_unit_create(
        actor=None, level=AdminUnit.Level.PROVINCE, code="11", name="Tỉnh Điện Biên"
    )
    for code, name, start, end in (
        ("03158", "Xã Leng Su Sìn", None, REORG),
        ("03160", "Xã Sen Thượng", None, REORG),
        ("03158", "Xã Sín Thầu", REORG, None),
    ):
        admin_unit_create(
            actor=None,
            level=AdminUnit.Level.COMMUNE,
            code=code,
            name=name,
            parent=province,
            valid_from=start,
            valid_to=end,
        )


def province_workbook(tmp_path):  # type: ignore[no-untyped-def]
    since = D(2020, 1, 1)
    cadre = {"rank": "dai_uy", "posted_on": since, "party_joined_on": D(2015, 5, 19)}
    return filled_template(
        tmp_path / "dien-bien.xlsx",
        "all",
        {
            "force_units": [
                {"code": "DOI-ST", "name": "Đội Sín Thầu", "kind": "team", "parent_code": "DBP-ST"},
                {
                    "code": "DBP-ST",
                    "name": "Đồn Biên phòng Sín Thầu",
                    "kind": "border_post",
                    "parent_code": "BCH-11",
                    "valid_from": since,
                },
                {
                    "code": "BCH-11",
                    "name": "Bộ Chỉ huy BĐBP tỉnh Điện Biên",
                    "kind": "provincial_command",
                    "parent_code": "BDBP",
                    "province_code": "11",
                },
            ],
            "areas_of_responsibility": [  # the old communes' areas end with the merger
                {"unit_code": "DBP-ST", "commune_code": c, "valid_from": since, "valid_to": REORG}
                for c in ("03158", "03160")
            ]
            + [{"unit_code": "DBP-ST", "commune_code": "03158", "valid_from": REORG}],
            "cadres": [
                {"service_number": "ST-001", "full_name": "Lò Văn Sính", "unit_code": "DBP-ST"}
                | cadre,
                {"service_number": "ST-002", "full_name": "Mùa A Chá", "unit_code": "BCH-11"}
                | cadre,
            ],
            "postings": [{"service_number": "ST-002", "unit_code": "DBP-ST", "valid_from": REORG}],
            "villages": [
                {"commune_code": "03158", "name": "Bản Leng Su Sìn", "valid_from": since},
                {"commune_code": "03160", "name": "Bản Sen Thượng", "valid_from": since},
                {"commune_code": "03160", "name": "Bản Tá Miếu", "valid_from": since},
                {"commune_code": "03158", "name": "Bản Sín Thầu", "valid_from": REORG},
            ],
            "households": [
                {
                    "commune_code": "03158",
                    "household_code": "ST-H1",
                    "village": "Bản Sín Thầu",
                    "valid_from": REORG,
                    "is_near_border": True,
                }
            ],
            # ST-002 is in charge from August: a cadre of the post since July, by the posting.
            "household_assignments": [
                {
                    "service_number": "ST-002",
                    "commune_code": "03158",
                    "household_code": "ST-H1",
                    "valid_from": D(2025, 8, 1),
                }
            ],
        },
    )


def test_a_small_province_onboarded_from_one_workbook_reports_on_the_right_communes(
    world, tmp_path
):
    dien_bien()
    report = run(world, province_workbook(tmp_path), persona=None)
    assert report.ok and report.written, report.errors
    assert areas_of("DBP-ST") == [
        ("Xã Leng Su Sìn", D(2020, 1, 1), REORG),
        ("Xã Sen Thượng", D(2020, 1, 1), REORG),
        ("Xã Sín Thầu", REORG, None),
    ]
    wanted = [
        "households",
        "households_assisted",
        "party_members_assisting_households",
        "villages_without_party_branch",
    ]
    before, after = (coverage("DBP-ST", on, only=wanted)["indicators"] for on in (ON_2024, ON_2026))
    # 2024: the three villages of the two old communes; 2026: the one of Sín Thầu, with its
    # household in the charge of the cadre posted in from the command.
    assert before == dict.fromkeys(wanted, 0) | {"villages_without_party_branch": 3}
    assert after == dict.fromkeys(wanted, 1)
    assert coverage("BCH-11", ON_2026, only=wanted)["indicators"] == after
    again = run(world, province_workbook(tmp_path), persona=None)
    assert again.ok, again.errors
    assert again.counts()["households"] == {
        "create": 0,
        "update": 0,
        "unchanged": 1,
    }


@pytest.mark.vietnamese
def test_the_overlap_and_the_shaping_refusals_are_the_services_vietnamese_messages(world, tmp_path):
    path = filled_template(
        tmp_path / "vi.xlsx",
        "all",
        {
            "force_units": [{**TEAM, "parent_code": "DBP-A"}],
            "areas_of_responsibility": [
                {"unit_code": "DBP-A", "commune_code": "04099", "valid_from": D(2026, 1, 1)}
            ],
        },
    )
    officer = run(world, path, persona="officer_a")
    assert "Chỉ cán bộ của Bộ Chỉ huy cấp trên" in officer.errors[0].message
    system = run(world, path, persona=None)
    assert [e.message for e in system.errors] == [
        "Đồn Biên phòng A đã phụ trách Xã Phiêng Khoài trong một phần của khoảng thời gian "
        "này (từ 01/07/2025)."
    ]


def test_an_area_outside_the_commands_province_is_refused_by_the_service(world, tmp_path):
    dien_bien()
    path = filled_template(
        tmp_path / "far.xlsx",
        "areas_of_responsibility",
        {
            "areas_of_responsibility": [
                {"unit_code": "DBP-A", "commune_code": "03160", "valid_from": D(2024, 1, 1)},
                {
                    "unit_code": "DBP-B",
                    "commune_code": "04084",
                    "valid_from": D(2019, 1, 1),
                    "valid_to": D(2020, 1, 1),
                },  # the old province 14: Sơn La's before the merger
            ]
        },
    )
    report = run(world, path, persona="province_staff")
    assert refusals(report) == [(AREAS, 2, "Commune code", "03160")], report.errors
    said(report, "Xã Sen Thượng is not in Tỉnh Sơn La, the province of Đồn Biên phòng A.")


def test_a_cadres_row_may_name_a_unit_the_cadre_left_but_not_one_they_never_served_in(
    world, tmp_path
):
    from outpost.force.services import cadre_post

    cadre_post(actor=None, cadre=world.cadre_a, to_unit=world.post_b, on=REORG)
    row = {"service_number": "A-001", "full_name": "Lò Văn Pánh", "rank": "dai_uy"}
    path = filled_template(
        tmp_path / "cadres.xlsx",
        "cadres",
        {"cadres": [row | {"unit_code": "DBP-A"}]},  # the file that brought them in
    )
    assert run(world, path, persona=None).counts()["cadres"]["unchanged"] == 1
    never = filled_template(
        tmp_path / "never.xlsx", "cadres", {"cadres": [row | {"unit_code": "BCH-14"}]}
    )
    refused = run(world, never, persona=None)
    assert refusals(refused) == [("Cán bộ - Cadres", 2, "Unit code", "BCH-14")]
    said(refused, "record a posting, not an import")
