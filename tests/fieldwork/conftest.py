"""The field work records of tests/fieldwork/fixtures_figures.py, built once per test module."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .fixtures_figures import FieldRecords, build_field


@pytest.fixture(scope="module")
def field_for_the_module(
    shared_database: Any, django_db_blocker: Any
) -> Iterator[tuple[FieldRecords, Any]]:
    """The records, built on a copy of the world and rolled back after the module's last
    test; the `field` fixture gives each test its own instances of them."""
    with django_db_blocker.unblock(), shared_database.on_the_world():
        built_on = shared_database.world_copy()
        yield build_field(built_on), built_on
