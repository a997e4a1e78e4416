"""`outpost geo`: one command, its subcommands listed in its help."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError

from outpost.core.models import REORGANISATION_DATE as REORG
from outpost.core.models import AuditEvent
from outpost.geo.models import AdminUnit, BorderFlag


def test_the_help_lists_every_subcommand() -> None:
    parser = load_command_class("outpost.geo", "geo").create_parser("outpost", "geo")
    text = parser.format_help()
    for sub in (
        "load-current",
        "import-current",
        "import-legacy",
        "import-conversion",
        "lineage",
        "set-border",
        "propose-border",
    ):
        assert sub in text


@pytest.fixture
def commune() -> AdminUnit:
    return AdminUnit.objects.create(
        level="commune", code="04099", name="Xã Phiêng Khoài", kind="Xã", valid_from=REORG
    )


@pytest.mark.django_db
def test_set_border_flags_a_current_commune_from_its_first_day_and_audits_it(
    commune: AdminUnit,
) -> None:
    out = io.StringIO()
    call_command("geo", "set-border", "04099", "--countries", "la, cn", stdout=out)
    flag = BorderFlag.objects.get(unit=commune)
    assert (flag.countries, flag.valid_from, flag.valid_to) == ("CN,LA", REORG, None)
    event = AuditEvent.objects.get(object_type="geo.borderflag", object_id=str(flag.pk))
    assert (event.source, event.action, event.commune_id) == ("cli", "create", commune.pk)
    call_command("geo", "set-border", "04099", "--off", "--from", "2026-01-01", stdout=out)
    flag.refresh_from_db()
    assert flag.valid_to == dt.date(2026, 1, 1)
    assert "CN,LA 2025-07-01 – 2026-01-01" in out.getvalue()


@pytest.mark.django_db
def test_set_border_refuses_unknown_codes_and_missing_countries(commune: AdminUnit) -> None:
    with pytest.raises(CommandError, match="04100"):
        call_command("geo", "set-border", "04100", "--countries", "LA")
    with pytest.raises(CommandError, match="country"):
        call_command("geo", "set-border", "04099")
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_lineage_prints_a_readable_history(commune: AdminUnit) -> None:
    out = io.StringIO()
    call_command("geo", "lineage", "04099", stdout=out)
    assert out.getvalue().startswith("Xã Phiêng Khoài (04099, commune) 2025-07-01 – …")
    with pytest.raises(CommandError):
        call_command("geo", "lineage", "abc")


@pytest.mark.django_db
def test_load_current_is_idempotent() -> None:
    first, second = io.StringIO(), io.StringIO()
    call_command("geo", "load-current", stdout=first)
    events = AuditEvent.objects.count()
    assert AdminUnit.objects.filter(level="commune", valid_from=REORG).count() == 3_321
    assert AdminUnit.objects.filter(level="province", valid_from=REORG).count() == 34
    assert events == 3_321 + 34
    call_command("geo", "load-current", stdout=second)
    assert AuditEvent.objects.count() == events
    assert "created: 0" in second.getvalue()
    assert AdminUnit.objects.filter(source="vietnam-provinces 2025.10.1").count() == 3_355
