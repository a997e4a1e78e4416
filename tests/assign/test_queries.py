from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outpost.assign import services

from .conftest import make_cadre, make_household

D = dt.date(2025, 8, 1)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _add(world, branch, n, start):
    for i in range(start, start + n):
        h = make_household(world.village_a1, f"H{i}")
        cadre = make_cadre(world.post_a, f"Q-{i}")
        services.household_assign(actor=None, cadre=cadre, household=h, valid_from=D)
        services.branch_join(actor=None, cadre=cadre, branch=branch, valid_from=D)


def test_the_village_page_costs_the_same_queries_for_two_or_ten_households(world, branch_a1):
    client = world.client_for("officer_a")
    url = reverse("assign:village_assignments", kwargs={"village_id": world.village_a1.pk})
    _add(world, branch_a1, 2, 0)
    few = _queries(client, url)
    _add(world, branch_a1, 8, 2)
    assert _queries(client, url) == few


def test_the_cadre_page_costs_the_same_queries_for_one_or_many_households(world, branch_a1):
    client = world.client_for("officer_a")
    url = reverse("assign:cadre_assignments", kwargs={"cadre_id": world.cadre_a.pk})
    h = make_household(world.village_a1, "X0")
    services.household_assign(actor=None, cadre=world.cadre_a, household=h, valid_from=D)
    few = _queries(client, url)
    for i in range(1, 8):
        h = make_household(world.village_a1, f"X{i}")
        services.household_assign(actor=None, cadre=world.cadre_a, household=h, valid_from=D)
    assert _queries(client, url) == few
