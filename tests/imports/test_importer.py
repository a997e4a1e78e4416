from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from outpost.accounts.scope import scope_for
from outpost.assign.models import BranchMembership, CommitteeSeat, HouseholdAssignment
from outpost.core.models import AuditEvent
from outpost.force.models import Cadre, Posting
from outpost.geo.models import Village
from outpost.grassroots.models import PartyBranch
from outpost.imports.engine import Importer
from outpost.imports.samples import households_file
from outpost.people.models import Household, PovertyAssessment, Resident

pytestmark = pytest.mark.django_db

HOUSEHOLDS = [
    {
        "commune_code": "04087",
        "household_code": "HH-001",
        "village": "Bản Huổi Lếch",
        "head_name": "Lò Văn Pánh",
        "is_policy_family": "x",
    },
    {"commune_code": "04087", "household_code": "HH-002", "village": "ban huoi lech"},
    {"commune_code": "04099", "household_code": "HH-003", "village": "Bản Nậm Ty"},
]
RESIDENTS = [
    {
        "commune_code": "04087",
        "household_code": "HH-001",
        "full_name": "Lò Văn Pánh",
        "relation": "chủ hộ",
        "sex": "Nam",
        "birth_year": 1970,
        "ethnic_group": "Thái",
        "is_village_elder": "x",
    },
    {
        "commune_code": "04087",
        "household_code": "HH-001",
        "full_name": "Lò Thị Ón",
        "relation": "vợ",
        "sex": "Nữ",
        "birth_date": "12/03/1974",
    },
    {
        "commune_code": "04099",
        "household_code": "HH-003",
        "full_name": "Giàng A Dế",
        "relation": "head",
        "sex": "M",
        "birth_year": 1980,
        "ethnic_group": "Hmông",
    },
]
VILLAGES = [{"commune_code": "04099", "name": "Bản Nậm Ty", "kind": "bản", "is_border": "có"}]


def full_file(workbook):  # type: ignore[no-untyped-def]
    return workbook(
        {
            "villages": VILLAGES,
            "households": HOUSEHOLDS,
            "residents": RESIDENTS,
            "poverty": [
                {
                    "commune_code": "04087",
                    "household_code": "HH-001",
                    "year": 2024,
                    "area": "nông thôn",
                    "income": "1.200.000",
                    "deprivations": "1, 3, housing_quality",
                },
                {
                    "commune_code": "04099",
                    "household_code": "HH-003",
                    "year": 2024,
                    "area": "rural",
                    "income": 1_400_000,
                },
            ],
            "branches": [
                {
                    "commune_code": "04087",
                    "village": "Bản Huổi Lếch",
                    "name": "Chi bộ bản Huổi Lếch",
                    "established_on": dt.date(2015, 3, 1),
                    "has_committee": "x",
                }
            ],
            "household_assignments": [
                {
                    "service_number": "A-001",
                    "commune_code": "04087",
                    "household_code": "HH-001",
                    "valid_from": dt.date(2025, 8, 1),
                    "decision": "QĐ 12/ĐBP",
                }
            ],
            "branch_memberships": [
                {
                    "service_number": "A-001",
                    "commune_code": "04087",
                    "village": "Bản Huổi Lếch",
                    "valid_from": "01/08/2025",
                }
            ],
            "committee_seats": [
                {
                    "service_number": "A-001",
                    "unit_code": "04087",
                    "role": "Phó Bí thư",
                    "valid_from": dt.date(2025, 7, 15),
                }
            ],
        }
    )


def counts() -> dict[str, int]:
    return {
        "villages": Village.objects.count(),
        "households": Household.objects.count(),
        "residents": Resident.objects.count(),
        "assessments": PovertyAssessment.objects.count(),
        "branches": PartyBranch.objects.count(),
        "assignments": HouseholdAssignment.objects.count(),
        "memberships": BranchMembership.objects.count(),
        "seats": CommitteeSeat.objects.count(),
        "events": AuditEvent.objects.count(),
    }


def test_a_valid_file_imports_every_sheet(world, workbook):
    before = counts()
    report = Importer(
        actor=world.users["officer_a"],
        scope=scope_for(world.users["officer_a"]),
        file_name="full.xlsx",
    ).run(full_file(workbook))
    assert report.errors == []
    assert report.written
    after = counts()
    assert after["villages"] == before["villages"] + 1
    assert after["households"] == before["households"] + 3
    assert after["residents"] == before["residents"] + 3
    assert after["assessments"] == 1 + 1
    assert after["branches"] == after["assignments"] == after["memberships"] == 1
    assert after["seats"] == 1
    household = Household.objects.get(commune=world.commune_a1, code="HH-001")
    assert household.village == world.village_a1
    assert household.is_policy_family
    assert household.search_name == "hh-001 lo van panh"
    assert household.head is not None and household.head.full_name == "Lò Văn Pánh"
    assert household.poverty_status == "poor" and household.poverty_year == 2024
    spouse = Resident.objects.get(full_name="Lò Thị Ón")
    assert (spouse.relation, spouse.sex, spouse.birth_year) == ("spouse", "F", 1974)
    assert spouse.birth_date == dt.date(1974, 3, 12) and spouse.created_at is not None
    assert spouse.household_id == household.pk
    assert Resident.objects.get(full_name="Giàng A Dế").ethnic_group.name in {"Mông", "Hmông"}
    near_poor = PovertyAssessment.objects.get(household__code="HH-003")
    assert near_poor.status == "near_poor" and near_poor.standard.code == "ND07-2021"
    seat = CommitteeSeat.objects.get()
    assert seat.role == "deputy_secretary" and seat.unit == world.commune_a1


def test_importing_the_same_file_again_adds_nothing(world, workbook):
    path = full_file(workbook)
    Importer(file_name="full.xlsx").run(path)
    once = counts()
    report = Importer(file_name="full.xlsx").run(path)
    assert report.errors == []
    assert counts() == once
    assert all(s.creates == [] and s.updates == [] for s in report.sheets)
    assert sum(s.unchanged for s in report.sheets) == sum(s.rows for s in report.sheets)


def test_every_imported_record_has_its_audit_event_marked_as_an_import(world, workbook):
    officer = world.users["officer_a"]
    Importer(actor=officer, scope=scope_for(officer), file_name="full.xlsx").run(
        full_file(workbook)
    )
    records = [
        *Household.objects.filter(code__startswith="HH-"),
        *Resident.objects.all(),
        *PovertyAssessment.objects.all(),
        *PartyBranch.objects.all(),
        *HouseholdAssignment.objects.all(),
        *BranchMembership.objects.all(),
        *CommitteeSeat.objects.all(),
        Village.objects.get(name="Bản Nậm Ty"),
    ]
    for record in records:
        event = AuditEvent.objects.get(
            object_type=record._meta.label_lower, object_id=str(record.pk), action="create"
        )
        assert event.source == AuditEvent.Source.IMPORT
        assert event.actor == officer
    resident_event = AuditEvent.objects.get(
        object_type="people.resident", object_id=str(Resident.objects.get(full_name="Lò Thị Ón").pk)
    )
    assert resident_event.commune_id == world.commune_a1.pk
    assert resident_event.changes["full_name"] == [None, "Lò Thị Ón"]


def test_a_file_with_errors_is_refused_whole_with_every_error_listed(world, workbook):
    path = workbook(
        {
            "households": [
                HOUSEHOLDS[0],
                {"commune_code": "99999", "household_code": "X1", "village": "Bản A"},
                {"commune_code": "04087", "household_code": "X2", "village": "Bản Không Có"},
                {"commune_code": "04087", "household_code": "HH-001", "village": "Bản Huổi Lếch"},
            ],
            "residents": [
                {
                    "commune_code": "04087",
                    "household_code": "HH-001",
                    "full_name": "Lò Văn A",
                    "relation": "chú",
                    "sex": "M",
                    "birth_year": "năm 70",
                },
                {
                    "commune_code": "04087",
                    "household_code": "HH-001",
                    "full_name": "Lò Văn B",
                    "relation": "child",
                    "sex": "M",
                    "birth_year": 2001,
                    "birth_date": "2002-01-01",
                },
            ],
        },
        name="bad.xlsx",
    )
    before = counts()
    report = Importer(file_name="bad.xlsx").run(path)
    assert not report.written
    assert counts() == before
    found = {(e.sheet, e.row, e.column, e.value) for e in report.errors}
    assert found == {
        ("Hộ - Households", 3, "Mã xã / Commune code", "99999"),
        ("Hộ - Households", 4, "Thôn bản / Village", "Bản Không Có"),
        ("Hộ - Households", 5, "", ""),  # repeats row 2
        ("Nhân khẩu - Residents", 2, "Quan hệ với chủ hộ / Relation to the head", "chú"),
        ("Nhân khẩu - Residents", 2, "Năm sinh / Birth year", "năm 70"),
        ("Nhân khẩu - Residents", 3, "Năm sinh / Birth year", ""),  # from Resident.clean()
    }
    assert all(e.file == "bad.xlsx" and e.message for e in report.errors)


def test_errors_are_given_in_the_users_language(world, workbook):
    path = workbook(
        {"households": [{"commune_code": "99999", "household_code": "X", "village": "B"}]}
    )
    with translation.override("en"):
        report = Importer(file_name="f.xlsx").run(path)
    assert report.errors[0].message == "No commune has code 99999."


def test_a_dry_run_writes_nothing_but_counts_what_it_would_do(world, workbook):
    before = counts()
    report = Importer(file_name="full.xlsx").run(full_file(workbook), dry_run=True)
    assert report.ok and not report.written
    assert counts() == before
    assert report.counts()["households"] == {"create": 3, "update": 0, "unchanged": 0}
    assert report.counts()["villages"] == {"create": 1, "update": 0, "unchanged": 0}


def test_officer_a_cannot_import_into_a_commune_of_post_b(world, workbook):
    path = workbook(
        {
            "households": [
                HOUSEHOLDS[0],
                {"commune_code": "04240", "household_code": "B-9", "village": "Bản Pá Lông"},
            ]
        }
    )
    officer = world.users["officer_a"]
    before = counts()
    report = Importer(actor=officer, scope=scope_for(officer), file_name="f.xlsx").run(path)
    assert [(e.row, e.value) for e in report.errors] == [(3, "04240")]
    assert counts() == before


def test_a_read_only_user_cannot_import(world, workbook):
    partner = world.users["partner_a1"]
    report = Importer(actor=partner, scope=scope_for(partner), file_name="f.xlsx").run(
        workbook({"households": HOUSEHOLDS[:1]})
    )
    assert len(report.errors) == 1 and not report.written


def test_a_changed_value_is_an_update_with_its_old_and_new_value(world, workbook):
    Importer(file_name="a.xlsx").run(workbook({"households": HOUSEHOLDS[:1]}))
    changed = {**HOUSEHOLDS[0], "head_name": "Lò Văn Pành", "is_policy_family": None}
    report = Importer(file_name="b.xlsx").run(workbook({"households": [changed]}, name="b.xlsx"))
    assert report.counts()["households"] == {"create": 0, "update": 1, "unchanged": 0}
    household = Household.objects.get(code="HH-001")
    assert household.head_name == "Lò Văn Pành"
    assert household.is_policy_family  # an empty cell leaves the value as it is
    assert household.search_name == "hh-001 lo van panh"
    event = AuditEvent.objects.get(
        object_type="people.household", object_id=str(household.pk), action="update"
    )
    assert event.changes == {"head_name": ["Lò Văn Pánh", "Lò Văn Pành"]}


def test_a_cadre_is_created_with_a_posting_and_checked_by_the_assignment_rules(world, workbook):
    path = workbook(
        {
            "cadres": [
                {
                    "service_number": "A-777",
                    "full_name": "Quàng Văn Thắng",
                    "rank": "Thượng úy",
                    "unit_code": "DBP-A",
                    "posted_on": dt.date(2024, 1, 1),
                    "category": "sĩ quan",
                }
            ],
            "household_assignments": [
                {
                    "service_number": "A-777",
                    "commune_code": "04240",
                    "household_code": "B-1",
                    "valid_from": dt.date(2025, 8, 1),
                }
            ],
        }
    )
    with translation.override("en"):
        report = Importer(file_name="c.xlsx").run(path)
    # Not a Party member, and post B's commune has no household B-1: both said.
    messages = " ".join(e.message for e in report.errors)
    assert "No household has this code" in messages
    assert not Cadre.objects.filter(service_number="A-777").exists()

    ok = workbook(
        {
            "cadres": [
                {
                    "service_number": "A-777",
                    "full_name": "Quàng Văn Thắng",
                    "rank": "thuong_uy",
                    "unit_code": "DBP-A",
                    "posted_on": dt.date(2024, 1, 1),
                }
            ]
        },
        name="ok.xlsx",
    )
    assert Importer(file_name="ok.xlsx").run(ok).ok
    cadre = Cadre.objects.get(service_number="A-777")
    assert cadre.rank == "thuong_uy" and cadre.search_name == "quang van thang"
    assert Posting.objects.get(cadre=cadre).valid_from == dt.date(2024, 1, 1)


def test_an_assignment_outside_the_cadres_area_is_refused(world, workbook):
    from outpost.people.services import household_create

    household_create(actor=None, village=world.village_b1, code="B-1")
    path = workbook(
        {
            "household_assignments": [
                {
                    "service_number": "A-001",
                    "commune_code": "04240",
                    "household_code": "B-1",
                    "valid_from": dt.date(2025, 8, 1),
                }
            ]
        }
    )
    with translation.override("en"):
        report = Importer(file_name="f.xlsx").run(path)
    assert len(report.errors) == 1
    assert "area of responsibility" in report.errors[0].message
    assert report.errors[0].column == "Mã hộ / Household code"


def test_two_thousand_rows_import_and_a_second_time_add_nothing(world, tmp_path):
    path = households_file(
        tmp_path / "sample.xlsx", commune_codes=["04087", "04099"], households=500
    )
    report = Importer(file_name="sample.xlsx").run(path)
    assert report.ok, report.errors[:5]
    assert report.total_rows >= 2000
    assert Household.objects.filter(code__startswith="H0").count() == 500
    assert Resident.objects.count() == 1500
    events = AuditEvent.objects.filter(source="import").count()
    assert events == report.total_rows - 1  # one village of the file already existed
    again = Importer(file_name="sample.xlsx").run(path)
    assert again.ok and AuditEvent.objects.filter(source="import").count() == events
    assert Household.objects.filter(head__isnull=True, code__startswith="H0").count() == 0


def test_writing_costs_no_query_per_row(world, tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = households_file(tmp_path / "s.xlsx", commune_codes=["04087"], households=20)
    large = households_file(tmp_path / "l.xlsx", commune_codes=["04099"], households=200)
    with CaptureQueriesContext(connection) as few:
        assert Importer(file_name="s.xlsx").run(small).ok
    with CaptureQueriesContext(connection) as many:
        assert Importer(file_name="l.xlsx").run(large).ok
    assert len(many) - len(few) < 40  # batches, not rows (180 more households and residents)


def test_a_second_running_assignment_of_the_same_cadre_and_household_is_refused(world, workbook):
    from outpost.people.services import household_create

    household_create(actor=None, village=world.village_a1, code="A-9")
    row = {"service_number": "A-001", "commune_code": "04087", "household_code": "A-9"}
    path = workbook(
        {
            "household_assignments": [
                {**row, "valid_from": dt.date(2025, 8, 1)},
                {**row, "valid_from": dt.date(2025, 9, 1)},
            ]
        }
    )
    with translation.override("en"):
        report = Importer(file_name="f.xlsx").run(path)
    assert [e.message for e in report.errors] == [
        "Lò Văn Pánh is already in charge of household A-9."
    ]
    assert report.errors[0].row == 3
