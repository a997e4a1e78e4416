from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from outpost.core.audit import history
from outpost.core.models import AuditEvent
from outpost.fieldwork.models import Enrollment, Program
from outpost.fieldwork.services import programs as services

from .fixtures_programs import (
    ADOPTED,
    SCHOOL,
    SPRING,
    child,
    household,
    local_program,
    program,
    scope_of,
    superuser,
)

D = dt.date


def _enroll(w, resident, code=SCHOOL, started_on=D(2025, 9, 1), scope=None, **extra):
    extra.setdefault("sponsor_unit", w.post_a)
    return services.enrollment_create(
        actor=None,
        program=program(code),
        resident=resident,
        started_on=started_on,
        scope=scope,
        **extra,
    )


def _message(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(exc.value.messages)


# --- the catalogue ------------------------------------------------------------------------


def test_the_five_force_wide_programs_are_in_the_catalogue(world):
    force_wide = Program.objects.filter(scope=Program.Scope.FORCE_WIDE)
    assert force_wide.count() == 5
    assert program(ADOPTED).max_age == 18


def test_a_post_officer_adds_a_local_program_of_their_post_and_it_is_audited(world):
    officer = world.users["officer_a"]
    created = services.program_create(
        actor=officer,
        scope=scope_of(world, "officer_a"),
        name_vi="Bát cơm biên giới",
        beneficiary="household",
        owner_unit=world.post_a,
        default_monthly_support=200_000,
    )
    assert created.scope == Program.Scope.LOCAL and created.code == "bat-com-bien-gioi"
    event = history(created).get()
    assert event.action == AuditEvent.Action.CREATE and event.actor == officer
    assert event.force_unit_id == world.post_a.pk


def test_a_local_program_cannot_be_given_to_another_post(world):
    with pytest.raises(ValidationError) as exc:
        services.program_create(
            actor=world.users["officer_a"],
            scope=scope_of(world, "officer_a"),
            name_vi="Bát cơm",
            beneficiary="household",
            owner_unit=world.post_b,
        )
    assert "one of your own units" in _message(exc)


def test_only_an_administrator_adds_or_changes_a_force_wide_program(world):
    with pytest.raises(ValidationError) as exc:
        services.program_create(
            actor=world.users["province_staff"],
            name_vi="Chương trình toàn lực lượng",
            beneficiary="resident",
            force_wide=True,
        )
    assert "Only an administrator" in _message(exc)
    with pytest.raises(ValidationError):
        services.program_update(
            actor=world.users["province_staff"], program=program(SCHOOL), description="x"
        )
    admin = superuser()
    created = services.program_create(
        actor=admin, name_vi="Chương trình toàn lực lượng", beneficiary="resident", force_wide=True
    )
    assert created.scope == Program.Scope.FORCE_WIDE and created.owner_unit is None


def test_a_program_ends_with_an_end_date_and_who_it_enrolls_is_fixed_once_used(world):
    local = local_program(world, world.post_a, "Nuôi heo giống")
    services.program_update(actor=None, program=local, ended_on=D(2026, 1, 1))
    local.refresh_from_db()
    assert local.ended_on == D(2026, 1, 1)
    assert history(local).filter(action=AuditEvent.Action.UPDATE).count() == 1
    kid = child(world.village_a1, "Lò Thị Heo", born=D(2012, 1, 1))
    _enroll(world, kid, code=local.code)
    with pytest.raises(ValidationError) as exc:
        services.program_update(actor=None, program=local, beneficiary="household")
    assert "cannot change" in _message(exc)


def test_a_local_program_cannot_be_moved_to_another_posts_unit(world):
    local = local_program(world, world.post_a, "Nuôi heo giống")
    with pytest.raises(ValidationError) as exc:
        services.program_update(
            actor=world.users["officer_a"],
            program=local,
            scope=scope_of(world, "officer_a"),
            owner_unit=world.post_b,
        )
    assert "one of your own units" in _message(exc)


# --- enrolling ----------------------------------------------------------------------------


def test_an_enrollment_takes_the_programs_usual_support_and_the_beneficiarys_commune(world):
    services.program_update(actor=None, program=program(SCHOOL), default_monthly_support=300_000)
    kid = child(world.village_a1, "Lò Thị Mai", born=D(2014, 5, 2))
    enrollment = _enroll(world, kid, scope=scope_of(world, "officer_a"))
    assert enrollment.monthly_support == 300_000
    assert enrollment.commune == world.commune_a1
    assert enrollment.status == Enrollment.Status.ACTIVE
    event = history(enrollment).get()
    assert event.action == AuditEvent.Action.CREATE and event.commune_id == world.commune_a1.pk


def test_a_household_cannot_be_enrolled_in_a_program_for_residents(world):
    home = household(world.village_a1, "H-01", "Lò Văn Một")
    with pytest.raises(ValidationError) as exc:
        services.enrollment_create(
            actor=None,
            program=program(SCHOOL),
            household=home,
            started_on=D(2025, 9, 1),
            sponsor_unit=world.post_a,
        )
    assert "enrolls residents, not households" in _message(exc)


def test_an_enrollment_names_exactly_one_beneficiary(world):
    kid = child(world.village_a1, "Lò Thị Mai", born=D(2014, 5, 2))
    with pytest.raises(ValidationError) as exc:
        _enroll(world, kid, household=kid.household)
    assert "exactly one resident, household or village" in _message(exc)


def test_a_beneficiary_outside_the_users_area_is_refused(world):
    kid_b = child(world.village_b1, "Giàng Thị Pà", born=D(2014, 5, 2))
    with pytest.raises(ValidationError) as exc:
        _enroll(world, kid_b, scope=scope_of(world, "officer_a"))
    assert "not in your area" in _message(exc)
    assert not Enrollment.objects.exists()


def test_the_sponsor_must_be_named_and_be_one_of_the_users(world):
    kid = child(world.village_a1, "Lò Thị Mai", born=D(2014, 5, 2))
    scope = scope_of(world, "officer_a")
    with pytest.raises(ValidationError) as exc:
        _enroll(world, kid, scope=scope, sponsor_unit=None)
    assert "Name the sponsor" in _message(exc)
    with pytest.raises(ValidationError) as exc:
        _enroll(world, kid, scope=scope, sponsor_unit=None, sponsor_cadre=world.cadre_b)
    assert "sponsoring cadre is not in one of your units" in _message(exc)
    with pytest.raises(ValidationError) as exc:
        _enroll(world, kid, scope=scope, sponsor_unit=world.post_b)
    assert "sponsoring unit is not one of yours" in _message(exc)
    assert _enroll(world, kid, scope=scope, sponsor_unit=None, sponsor_cadre=world.cadre_a).pk


def test_a_beneficiary_is_enrolled_once_at_a_time_in_a_program(world):
    kid = child(world.village_a1, "Lò Thị Mai", born=D(2014, 5, 2))
    first = _enroll(world, kid, started_on=D(2025, 1, 1))
    with pytest.raises(ValidationError) as exc:
        _enroll(world, kid, started_on=D(2025, 6, 1))
    assert "already enrolled in" in _message(exc) and "2025-01-01" in _message(exc)
    # Another program is another matter.
    assert _enroll(world, kid, code=ADOPTED, started_on=D(2025, 6, 1)).pk
    services.enrollment_end(actor=None, enrollment=first, on=D(2025, 7, 1), reason="completed")
    with pytest.raises(ValidationError):
        _enroll(world, kid, started_on=D(2025, 6, 15))  # still inside the ended period
    again = _enroll(world, kid, started_on=D(2025, 7, 1))
    assert again.pk and Enrollment.objects.filter(resident=kid, program__code=SCHOOL).count() == 2


def test_a_child_already_eighteen_is_not_adopted_by_the_post(world):
    kid = child(world.village_a1, "Lò Văn Lớn", born=D(2007, 3, 10))
    with pytest.raises(ValidationError) as exc:
        _enroll(world, kid, code=ADOPTED, started_on=D(2025, 3, 10))
    assert "Lò Văn Lớn is already 18 on 2025-03-10" in _message(exc)
    assert "until they turn 18" in _message(exc)
    assert _enroll(world, kid, code=ADOPTED, started_on=D(2025, 3, 9)).pk


def test_adopting_a_child_needs_their_birth(world):
    kid = child(world.village_a1, "Lò Văn Không Rõ")
    with pytest.raises(ValidationError) as exc:
        _enroll(world, kid, code=ADOPTED)
    assert "Record the birth date of Lò Văn Không Rõ first" in _message(exc)
    # A program without an age limit does not ask.
    assert _enroll(world, kid, code=SCHOOL).pk


def test_nobody_is_enrolled_in_a_program_after_it_ended(world):
    local = local_program(world, world.post_a, "Nuôi heo giống")
    services.program_update(actor=None, program=local, ended_on=D(2025, 6, 1))
    kid = child(world.village_a1, "Lò Thị Mai", born=D(2014, 5, 2))
    with pytest.raises(ValidationError) as exc:
        _enroll(world, kid, code=local.code, started_on=D(2025, 6, 1))
    assert "ended on 2025-06-01" in _message(exc)


def test_a_village_is_enrolled_in_a_program_for_villages(world):
    local = local_program(world, world.post_a, "Bản không ma túy", beneficiary="village")
    enrollment = services.enrollment_create(
        actor=None,
        program=local,
        village=world.village_a1,
        started_on=D(2025, 9, 1),
        sponsor_unit=world.post_a,
    )
    assert enrollment.commune == world.commune_a1
    assert enrollment.beneficiary_label == world.village_a1.name


def test_a_household_is_enrolled_in_a_program_for_households(world):
    home = household(world.village_a1, "H-02", "Lò Văn Hai")
    enrollment = services.enrollment_create(
        actor=None,
        program=program(SPRING),
        household=home,
        started_on=D(2025, 9, 1),
        sponsor_cadre=world.cadre_a,
    )
    assert enrollment.commune == world.commune_a1 and enrollment.beneficiary_label == "Lò Văn Hai"


# --- changing, suspending, ending ---------------------------------------------------------


def test_editing_an_enrollment_is_audited_and_keeps_the_rules(world):
    kid = child(world.village_a1, "Lò Thị Mai", born=D(2014, 5, 2))
    enrollment = _enroll(world, kid, monthly_support=200_000)
    scope = scope_of(world, "officer_a")
    services.enrollment_update(
        actor=None, enrollment=enrollment, scope=scope, monthly_support=250_000
    )
    event = history(enrollment).filter(action=AuditEvent.Action.UPDATE).get()
    assert event.changes["monthly_support"] == [200_000, 250_000]
    with pytest.raises(ValidationError) as exc:
        services.enrollment_update(
            actor=None, enrollment=enrollment, scope=scope, sponsor_unit=world.post_b
        )
    assert "sponsoring unit is not one of yours" in _message(exc)
    with pytest.raises(ValidationError):
        services.enrollment_update(actor=None, enrollment=enrollment, status="ended")


def test_moving_the_start_of_an_adoption_past_the_eighteenth_birthday_is_refused(world):
    kid = child(world.village_a1, "Lò Văn Lớn", born=D(2007, 3, 10))
    enrollment = _enroll(world, kid, code=ADOPTED, started_on=D(2024, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.enrollment_update(actor=None, enrollment=enrollment, started_on=D(2025, 4, 1))
    assert "already 18" in _message(exc)


def test_suspending_resuming_and_ending_an_enrollment(world):
    kid = child(world.village_a1, "Lò Thị Mai", born=D(2014, 5, 2))
    enrollment = _enroll(world, kid, started_on=D(2025, 1, 1))
    services.enrollment_suspend(actor=None, enrollment=enrollment, note="went to the lowlands")
    assert enrollment.status == Enrollment.Status.SUSPENDED
    with pytest.raises(ValidationError) as exc:
        services.enrollment_suspend(actor=None, enrollment=enrollment)
    assert "Only an active enrollment can be suspended" in _message(exc)
    services.enrollment_resume(actor=None, enrollment=enrollment)
    assert enrollment.status == Enrollment.Status.ACTIVE
    with pytest.raises(ValidationError) as exc:
        services.enrollment_end(actor=None, enrollment=enrollment, on=D(2025, 6, 1), reason="")
    assert "Choose why" in _message(exc)
    with pytest.raises(ValidationError) as exc:
        services.enrollment_end(
            actor=None, enrollment=enrollment, on=D(2025, 1, 1), reason="moved_away"
        )
    assert "must end after it started" in _message(exc)
    services.enrollment_end(
        actor=None, enrollment=enrollment, on=D(2025, 6, 1), reason="moved_away", note="to Hà Nội"
    )
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ENDED and enrollment.ended_on == D(2025, 6, 1)
    assert enrollment.end_reason == "moved_away" and enrollment.end_note == "to Hà Nội"
    assert history(enrollment).filter(action=AuditEvent.Action.END).count() == 1
    with pytest.raises(ValidationError) as exc:
        services.enrollment_end(
            actor=None, enrollment=enrollment, on=D(2025, 7, 1), reason="moved_away"
        )
    assert "already ended" in _message(exc)


# --- coming of age ------------------------------------------------------------------------


def test_birthdays_from_a_birth_date_a_birth_year_or_the_29th_of_february(world):
    assert services.birthday_at(child(world.village_a1, "A", born=D(2007, 3, 10)), 18) == D(
        2025, 3, 10
    )
    assert services.birthday_at(child(world.village_a1, "B", born=D(2008, 2, 29)), 18) == D(
        2026, 3, 1
    )
    assert services.birthday_at(child(world.village_a1, "C", birth_year=2007), 18) == D(
        2025, 12, 31
    )
    assert services.birthday_at(child(world.village_a1, "D"), 18) is None


def test_children_who_turned_eighteen_leave_the_adoption_on_their_birthday(world):
    grown = child(world.village_a1, "Lò Văn Lớn", born=D(2007, 6, 1))
    young = child(world.village_a1, "Lò Văn Nhỏ", born=D(2010, 6, 1))
    year_only = child(world.village_a1, "Lò Văn Năm", birth_year=2007)
    at_school = child(world.village_a1, "Lò Văn Học", born=D(2007, 1, 1))
    e_grown = _enroll(world, grown, code=ADOPTED, started_on=D(2020, 1, 1))
    e_young = _enroll(world, young, code=ADOPTED, started_on=D(2020, 1, 1))
    e_year = _enroll(world, year_only, code=ADOPTED, started_on=D(2020, 1, 1))
    e_school = _enroll(world, at_school, code=SCHOOL, started_on=D(2020, 1, 1))

    ended = services.enrollments_end_came_of_age(actor=None, on=D(2025, 6, 30))

    assert [e.pk for e in ended] == [e_grown.pk]
    e_grown.refresh_from_db()
    assert e_grown.status == Enrollment.Status.ENDED and e_grown.ended_on == D(2025, 6, 1)
    assert e_grown.end_reason == Enrollment.EndReason.CAME_OF_AGE
    assert history(e_grown).filter(action=AuditEvent.Action.END).count() == 1
    for untouched in (e_young, e_year, e_school):
        untouched.refresh_from_db()
        assert untouched.status == Enrollment.Status.ACTIVE
    # By the end of the year, the one with only a birth year has certainly turned 18.
    later = services.enrollments_end_came_of_age(actor=None, on=D(2025, 12, 31))
    assert [e.pk for e in later] == [e_year.pk]
    e_year.refresh_from_db()
    assert e_year.ended_on == D(2025, 12, 31)


def test_a_suspended_adoption_also_ends_when_the_child_comes_of_age(world):
    grown = child(world.village_a1, "Lò Văn Lớn", born=D(2007, 6, 1))
    enrollment = _enroll(world, grown, code=ADOPTED, started_on=D(2020, 1, 1))
    services.enrollment_suspend(actor=None, enrollment=enrollment)
    assert services.enrollments_end_came_of_age(actor=None, on=D(2025, 6, 1))
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ENDED


def test_the_end_enrollments_command_is_audited_from_the_command_line_and_safe_to_rerun(world):
    grown = child(world.village_a1, "Lò Văn Lớn", born=D(2007, 6, 1))
    enrollment = _enroll(world, grown, code=ADOPTED, started_on=D(2020, 1, 1))
    out = io.StringIO()
    call_command("fieldwork", "end-enrollments", "--on", "2025-06-30", stdout=out)
    assert "1 enrollment(s) ended" in out.getvalue() and "Lò Văn Lớn" in out.getvalue()
    event = history(enrollment).get(action=AuditEvent.Action.END)
    assert event.source == AuditEvent.Source.CLI
    events = AuditEvent.objects.count()
    again = io.StringIO()
    call_command("fieldwork", "end-enrollments", "--on", "2025-07-31", stdout=again)
    assert "0 enrollment(s) ended" in again.getvalue()
    assert AuditEvent.objects.count() == events
    enrollment.refresh_from_db()
    assert enrollment.ended_on == D(2025, 6, 1)


def test_the_command_refuses_a_date_that_is_not_one(world):
    from django.core.management.base import CommandError

    with pytest.raises((CommandError, SystemExit)):
        call_command("fieldwork", "end-enrollments", "--on", "30/06/2025", stderr=io.StringIO())
