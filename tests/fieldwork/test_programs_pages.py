from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse

from outpost.core.audit import history
from outpost.core.models import AuditEvent
from outpost.fieldwork.models import Enrollment, Program
from outpost.fieldwork.services import programs as services

from .fixtures_programs import ADOPTED, SCHOOL, child, local_program, program, superuser

D = dt.date


def _enroll(w, resident, code=SCHOOL, started_on=D(2025, 1, 1), unit=None):
    return services.enrollment_create(
        actor=None,
        program=program(code),
        resident=resident,
        started_on=started_on,
        sponsor_unit=unit or w.post_a,
    )


def test_the_catalogue_lists_force_wide_programs_and_the_posts_own_with_active_counts(world):
    local_program(world, world.post_a, "Bát cơm Đồn A")
    local_program(world, world.post_b, "Bát cơm Đồn B")
    _enroll(world, child(world.village_a1, "Lò Thị Một", born=D(2014, 1, 1)))
    ended = _enroll(world, child(world.village_a1, "Lò Thị Hai", born=D(2014, 1, 1)))
    services.enrollment_end(actor=None, enrollment=ended, on=D(2025, 2, 1), reason="completed")
    _enroll(world, child(world.village_b1, "Giàng Thị Ba", born=D(2014, 1, 1)), unit=world.post_b)

    response = world.client_for("officer_a").get(reverse("fieldwork:program_list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Children adopted by the border post" in body and "Bát cơm Đồn A" in body
    assert "Bát cơm Đồn B" not in body
    school_row = body[body.index("Helping children to school") :].split("</tr>")[0]
    assert '<td class="num">1</td>' in school_row  # one active, in post A's area


def test_a_provincial_program_is_open_to_the_posts_under_it(world):
    local_program(world, world.command, "Chương trình của tỉnh")
    body = world.client_for("officer_a").get(reverse("fieldwork:program_list")).content.decode()
    assert "Chương trình của tỉnh" in body


def test_the_program_page_lists_its_enrollments_filtered_by_status_and_commune(world):
    one = _enroll(world, child(world.village_a1, "Lò Thị Một", born=D(2014, 1, 1)))
    two = _enroll(world, child(world.village_a1, "Lò Thị Hai", born=D(2014, 1, 1)))
    services.enrollment_suspend(actor=None, enrollment=two)
    client = world.client_for("officer_a")
    url = reverse("fieldwork:program_detail", args=[program(SCHOOL).pk])
    body = client.get(url).content.decode()
    assert "Lò Thị Một" in body and "Lò Thị Hai" in body
    body = client.get(url, {"status": "suspended"}).content.decode()
    assert "Lò Thị Hai" in body and "Lò Thị Một" not in body
    body = client.get(url, {"commune": world.commune_a2.pk}).content.decode()
    assert "Lò Thị Một" not in body
    assert one.pk


def test_an_officer_adds_a_local_program_through_the_form(world):
    client = world.client_for("officer_a")
    response = client.post(
        reverse("fieldwork:program_create"),
        {
            "name_vi": "Bát cơm biên giới",
            "beneficiary": "household",
            "owner_unit": world.post_a.pk,
            "default_monthly_support": "100000",
        },
    )
    created = Program.objects.get(name_vi="Bát cơm biên giới")
    assert response.status_code == 302 and created.owner_unit == world.post_a
    assert history(created).get().source == AuditEvent.Source.WEB


def test_the_program_form_offers_neither_another_post_nor_a_force_wide_program(world):
    client = world.client_for("officer_a")
    body = client.get(reverse("fieldwork:program_create")).content.decode()
    assert "force_wide" not in body and world.post_b.name not in body
    response = client.post(
        reverse("fieldwork:program_create"),
        {"name_vi": "Bát cơm", "beneficiary": "household", "owner_unit": world.post_b.pk},
    )
    assert response.status_code == 200 and not Program.objects.filter(name_vi="Bát cơm").exists()


def test_a_force_wide_program_is_edited_by_an_administrator_only(world):
    school = program(SCHOOL)
    url = reverse("fieldwork:program_edit", args=[school.pk])
    assert world.client_for("commander_a").get(url).status_code == 403
    admin = Client()
    admin.force_login(superuser())
    response = admin.post(
        url,
        {
            "name_vi": school.name_vi,
            "beneficiary": "resident",
            "ended_on": "2030-01-01",
            "default_monthly_support": "500000",
        },
    )
    school.refresh_from_db()
    assert response.status_code == 302 and school.ended_on == D(2030, 1, 1)
    assert school.default_monthly_support == 500_000


def test_enrolling_a_child_found_by_name_from_the_program_page(world):
    kid = child(world.village_a1, "Lò Thị Hoa", born=D(2014, 4, 1))
    client = world.client_for("officer_a")
    adopted = program(ADOPTED)
    url = reverse("fieldwork:enrollment_create")
    page = client.get(url, {"program": adopted.pk, "q": "lo thi hoa"}).content.decode()
    assert "Lò Thị Hoa" in page
    response = client.post(
        f"{url}?program={adopted.pk}",
        {
            "program": adopted.pk,
            "beneficiary": kid.pk,
            "started_on": "2025-09-01",
            "sponsor_cadre": world.cadre_a.pk,
            "monthly_support": "500000",
        },
    )
    enrollment = Enrollment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("fieldwork:enrollment_detail", args=[enrollment.pk])
    assert enrollment.resident == kid and enrollment.sponsor_cadre == world.cadre_a


def test_the_enroll_form_says_why_a_grown_child_cannot_be_adopted(world):
    grown = child(world.village_a1, "Lò Văn Lớn", born=D(2006, 1, 1))
    client = world.client_for("officer_a")
    adopted = program(ADOPTED)
    response = client.post(
        f"{reverse('fieldwork:enrollment_create')}?program={adopted.pk}&resident={grown.pk}",
        {
            "program": adopted.pk,
            "beneficiary": grown.pk,
            "started_on": "2025-09-01",
            "sponsor_unit": world.post_a.pk,
        },
    )
    assert response.status_code == 200 and not Enrollment.objects.exists()
    assert "Lò Văn Lớn is already 18 on 2025-09-01" in response.content.decode()


def test_opened_for_a_resident_the_enroll_page_offers_programs_for_residents_only(world):
    kid = child(world.village_a1, "Lò Thị Hoa", born=D(2014, 4, 1))
    client = world.client_for("officer_a")
    body = client.get(reverse("fieldwork:enrollment_create"), {"resident": kid.pk}).content.decode()
    assert "Children adopted by the border post" in body
    assert "Homes for the poor at the border" not in body  # a program for households
    adopted = program(ADOPTED)
    body = client.get(
        reverse("fieldwork:enrollment_create"), {"program": adopted.pk, "resident": kid.pk}
    ).content.decode()
    assert f'<option value="{kid.pk}" selected>' in body


def test_a_resident_of_another_post_cannot_be_enrolled_through_the_form(world):
    kid_b = child(world.village_b1, "Giàng Thị Pà", born=D(2014, 4, 1))
    client = world.client_for("officer_a")
    school = program(SCHOOL)
    response = client.post(
        f"{reverse('fieldwork:enrollment_create')}?program={school.pk}",
        {
            "program": school.pk,
            "beneficiary": kid_b.pk,
            "started_on": "2025-09-01",
            "sponsor_unit": world.post_a.pk,
        },
    )
    assert response.status_code == 200 and not Enrollment.objects.exists()


def test_ending_an_enrollment_with_a_reason_through_the_page(world):
    enrollment = _enroll(world, child(world.village_a1, "Lò Thị Một", born=D(2014, 1, 1)))
    client = world.client_for("commander_a")
    response = client.post(
        reverse("fieldwork:enrollment_end", args=[enrollment.pk]),
        {"on": "2025-10-01", "reason": "left_school", "note": "went to work"},
    )
    enrollment.refresh_from_db()
    assert response.status_code == 302 and enrollment.status == Enrollment.Status.ENDED
    assert enrollment.end_reason == "left_school" and enrollment.ended_on == D(2025, 10, 1)
    page = client.get(reverse("fieldwork:enrollment_detail", args=[enrollment.pk]))
    body = page.content.decode()
    assert "left school" in body and "went to work" in body and "History" in body


def test_suspending_and_resuming_through_the_pages(world):
    enrollment = _enroll(world, child(world.village_a1, "Lò Thị Một", born=D(2014, 1, 1)))
    client = world.client_for("officer_a")
    client.post(reverse("fieldwork:enrollment_suspend", args=[enrollment.pk]), {"note": "away"})
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.SUSPENDED
    client.post(reverse("fieldwork:enrollment_resume", args=[enrollment.pk]), {"note": ""})
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ACTIVE


def test_a_partner_reads_an_enrollment_but_cannot_end_it(world):
    enrollment = _enroll(world, child(world.village_a1, "Lò Thị Một", born=D(2014, 1, 1)))
    client = world.client_for("partner_a1")
    assert (
        client.get(reverse("fieldwork:enrollment_detail", args=[enrollment.pk])).status_code == 200
    )
    response = client.post(
        reverse("fieldwork:enrollment_end", args=[enrollment.pk]),
        {"on": "2025-10-01", "reason": "other"},
    )
    enrollment.refresh_from_db()
    assert response.status_code == 403 and enrollment.status == Enrollment.Status.ACTIVE


def test_the_enrollment_export_holds_the_areas_enrollments_only(world):
    _enroll(world, child(world.village_a1, "Lò Thị Một", born=D(2014, 1, 1)))
    _enroll(world, child(world.village_b1, "Giàng Thị Ba", born=D(2014, 1, 1)), unit=world.post_b)
    client = world.client_for("officer_a")
    response = client.get(
        reverse("fieldwork:enrollment_export", kwargs={"fmt": "csv"}),
        {"program": program(SCHOOL).pk},
    )
    text = b"".join(response.streaming_content).decode("utf-8")
    assert response.status_code == 200
    assert "Lò Thị Một" in text and "Giàng Thị Ba" not in text
    assert "nang-buoc-em-toi-truong" in text.splitlines()[1]
    xlsx = client.get(reverse("fieldwork:enrollment_export", kwargs={"fmt": "xlsx"}))
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd")


def test_a_residents_enrollments_are_listed_from_their_id(world):
    kid = child(world.village_a1, "Lò Thị Một", born=D(2014, 1, 1))
    other = child(world.village_a1, "Lò Thị Hai", born=D(2014, 1, 1))
    _enroll(world, kid)
    _enroll(world, other)
    body = (
        world.client_for("officer_a")
        .get(reverse("fieldwork:enrollment_list"), {"resident": kid.pk})
        .content.decode()
    )
    assert "Lò Thị Một" in body and "Lò Thị Hai" not in body


def test_a_residents_page_and_a_households_page_lead_to_their_enrollments(world):
    kid = child(world.village_a1, "Lò Thị Hoa", born=D(2014, 4, 1))
    client = world.client_for("officer_a")
    page = client.get(reverse("people:resident_detail", args=[kid.pk])).content.decode()
    assert f"{reverse('fieldwork:enrollment_create')}?resident={kid.pk}" in page
    assert f"{reverse('fieldwork:enrollment_list')}?resident={kid.pk}" in page
    page = client.get(reverse("people:household_detail", args=[kid.household_id])).content.decode()
    assert f"{reverse('fieldwork:enrollment_create')}?household={kid.household_id}" in page


def test_editing_an_enrollments_support_through_the_page_is_audited(world):
    enrollment = _enroll(world, child(world.village_a1, "Lò Thị Một", born=D(2014, 1, 1)))
    client = world.client_for("officer_a")
    url = reverse("fieldwork:enrollment_edit", args=[enrollment.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "started_on": "2025-01-01",
            "sponsor_unit": world.post_a.pk,
            "sponsor_cadre": world.cadre_a.pk,
            "monthly_support": "350000",
            "note": "raised in September",
        },
    )
    enrollment.refresh_from_db()
    assert response.status_code == 302 and enrollment.monthly_support == 350_000
    assert enrollment.sponsor_cadre == world.cadre_a
    event = history(enrollment).get(action=AuditEvent.Action.UPDATE)
    assert event.changes["monthly_support"] == [0, 350_000]
