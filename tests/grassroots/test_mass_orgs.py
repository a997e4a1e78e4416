"""Mass organisations of villages and communes, their consolidation, and their figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from outpost.core.models import AuditEvent
from outpost.geo.services import village_create
from outpost.grassroots import services
from outpost.grassroots.indicators import (
    mass_organisations,
    mass_organisations_consolidated_this_year,
)
from outpost.grassroots.models import MassOrganisation, OrganisationConsolidation

D = dt.date


def _org(world: Any, **kwargs: Any) -> MassOrganisation:
    data = {
        "commune": world.commune_a1,
        "village": world.village_a1,
        "kind": "women_union",
        "name": "Chi hội Phụ nữ bản Huổi Lếch",
        "established_on": D(2025, 7, 1),
    }
    data.update(kwargs)
    return services.mass_organisation_create(actor=None, **data)


def test_a_village_organisation_is_recorded_with_an_audit_event(world):
    org = _org(world, member_count=42)
    assert org.village == world.village_a1 and org.member_count == 42
    event = AuditEvent.objects.get(object_type="grassroots.massorganisation", object_id=org.pk)
    assert event.commune_id == world.commune_a1.pk


def test_a_commune_level_organisation_has_no_village(world):
    org = _org(world, village=None, kind="fatherland_front", name="Ban công tác Mặt trận xã")
    assert org.village is None and org.commune == world.commune_a1


def test_the_village_must_be_in_the_commune(world):
    with pytest.raises(ValidationError):
        _org(world, village=world.village_b1)
    assert not MassOrganisation.objects.exists()


def test_a_village_has_one_open_organisation_of_a_kind(world):
    _org(world)
    with pytest.raises(ValidationError):
        _org(world, name="Chi hội thứ hai")
    youth = _org(world, kind="youth_union", name="Chi đoàn bản Huổi Lếch")
    assert youth.pk


def test_an_ended_organisation_makes_room_for_a_new_one(world):
    org = _org(world)
    services.mass_organisation_end(
        actor=None, organisation=org, on=D(2025, 9, 1), reason="sáp nhập"
    )
    again = _org(world, established_on=D(2025, 9, 1))
    assert again.pk != org.pk and org.valid_to == D(2025, 9, 1)


def test_the_end_must_come_after_the_start(world):
    org = _org(world)
    with pytest.raises(ValidationError):
        services.mass_organisation_end(
            actor=None, organisation=org, on=D(2025, 6, 1), reason="nhầm"
        )


def test_a_consolidation_is_recorded_with_its_supporting_unit(world):
    org = _org(world)
    event = services.organisation_consolidate(
        actor=None,
        organisation=org,
        on=D(2025, 8, 1),
        action="Kiện toàn ban chấp hành",
        supporting_unit=world.post_a,
    )
    assert event.supporting_unit == world.post_a
    assert AuditEvent.objects.filter(
        object_type="grassroots.organisationconsolidation", object_id=event.pk
    ).exists()


def test_a_consolidation_needs_the_organisation_open_on_the_date(world):
    org = _org(world)
    with pytest.raises(ValidationError):
        services.organisation_consolidate(
            actor=None, organisation=org, on=D(2025, 6, 1), action="Kiện toàn"
        )
    assert not OrganisationConsolidation.objects.exists()


# --- figures ---------------------------------------------------------------------------------


@pytest.fixture
def records(world: Any) -> dict[str, Any]:
    old_village = village_create(actor=None, commune=world.old_commune_a1, name="Bản Cũ")
    old_women = _org(
        world,
        commune=world.old_commune_a1,
        village=old_village,
        established_on=D(2020, 1, 1),
        name="Chi hội Phụ nữ bản Cũ",
    )
    old_farmers = _org(
        world,
        commune=world.old_commune_a1,
        village=old_village,
        kind="farmers",
        established_on=D(2024, 5, 1),
        name="Chi hội Nông dân bản Cũ",
    )
    services.mass_organisation_end(
        actor=None, organisation=old_farmers, on=D(2024, 11, 1), reason="giải thể"
    )
    new_women = _org(world)
    new_front = _org(world, village=None, kind="fatherland_front", name="Ban công tác Mặt trận")
    _org(world, commune=world.commune_b1, village=world.village_b1, name="Chi hội Phụ nữ Pá Lông")
    for org, on in [
        (old_women, D(2024, 3, 1)),
        (old_women, D(2024, 9, 1)),
        (old_farmers, D(2024, 6, 1)),
        (old_women, D(2025, 2, 1)),
        (new_women, D(2025, 7, 15)),
        (new_women, D(2025, 8, 15)),
        (new_front, D(2025, 10, 1)),
    ]:
        services.organisation_consolidate(actor=None, organisation=org, on=on, action="Củng cố")
    return {"old": [world.old_commune_a1.pk], "new": [world.commune_a1.pk]}


def by_hand(commune_ids: list[int], on: dt.date) -> dict[str, int]:
    start = D(on.year, 1, 1)
    orgs = [o for o in MassOrganisation.objects.all() if o.commune_id in commune_ids]
    consolidated = {
        c.organisation_id
        for c in OrganisationConsolidation.objects.select_related("organisation")
        if c.organisation.commune_id in commune_ids and start <= c.on <= on
    }
    return {"open": sum(o.is_valid_on(on) for o in orgs), "consolidated": len(consolidated)}


def figures(commune_ids: list[int], on: dt.date) -> dict[str, int]:
    return {
        "open": mass_organisations(commune_ids=commune_ids, on=on),
        "consolidated": mass_organisations_consolidated_this_year(commune_ids=commune_ids, on=on),
    }


@pytest.mark.parametrize(
    ("side", "on"),
    [
        ("old", D(2024, 6, 30)),
        ("old", D(2024, 12, 31)),
        ("old", D(2025, 6, 30)),
        ("new", D(2025, 7, 1)),
        ("new", D(2025, 12, 31)),
    ],
)
def test_the_organisation_figures_equal_a_count_by_hand(records, side, on):
    assert figures(records[side], on) == by_hand(records[side], on)


def test_the_figures_before_and_after_the_merger(records):
    assert figures(records["old"], D(2024, 6, 30)) == {"open": 2, "consolidated": 2}
    assert figures(records["old"], D(2024, 12, 31)) == {"open": 1, "consolidated": 2}
    assert figures(records["new"], D(2025, 7, 1)) == {"open": 2, "consolidated": 0}
    assert figures(records["new"], D(2025, 12, 31)) == {"open": 2, "consolidated": 2}


def test_a_village_filter_leaves_out_commune_level_organisations(records, world):
    got = mass_organisations(
        commune_ids=records["new"], on=D(2025, 12, 31), village_ids=[world.village_a1.pk]
    )
    assert got == 1
