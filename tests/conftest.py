"""Shared test data: a small world of two border posts, built through the real services.

Personas: `officer_a` (post officer of post A), `commander_a`, `province_staff` (the provincial
command), `national_viewer`, `partner_a1` (commune partner of commune A1, read-only),
`officer_b` (post officer of post B), `outsider` (signed in, no role). Post A is responsible
for communes A1 and A2 (and, before 2025, for the old commune A1-old that merged into A1);
post B for commune B1.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

import pytest
from django.test import Client

from outpost.accounts.models import User
from outpost.accounts.services import user_create
from outpost.core.models import REORGANISATION_DATE as REORG
from outpost.force.models import Cadre, ForceUnit
from outpost.force.services import area_assign, cadre_create, force_unit_create
from outpost.geo.models import AdminUnit, UnitChange, Village
from outpost.geo.services import admin_unit_create, unit_change_create, village_create
from tests.shared_database import SharedDatabase
from tests.shared_database import set_up as shared_database_set_up

PASSWORD = "test-pass-123"


@dataclass
class World:
    province: AdminUnit
    commune_a1: AdminUnit
    commune_a2: AdminUnit
    commune_b1: AdminUnit
    old_commune_a1: AdminUnit
    village_a1: Village
    village_b1: Village
    command: ForceUnit
    post_a: ForceUnit
    post_b: ForceUnit
    cadre_a: Cadre
    cadre_b: Cadre
    users: dict[str, User]

    def client_for(self, persona: str) -> Client:
        client = Client()
        client.force_login(self.users[persona])
        return client


def build_world(actor: Any = None) -> World:
    Level = AdminUnit.Level
    province = admin_unit_create(
        actor=actor,
        level=Level.PROVINCE,
        code="14",
        name="Tỉnh Sơn La",
        kind="Tỉnh",
        valid_from=REORG,
    )
    old_province = admin_unit_create(
        actor=actor,
        level=Level.PROVINCE,
        code="14",
        name="Tỉnh Sơn La",
        kind="Tỉnh",
        valid_to=REORG,
    )
    commune_a1 = admin_unit_create(
        actor=actor,
        level=Level.COMMUNE,
        code="04087",
        name="Xã Mường Nhé",
        kind="Xã",
        parent=province,
        valid_from=REORG,
        is_border=True,
        border_countries="LA",
    )
    commune_a2 = admin_unit_create(
        actor=actor,
        level=Level.COMMUNE,
        code="04099",
        name="Xã Phiêng Khoài",
        kind="Xã",
        parent=province,
        valid_from=REORG,
        is_border=True,
        border_countries="LA",
    )
    commune_b1 = admin_unit_create(
        actor=actor,
        level=Level.COMMUNE,
        code="04240",
        name="Xã Mường Lèo",
        kind="Xã",
        parent=province,
        valid_from=REORG,
        is_border=True,
        border_countries="LA",
    )
    old_commune_a1 = admin_unit_create(
        actor=actor,
        level=Level.COMMUNE,
        code="04084",
        name="Xã Chiềng On",
        kind="Xã",
        parent=old_province,
        valid_to=REORG,
    )
    unit_change_create(
        actor=actor,
        from_unit=old_commune_a1,
        to_unit=commune_a1,
        effective=REORG,
        kind=UnitChange.Kind.MERGED_WHOLE,
    )
    village_a1 = village_create(actor=actor, commune=commune_a1, name="Bản Huổi Lếch")
    village_b1 = village_create(actor=actor, commune=commune_b1, name="Bản Pá Lông")

    hq = force_unit_create(
        actor=actor, kind=ForceUnit.Kind.HIGH_COMMAND, code="BDBP", name="Bộ Tư lệnh BĐBP"
    )
    command = force_unit_create(
        actor=actor,
        kind=ForceUnit.Kind.PROVINCIAL_COMMAND,
        code="BCH-14",
        name="Bộ Chỉ huy BĐBP tỉnh Sơn La",
        parent=hq,
        province=province,
    )
    post_a = force_unit_create(
        actor=actor,
        kind=ForceUnit.Kind.BORDER_POST,
        code="DBP-A",
        name="Đồn Biên phòng A",
        parent=command,
    )
    post_b = force_unit_create(
        actor=actor,
        kind=ForceUnit.Kind.BORDER_POST,
        code="DBP-B",
        name="Đồn Biên phòng B",
        parent=command,
    )
    area_assign(actor=actor, force_unit=post_a, commune=old_commune_a1, valid_to=REORG)
    area_assign(actor=actor, force_unit=post_a, commune=commune_a1, valid_from=REORG)
    area_assign(actor=actor, force_unit=post_a, commune=commune_a2, valid_from=REORG)
    area_assign(actor=actor, force_unit=post_b, commune=commune_b1, valid_from=REORG)

    cadre_a = cadre_create(
        actor=actor,
        service_number="A-001",
        full_name="Lò Văn Pánh",
        rank=Cadre.Rank.CAPTAIN,
        unit=post_a,
        posted_on=dt.date(2020, 1, 1),
        party_joined_on=dt.date(2012, 5, 19),
    )
    cadre_b = cadre_create(
        actor=actor,
        service_number="B-001",
        full_name="Giàng A Chử",
        rank=Cadre.Rank.MAJOR,
        unit=post_b,
        posted_on=dt.date(2020, 1, 1),
        party_joined_on=dt.date(2010, 2, 3),
    )

    R = User.Role
    users = {
        "officer_a": user_create(
            actor=actor,
            username="officer_a",
            password=PASSWORD,
            role=R.POST_OFFICER,
            force_unit_ids=[post_a.pk],
        ),
        "commander_a": user_create(
            actor=actor,
            username="commander_a",
            password=PASSWORD,
            role=R.POST_COMMANDER,
            force_unit_ids=[post_a.pk],
        ),
        "officer_b": user_create(
            actor=actor,
            username="officer_b",
            password=PASSWORD,
            role=R.POST_OFFICER,
            force_unit_ids=[post_b.pk],
        ),
        "province_staff": user_create(
            actor=actor,
            username="province_staff",
            password=PASSWORD,
            role=R.PROVINCE_STAFF,
            force_unit_ids=[command.pk],
        ),
        "national_viewer": user_create(
            actor=actor, username="national_viewer", password=PASSWORD, role=R.NATIONAL_VIEWER
        ),
        "partner_a1": user_create(
            actor=actor,
            username="partner_a1",
            password=PASSWORD,
            role=R.COMMUNE_PARTNER,
            partner_commune_ids=[commune_a1.pk],
        ),
        "outsider": user_create(actor=actor, username="outsider", password=PASSWORD, role=""),
    }
    return World(
        province=province,
        commune_a1=commune_a1,
        commune_a2=commune_a2,
        commune_b1=commune_b1,
        old_commune_a1=old_commune_a1,
        village_a1=village_a1,
        village_b1=village_b1,
        command=command,
        post_a=post_a,
        post_b=post_b,
        cadre_a=cadre_a,
        cadre_b=cadre_b,
        users=users,
    )


def pytest_configure(config: Any) -> None:
    from django.conf import settings

    # Hashing seven personas' passwords properly dominates a test's set-up; tests need no
    # resistance to brute force.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(items: list[Any]) -> None:
    """Files marked `heavy` first: pytest-xdist hands files to the workers in the order they
    were collected, and the longest must start early, not be left to one worker at the end.
    (pytest-django then puts the transactional tests after the others, keeping this order.)"""
    heavy = {item.path for item in items if item.get_closest_marker("heavy")}
    items.sort(key=lambda item: item.path not in heavy)


@pytest.fixture(autouse=True)
def english_unless_marked_vietnamese(request: Any, settings: Any) -> Any:
    """Most tests read English text; Vietnamese is the product's default and is tested by
    the tests marked `vietnamese` (tests/test_i18n.py), which keep that default."""
    from django.utils import translation

    if request.node.get_closest_marker("vietnamese"):
        yield
        return
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def uploads_in_a_temporary_folder(settings: Any, tmp_path_factory: Any) -> None:
    """Uploaded files (activity photos) never land in the real MEDIA_ROOT during tests."""
    settings.MEDIA_ROOT = str(tmp_path_factory.getbasetemp() / "media")


@pytest.fixture(scope="session")
def shared_database(django_db_setup: Any, django_db_blocker: Any) -> SharedDatabase:
    """The world, built once per test process into the migrated test database (see
    tests/shared_database.py)."""
    with django_db_blocker.unblock():
        return shared_database_set_up(build_world)


@pytest.fixture
def _starting_state(shared_database: SharedDatabase, django_db_blocker: Any) -> SharedDatabase:
    """Before the test's transaction opens: the starting state is back if a transactional
    test emptied the database."""
    with django_db_blocker.unblock():
        shared_database.ready()
    return shared_database


@pytest.fixture
def _django_db_helper(
    request: Any, _starting_state: SharedDatabase, _django_db_helper: Any
) -> Iterator[None]:
    """pytest-django's set-up of every test that uses the database (the `db` and
    `transactional_db` fixtures, the `django_db` mark, `live_server`), extended: a test that
    does not ask for the world starts without it, and a test that committed (Django empties
    the database after it) has the starting state put back before the next one."""
    from django.db import connection

    transactional = not connection.in_atomic_block
    if "world" not in request.fixturenames:
        _starting_state.remove_world()
    yield
    if transactional:
        _starting_state.emptied = True


@pytest.fixture
def world(db: Any, shared_database: SharedDatabase) -> World:
    """The shared world: committed once, each test gets fresh instances of it."""
    return cast(World, shared_database.world_copy())
