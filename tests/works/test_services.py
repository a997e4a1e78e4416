from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from outpost.core.audit import history
from outpost.geo.services import village_create
from outpost.works import services
from outpost.works.models import Work


def _road(world, **extra):
    values = {
        "actor": None,
        "kind": Work.Kind.ROAD_CONCRETING,
        "name": " Đường bê tông Huổi Lếch ",
        "villages": [world.village_a1],
        "quantity": Decimal("1.25"),
        "quantity_unit": Work.Unit.KM,
        "funding_state": 500_000_000,
        "contributed_labour_days": 120,
        "started_on": dt.date(2025, 3, 1),
        "status": Work.Status.IN_PROGRESS,
        "force_unit": world.post_a,
    }
    values.update(extra)
    return services.work_create(**values)


def test_a_work_takes_its_commune_from_its_villages_and_is_audited_with_them(world):
    work = _road(world)
    assert work.commune == world.commune_a1 and work.name == "Đường bê tông Huổi Lếch"
    (event,) = history(work)
    assert event.action == "create"
    assert event.changes["villages"] == [None, [world.village_a1.pk]]
    assert event.commune_id == world.commune_a1.pk and event.force_unit_id == world.post_a.pk


def test_villages_of_two_communes_cannot_share_a_work(world):
    with pytest.raises(ValidationError, match="not in"):
        _road(world, villages=[world.village_a1, world.village_b1])
    assert not Work.objects.exists()


def test_a_work_needs_a_village(world):
    with pytest.raises(ValidationError, match="at least one village"):
        _road(world, villages=[], commune=world.commune_a1)


@pytest.mark.parametrize(
    ("kind", "unit"),
    [
        (Work.Kind.ROAD_CONCRETING, Work.Unit.LAMPS),
        (Work.Kind.LIGHTING, Work.Unit.KM),
        (Work.Kind.HOUSE, Work.Unit.M),
    ],
)
def test_a_kind_is_measured_in_its_own_unit(world, kind, unit):
    with pytest.raises(ValidationError) as caught:
        _road(world, kind=kind, quantity_unit=unit)
    assert "quantity_unit" in caught.value.message_dict


def test_a_quantity_needs_a_unit(world):
    with pytest.raises(ValidationError) as caught:
        _road(world, kind=Work.Kind.SCHOOL, quantity_unit="")
    assert "quantity_unit" in caught.value.message_dict


def test_a_work_in_progress_has_a_start_date(world):
    with pytest.raises(ValidationError) as caught:
        _road(world, started_on=None)
    assert "started_on" in caught.value.message_dict


def test_changing_the_villages_is_recorded_with_the_fields_in_one_event(world):
    work = _road(world)
    second = village_create(actor=None, commune=world.commune_a1, name="Bản Nậm Cáy")
    services.work_update(actor=None, work=work, villages=[world.village_a1, second], name="Đường")
    work.refresh_from_db()
    assert set(work.villages.all()) == {world.village_a1, second} and work.name == "Đường"
    event = history(work).first()
    assert event.action == "update"
    assert event.changes["villages"] == [
        [world.village_a1.pk],
        sorted([world.village_a1.pk, second.pk]),
    ]
    assert event.changes["name"] == ["Đường bê tông Huổi Lếch", "Đường"]


def test_an_update_that_changes_nothing_leaves_no_trace(world):
    work = _road(world)
    services.work_update(actor=None, work=work, villages=[world.village_a1], name=work.name)
    assert history(work).count() == 1


def test_an_update_cannot_move_a_work_to_another_commune_s_village(world):
    work = _road(world)
    with pytest.raises(ValidationError, match="not in"):
        services.work_update(actor=None, work=work, villages=[world.village_b1])
    assert list(work.villages.all()) == [world.village_a1]


def test_an_update_cannot_complete_or_change_the_commune(world):
    work = _road(world)
    with pytest.raises(ValidationError):
        services.work_update(actor=None, work=work, status=Work.Status.COMPLETED)
    with pytest.raises(ValidationError):
        services.work_update(actor=None, work=work, commune=world.commune_b1)


def test_completing_a_work_records_the_date_and_the_quantity_built(world):
    work = _road(world)
    services.work_complete(actor=None, work=work, on=dt.date(2025, 9, 2), quantity=Decimal("1.4"))
    work.refresh_from_db()
    assert work.status == "completed" and work.completed_on == dt.date(2025, 9, 2)
    assert work.quantity == Decimal("1.40")
    assert history(work).first().changes["status"] == ["in_progress", "completed"]
    with pytest.raises(ValidationError, match="already completed"):
        services.work_complete(actor=None, work=work, on=dt.date(2025, 9, 3))
    with pytest.raises(ValidationError, match="cannot be cancelled"):
        services.work_cancel(actor=None, work=work, reason="x")


def test_a_work_cannot_be_completed_before_it_started(world):
    work = _road(world)
    with pytest.raises(ValidationError) as caught:
        services.work_complete(actor=None, work=work, on=dt.date(2025, 1, 1))
    assert "completed_on" in caught.value.message_dict


def test_a_cancelled_work_keeps_its_row_and_its_reason(world):
    work = _road(world)
    with pytest.raises(ValidationError):
        services.work_cancel(actor=None, work=work, reason="  ")
    services.work_cancel(actor=None, work=work, reason="Funding withdrawn")
    work.refresh_from_db()
    assert work.status == "cancelled" and work.cancel_reason == "Funding withdrawn"
    assert history(work).first().note == "Funding withdrawn"
    with pytest.raises(ValidationError, match="cannot be completed"):
        services.work_complete(actor=None, work=work, on=dt.date(2025, 9, 2))
