"""The force structure: High Command, the provincial command, its posts, their teams and the
communes each post is responsible for."""

from __future__ import annotations

from outpost.demo.context import DemoContext
from outpost.demo.plan import HIGH_COMMAND_CODE, HIGH_COMMAND_NAME, REORG
from outpost.force.models import ForceUnit
from outpost.force.services import area_assign, force_unit_create

# Every post has these teams; a border-gate post also controls the gate.
TEAMS = (
    ("VDQC", "Đội Vận động quần chúng"),
    ("TS", "Đội Trinh sát"),
    ("TTKS", "Đội Tuần tra, kiểm soát"),
)
GATE_TEAM = ("KSCK", "Đội Kiểm soát cửa khẩu")


def build(ctx: DemoContext) -> None:
    K = ForceUnit.Kind
    hq = ForceUnit.objects.filter(code=HIGH_COMMAND_CODE).first()
    if hq is None:
        hq = force_unit_create(
            actor=ctx.actor, kind=K.HIGH_COMMAND, code=HIGH_COMMAND_CODE, name=HIGH_COMMAND_NAME
        )
        ctx.counts["force_units"] += 1
    ctx.high_command = hq
    for plan in ctx.plan.provinces:
        province = ctx.provinces[plan.province_code]
        command = force_unit_create(
            actor=ctx.actor,
            kind=K.PROVINCIAL_COMMAND,
            code=plan.command_code,
            name=plan.command_name,
            parent=hq,
            province=province,
        )
        ctx.commands[plan.province_code] = command
        ctx.counts["force_units"] += 1
        for number, post_plan in enumerate(plan.posts, start=1):
            code = plan.post_code(post_plan)
            post = force_unit_create(
                actor=ctx.actor,
                kind=K.BORDER_GATE_POST if post_plan.border_gate else K.BORDER_POST,
                code=code,
                name=post_plan.name,
                parent=command,
                province=province,
            )
            ctx.posts[code] = post
            ctx.post_plans[code] = (plan, post_plan)
            ctx.counts["force_units"] += 1
            teams = TEAMS + ((GATE_TEAM,) if post_plan.border_gate else ())
            ctx.teams[code] = {}
            for key, team_name in teams:
                ctx.teams[code][key] = force_unit_create(
                    actor=ctx.actor,
                    kind=K.TEAM,
                    code=f"{code}-{key}",
                    name=f"{team_name}, {post_plan.name}",
                    parent=post,
                    province=province,
                )
                ctx.counts["force_units"] += 1
            ctx.post_communes[code] = []
            for name in post_plan.communes:
                commune = ctx.commune(plan.province_code, name)
                area_assign(
                    actor=ctx.actor,
                    force_unit=post,
                    commune=commune,
                    valid_from=REORG,
                    decision=f"Quyết định số {100 + number}/QĐ-BCH ngày 01/7/2025",
                )
                ctx.post_communes[code].append(commune)
                ctx.counts["areas"] += 1
