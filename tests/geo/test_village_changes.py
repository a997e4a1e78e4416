"""Villages renamed and split: the services' rules, their refusals in both languages, the
split page and the split API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from outpost.core.models import AuditEvent
from outpost.geo.models import UnitChange, Village, VillageChange
from outpost.geo.services import village_create, village_rename, village_split

ON = dt.date(2025, 9, 1)


def test_a_split_ends_the_village_and_begins_each_part_linked_to_it(world):
    village = world.village_a1
    parts = village_split(
        actor=None, village=village, into_names=["Bản Huổi Lếch", "Bản Nậm Pồ"], on=ON
    )
    village.refresh_from_db()
    assert village.valid_to == ON
    assert sorted(p.name for p in parts) == ["Bản Huổi Lếch", "Bản Nậm Pồ"]
    assert {(p.commune_id, p.valid_from, p.kind) for p in parts} == {
        (world.commune_a1.pk, ON, village.kind)
    }
    changes = VillageChange.objects.filter(from_village=village)
    assert {c.to_village_id for c in changes} == {p.pk for p in parts}
    assert {(c.kind, c.effective) for c in changes} == {(UnitChange.Kind.SPLIT, ON)}


def test_a_split_is_audited_in_its_transaction(world):
    parts = village_split(actor=None, village=world.village_a1, into_names=["A", "B"], on=ON)
    events = AuditEvent.objects.filter(object_type="geo.villagechange")
    assert events.count() == 2
    ended = AuditEvent.objects.get(
        object_type="geo.village", object_id=str(world.village_a1.pk), action="end"
    )
    assert ended.changes["valid_to"] == [None, ON.isoformat()]
    assert (
        AuditEvent.objects.filter(
            object_type="geo.village", object_id__in=[str(p.pk) for p in parts], action="create"
        ).count()
        == 2
    )


def refusal(**kwargs):
    with pytest.raises(ValidationError) as refused:
        village_split(actor=None, **kwargs)
    return refused.value


def test_a_split_into_fewer_than_two_parts_is_refused_and_nothing_changes(world):
    error = refusal(village=world.village_a1, into_names=["Bản Mới", " bản mới "], on=ON)
    assert "at least two parts" in error.message_dict["into_names"][0]
    world.village_a1.refresh_from_db()
    assert world.village_a1.valid_to is None


def test_a_part_named_like_another_open_village_of_the_commune_is_refused(world):
    village_create(actor=None, commune=world.commune_a1, name="Bản Nậm Kè")
    error = refusal(village=world.village_a1, into_names=["Bản Một", "Bản Nậm Kè"], on=ON)
    message = error.message_dict["into_names"][0]
    assert "Bản Nậm Kè" in message and "already has a village" in message
    assert not Village.objects.filter(name="Bản Một").exists()
    world.village_a1.refresh_from_db()
    assert world.village_a1.valid_to is None


def test_a_split_outside_the_villages_validity_is_refused(world):
    young = village_create(
        actor=None, commune=world.commune_a1, name="Bản Trẻ", valid_from=dt.date(2025, 8, 1)
    )
    error = refusal(village=young, into_names=["A", "B"], on=dt.date(2025, 8, 1))
    assert "2025-08-01" in error.message_dict["on"][0]
    village_split(actor=None, village=young, into_names=["A", "B"], on=ON)
    again = refusal(village=young, into_names=["C", "D"], on=dt.date(2025, 10, 1))
    assert "before its end" in again.message_dict["on"][0]


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "at least two parts"), ("vi", "ít nhất hai phần")],
)
def test_the_split_refusals_are_written_in_vietnamese_and_in_english(world, language, words):
    with translation.override(language):
        error = refusal(village=world.village_a1, into_names=["Bản Một"], on=ON)
    assert words in error.message_dict["into_names"][0]


def test_the_validity_refusal_reads_in_vietnamese(world):
    village_split(actor=None, village=world.village_a1, into_names=["A", "B"], on=ON)
    with translation.override("vi"):
        error = refusal(village=world.village_a1, into_names=["C", "D"], on=ON)
    assert "tồn tại từ" in error.message_dict["on"][0]


def test_a_rename_keeps_the_village_and_records_the_day_and_the_old_name(world):
    village = village_rename(actor=None, village=world.village_a1, name="Bản Huổi Lếch Mới", on=ON)
    assert village.pk == world.village_a1.pk and village.valid_to is None
    change = VillageChange.objects.get(from_village=village)
    assert (change.to_village_id, change.kind, change.effective, change.old_name) == (
        village.pk,
        UnitChange.Kind.RENAMED,
        ON,
        "Bản Huổi Lếch",
    )


# --- the page and the API --------------------------------------------------------------------


def test_the_split_page_splits_the_village_and_shows_the_parts_in_its_lineage(world):
    client = world.client_for("officer_a")
    url = reverse("geo:village_split", args=[world.village_a1.pk])
    response = client.post(
        url, {"into_names": "Bản Huổi Lếch Trên\nBản Huổi Lếch Dưới", "on": "2025-09-01"}
    )
    assert response.status_code == 302
    body = client.get(reverse("geo:village_detail", args=[world.village_a1.pk])).content.decode()
    assert "Bản Huổi Lếch Trên" in body and "Bản Huổi Lếch Dưới" in body
    assert (
        AuditEvent.objects.filter(
            object_type="geo.villagechange", source=AuditEvent.Source.WEB
        ).count()
        == 2
    )


def test_the_split_page_shows_the_refusal_on_the_names(world):
    client = world.client_for("officer_a")
    url = reverse("geo:village_split", args=[world.village_a1.pk])
    response = client.post(url, {"into_names": "Bản Một", "on": "2025-09-01"})
    assert response.status_code == 200
    assert "at least two parts" in response.content.decode()


def test_the_split_page_and_api_of_another_posts_village_are_not_found(world):
    client = world.client_for("officer_a")
    page = client.post(
        reverse("geo:village_split", args=[world.village_b1.pk]),
        {"into_names": "A\nB", "on": "2025-09-01"},
    )
    api = client.post(
        f"/api/v1/geo/villages/{world.village_b1.pk}/split",
        {"into_names": ["A", "B"], "on": "2025-09-01"},
        content_type="application/json",
    )
    assert (page.status_code, api.status_code) == (404, 404)
    assert world.village_b1.valid_to is None
    assert not VillageChange.objects.exists()


def test_the_split_api_answers_the_parts_and_refuses_bad_input_clearly(world):
    client = world.client_for("officer_a")
    url = f"/api/v1/geo/villages/{world.village_a1.pk}/split"
    bad = client.post(
        url, {"into_names": ["A"], "on": "2025-09-01"}, content_type="application/json"
    )
    assert bad.status_code in (400, 422)
    assert "into_names" in bad.content.decode()
    ok = client.post(
        url, {"into_names": ["A", "B"], "on": "2025-09-01"}, content_type="application/json"
    )
    assert ok.status_code == 201
    assert sorted(v["name"] for v in ok.json()) == ["A", "B"]
    assert (
        AuditEvent.objects.filter(
            object_type="geo.villagechange", source=AuditEvent.Source.API
        ).count()
        == 2
    )


def test_a_partner_may_not_split_a_village(world):
    client = world.client_for("partner_a1")
    response = client.post(
        f"/api/v1/geo/villages/{world.village_a1.pk}/split",
        {"into_names": ["A", "B"], "on": "2025-09-01"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not VillageChange.objects.exists()


# --- records follow the lineage ----------------------------------------------------------


def households_of(village, on):
    from outpost.reports.coverage import coverage

    return coverage(f"village:{village.pk}", on, only=["households"])["indicators"]["households"]


def test_a_merged_villages_figures_read_the_households_of_the_villages_merged_into_it(world):
    from outpost.geo.services import villages_merge
    from outpost.people.models import Household
    from outpost.people.services import household_create

    other = village_create(actor=None, commune=world.commune_a1, name="Bản Nậm Kè")
    household_create(actor=None, village=world.village_a1, code="H-1")
    household_create(actor=None, village=other, code="H-2")
    merged = villages_merge(
        actor=None, sources=[world.village_a1, other], into_name="Bản Huổi Kè", on=ON
    )
    assert households_of(merged, ON) == 2
    assert households_of(merged, ON - dt.timedelta(days=1)) == 0  # it did not exist yet
    assert households_of(world.village_a1, ON - dt.timedelta(days=1)) == 1
    # Nothing was copied or moved: the households are still those of the old villages.
    assert set(Household.objects.values_list("village_id", flat=True)) == {
        world.village_a1.pk,
        other.pk,
    }


def test_a_split_villages_parts_count_only_the_households_moved_to_them(world):
    from outpost.people.services import household_create, household_move

    staying = household_create(actor=None, village=world.village_a1, code="H-1")
    household_create(actor=None, village=world.village_a1, code="H-2")
    upper, lower = village_split(
        actor=None, village=world.village_a1, into_names=["Bản Trên", "Bản Dưới"], on=ON
    )
    assert (households_of(upper, ON), households_of(lower, ON)) == (0, 0)
    household_move(actor=None, household=staying, village=upper, on=ON)
    assert households_of(upper, ON) == 1


def test_the_village_page_shows_a_rename_with_the_old_name(world):
    village_rename(actor=None, village=world.village_a1, name="Bản Huổi Lếch Mới", on=ON)
    client = world.client_for("officer_a")
    body = client.get(reverse("geo:village_detail", args=[world.village_a1.pk])).content.decode()
    assert "renamed from" in body and "Bản Huổi Lếch</td>" in body
    assert "became" not in body


def test_a_merge_on_a_day_the_village_did_not_exist_is_refused_naming_it(world):
    from outpost.geo.services import villages_merge

    late = village_create(
        actor=None, commune=world.commune_a1, name="Bản Mới Lập", valid_from=dt.date(2025, 10, 1)
    )
    with pytest.raises(ValidationError) as refused:
        villages_merge(actor=None, sources=[world.village_a1, late], into_name="Bản Gộp", on=ON)
    assert "Bản Mới Lập" in refused.value.message_dict["on"][0]
    assert not Village.objects.filter(name="Bản Gộp").exists()
