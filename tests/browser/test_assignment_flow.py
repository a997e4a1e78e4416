"""A post officer, on a phone-sized screen, records a village, a household with members and a
cadre, assigns the cadre to the household, and sees the coverage figures change."""

from __future__ import annotations

import datetime as dt

import pytest

from outpost.force.models import Cadre
from outpost.geo.models import Village
from outpost.people.models import Household
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD


@pytest.fixture
def world_live(transactional_db, world):
    return world


def figure(page, live_server, key: str) -> int:
    page.goto(f"{live_server.url}/reports/coverage/?unit=DBP-A")
    return int(page.locator(f"td[data-key={key}]").inner_text().strip())


def submit(page) -> None:
    page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_load_state()


def test_a_post_officer_records_and_assigns_and_sees_the_coverage_change(
    page, live_server, world_live
):
    world = world_live
    today = dt.date.today().isoformat()
    sign_in(page, live_server, "officer_a", PASSWORD)
    assert figure(page, live_server, "households_assisted") == 0
    assert figure(page, live_server, "party_members_assisting_households") == 0

    # A village in one of the post's communes.
    page.goto(f"{live_server.url}/geo/units/{world.commune_a1.pk}/villages/new/")
    page.fill("input[name=name]", "Bản Nậm Khăn")
    page.check("input[name=is_border]")
    submit(page)
    village = Village.objects.get(name="Bản Nậm Khăn")
    assert village.commune_id == world.commune_a1.pk

    # A household with its head, then a second member.
    page.goto(f"{live_server.url}/people/new/")
    page.select_option("select[name=village]", value=str(village.pk))
    page.fill("input[name=code]", "NK-01")
    page.fill("input[name=head_name]", "Lò Văn Sáng")
    page.fill("input[name=head_birth_year]", "1978")
    page.check("input[name=is_near_border]")
    submit(page)
    household = Household.objects.get(code="NK-01")
    assert page.get_by_text("Lò Văn Sáng").first.is_visible()

    page.goto(f"{live_server.url}/people/{household.pk}/members/new/")
    page.fill("input[name=full_name]", "Lường Thị Ơn")
    page.select_option("select[name=relation]", value="spouse")
    page.select_option("select[name=sex]", value="F")
    page.fill("input[name=birth_year]", "1981")
    submit(page)
    assert household.members.filter(valid_to__isnull=True).count() == 2
    assert page.get_by_text("Lường Thị Ơn").first.is_visible()

    # A cadre of the post, a Party member.
    page.goto(f"{live_server.url}/force/cadres/new/")
    page.fill("input[name=service_number]", "A-777")
    page.fill("input[name=full_name]", "Quàng Văn Hưng")
    page.select_option("select[name=rank]", value=Cadre.Rank.LIEUTENANT)
    page.select_option("select[name=category]", value=Cadre.Category.OFFICER)
    page.select_option("select[name=unit]", value=str(world.post_a.pk))
    page.fill("input[name=posted_on]", "2024-01-15")
    page.fill("input[name=party_joined_on]", "2018-03-26")
    submit(page)
    cadre = Cadre.objects.get(service_number="A-777")

    # The cadre takes charge of the household.
    page.goto(f"{live_server.url}/assign/households/new/")
    page.select_option("select[name=cadre]", value=str(cadre.pk))
    page.check(f"input[name=households][value='{household.pk}']")
    page.fill("input[name=valid_from]", today)
    page.fill("input[name=decision]", "QĐ 15/QĐ-ĐBP")
    submit(page)

    assert figure(page, live_server, "households_assisted") == 1
    assert figure(page, live_server, "party_members_assisting_households") == 1
    assert figure(page, live_server, "households_near_border_unassigned") == 0
