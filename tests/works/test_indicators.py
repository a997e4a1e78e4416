from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from outpost.core.indicators import REGISTRY, IndicatorContext, compute_many
from outpost.geo.models import Village
from outpost.geo.services import village_create
from outpost.works import indicators as ind
from outpost.works import services
from outpost.works.models import Work

from .conftest import make_work

DONE = dt.date(2025, 6, 1)
LATER = dt.date(2025, 10, 1)
ON = dt.date(2025, 12, 1)


@pytest.fixture
def records(world):
    """Commune A1: three villages. Roads of 1.25 km (two villages) and 0.5 km (one of them),
    a road completed after the report date, a cancelled road, an unfinished road; lighting in
    one village; 3 + 2 houses. Commune B1: a 9 km road that A1's reports must not count."""
    second = village_create(actor=None, commune=world.commune_a1, name="Bản Nậm Cáy")
    third = village_create(actor=None, commune=world.commune_a1, name="Bản Co Muông")
    a1 = world.village_a1
    make_work([a1, second], quantity="1.25", completed_on=DONE)
    make_work([a1], quantity="0.5", completed_on=LATER)
    make_work([third], quantity="3", completed_on=dt.date(2026, 2, 1))
    cancelled = make_work([third], quantity="4")
    services.work_cancel(actor=None, work=cancelled, reason="no funding")
    make_work([third], quantity="2")  # still in progress
    make_work([second], kind=Work.Kind.LIGHTING, quantity="40", completed_on=DONE)
    make_work([a1], kind=Work.Kind.HOUSE, quantity="3", completed_on=DONE)
    make_work([third], kind=Work.Kind.HOUSE, quantity="2", completed_on=LATER)
    make_work([world.village_b1], quantity="9", completed_on=DONE)
    return {"a1": a1, "second": second, "third": third}


def _figures(commune_ids, on, village_ids=None):
    keys = [
        "road_m_concreted",
        "villages_with_concreted_road",
        "villages_lit",
        "villages_total",
        "houses_built",
    ]
    ctx = IndicatorContext(
        commune_ids=frozenset(commune_ids),
        on=on,
        village_ids=None if village_ids is None else frozenset(village_ids),
    )
    return compute_many(keys, ctx)


def test_the_figures_match_counts_made_row_by_row(world, records):
    communes = {world.commune_a1.pk}
    done = [
        w
        for w in Work.objects.filter(commune_id__in=communes)
        if w.status == "completed" and w.completed_on <= ON
    ]
    roads = [w for w in done if w.kind == "road_concreting"]
    expected = {
        "road_m_concreted": int(sum(w.quantity for w in roads) * 1000),
        "villages_with_concreted_road": len({v.pk for w in roads for v in w.villages.all()}),
        "villages_lit": len({v.pk for w in done if w.kind == "lighting" for v in w.villages.all()}),
        "villages_total": Village.objects.filter(commune_id__in=communes).count(),
        "houses_built": int(sum(w.quantity for w in done if w.kind == "house")),
    }
    assert _figures(communes, ON) == expected
    assert expected == {
        "road_m_concreted": 1750,
        "villages_with_concreted_road": 2,
        "villages_lit": 1,
        "villages_total": 3,
        "houses_built": 5,
    }


def test_a_work_counts_from_its_completion_date(world, records):
    figures = _figures({world.commune_a1.pk}, dt.date(2025, 7, 1))
    assert figures["road_m_concreted"] == 1250 and figures["houses_built"] == 3
    assert _figures({world.commune_a1.pk}, dt.date(2025, 5, 31))["road_m_concreted"] == 0


def test_a_village_report_counts_the_works_serving_its_villages(world, records):
    figures = _figures({world.commune_a1.pk}, ON, village_ids={records["second"].pk})
    assert figures == {
        "road_m_concreted": 1250,
        "villages_with_concreted_road": 1,
        "villages_lit": 1,
        "villages_total": 1,
        "houses_built": 0,
    }


def test_kilometres_are_the_metres_rounded_to_a_tenth(world, records):
    assert ind.road_km_concreted(commune_ids={world.commune_a1.pk}, on=ON) == Decimal("1.8")


def test_the_single_figure_functions_agree_with_the_registry(world, records):
    communes = {world.commune_a1.pk}
    assert ind.road_m_concreted(commune_ids=communes, on=ON) == 1750
    assert ind.houses_built(commune_ids=communes, on=ON) == 5


def test_the_figures_are_registered_for_village_reports(world):
    for key in ("road_m_concreted", "villages_lit", "villages_total", "houses_built"):
        assert REGISTRY[key].supports_villages
