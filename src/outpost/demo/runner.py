"""Build the demo: every step in one transaction, every write through the services, audited
as coming from the command line."""

from __future__ import annotations

from django.db import transaction

from outpost.core import audit
from outpost.core.models import AuditEvent
from outpost.demo.context import DemoContext
from outpost.demo.models import DemoRun
from outpost.demo.plan import PLANS, DemoPlan
from outpost.demo.steps import STEPS, Step
from outpost.force.models import ForceUnit


def is_loaded(plan: DemoPlan) -> bool:
    """The demo is there when its first provincial command is."""
    return ForceUnit.objects.filter(code=plan.provinces[0].command_code).exists()


def build_demo(
    *,
    plan: DemoPlan | None = None,
    seed: int = 1,
    scale: float = 1.0,
    steps: list[Step] | None = None,
) -> DemoRun:
    plan = plan or PLANS["son-la"]
    ctx = DemoContext(plan=plan, seed=seed, scale=scale)
    with audit.audit_source(AuditEvent.Source.CLI), transaction.atomic():
        for step in steps if steps is not None else STEPS:
            step.build(ctx)
        run = DemoRun(
            plan=plan.name, seed=seed, scale=scale, users=ctx.users, counts=dict(ctx.counts)
        )
        audit.audited_create(run, actor=None)
    return run
