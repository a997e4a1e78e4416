import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from outpost.core.models import AuditEvent
from outpost.geo.services import village_create
from outpost.people import services
from outpost.people.models import Household, HouseholdChange, Resident

ON = dt.date(2026, 3, 1)


def events_for(obj, action=None):
    qs = AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return qs.filter(action=action) if action else qs


def test_a_household_takes_its_commune_from_its_village_and_is_audited(world, families):
    assert families.a.commune_id == world.commune_a1.pk
    assert events_for(families.a, "create").get().commune_id == world.commune_a1.pk


def test_the_first_member_added_as_head_becomes_the_head(families):
    assert families.a.head == families.head_a
    assert families.a.head_name == "Lò Văn Xôm"
    assert families.a.search_name == "hl-01 lo van xom"


def test_a_code_is_unique_within_its_commune_only(world, families):
    with pytest.raises(ValidationError) as err:
        services.household_create(actor=None, village=world.village_a1, code="HL-01")
    assert "code" in err.value.message_dict
    other = services.household_create(actor=None, village=world.village_b1, code="HL-01")
    assert other.commune_id == world.commune_b1.pk


def test_a_household_cannot_be_created_in_an_ended_village(world):
    village = village_create(actor=None, commune=world.commune_a1, name="Bản Cũ")
    village.valid_to = dt.date(2025, 1, 1)
    village.save()
    with pytest.raises(ValidationError):
        services.household_create(actor=None, village=village, code="X-1")


def test_a_move_within_the_commune_changes_the_village_of_the_same_row(world, families):
    other = village_create(actor=None, commune=world.commune_a1, name="Bản Nậm Pố")
    moved = services.household_move(
        actor=None, household=families.a, village=other, on=ON, reason="tái định cư"
    )
    assert moved.pk == families.a.pk and moved.village == other and moved.valid_to is None
    event = events_for(families.a, "update").latest("id")
    assert event.changes["village"] == [world.village_a1.pk, other.pk]
    assert event.note == "tái định cư"


def test_a_move_to_another_commune_ends_the_row_and_links_a_new_one(world, families):
    far = village_create(actor=None, commune=world.commune_a2, name="Bản Xa")
    new = services.household_move(actor=None, household=families.a, village=far, on=ON)
    old = Household.objects.get(pk=families.a.pk)
    assert old.valid_to == ON and old.end_reason
    assert new.commune_id == world.commune_a2.pk and new.valid_from == ON
    assert HouseholdChange.objects.get(from_household=old, to_household=new).kind == "moved"
    # everyone went along; the old rows stay, ended, and the copies point back to them
    assert set(new.members.values_list("full_name", flat=True)) == {
        "Lò Văn Xôm",
        "Lò Thị Ơn",
        "Lò Văn Tùng",
    }
    assert old.members.filter(valid_to=ON).count() == 3
    assert new.head.moved_from == families.head_a and new.head_name == "Lò Văn Xôm"
    assert new.latitude is None


def test_a_split_opens_a_household_for_the_members_who_leave(families):
    new = services.household_split(
        actor=None,
        household=families.a,
        members=[families.son_a],
        head=families.son_a,
        code="HL-02",
        on=ON,
    )
    assert new.commune_id == families.a.commune_id and new.head_name == "Lò Văn Tùng"
    assert new.head.relation == Resident.Relation.HEAD
    assert Resident.objects.get(pk=families.son_a.pk).valid_to == ON
    assert families.a.members.filter(valid_to__isnull=True).count() == 2
    assert HouseholdChange.objects.get(to_household=new).kind == "split"


def test_a_split_of_the_head_needs_a_head_for_those_who_stay(families):
    with pytest.raises(ValidationError) as err:
        services.household_split(
            actor=None, household=families.a, members=[families.head_a], code="HL-03", on=ON
        )
    assert "remaining_head" in err.value.message_dict
    services.household_split(
        actor=None,
        household=families.a,
        members=[families.head_a],
        code="HL-03",
        on=ON,
        remaining_head=families.wife_a,
    )
    assert Household.objects.get(pk=families.a.pk).head == families.wife_a


def test_a_split_cannot_take_everyone(families):
    with pytest.raises(ValidationError):
        services.household_split(
            actor=None,
            household=families.a,
            members=[families.head_a, families.wife_a, families.son_a],
            code="HL-04",
            on=ON,
            remaining_head=families.wife_a,
        )


def test_a_merge_ends_the_merged_household_and_moves_its_members(world, families):
    small = services.household_create(actor=None, village=world.village_a1, code="HL-09")
    lone = services.resident_add(
        actor=None, household=small, full_name="Lò Văn Một", relation="head", sex="M"
    )
    services.household_merge(actor=None, sources=[small], into=families.a, on=ON)
    small.refresh_from_db()
    assert small.valid_to == ON
    copy = families.a.members.get(moved_from=lone)
    assert copy.relation == Resident.Relation.OTHER and copy.valid_to is None
    assert Household.objects.get(pk=families.a.pk).head == families.head_a
    assert HouseholdChange.objects.get(from_household=small).kind == "merged"
    assert Household.objects.filter(pk=small.pk).exists()


def test_ending_a_household_ends_its_members_and_keeps_every_row(families):
    rows_before = Resident.objects.count()
    services.household_end(actor=None, household=families.a, on=ON, reason="di cư")
    assert Resident.objects.count() == rows_before
    assert families.a.members.filter(valid_to__isnull=True).count() == 0
    assert events_for(families.a, "end").get().note == "di cư"
    with pytest.raises(ValidationError):
        services.household_update(actor=None, household=families.a, note="x")


def test_a_person_who_leaves_stays_on_record_and_the_head_is_cleared(families):
    services.resident_leave(actor=None, resident=families.head_a, on=ON, reason="qua đời")
    head = Resident.objects.get(pk=families.head_a.pk)
    assert head.valid_to == ON and head.end_reason == "qua đời"
    assert Household.objects.get(pk=families.a.pk).head is None


def test_setting_a_new_head_updates_relations_and_the_household_name(families):
    services.household_set_head(actor=None, household=families.a, resident=families.wife_a)
    a = Household.objects.get(pk=families.a.pk)
    assert a.head == families.wife_a and a.head_name == "Lò Thị Ơn"
    assert Resident.objects.get(pk=families.head_a.pk).relation == Resident.Relation.OTHER
    assert Resident.objects.get(pk=families.wife_a.pk).relation == Resident.Relation.HEAD


def test_renaming_the_head_renames_the_household(families):
    services.resident_update(actor=None, resident=families.head_a, full_name="Lò Văn Xôm Mới")
    assert Household.objects.get(pk=families.a.pk).head_name == "Lò Văn Xôm Mới"


def test_a_member_of_another_household_cannot_be_made_head(families):
    with pytest.raises(ValidationError):
        services.household_set_head(actor=None, household=families.a, resident=families.head_b)
