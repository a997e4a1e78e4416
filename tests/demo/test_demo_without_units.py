"""The demo before the units are loaded (apart from tests/demo/test_demo.py, whose tests all
share the units of Sơn La)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from outpost.force.models import ForceUnit


def test_without_the_units_it_says_to_load_them_first(db):
    with pytest.raises(CommandError, match="geo load-current"):
        call_command("demo", stdout=StringIO())
    assert not ForceUnit.objects.exists()
