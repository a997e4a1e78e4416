"""Field work records with known counts for the figure tests, on top of the shared `world`.

Every record is made through the services and also written down in `FieldRecords` as plain
values, so the tests can count what should be counted row by row, independently of SQL.

Post A (communes A1 and A2 from 1 July 2025, the old commune A1 before), post B (commune B1).
August 2025 is the period most tests report on; records in July and September, voided ones
and post B's must not count in it. One activity of March 2025 in the old commune counts in
post A's 2025 figures through the merger."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

import pytest

from outpost.core import audit
from outpost.core.models import REORGANISATION_DATE as REORG
from outpost.fieldwork.models import (
    ActivityKind,
    Conversion,
    DamageRepair,
    Disaster,
    Enrollment,
    HouseSupport,
    Program,
)
from outpost.fieldwork.services.activities import activity_record, activity_void
from outpost.fieldwork.services.disasters import (
    damage_repair_create,
    deployment_create,
    disaster_create,
    disaster_void,
    evacuation_create,
    response_void,
)
from outpost.fieldwork.services.outcomes import (
    conversion_record,
    house_support_record,
    loan_record,
    outcome_void,
)
from outpost.fieldwork.services.programs import enrollment_create, enrollment_end
from outpost.geo.services import village_create
from outpost.people.models import Household, Resident
from outpost.people.services import household_create, resident_add
from tests.shared_database import copy_onto

AUG_1 = dt.date(2025, 8, 1)
AUG_31 = dt.date(2025, 8, 31)
YEAR_START = dt.date(2025, 1, 1)
YEAR_END = dt.date(2025, 12, 31)


@dataclass
class Row:
    """What a record says, for counting by hand."""

    kind: str
    commune: Any
    day: dt.date
    village: Any = None
    households: tuple[str, ...] = ()
    people: int = 0
    voided: bool = False
    visit: bool = True
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class FieldRecords:
    world: Any
    households: dict[str, Household]
    village_a2: Any
    old_village: Any
    local_kind: ActivityKind
    activities: list[Row]
    conversions: list[Row]
    loans: list[Row]
    houses: list[Row]
    enrollments: list[Enrollment]
    responses: list[Row]


def _resident(household: Household, name: str) -> Resident:
    return resident_add(
        actor=None,
        household=household,
        full_name=name,
        relation=Resident.Relation.CHILD,
        sex="F",
        birth_year=2014,
    )


@pytest.fixture
def field(field_for_the_module: tuple[FieldRecords, Any], world: Any) -> FieldRecords:
    """Fresh instances of the records built once for the test module (tests/fieldwork/
    conftest.py), on the test's `world`."""
    records, built_on = field_for_the_module
    return cast(FieldRecords, copy_onto(records, built_on, world))


def build_field(world: Any) -> FieldRecords:
    w = world
    kinds = {k.code: k for k in ActivityKind.objects.all()}
    # A kind added locally after installation: no figure of its own, counted in the totals.
    local_kind = audit.audited_create(
        ActivityKind(code="veterinary_care", name_vi="Thú y", name_en="Veterinary care"),
        actor=None,
    )
    kinds[local_kind.code] = local_kind
    village_a2 = village_create(actor=None, commune=w.commune_a2, name="Bản Nậm Xe")
    old_village = village_create(actor=None, commune=w.old_commune_a1, name="Bản Cũ")

    def hh(village: Any, code: str, valid_from: dt.date | None = REORG) -> Household:
        return household_create(actor=None, village=village, code=code, valid_from=valid_from)

    households = {
        "H1": hh(w.village_a1, "H1"),
        "H2": hh(w.village_a1, "H2"),
        "H3": hh(w.village_a1, "H3"),
        "H4": hh(w.village_a1, "H4"),
        "H6": hh(village_a2, "H6"),
        "H5": hh(w.village_b1, "H5"),
        "OH1": hh(old_village, "OH1", valid_from=None),
    }
    a1, a2, b1, old = w.commune_a1, w.commune_a2, w.commune_b1, w.old_commune_a1
    V = w.village_a1
    activities = [
        Row("household_visit", a1, dt.date(2025, 8, 5), V, ("H1", "H2"), 5),
        Row("household_visit", a1, dt.date(2025, 8, 20), V, ("H1",), 3),
        Row("teaching", a1, dt.date(2025, 8, 10), V, ("H3",), 20, visit=False),
        Row("gift_visit", a1, dt.date(2025, 8, 12), V, (), 7),
        Row("household_visit", a1, dt.date(2025, 8, 15), V, ("H4",), 4, voided=True),
        Row("household_visit", a1, dt.date(2025, 7, 31), V, ("H4",), 2),
        Row("household_visit", a1, dt.date(2025, 9, 1), V, ("H4",), 2),
        Row("medical_care", a1, dt.date(2025, 8, 31), None, (), 11),  # commune only
        Row("household_visit", b1, dt.date(2025, 8, 6), w.village_b1, ("H5",), 4),
        Row("household_visit", old, dt.date(2025, 3, 10), old_village, ("OH1",), 6),
        Row("veterinary_care", a2, dt.date(2025, 8, 18), village_a2, ("H6",), 9),
    ]
    for n, row in enumerate(activities):
        unit = w.post_b if row.commune == b1 else w.post_a
        made = activity_record(
            actor=None,
            client_id=uuid.UUID(int=n + 1),
            kind=kinds[row.kind],
            date=row.day,
            force_unit=unit,
            village=row.village,
            commune=row.commune,
            cadres=[w.cadre_b if unit == w.post_b else w.cadre_a],
            households=[households[c] for c in row.households],
            people_reached=row.people,
        ).activity
        if row.voided:
            activity_void(actor=None, activity=made, reason="recorded twice")

    C = Conversion.Kind
    conversions = [
        Row(C.CROP, a1, dt.date(2025, 1, 1), V, ("H1",), values={"to": "Chè", "ha": "1.25"}),
        Row(C.CROP, a1, dt.date(2025, 1, 1), V, ("H2",), values={"to": "Chè", "ha": "0.50"}),
        Row(C.CROP, a1, dt.date(2025, 1, 1), V, ("H3",), values={"to": "Mận", "ha": "2.05"}),
        Row(C.CROP, a1, dt.date(2024, 1, 1), V, ("H1",), values={"to": "Mận", "ha": "2.00"}),
        Row(
            C.CROP,
            a1,
            dt.date(2025, 1, 1),
            V,
            ("H4",),
            voided=True,
            values={"to": "Chè", "ha": "3.00"},
        ),
        Row(C.LIVESTOCK, a1, dt.date(2025, 1, 1), V, ("H2",), values={"to": "Bò", "heads": 4}),
        Row(
            C.CROP, b1, dt.date(2025, 1, 1), w.village_b1, ("H5",), values={"to": "Chè", "ha": "1"}
        ),
    ]
    for row in conversions:
        made_c = conversion_record(
            actor=None,
            household=households[row.households[0]],
            kind=row.kind,
            from_name="Ngô",
            to_name=row.values["to"],
            year=row.day.year,
            area_ha=Decimal(row.values["ha"]) if "ha" in row.values else None,
            heads=row.values.get("heads"),
        )
        if row.voided:
            outcome_void(actor=None, outcome=made_c, reason="wrong household")

    loans = [
        Row("loan", a1, dt.date(2025, 8, 3), V, ("H1",), values={"amount": 30_000_000}),
        Row("loan", a1, dt.date(2025, 8, 25), V, ("H2",), values={"amount": 50_000_000}),
        Row("loan", a1, dt.date(2025, 9, 2), V, ("H3",), values={"amount": 20_000_000}),
        Row("loan", a1, dt.date(2025, 8, 10), V, ("H3",), voided=True, values={"amount": 10**7}),
        Row("loan", b1, dt.date(2025, 8, 10), w.village_b1, ("H5",), values={"amount": 7}),
    ]
    for row in loans:
        made_l = loan_record(
            actor=None,
            household=households[row.households[0]],
            granted_on=row.day,
            amount=row.values["amount"],
        )
        if row.voided:
            outcome_void(actor=None, outcome=made_l, reason="entered twice")

    K = HouseSupport.Kind
    houses = [
        Row(K.BUILT, a1, dt.date(2025, 8, 20), V, ("H3",)),
        Row(K.REPAIRED, a1, dt.date(2025, 8, 30), V, ("H1",)),
        Row(K.REPAIRED, a1, dt.date(2025, 8, 15), V, ("H2",), voided=True),
        Row(K.BUILT, a1, dt.date(2025, 7, 20), V, ("H4",)),
        Row(K.BUILT, a2, dt.date(2025, 8, 2), village_a2, ("H6",)),
    ]
    for row in houses:
        made_h = house_support_record(
            actor=None, household=households[row.households[0]], kind=row.kind, completed_on=row.day
        )
        if row.voided:
            outcome_void(actor=None, outcome=made_h, reason="not finished")

    school = Program.objects.get(code="nang-buoc-em-toi-truong")
    spring = Program.objects.get(code="xuan-bien-phong-am-long-dan-ban")
    e1 = enrollment_create(
        actor=None,
        program=school,
        resident=_resident(households["H1"], "Lò Thị Một"),
        started_on=dt.date(2025, 3, 15),
        sponsor_unit=w.post_a,
        monthly_support=500_000,
    )
    e2 = enrollment_create(
        actor=None,
        program=school,
        resident=_resident(households["H2"], "Lò Thị Hai"),
        started_on=dt.date(2025, 6, 1),
        sponsor_cadre=w.cadre_a,
        monthly_support=300_000,
    )
    # Spans the start of August: paid for August (active on the 1st), not active on the 31st.
    enrollment_end(
        actor=None,
        enrollment=e2,
        on=dt.date(2025, 8, 20),
        reason=Enrollment.EndReason.LEFT_SCHOOL,
    )
    e3 = enrollment_create(
        actor=None,
        program=spring,
        household=households["H3"],
        started_on=dt.date(2025, 8, 2),
        sponsor_unit=w.post_a,
        monthly_support=1_000_000,
    )
    e4 = enrollment_create(
        actor=None,
        program=spring,
        household=households["H5"],
        started_on=dt.date(2025, 1, 1),
        sponsor_unit=w.post_b,
        monthly_support=900_000,
    )
    # A flash flood in communes A1 and B1 (August), and one recorded by mistake and voided: its
    # evacuation must not count either.
    flood = disaster_create(
        actor=None,
        kind=Disaster.Kind.FLASH_FLOOD,
        name="Lũ quét tháng 8",
        started_on=dt.date(2025, 8, 7),
        communes=[a1, b1],
        force_unit=w.command,
    )
    mistake = disaster_create(
        actor=None,
        kind=Disaster.Kind.FLOOD,
        name="Nhập nhầm",
        started_on=dt.date(2025, 8, 7),
        communes=[a1],
        force_unit=w.post_a,
    )
    responses = [
        Row("evacuation", a1, dt.date(2025, 8, 8), V, values={"people": 40, "households": 12}),
        Row("evacuation", a1, dt.date(2025, 8, 9), None, values={"people": 9, "households": 2}),
        Row(
            "evacuation",
            a1,
            dt.date(2025, 8, 8),
            V,
            voided=True,
            values={"people": 100, "households": 30},
        ),
        Row("evacuation", b1, dt.date(2025, 8, 8), None, values={"people": 7, "households": 1}),
        Row("evacuation", a1, dt.date(2025, 9, 3), V, values={"people": 5, "households": 1}),
        Row(
            "evacuation",
            a1,
            dt.date(2025, 8, 8),
            V,
            values={"people": 1000, "households": 300, "mistake": True},
        ),
        Row("repair", a1, dt.date(2025, 8, 12), V),
        Row("repair", a1, dt.date(2025, 8, 13), V, voided=True),
        Row("deployment", a1, dt.date(2025, 8, 8), None, values={"cadres": 15, "days": 3}),
        Row("deployment", a1, dt.date(2025, 8, 10), V, values={"cadres": 4, "days": 2}),
        Row("deployment", b1, dt.date(2025, 8, 8), None, values={"cadres": 6, "days": 1}),
    ]
    for row in responses:
        disaster = mistake if row.values.get("mistake") else flood
        unit = w.post_b if row.commune == b1 else w.post_a
        common = {
            "actor": None,
            "disaster": disaster,
            "commune": row.commune,
            "village": row.village,
            "on": row.day,
            "force_unit": unit,
        }
        made_r: Any
        if row.kind == "evacuation":
            made_r = evacuation_create(
                **common,
                people_moved=row.values["people"],
                households_moved=row.values["households"],
                destination="Trường tiểu học",
            )
        elif row.kind == "repair":
            made_r = damage_repair_create(**common, kind=DamageRepair.Kind.HOUSE, quantity=2)
        else:
            made_r = deployment_create(
                **common, cadre_count=row.values["cadres"], days=row.values["days"]
            )
        if row.voided:
            response_void(actor=None, response=made_r, reason="recorded twice")
    disaster_void(actor=None, disaster=mistake, reason="not a disaster")
    for row in responses:
        if row.values.get("mistake"):
            row.voided = True  # counts as voided: its disaster is

    return FieldRecords(
        world=w,
        households=households,
        village_a2=village_a2,
        old_village=old_village,
        local_kind=local_kind,
        activities=activities,
        conversions=conversions,
        loans=loans,
        houses=houses,
        enrollments=[e1, e2, e3, e4],
        responses=responses,
    )
