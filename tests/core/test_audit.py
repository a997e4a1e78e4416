from outpost.core.models import AuditEvent
from outpost.geo.models import Village
from outpost.geo.services import village_update


def test_every_object_of_the_world_was_created_with_an_audit_event(world):
    village = world.village_a1
    events = AuditEvent.objects.filter(object_type="geo.village", object_id=str(village.pk))
    assert [e.action for e in events] == ["create"]
    assert events[0].commune_id == world.commune_a1.pk


def test_an_update_records_old_and_new_values(world):
    actor = world.users["officer_a"]
    village_update(actor=actor, village=world.village_a1, name="Bản Huổi Lếch 2")
    event = AuditEvent.objects.filter(object_type="geo.village", action="update").get()
    assert event.changes["name"] == ["Bản Huổi Lếch", "Bản Huổi Lếch 2"]
    assert event.actor == actor
    assert Village.objects.get(pk=world.village_a1.pk).search_name == "ban huoi lech 2"


def test_an_update_that_changes_nothing_writes_nothing(world):
    before = AuditEvent.objects.count()
    village_update(actor=None, village=world.village_a1, name=world.village_a1.name)
    assert AuditEvent.objects.count() == before
