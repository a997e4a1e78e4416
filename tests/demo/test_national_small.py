"""The national generator at a tiny scale: the shape, the counts, the audit rows, the same
data for the same seed, and coverage figures that add up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import F

from outpost.accounts.models import User
from outpost.accounts.scope import scope_for
from outpost.assign.models import BranchMembership, CommitteeSeat, HouseholdAssignment
from outpost.core.models import AuditEvent
from outpost.demo import national
from outpost.demo.models import DemoRun
from outpost.force.models import AreaOfResponsibility, Cadre, ForceUnit
from outpost.geo.models import Village
from outpost.grassroots.models import PartyBranch
from outpost.people.models import Household, Resident
from outpost.reports.coverage import coverage

from .conftest import load_province

SCALE = 0.002  # about 1,000 households
ON = dt.date(2026, 1, 15)


@pytest.fixture(scope="module")
def provinces(shared_database: Any, django_db_blocker: Any) -> Iterator[list[Any]]:
    """Lai Châu (China) and Huế (Laos), from the real list; Hà Nội borders no one. Loaded once
    for the module; each test builds on them in its own transaction."""
    with django_db_blocker.unblock(), shared_database.scratch():
        yield [load_province(code) for code in (12, 46, 1)]


@pytest.fixture
def border_provinces(provinces: list[Any], db: Any, settings: Any) -> list[Any]:
    # The generated users' passwords: a fast hasher, these are throw-away test users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return provinces


@pytest.fixture(scope="class")
def built(provinces: list[Any], django_db_blocker: Any) -> Iterator[Any]:
    """One build (seed 3) for the tests that only read it, rolled back after the last."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield national.build_national(seed=3, scale=SCALE)
        transaction.set_rollback(True)


def facts() -> dict[str, Any]:
    return {
        "households": list(
            Household.objects.order_by("pk").values_list(
                "code", "commune__code", "village__name", "head_name", "is_near_border"
            )
        ),
        "residents": list(
            Resident.objects.order_by("pk").values_list("full_name", "relation", "birth_year")
        ),
        "cadres": list(
            Cadre.objects.order_by("service_number").values_list(
                "service_number", "full_name", "rank", "unit__code", "party_joined_on"
            )
        ),
        "assignments": sorted(
            HouseholdAssignment.objects.values_list("cadre__service_number", "household__code")
        ),
        "areas": sorted(
            AreaOfResponsibility.objects.values_list("force_unit__code", "commune__code")
        ),
    }


class Rollback(Exception):
    pass


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data(
    border_provinces: list[Any],
) -> None:
    def build(seed: int) -> dict[str, Any]:
        try:
            with transaction.atomic():
                national.build_national(seed=seed, scale=SCALE)
                found = facts()
                raise Rollback
        except Rollback:
            pass
        return found

    first = build(3)
    assert Household.objects.count() == 0  # rolled back
    assert build(3) == first
    assert build(4)["residents"] != first["residents"]


def test_the_demo_command_builds_it_once(border_provinces: list[Any]) -> None:
    out = StringIO()
    call_command("demo", "--scale", f"national:{SCALE}", "--seed", "2", stdout=out)
    assert "National data built" in out.getvalue()
    assert "2/2" in out.getvalue()  # progress per province
    again = StringIO()
    call_command("demo", "--scale", "national", "--once", stdout=again)
    assert "already loaded" in again.getvalue()
    with pytest.raises(CommandError):
        call_command("demo", "--scale", "national", stdout=StringIO())


class TestOneBuildAtATinyScale:
    """Tests that read the generated data share one build."""

    def test_it_builds_the_border_provinces_at_a_tiny_scale(self, built: Any, db: Any) -> None:
        households = Household.objects.count()
        assert 900 <= households <= 1100
        residents = Resident.objects.count()
        assert 3.5 <= residents / households <= 4.5
        assert Household.objects.filter(head__isnull=True).count() == 0
        assert not Household.objects.exclude(head__household_id=F("pk")).exists()
        commands = ForceUnit.objects.filter(kind=ForceUnit.Kind.PROVINCIAL_COMMAND)
        assert sorted(commands.values_list("code", flat=True)) == ["BCH-12", "BCH-46"]
        assert ForceUnit.objects.filter(kind__in=["border_post", "border_gate_post"]).count() == 2
        assert Cadre.objects.count() == 2 * 4
        assert HouseholdAssignment.objects.exists()
        assert PartyBranch.objects.exists()
        assert CommitteeSeat.objects.exists()
        assert built.counts["households"] == households
        assert built.counts["residents"] == residents
        assert DemoRun.objects.get(plan="national").users["province-12"] == "province_staff"

    def test_every_generated_row_has_its_audit_event(self, built: Any, db: Any) -> None:
        for model in (Village, Household, Resident, Cadre, HouseholdAssignment, BranchMembership,
                      PartyBranch, CommitteeSeat):  # fmt: skip
            label = model._meta.label_lower
            events = AuditEvent.objects.filter(object_type=label, action="create")
            assert events.count() == model.objects.count(), label
        resident = Resident.objects.select_related("household").order_by("pk").first()
        assert resident is not None
        event = AuditEvent.objects.get(object_type="people.resident", object_id=str(resident.pk))
        assert event.commune_id == resident.household.commune_id
        assert event.changes["full_name"] == [None, resident.full_name]
        assert event.source == AuditEvent.Source.CLI

    def test_generated_names_are_searchable_without_diacritics(self, built: Any, db: Any) -> None:
        from outpost.core.text import fold

        for household in Household.objects.all()[:50]:
            assert household.search_name == fold(f"{household.code} {household.head_name}")
        for resident in Resident.objects.all()[:50]:
            assert resident.search_name == fold(resident.full_name)

    def test_coverage_counts_what_was_generated(self, built: Any, db: Any) -> None:
        figures = coverage("BDBP", ON)["indicators"]
        assert figures["households"] == Household.objects.count()
        assert figures["households_assisted"] == HouseholdAssignment.objects.count()
        assert figures["border_communes"] == AreaOfResponsibility.objects.count()
        assert figures["officers_in_commune_committees"] > 0

    def test_a_province_user_sees_only_their_province(self, built: Any, db: Any) -> None:
        scope = scope_for(User.objects.get(username="province-12"))
        mine = Household.objects.filter(commune_id__in=scope.commune_ids)
        assert mine.exists()
        assert set(mine.values_list("commune__parent__code", flat=True)) == {"12"}
