import datetime as dt

from django.urls import reverse

from outpost.assign.models import HouseholdAssignment
from outpost.core.audit import audited_create
from outpost.core.models import AuditEvent
from outpost.people.models import Household, PovertyAssessment, Resident
from outpost.people.services import poverty_assess


def detail_url(household):
    return reverse("people:household_detail", kwargs={"household_id": household.pk})


def test_an_officer_adds_a_household_with_its_head_through_the_page(world):
    client = world.client_for("officer_a")
    response = client.post(
        reverse("people:household_create"),
        {
            "village": world.village_a1.pk,
            "code": "HL-77",
            "head_name": "Quàng Văn Ún",
            "head_sex": "M",
            "head_birth_year": "1980",
        },
    )
    household = Household.objects.get(code="HL-77")
    assert response.status_code == 302 and response["Location"] == detail_url(household)
    assert household.commune == world.commune_a1
    assert household.head.full_name == "Quàng Văn Ún" and household.head.birth_year == 1980
    event = AuditEvent.objects.get(object_type="people.household", action="create")
    assert event.source == "web" and event.actor == world.users["officer_a"]


def test_the_create_form_offers_only_villages_in_scope(world):
    response = world.client_for("officer_a").get(reverse("people:household_create"))
    assert world.village_a1.name in response.content.decode()
    assert world.village_b1.name not in response.content.decode()
    refused = world.client_for("officer_a").post(
        reverse("people:household_create"), {"village": world.village_b1.pk, "code": "X"}
    )
    assert refused.status_code == 200 and not Household.objects.filter(code="X").exists()


def test_a_duplicate_code_is_shown_on_the_form(world, families):
    response = world.client_for("officer_a").post(
        reverse("people:household_create"), {"village": world.village_a1.pk, "code": "HL-01"}
    )
    assert response.status_code == 200
    assert Household.objects.filter(code="HL-01").count() == 1
    assert "HL-01" in response.content.decode()


def test_members_are_added_edited_and_leave_through_pages(world, families):
    client = world.client_for("officer_a")
    client.post(
        reverse("people:resident_add", kwargs={"household_id": families.a.pk}),
        {"full_name": "Lò Thị Mai", "relation": "child", "sex": "F", "birth_year": "2010"},
    )
    mai = Resident.objects.get(full_name="Lò Thị Mai")
    assert mai.household == families.a
    client.post(
        reverse("people:resident_edit", kwargs={"resident_id": mai.pk}),
        {"full_name": "Lò Thị Mai", "relation": "grandchild", "sex": "F", "birth_year": "2010"},
    )
    assert Resident.objects.get(pk=mai.pk).relation == "grandchild"
    client.post(
        reverse("people:resident_leave", kwargs={"resident_id": mai.pk}),
        {"on": "2026-02-01", "reason": "đi học xa"},
    )
    assert Resident.objects.get(pk=mai.pk).valid_to == dt.date(2026, 2, 1)


def test_a_post_officer_does_not_see_religion_or_location(world, families):
    families.a.latitude, families.a.longitude = 21.123456, 103.654321
    families.a.save()
    before = AuditEvent.objects.filter(action="read").count()
    page = world.client_for("officer_a").get(detail_url(families.a)).content.decode()
    assert "Lò Văn Xôm" in page
    assert "Tin Lành" not in page and "21.123456" not in page
    resident_page = world.client_for("officer_a").get(
        reverse("people:resident_detail", kwargs={"resident_id": families.head_a.pk})
    )
    assert "Tin Lành" not in resident_page.content.decode()
    assert AuditEvent.objects.filter(action="read").count() == before


def test_an_officer_cannot_set_religion_through_the_member_form(world, families):
    world.client_for("officer_a").post(
        reverse("people:resident_edit", kwargs={"resident_id": families.son_a.pk}),
        {"full_name": "Lò Văn Tùng", "relation": "child", "sex": "M", "religion": "Phật giáo"},
    )
    assert Resident.objects.get(pk=families.son_a.pk).religion == ""


def test_a_commanders_view_of_sensitive_data_is_logged(world, families):
    families.a.latitude, families.a.longitude = 21.123456, 103.654321
    families.a.save()
    commander = world.users["commander_a"]
    page = world.client_for("commander_a").get(detail_url(families.a)).content.decode()
    assert "Tin Lành" in page and "21.123456" in page
    reads = AuditEvent.objects.filter(action="read", actor=commander)
    assert reads.filter(object_type="people.household", object_id=str(families.a.pk)).exists()
    read = reads.get(object_type="people.resident", object_id=str(families.head_a.pk))
    assert read.source == "web" and read.commune_id == world.commune_a1.pk
    assert "religion" in read.changes and "Tin Lành" not in str(read.changes)


def test_the_household_page_shows_assessments_lineage_and_who_is_in_charge(world, families):
    poverty_assess(
        actor=None,
        household=families.a,
        year=2024,
        area="rural",
        income_per_person_month=1_000_000,
        deprivations=["water", "sanitation", "telecom"],
    )
    audited_create(
        HouseholdAssignment(cadre=world.cadre_a, household=families.a, decision="QĐ 12"),
        actor=None,
    )
    page = world.client_for("officer_a").get(detail_url(families.a)).content.decode()
    assert "<svg" in page and "QĐ 12" in page and str(world.cadre_a) in page
    assert "ND07-2021" in page


def test_the_list_filters_by_status_and_unassigned_and_searches_without_diacritics(world, families):
    poverty_assess(
        actor=None,
        household=families.a,
        year=2024,
        area="rural",
        income_per_person_month=1_000_000,
        deprivations=["water", "sanitation", "telecom"],
    )
    client = world.client_for("province_staff")
    url = reverse("people:household_list")
    assert "HL-01" in client.get(url, {"status": "poor"}).content.decode()
    assert "HL-01" not in client.get(url, {"status": "near_poor"}).content.decode()
    assert "PL-01" in client.get(url, {"status": "none"}).content.decode()
    found = client.get(url, {"q": "lo thi on"}).content.decode()  # a member, not the head
    assert "HL-01" in found and "PL-01" not in found
    audited_create(HouseholdAssignment(cadre=world.cadre_a, household=families.a), actor=None)
    unassigned = client.get(url, {"unassigned": "on"}).content.decode()
    assert "HL-01" not in unassigned and "PL-01" in unassigned


def test_the_list_shows_households_as_they_were_on_a_date(world, families):
    from outpost.people.services import household_end

    household_end(actor=None, household=families.a, on=dt.date(2026, 1, 1), reason="di cư")
    client = world.client_for("officer_a")
    url = reverse("people:household_list")
    assert "HL-01" not in client.get(url).content.decode()
    assert "HL-01" in client.get(url, {"on": "2025-12-31"}).content.decode()


def test_the_assessment_form_explains_a_contradicting_status(world, families):
    response = world.client_for("officer_a").post(
        reverse("people:assessment_create", kwargs={"household_id": families.a.pk}),
        {
            "year": "2024",
            "area": "rural",
            "income_per_person_month": "1200000",
            "deprivations": ["water", "sanitation", "telecom", "nutrition"],
            "status": "near_poor",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert not PovertyAssessment.objects.exists()
    assert "1.200.000" in response.content.decode() or "1,200,000" in response.content.decode()


def test_an_assessment_is_voided_through_its_page(world, families):
    assessment = poverty_assess(
        actor=None,
        household=families.a,
        year=2024,
        area="rural",
        income_per_person_month=1_000_000,
        deprivations=[],
    )
    world.client_for("officer_a").post(
        reverse("people:assessment_void", kwargs={"assessment_id": assessment.pk}),
        {"reason": "sai thu nhập"},
    )
    assessment.refresh_from_db()
    assert assessment.voided_at is not None


def test_a_split_through_the_page_keeps_both_households(world, families):
    client = world.client_for("officer_a")
    response = client.post(
        reverse("people:household_split", kwargs={"household_id": families.a.pk}),
        {
            "members": [families.son_a.pk],
            "head": families.son_a.pk,
            "code": "HL-02",
            "on": "2026-03-01",
        },
    )
    new = Household.objects.get(code="HL-02")
    assert response["Location"] == detail_url(new)
    assert "HL-01" in client.get(detail_url(new)).content.decode()  # lineage


def test_a_commune_partner_reads_but_cannot_write(world, families):
    client = world.client_for("partner_a1")
    assert client.get(detail_url(families.a)).status_code == 200
    assert client.get(reverse("people:household_create")).status_code == 403
    edit = reverse("people:household_edit", kwargs={"household_id": families.a.pk})
    assert client.post(edit, {"code": "ZZ"}).status_code == 403


def test_officer_a_cannot_open_or_change_post_bs_household_pages(world, families):
    from outpost.people.services import poverty_assess

    assessment = poverty_assess(
        actor=None,
        household=families.b,
        year=2024,
        area="rural",
        income_per_person_month=1_000_000,
        deprivations=[],
    )
    client = world.client_for("officer_a")
    hh = {"household_id": families.b.pk}
    for name in ("household_detail", "household_edit", "resident_add", "assessment_create"):
        assert client.get(reverse(f"people:{name}", kwargs=hh)).status_code == 404
    rid = {"resident_id": families.head_b.pk}
    assert client.get(reverse("people:resident_detail", kwargs=rid)).status_code == 404
    assert (
        client.post(
            reverse("people:resident_leave", kwargs=rid), {"on": "2026-01-01", "reason": "x"}
        ).status_code
        == 404
    )
    void = reverse("people:assessment_void", kwargs={"assessment_id": assessment.pk})
    assert client.post(void, {"reason": "x"}).status_code == 404
    assessment.refresh_from_db()
    assert assessment.voided_at is None
    assert "PL-01" not in client.get(reverse("people:household_list")).content.decode()
