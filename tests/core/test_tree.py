"""The unit trees at any depth and on any date: administrative units across the 2025
reorganisation (a district level before it, none after) and the force from the High Command
down to a team."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from outpost.accounts.scope import scope_for
from outpost.accounts.services import user_create
from outpost.assign import rules
from outpost.core import tree
from outpost.core.models import REORGANISATION_DATE
from outpost.force.models import ForceUnit
from outpost.force.services import area_assign, cadre_create, force_unit_create
from outpost.geo import selectors as geo_selectors
from outpost.geo.models import AdminUnit
from outpost.geo.services import admin_unit_create
from outpost.reports import units as report_units

BEFORE = REORGANISATION_DATE - dt.timedelta(days=1)
AFTER = REORGANISATION_DATE
TEAM_FORMED = dt.date(2025, 9, 1)

pytestmark = pytest.mark.django_db


@dataclass
class Trees:
    province: AdminUnit
    district: AdminUnit
    old_communes: list[AdminUnit]
    new_commune: AdminUnit
    other_district_commune: AdminUnit
    high_command: ForceUnit
    command: ForceUnit
    post: ForceUnit
    team: ForceUnit
    new_team: ForceUnit


def _unit(level: str, code: str, name: str, **kwargs: Any) -> AdminUnit:
    return admin_unit_create(actor=None, level=level, code=code, name=name, **kwargs)


def _force(kind: str, code: str, parent: ForceUnit | None = None, **kwargs: Any) -> ForceUnit:
    return force_unit_create(actor=None, kind=kind, code=code, name=code, parent=parent, **kwargs)


@pytest.fixture
def trees() -> Trees:
    """Điện Biên kept its province through 2025: before, Mường Nhé district held Sín Thầu,
    Sen Thượng and Leng Su Sìn; after, the new Sín Thầu sits directly under the province."""
    L = AdminUnit.Level
    province = _unit(L.PROVINCE, "11", "Tỉnh Điện Biên")
    district = _unit(
        L.DISTRICT, "096", "Huyện Mường Nhé", parent=province, valid_to=REORGANISATION_DATE
    )
    old_communes = [
        _unit(L.COMMUNE, code, name, parent=district, valid_to=REORGANISATION_DATE)
        for code, name in [
            ("03154", "Xã Sín Thầu"),
            ("03155", "Xã Sen Thượng"),
            ("03158", "Xã Leng Su Sìn"),
        ]
    ]
    other_district = _unit(
        L.DISTRICT, "094", "Huyện Mường Chà", parent=province, valid_to=REORGANISATION_DATE
    )
    other_district_commune = _unit(
        L.COMMUNE, "03175", "Xã Mường Mươn", parent=other_district, valid_to=REORGANISATION_DATE
    )
    new_commune = _unit(
        L.COMMUNE, "03158", "Xã Sín Thầu", parent=province, valid_from=REORGANISATION_DATE
    )

    K = ForceUnit.Kind
    high_command = _force(K.HIGH_COMMAND, "BDBP")
    command = _force(K.PROVINCIAL_COMMAND, "BCH-11", high_command, province=province)
    post = _force(K.BORDER_POST, "DBP-SIN-THAU", command)
    team = _force(K.TEAM, "DOI-VDQC-1", post)
    new_team = _force(K.TEAM, "DOI-VDQC-2", post, valid_from=TEAM_FORMED)
    area_assign(actor=None, force_unit=team, commune=new_commune, valid_from=REORGANISATION_DATE)
    return Trees(
        province=province,
        district=district,
        old_communes=old_communes,
        new_commune=new_commune,
        other_district_commune=other_district_commune,
        high_command=high_command,
        command=command,
        post=post,
        team=team,
        new_team=new_team,
    )


def _ids(*units: Any) -> set[int]:
    return {u.pk for u in units}


# --- administrative units ----------------------------------------------------------------------


def test_a_province_reaches_its_communes_through_its_districts_before_the_merger(trees):
    communes = tree.commune_ids_under({trees.province.pk}, on=BEFORE)
    assert communes == _ids(*trees.old_communes, trees.other_district_commune)


def test_a_province_reaches_its_communes_directly_after_the_merger(trees):
    assert tree.commune_ids_under({trees.province.pk}, on=AFTER) == _ids(trees.new_commune)


def test_without_a_date_a_province_reaches_the_communes_of_both_periods(trees):
    communes = tree.commune_ids_under({trees.province.pk})
    assert communes == _ids(*trees.old_communes, trees.other_district_commune, trees.new_commune)


def test_a_district_reaches_only_its_own_communes_and_none_once_abolished(trees):
    assert tree.commune_ids_under({trees.district.pk}, on=BEFORE) == _ids(*trees.old_communes)
    assert tree.commune_ids_under({trees.district.pk}, on=AFTER) == set()


def test_a_commune_is_its_own_commune_only_while_it_exists(trees):
    old = trees.old_communes[0]
    assert tree.commune_ids_under({old.pk}, on=BEFORE) == {old.pk}
    assert tree.commune_ids_under({old.pk}, on=AFTER) == set()


def test_the_units_above_an_old_commune_are_its_district_and_province(trees):
    old = trees.old_communes[2]
    assert tree.admin_units_above({old.pk}) == _ids(old, trees.district, trees.province)


def test_the_unit_above_a_new_commune_is_only_its_province(trees):
    above = tree.admin_units_above({trees.new_commune.pk}, on=AFTER)
    assert above == _ids(trees.new_commune, trees.province)


def test_no_units_have_nothing_under_or_above_them(trees):
    assert tree.commune_ids_under(set(), on=AFTER) == set()
    assert tree.admin_units_above(set()) == set()
    assert tree.force_units_under(set()) == set()


def test_the_province_page_lists_the_communes_of_both_periods_in_scope(trees):
    scope = scope_for(_user("national", role="national_viewer"))
    listed = set(geo_selectors.communes_under(scope, trees.province).values_list("pk", flat=True))
    assert listed == _ids(*trees.old_communes, trees.other_district_commune, trees.new_commune)


def test_a_commune_partner_opens_their_commune_district_and_province_only(trees):
    old = trees.old_communes[0]
    partner = _user("partner", role="commune_partner", partner_commune_ids=[old.pk])
    assert geo_selectors.visible_unit_ids(scope_for(partner)) == _ids(
        old, trees.district, trees.province
    )


# --- force units -------------------------------------------------------------------------------


def test_the_high_command_reaches_a_team_under_a_post_under_a_command(trees):
    under = tree.force_units_under({trees.high_command.pk})
    assert under == _ids(trees.high_command, trees.command, trees.post, trees.team, trees.new_team)


def test_a_team_formed_later_is_not_under_its_post_before_it_existed(trees):
    before = tree.force_units_under({trees.post.pk}, on=dt.date(2025, 8, 1))
    after = tree.force_units_under({trees.post.pk}, on=TEAM_FORMED)
    assert before == _ids(trees.post, trees.team)
    assert after == _ids(trees.post, trees.team, trees.new_team)


def test_the_units_above_a_team_reach_the_high_command_nearest_first(trees):
    chains = tree.force_chains_up({trees.team.pk, trees.command.pk})
    assert chains[trees.team.pk] == [
        trees.team.pk,
        trees.post.pk,
        trees.command.pk,
        trees.high_command.pk,
    ]
    assert chains[trees.command.pk] == [trees.command.pk, trees.high_command.pk]
    assert tree.force_units_above({trees.team.pk}) == _ids(
        trees.team, trees.post, trees.command, trees.high_command
    )


def test_a_team_not_yet_formed_has_no_units_above_it_on_that_date(trees):
    assert tree.force_units_above({trees.new_team.pk}, on=dt.date(2025, 8, 1)) == set()


def test_a_provincial_command_user_sees_the_commune_of_a_team_two_levels_down(trees):
    staff = _user("staff", role="province_staff", force_unit_ids=[trees.command.pk])
    scope = scope_for(staff)
    assert scope.has_force_unit(trees.team.pk)
    assert scope.has_commune(trees.new_commune.pk)


def test_a_cadre_of_a_team_works_in_the_areas_of_the_units_above_it(trees):
    post_commune = trees.old_communes[0]
    area_assign(
        actor=None, force_unit=trees.post, commune=post_commune, valid_to=REORGANISATION_DATE
    )
    cadre = cadre_create(
        actor=None,
        service_number="T-1",
        full_name="Lò Văn Thành",
        rank="thuong_uy",
        unit=trees.team,
        posted_on=dt.date(2020, 1, 1),
    )
    assert rules.responsible_unit_ids(cadre, BEFORE) == _ids(
        trees.team, trees.post, trees.command, trees.high_command
    )
    before = set(rules.communes_covered(cadre, BEFORE).values_list("commune_id", flat=True))
    after = set(rules.communes_covered(cadre, AFTER).values_list("commune_id", flat=True))
    assert (before, after) == ({post_commune.pk}, {trees.new_commune.pk})


def test_a_high_command_report_counts_the_communes_of_its_teams(trees):
    unit = report_units.from_force_unit(trees.high_command)
    assert report_units.extent(unit, AFTER).commune_ids == _ids(trees.new_commune)
    assert report_units.extent(unit, BEFORE).commune_ids == frozenset()


def test_a_province_report_counts_the_communes_of_each_side_of_the_merger(trees):
    unit = report_units.from_admin_unit(trees.province)
    before = report_units.extent(unit, BEFORE).commune_ids
    assert before == _ids(*trees.old_communes, trees.other_district_commune)
    assert report_units.extent(unit, AFTER).commune_ids == _ids(trees.new_commune)


def test_units_read_are_put_in_tree_order_with_their_depth(trees):
    units = ForceUnit.objects.filter(
        pk__in=_ids(trees.command, trees.post, trees.team, trees.new_team)
    )
    ordered = [(u.code, depth) for u, depth in tree.in_tree_order(units.order_by("-code"))]
    assert ordered == [("BCH-11", 0), ("DBP-SIN-THAU", 1), ("DOI-VDQC-1", 2), ("DOI-VDQC-2", 2)]


def test_a_unit_whose_parent_is_not_read_heads_a_tree_of_its_own(trees):
    ordered = tree.in_tree_order([trees.new_team, trees.team])
    assert [(u.code, depth) for u, depth in ordered] == [("DOI-VDQC-1", 0), ("DOI-VDQC-2", 0)]


# --- fixed number of queries -------------------------------------------------------------------

WALKS = {
    "communes under": lambda t: tree.commune_ids_under({t.province.pk}, on=BEFORE),
    "admin units above": lambda t: tree.admin_units_above({t.old_communes[0].pk}, on=BEFORE),
    "force units under": lambda t: tree.force_units_under({t.high_command.pk}, on=AFTER),
    "force units above": lambda t: tree.force_units_above({t.team.pk}, on=AFTER),
    "force chains up": lambda t: tree.force_chains_up({t.team.pk, t.post.pk}),
}


@pytest.mark.parametrize("walk", WALKS.values(), ids=WALKS.keys())
def test_each_walk_is_one_query_through_four_levels(trees, walk, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = walk(trees)
    assert len(found) >= 2  # it went down or up at least one level


def test_a_walk_is_one_query_whatever_the_depth_it_starts_at(trees, django_assert_num_queries):
    for start in (trees.high_command, trees.command, trees.post, trees.team):
        with django_assert_num_queries(1):
            tree.force_units_under({start.pk})
        with django_assert_num_queries(1):
            tree.force_units_above({start.pk})


def _user(username: str, *, role: str, **kwargs: Any) -> Any:
    return user_create(actor=None, username=username, password="pw-123456", role=role, **kwargs)
