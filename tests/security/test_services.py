from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from outpost.core.models import AuditEvent
from outpost.security import services
from outpost.security.models import (
    GroupMembership,
    Incident,
    SelfGoverningGroup,
    VillageSecurityStatus,
)

pytestmark = pytest.mark.django_db
D = dt.date


def _incident(world: Any, **extra: Any) -> Incident:
    data: dict[str, Any] = {
        "kind": Incident.Kind.DRUGS,
        "occurred_on": D(2025, 8, 3),
        "village": world.village_a1,
        "summary": "Phát hiện tàng trữ ma túy",
    }
    data.update(extra)
    return services.incident_create(actor=world.users["officer_a"], **data)


def _events(obj: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)))


def test_an_incident_takes_its_village_commune_and_is_audited(world: Any) -> None:
    incident = _incident(world, force_unit=world.post_a)
    assert incident.commune_id == world.commune_a1.pk
    assert incident.status == Incident.Status.OPEN
    [event] = _events(incident)
    assert event.action == AuditEvent.Action.CREATE
    assert event.commune_id == world.commune_a1.pk
    assert event.force_unit_id == world.post_a.pk


def test_an_incident_whose_commune_is_not_its_villages_is_refused(world: Any) -> None:
    incident = Incident(
        kind="other",
        occurred_on=D(2025, 8, 1),
        village=world.village_a1,
        commune=world.commune_b1,
        summary="x",
    )
    with pytest.raises(ValidationError) as exc:
        incident.full_clean()
    assert "commune" in exc.value.message_dict


def test_an_unknown_kind_is_refused(world: Any) -> None:
    with pytest.raises(ValidationError):
        _incident(world, kind="gambling")
    assert not Incident.objects.exists()


def test_closing_needs_a_date(world: Any) -> None:
    incident = _incident(world)
    with pytest.raises(ValidationError):
        services.incident_close(actor=None, incident=incident, on=None)
    incident.refresh_from_db()
    assert incident.status == Incident.Status.OPEN


def test_an_incident_cannot_be_closed_before_it_occurred(world: Any) -> None:
    incident = _incident(world)
    with pytest.raises(ValidationError):
        services.incident_close(actor=None, incident=incident, on=D(2025, 8, 1))


def test_a_closed_incident_keeps_its_date_and_cannot_change_status(world: Any) -> None:
    incident = _incident(world)
    services.incident_set_status(actor=None, incident=incident, status="handled")
    services.incident_close(actor=None, incident=incident, on=D(2025, 9, 1))
    incident.refresh_from_db()
    assert (incident.status, incident.closed_on) == ("closed", D(2025, 9, 1))
    with pytest.raises(ValidationError):
        services.incident_set_status(actor=None, incident=incident, status="open")
    assert [e.action for e in _events(incident)].count(AuditEvent.Action.UPDATE) == 2


def test_the_status_service_does_not_close(world: Any) -> None:
    incident = _incident(world)
    with pytest.raises(ValidationError):
        services.incident_set_status(actor=None, incident=incident, status="closed")


def test_an_incident_is_voided_with_a_reason_and_kept(world: Any) -> None:
    incident = _incident(world)
    with pytest.raises(ValidationError):
        services.incident_void(actor=None, incident=incident, reason="  ")
    services.incident_void(actor=None, incident=incident, reason="Nhập trùng")
    incident.refresh_from_db()
    assert incident.voided and incident.void_reason == "Nhập trùng"
    assert Incident.objects.filter(pk=incident.pk).exists()
    with pytest.raises(ValidationError):
        services.incident_close(actor=None, incident=incident, on=D(2025, 9, 1))


def test_a_village_has_one_status_per_year_and_a_second_write_corrects_it(world: Any) -> None:
    first = services.village_status_set(
        actor=None, village=world.village_a1, year=2025, drug_free=False, key_drug_area=True
    )
    again = services.village_status_set(
        actor=None, village=world.village_a1, year=2025, drug_free=True, key_drug_area=False
    )
    assert first.pk == again.pk
    assert VillageSecurityStatus.objects.filter(village=world.village_a1).count() == 1
    assert [e.action for e in _events(first)] == ["update", "create"]


def test_a_key_drug_area_cannot_be_drug_free(world: Any) -> None:
    with pytest.raises(ValidationError):
        services.village_status_set(
            actor=None, village=world.village_a1, year=2025, drug_free=True, key_drug_area=True
        )


def test_a_group_records_its_member_households(world: Any, households_a1: list[Any]) -> None:
    group = services.group_create(
        actor=None,
        kind=SelfGoverningGroup.Kind.SECURITY_ORDER,
        village=world.village_a1,
        name="Tổ tự quản ANTT bản Huổi Lếch",
        founded_on=D(2025, 3, 1),
        households=households_a1,
    )
    members = GroupMembership.objects.filter(group=group)
    assert sorted(m.household_id for m in members) == sorted(h.pk for h in households_a1)
    assert {(m.valid_from, m.valid_to) for m in members} == {(D(2025, 3, 1), None)}
    [event] = _events(group)
    assert event.action == AuditEvent.Action.CREATE
    for membership in members:
        assert _events(membership)[0].changes["household"] == [None, membership.household_id]


def test_a_group_refuses_households_of_another_commune(
    world: Any, households_a1: list[Any], household_b1: Any
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.group_create(
            actor=None,
            kind="security_order",
            village=world.village_a1,
            name="Tổ",
            founded_on=D(2025, 3, 1),
            households=[*households_a1, household_b1],
        )
    assert "B1" in str(exc.value)
    assert not SelfGoverningGroup.objects.exists()


def test_changing_members_refuses_another_communes_household(
    world: Any, households_a1: list[Any], household_b1: Any
) -> None:
    group = services.group_create(
        actor=None,
        kind="security_order",
        village=world.village_a1,
        name="Tổ",
        founded_on=D(2025, 3, 1),
    )
    with pytest.raises(ValidationError):
        services.group_set_members(actor=None, group=group, households=[household_b1])
    services.group_set_members(
        actor=None, group=group, households=households_a1[:2], on=D(2025, 4, 1)
    )
    services.group_set_members(
        actor=None, group=group, households=households_a1[1:], on=D(2025, 5, 1)
    )
    rows = GroupMembership.objects.filter(group=group).order_by("household__code", "valid_from")
    assert [(m.household.code, m.valid_from, m.valid_to) for m in rows] == [
        ("A0", D(2025, 4, 1), D(2025, 5, 1)),
        ("A1", D(2025, 4, 1), None),
        ("A2", D(2025, 5, 1), None),
    ]


def test_a_border_group_links_a_segment_and_its_markers(
    world: Any, segment_a1: Any, marker_a1: Any
) -> None:
    group = services.group_create(
        actor=None,
        kind="border_line_markers",
        village=world.village_a1,
        name="Tổ tự quản mốc 100",
        founded_on=D(2025, 8, 1),
        segment=segment_a1,
        markers=[marker_a1],
    )
    assert list(group.markers.all()) == [marker_a1]


def test_a_group_refuses_a_segment_of_another_commune(world: Any, segment_a1: Any) -> None:
    with pytest.raises(ValidationError):
        services.group_create(
            actor=None,
            kind="border_line_markers",
            village=world.village_b1,
            name="Tổ",
            founded_on=D(2025, 8, 1),
            segment=segment_a1,
        )


def test_a_group_is_dissolved_with_a_date_and_reason(world: Any) -> None:
    group = services.group_create(
        actor=None,
        kind="security_order",
        village=world.village_a1,
        name="Tổ",
        founded_on=D(2025, 3, 1),
    )
    with pytest.raises(ValidationError):
        services.group_dissolve(actor=None, group=group, on=D(2025, 2, 1), reason="x")
    with pytest.raises(ValidationError):
        services.group_dissolve(actor=None, group=group, on=D(2025, 9, 1), reason="")
    services.group_dissolve(actor=None, group=group, on=D(2025, 9, 1), reason="Sáp nhập")
    group.refresh_from_db()
    assert group.dissolved_on == D(2025, 9, 1)
    assert _events(group)[0].action == AuditEvent.Action.END


def test_an_agreement_holds_from_its_signing_and_ends_with_a_reason(world: Any) -> None:
    agreement = services.agreement_create(
        actor=None,
        village=world.village_a1,
        foreign_village="Bản Huổi Hốc",
        country="LA",
        signed_on=D(2024, 5, 1),
    )
    assert agreement.valid_from == D(2024, 5, 1)
    with pytest.raises(ValidationError):
        services.agreement_end(actor=None, agreement=agreement, on=D(2025, 9, 1), reason="")
    services.agreement_end(actor=None, agreement=agreement, on=D(2025, 9, 1), reason="Hết hạn")
    assert agreement.valid_to == D(2025, 9, 1)
    assert _events(agreement)[0].action == AuditEvent.Action.END


def test_an_agreement_cannot_hold_before_it_was_signed_or_name_another_country(
    world: Any,
) -> None:
    with pytest.raises(ValidationError):
        services.agreement_create(
            actor=None,
            village=world.village_a1,
            foreign_village="Bản X",
            country="LA",
            signed_on=D(2025, 5, 1),
            valid_from=D(2025, 1, 1),
        )
    with pytest.raises(ValidationError):
        services.agreement_create(
            actor=None,
            village=world.village_a1,
            foreign_village="Bản X",
            country="TH",
            signed_on=D(2025, 5, 1),
        )
