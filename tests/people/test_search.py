from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outpost.core.search import search
from outpost.people import selectors
from outpost.people.services import household_create, resident_add


def test_search_finds_households_and_residents_without_diacritics_in_scope(world, families):
    from outpost.accounts.scope import scope_for

    hits = search("lo van xom", scope_for(world.users["officer_a"]))
    labels = {h.label for h in hits}
    assert "HL-01 Lò Văn Xôm" in labels and "Lò Văn Xôm" in labels
    assert not search("giang a do", scope_for(world.users["officer_a"]))
    assert search("giang a do", scope_for(world.users["officer_b"]))


def test_ethnic_groups_are_found_by_code_name_or_other_name(db):
    assert selectors.ethnic_group_find("01").name == "Kinh"
    assert selectors.ethnic_group_find("thai").name == "Thái"
    assert selectors.ethnic_group_find("Mèo").name == "Mông"
    assert selectors.ethnic_group_find("dân tộc H'Mông").name == "Mông"
    assert selectors.ethnic_group_find("martian") is None


def test_the_household_list_runs_a_fixed_number_of_queries(world):
    for i in range(30):
        household = household_create(actor=None, village=world.village_a1, code=f"Q-{i:02}")
        resident_add(
            actor=None, household=household, full_name=f"Lò Văn {i}", relation="head", sex="M"
        )
    client = world.client_for("officer_a")
    url = reverse("people:household_list")
    client.get(url)  # warm the session and scope caches
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"village": world.village_a1.pk})
    for i in range(30, 45):
        household_create(actor=None, village=world.village_a1, code=f"Q-{i:02}")
    with CaptureQueriesContext(connection) as more:
        response = client.get(url, {"village": world.village_a1.pk})
    assert response.status_code == 200 and "Q-44" in response.content.decode()
    assert len(more) == len(few)
