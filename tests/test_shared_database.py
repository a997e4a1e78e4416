"""The database tests start from (tests/shared_database.py): the world is built once, yet each
test sees what it would have seen had it built the world itself, or not at all."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import transaction

from outpost.accounts.models import User
from outpost.core.audit import history
from outpost.force.models import Cadre
from outpost.geo.services import village_create
from tests.shared_database import serialized


def test_a_test_without_the_world_sees_the_database_exactly_as_the_migrations_left_it(
    db, shared_database
):
    assert not User.objects.exists()
    assert serialized() == shared_database.migrated_snapshot


def test_a_test_with_the_world_finds_every_persona_and_cadre_in_the_database(world):
    assert set(User.objects.values_list("username", flat=True)) == set(world.users)
    assert Cadre.objects.get(pk=world.cadre_a.pk).full_name == world.cadre_a.full_name


def test_each_test_gets_its_own_instances_of_the_world(world, shared_database):
    world.cadre_a.full_name = "Changed in memory"
    world.commune_a1.parent.name = "Changed through a relation"
    fresh = shared_database.world_copy()
    assert fresh.cadre_a.full_name == "Lò Văn Pánh"
    assert fresh.commune_a1.parent.name == "Tỉnh Sơn La"


@pytest.mark.parametrize("run", ["first", "second"])
def test_a_change_a_test_writes_to_the_world_is_gone_for_the_next_test(world, run):
    """Whichever run comes second finds the name the first one wrote rolled back."""
    assert Cadre.objects.get(pk=world.cadre_a.pk).full_name == "Lò Văn Pánh"
    Cadre.objects.filter(pk=world.cadre_a.pk).update(full_name=f"Written by the {run} run")


@pytest.mark.django_db(transaction=True)
def test_the_starting_state_comes_back_whole_after_a_test_empties_the_database(
    world, shared_database
):
    # What Django does after every transactional test: empty every table, then recreate the
    # content types and permissions (under new keys); here the sequences restart too.
    call_command("flush", verbosity=0, interactive=False)
    assert not Cadre.objects.exists()
    shared_database.restore()
    assert serialized() == shared_database.snapshot
    # New rows take keys past the restored ones (the sequences did not start again).
    with transaction.atomic():
        village = village_create(actor=None, commune=world.commune_a1, name="Bản Mới")
        assert history(village).count() == 1
        transaction.set_rollback(True)
    # And the world still comes away whole for a test without it (committed here, so the
    # foreign keys are checked).
    shared_database.remove_world()
    assert serialized() == shared_database.migrated_snapshot
