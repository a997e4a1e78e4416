"""Reference lists the demo needs (normally already loaded by the migrations)."""

from __future__ import annotations

from outpost.core import audit, ethnic_groups
from outpost.core.models import EthnicGroup
from outpost.demo.context import DemoContext


def build(ctx: DemoContext) -> None:
    changes = ethnic_groups.load(EthnicGroup)
    audit.record_many(
        audit.build_event(actor=ctx.actor, action=action, obj=row, changes=delta)
        for row, action, delta in changes
    )
