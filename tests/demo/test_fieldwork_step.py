"""The field work step of the demo: activities of every kind touching the households in the
posts' charge, outcomes, enrollments and a flash flood, through the services, on the real units
of Sơn La."""

from __future__ import annotations

import pytest
from django.db.models import Max
from django.utils import timezone

from outpost.assign.models import HouseholdAssignment
from outpost.core.models import AuditEvent
from outpost.demo.plan import REORG
from outpost.demo.runner import build_demo
from outpost.fieldwork.models import (
    DEFAULT_VISIT_INTERVAL_DAYS,
    Activity,
    ActivityHousehold,
    ActivityKind,
    Conversion,
    DamageRepair,
    Deployment,
    Disaster,
    Enrollment,
    Evacuation,
    HouseSupport,
    Loan,
)
from outpost.reports.groups import group_report

from .conftest import load_province


@pytest.fixture(scope="class")
def demo(shared_database, django_db_blocker):
    """One small build for the class, rolled back after its last test."""
    with django_db_blocker.unblock(), shared_database.scratch():
        load_province(14)
        yield build_demo(seed=1, scale=0.15)


class TestTheDemoFieldWork:
    def test_there_are_activities_of_every_preloaded_kind_within_the_window(self, demo, db):
        today = timezone.localdate()
        kinds = set(Activity.objects.values_list("kind__code", flat=True))
        assert kinds == set(ActivityKind.objects.values_list("code", flat=True))
        first = max(REORG, today.replace(year=today.year - 2))
        dates = Activity.objects.values_list("date", flat=True)
        assert first <= min(dates) and max(dates) <= today
        assert demo.counts["activities"] == Activity.objects.count()
        assert Activity.objects.filter(voided_at__isnull=False).count() == 2

    def test_visits_touch_households_in_the_charge_of_the_visiting_cadres(self, demo, db):
        visits = Activity.objects.filter(kind__code="household_visit").prefetch_related(
            "cadres", "touches"
        )
        assert visits.count() > 20
        for visit in visits:
            cadres = list(visit.cadres.all())
            assert cadres
            for touch in visit.touches.all():
                assert touch.date == visit.date
                in_charge = HouseholdAssignment.objects.filter(
                    cadre__in=cadres, household_id=touch.household_id
                )
                assert any(a.is_valid_on(visit.date) for a in in_charge)

    def test_follow_ups_show_households_visited_lately_due_and_overdue(self, demo, db):
        today = timezone.localdate()
        last = dict(
            ActivityHousehold.objects.filter(
                activity__voided_at__isnull=True, activity__kind__code="household_visit"
            )
            .values("household_id")
            .annotate(last=Max("date"))
            .values_list("household_id", "last")
        )
        current = HouseholdAssignment.objects.filter(valid_to__isnull=True)
        ages = [(today - last[a.household_id]).days for a in current if a.household_id in last]
        interval = DEFAULT_VISIT_INTERVAL_DAYS
        assert any(age < interval - 7 for age in ages)  # visited lately
        assert any(interval - 7 <= age <= interval for age in ages)  # due within the week
        assert any(age > interval for age in ages)  # overdue

    def test_outcomes_name_the_activity_that_brought_them_about(self, demo, db):
        assert Conversion.objects.filter(kind=Conversion.Kind.CROP).exists()
        assert Conversion.objects.filter(kind=Conversion.Kind.LIVESTOCK).exists()
        assert Loan.objects.exists()
        assert HouseSupport.objects.filter(kind=HouseSupport.Kind.BUILT).exists()
        for model in (Conversion, Loan, HouseSupport):
            for outcome in model.objects.select_related("activity", "household"):
                assert outcome.activity is not None
                assert outcome.activity.households.filter(pk=outcome.household_id).exists()

    def test_enrollments_in_the_preloaded_programs_some_ended_with_a_reason(self, demo, db):
        programs = set(Enrollment.objects.values_list("program__code", flat=True))
        assert {
            "nang-buoc-em-toi-truong",
            "con-nuoi-don-bien-phong",
            "dong-hanh-cung-phu-nu-bien-cuong",
            "mai-am-cho-nguoi-ngheo-noi-bien-gioi",
        } <= programs
        ended = Enrollment.objects.filter(status=Enrollment.Status.ENDED)
        assert ended.exists() and Enrollment.objects.filter(ended_on__isnull=True).exists()
        assert all(e.ended_on and e.end_reason for e in ended)
        assert len({e.end_reason for e in ended}) >= 2

    def test_one_flash_flood_with_an_evacuation_a_repair_and_a_deployment(self, demo, db):
        (flood,) = Disaster.objects.all()
        assert flood.kind == Disaster.Kind.FLASH_FLOOD
        evacuation = Evacuation.objects.get(disaster=flood)
        assert evacuation.households.count() == evacuation.households_moved > 0
        assert DamageRepair.objects.filter(disaster=flood).count() == 1
        assert Deployment.objects.get(disaster=flood).cadre_count >= 5
        assert set(
            Activity.objects.filter(disaster=flood).values_list("kind__code", flat=True)
        ) == {"disaster_prevention", "disaster_rebuilding"}

    def test_every_field_work_record_has_its_command_line_audit_event(self, demo, db):
        created = set(
            AuditEvent.objects.filter(action="create").values_list("object_type", "object_id")
        )
        for model in (Activity, Conversion, Loan, HouseSupport, Enrollment, Disaster, Evacuation):
            label = model._meta.label_lower
            for pk in model.objects.values_list("pk", flat=True):
                assert (label, str(pk)) in created, f"{label} {pk} has no audit event"
        sources = set(
            AuditEvent.objects.filter(object_type__startswith="fieldwork.").values_list(
                "source", flat=True
            )
        )
        assert sources == {AuditEvent.Source.CLI}

    def test_the_command_reports_the_field_work_over_the_window(self, demo, db):
        today = timezone.localdate()
        figures = group_report("fieldwork", "BCH-14", date_from=REORG, date_to=today)["indicators"]
        standing = Activity.objects.filter(voided_at__isnull=True)
        assert figures["activities_total"] == standing.count()
        assert figures["activities_household_visit"] == (
            standing.filter(kind__code="household_visit").count()
        )
        assert figures["loans_facilitated"] == Loan.objects.count()
        assert figures["people_evacuated"] == Evacuation.objects.get().people_moved
        enrollments = list(Enrollment.objects.all())
        assert figures["enrollments_active_in_period"] == len(
            [
                e
                for e in enrollments
                if e.started_on <= today and (e.ended_on is None or e.ended_on > REORG)
            ]
        )
        on_date = group_report("fieldwork", "BCH-14", on=today)["indicators"]
        assert on_date["enrollments_active"] == len(
            [e for e in enrollments if e.started_on <= today and e.ended_on is None]
        )
        assert figures["support_paid_vnd"] > 0
