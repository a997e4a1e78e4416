from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from outpost.accounts.scope import scope_for
from outpost.core.audit import history
from outpost.core.models import AuditEvent
from outpost.fieldwork.models import Activity, ActivityKind, Disaster
from outpost.fieldwork.selectors import disasters as selectors
from outpost.fieldwork.services import disasters as services
from outpost.people.services import household_create

from .fixtures_disasters import STRUCK, flood

D = dt.date


def _scope(w, persona="officer_a"):
    return scope_for(w.users[persona])


def _message(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(exc.value.messages)


def _evacuate(w, disaster, commune=None, **extra):
    extra.setdefault("people_moved", 30)
    extra.setdefault("destination", "Trường tiểu học")
    return services.evacuation_create(
        actor=None,
        disaster=disaster,
        commune=commune or w.commune_a1,
        on=extra.pop("on", STRUCK),
        force_unit=extra.pop("force_unit", w.post_a),
        **extra,
    )


# --- disasters ----------------------------------------------------------------------------


def test_a_disaster_is_recorded_with_its_communes_in_one_audit_event(world):
    disaster = flood(world, [world.commune_a1, world.commune_a2])
    event = history(disaster).get()
    assert event.action == AuditEvent.Action.CREATE
    assert event.changes["communes"] == [None, sorted([world.commune_a1.pk, world.commune_a2.pk])]
    assert event.force_unit_id == world.post_a.pk


def test_a_disaster_needs_a_commune_and_only_communes_of_the_users_area(world):
    with pytest.raises(ValidationError) as exc:
        flood(world, communes=[], scope=_scope(world))
    assert "at least one commune" in _message(exc)
    with pytest.raises(ValidationError) as exc:
        flood(world, communes=[world.commune_b1], scope=_scope(world))
    assert f"not in your area: {world.commune_b1.name}" in _message(exc)
    with pytest.raises(ValidationError) as exc:
        flood(world, communes=[world.province])
    assert "not communes" in _message(exc)
    with pytest.raises(ValidationError) as exc:
        flood(world, unit=world.post_b, scope=_scope(world))
    assert "not one of yours" in _message(exc)
    assert not Disaster.objects.exists()


def test_a_disaster_cannot_end_before_it_started(world):
    with pytest.raises(ValidationError) as exc:
        flood(world, ended_on=D(2025, 8, 1))
    assert "cannot end before it started" in _message(exc)


def test_editing_a_shared_disaster_keeps_the_communes_the_user_cannot_see(world):
    disaster = flood(world, [world.commune_a1, world.commune_b1], unit=world.post_b)
    services.disaster_update(
        actor=None,
        disaster=disaster,
        communes=[world.commune_a2],
        scope=_scope(world),
        ended_on=D(2025, 8, 20),
    )
    assert set(disaster.communes.all()) == {world.commune_a2, world.commune_b1}
    event = history(disaster).get(action=AuditEvent.Action.UPDATE)
    assert event.changes["ended_on"] == [None, "2025-08-20"]
    assert event.changes["communes"][1] == sorted([world.commune_a2.pk, world.commune_b1.pk])


def test_a_voided_disaster_takes_no_more_records_and_cannot_be_voided_twice(world):
    disaster = flood(world)
    with pytest.raises(ValidationError) as exc:
        services.disaster_void(actor=None, disaster=disaster, reason=" ")
    assert "Give the reason" in _message(exc)
    services.disaster_void(actor=None, disaster=disaster, reason="recorded twice")
    assert disaster.voided_at is not None and disaster.void_reason == "recorded twice"
    with pytest.raises(ValidationError) as exc:
        services.disaster_void(actor=None, disaster=disaster, reason="again")
    assert "already voided" in _message(exc)
    with pytest.raises(ValidationError) as exc:
        _evacuate(world, disaster)
    assert "was voided" in _message(exc)
    with pytest.raises(ValidationError):
        services.disaster_update(actor=None, disaster=disaster, name="x")


# --- the response -------------------------------------------------------------------------


def test_an_evacuation_with_its_household_list_counts_them_and_is_audited(world):
    disaster = flood(world)
    homes = [household_create(actor=None, village=world.village_a1, code=f"E-{n}") for n in (1, 2)]
    evacuation = _evacuate(world, disaster, village=world.village_a1, households=homes)
    assert evacuation.households_moved == 2
    event = history(evacuation).get()
    assert event.changes["households"] == [None, sorted(h.pk for h in homes)]
    assert event.commune_id == world.commune_a1.pk
    with pytest.raises(ValidationError) as exc:
        _evacuate(world, disaster, households=homes, households_moved=1)
    assert "More households are listed than were moved" in _message(exc)


def test_an_evacuation_is_in_one_of_the_disasters_communes_and_the_users_area(world):
    disaster = flood(world, [world.commune_a1])
    with pytest.raises(ValidationError) as exc:
        _evacuate(world, disaster, commune=world.commune_a2)
    assert "is not among the communes struck by" in _message(exc)
    shared = flood(world, [world.commune_a1, world.commune_b1], name="Bão số 3")
    with pytest.raises(ValidationError) as exc:
        _evacuate(world, shared, commune=world.commune_b1, scope=_scope(world))
    assert "This commune is not in your area" in _message(exc)
    with pytest.raises(ValidationError) as exc:
        _evacuate(world, disaster, village=world.village_b1)
    assert "The village is not in this commune" in _message(exc)
    home_b = household_create(actor=None, village=world.village_b1, code="B-1")
    with pytest.raises(ValidationError) as exc:
        _evacuate(world, shared, households=[home_b])
    assert "These households are not in" in _message(exc) and "B-1" in _message(exc)


def test_a_repair_records_its_kind_quantity_and_labour(world):
    disaster = flood(world)
    repair = services.damage_repair_create(
        actor=None,
        disaster=disaster,
        commune=world.commune_a1,
        on=D(2025, 8, 12),
        kind="house",
        quantity=3,
        labour_days=45,
        force_unit=world.post_a,
        description="Dựng lại nhà",
    )
    assert history(repair).get().changes["labour_days"] == [None, 45]
    with pytest.raises(ValidationError) as exc:
        services.damage_repair_create(
            actor=None,
            disaster=disaster,
            commune=world.commune_a1,
            on=D(2025, 8, 12),
            kind="road",
            quantity=0,
            force_unit=world.post_a,
        )
    assert "at least one" in _message(exc)


def test_a_deployment_counts_its_named_cadres_and_refuses_other_posts_cadres(world):
    disaster = flood(world)

    def deploy(**extra):
        return services.deployment_create(
            actor=None,
            disaster=disaster,
            commune=world.commune_a1,
            on=STRUCK,
            force_unit=world.post_a,
            scope=_scope(world),
            **extra,
        )

    named = deploy(cadres=[world.cadre_a], days=3)
    assert named.cadre_count == 1 and list(named.cadres.all()) == [world.cadre_a]
    assert deploy(cadre_count=12).cadre_count == 12
    with pytest.raises(ValidationError) as exc:
        deploy()
    assert "Give the number of cadres deployed or name them" in _message(exc)
    with pytest.raises(ValidationError) as exc:
        deploy(cadre_count=1, cadres=[world.cadre_a, world.cadre_b])
    assert "More cadres are named than were counted" in _message(exc)
    with pytest.raises(ValidationError) as exc:
        deploy(cadres=[world.cadre_b])
    assert f"not in your units: {world.cadre_b.full_name}" in _message(exc)
    with pytest.raises(ValidationError) as exc:
        deploy(cadre_count=2, days=0)
    assert "at least one day" in _message(exc)


def test_voiding_a_response_keeps_it_out_of_the_totals(world):
    disaster = flood(world)
    kept = _evacuate(world, disaster, people_moved=30, households_moved=8)
    wrong = _evacuate(world, disaster, people_moved=300, households_moved=80)
    services.response_void(actor=None, response=wrong, reason="typed 300 for 30")
    with pytest.raises(ValidationError):
        services.response_void(actor=None, response=wrong, reason="again")
    view = selectors.disaster_response(_scope(world), disaster)
    assert view.totals["people_moved"] == 30 and view.totals["households_moved"] == 8
    assert [e.pk for e in view.evacuations] == [kept.pk]
    assert [r.pk for r in view.voided] == [wrong.pk]


def test_the_response_totals_cover_evacuations_repairs_deployments_and_activities(world):
    disaster = flood(world, [world.commune_a1, world.commune_b1])
    _evacuate(world, disaster, people_moved=30, households_moved=8)
    _evacuate(world, disaster, commune=world.commune_b1, force_unit=world.post_b, people_moved=7)
    for kind, quantity, days in (("house", 2, 20), ("house", 1, 5), ("road", 1, 10)):
        services.damage_repair_create(
            actor=None,
            disaster=disaster,
            commune=world.commune_a1,
            on=STRUCK,
            kind=kind,
            quantity=quantity,
            labour_days=days,
            force_unit=world.post_a,
        )
    services.deployment_create(
        actor=None,
        disaster=disaster,
        commune=world.commune_a1,
        on=STRUCK,
        force_unit=world.post_a,
        cadre_count=10,
        days=3,
    )
    kind = ActivityKind.objects.get(code="disaster_rebuilding")
    Activity.objects.create(
        kind=kind,
        date=D(2025, 8, 15),
        force_unit=world.post_a,
        commune=world.commune_a1,
        people_reached=50,
        cost=2_000_000,
        disaster=disaster,
    )
    view = selectors.disaster_response(_scope(world), disaster)
    assert view.totals["people_moved"] == 30  # post B's evacuation is not officer_a's to see
    assert view.totals["repairs"] == 4 and view.totals["repair_labour_days"] == 35
    assert view.repairs_by_kind == [("house", 3, 25), ("road", 1, 10)]
    assert view.totals["cadres_deployed"] == 10 and view.totals["cadre_days"] == 30
    assert view.totals["activities"] == 1 and view.totals["activity_cost"] == 2_000_000
    everything = selectors.disaster_response(_scope(world, "province_staff"), disaster)
    assert everything.totals["people_moved"] == 37


def test_a_disaster_is_in_scope_through_a_commune_or_its_recording_unit(world):
    in_a = flood(world, [world.commune_a1], name="Lũ A")
    in_b_by_a = flood(world, [world.commune_b1], unit=world.post_a, name="Lũ B do A ghi")
    in_b = flood(world, [world.commune_b1], unit=world.post_b, name="Lũ B")
    shared = flood(world, [world.commune_a1, world.commune_a2], unit=world.post_b, name="Lũ chung")
    seen = set(selectors.disaster_list(_scope(world)))
    assert seen == {in_a, in_b_by_a, shared}
    assert in_b not in seen
    # Listed once, though it struck two of post A's communes.
    assert selectors.disaster_list(_scope(world)).filter(pk=shared.pk).count() == 1
