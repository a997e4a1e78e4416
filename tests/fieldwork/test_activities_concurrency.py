"""Two people edit the same activity from the same version at the same moment: exactly one
edit is saved, the other is refused. Runs on PostgreSQL (and on a SQLite file); an in-memory
SQLite database cannot be shared by two threads' connections, so there it is skipped."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from outpost.core.audit import history
from outpost.core.models import AuditEvent
from outpost.fieldwork.models import Activity
from outpost.fieldwork.services.activities import StaleVersion, activity_update

from .fixtures_activities import record

ROUNDS = 5


def _edit_at_once(activity_id: int, version: int) -> list[str]:
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    lock = threading.Lock()

    def edit(notes: str) -> None:
        try:
            copy = Activity.objects.get(pk=activity_id)
            barrier.wait(timeout=30)
            activity_update(actor=None, activity=copy, expected_version=version, notes=notes)
            outcome = "saved"
        except StaleVersion:
            outcome = "refused"
        except Exception as exc:  # anything else is a failure of the test, shown below
            outcome = f"error: {exc!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    # Each edit changes something (an edit that changes nothing is not a write).
    threads = [threading.Thread(target=edit, args=(f"v{version} edit {n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_edits_of_the_same_version_save_one_and_refuse_the_other(world):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("an in-memory SQLite database is not shared between threads")
    activity = record(world)
    for round_ in range(ROUNDS):
        version = round_ + 1
        assert _edit_at_once(activity.pk, version) == ["refused", "saved"]
        activity.refresh_from_db()
        assert activity.version == version + 1
    updates = history(activity).filter(action=AuditEvent.Action.UPDATE)
    assert updates.count() == ROUNDS
    assert activity.notes in {f"v{ROUNDS} edit 1", f"v{ROUNDS} edit 2"}
