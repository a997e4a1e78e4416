"""The benchmark's hand-written SQL (bench/fieldwork_sql.py) gives the registry's field work
figures: it is the yardstick `make bench` times the registry against, so it must agree."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from django.db import connection

from outpost.reports.groups import group_report

from .fixtures_figures import field

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import fieldwork_sql

__all__ = ["field"]

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["DBP-A", "DBP-B", "BCH-14"])
@pytest.mark.parametrize(
    "first, last",
    [
        (dt.date(2025, 8, 1), dt.date(2025, 8, 31)),
        (dt.date(2025, 1, 1), dt.date(2025, 12, 31)),  # across the merger
        (dt.date(2025, 8, 21), dt.date(2025, 9, 30)),
        (dt.date(2025, 1, 1), dt.date(2025, 3, 14)),
    ],
)
def test_the_hand_written_sql_gives_the_registrys_figures(field, code, first, last):
    registry = group_report("fieldwork", code, date_from=first, date_to=last)["indicators"]
    assert fieldwork_sql.figures(connection, code, first, last) == registry
    assert any(registry.values()) or code == "DBP-B"
