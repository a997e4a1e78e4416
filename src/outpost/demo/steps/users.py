"""One demo user for every role, all with the same simple password."""

from __future__ import annotations

from typing import Any

from outpost.accounts.models import User
from outpost.accounts.services import user_create
from outpost.demo.context import DEMO_PASSWORD, DemoContext


def build(ctx: DemoContext) -> None:
    R = User.Role
    first = ctx.plan.provinces[0]
    command = ctx.commands[first.province_code]
    post_code = next(
        code for code, (_, post) in ctx.post_plans.items() if post.slug == ctx.plan.showcase_post
    )
    post = ctx.posts[post_code]
    commander = ctx.key_cadres[post_code]["commander"]
    officer = ctx.key_cadres[post_code]["mass_team"]
    commune = ctx.commune(first.province_code, ctx.plan.showcase_commune)
    specs: tuple[tuple[str, str, str, dict[str, Any]], ...] = (
        ("national", R.NATIONAL_VIEWER, "Cán bộ Bộ Tư lệnh BĐBP", {}),
        ("province", R.PROVINCE_STAFF, "Cán bộ Phòng Chính trị", {"force_unit_ids": [command.pk]}),
        ("commander", R.POST_COMMANDER, commander.full_name,
         {"force_unit_ids": [post.pk], "cadre_id": commander.pk}),
        ("officer", R.POST_OFFICER, officer.full_name,
         {"force_unit_ids": [post.pk], "cadre_id": officer.pk}),
        ("partner", R.COMMUNE_PARTNER, f"Đảng ủy {commune.name}",
         {"partner_commune_ids": [commune.pk]}),
    )  # fmt: skip
    for username, role, full_name, links in specs:
        user_create(
            actor=ctx.actor,
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            full_name=full_name,
            **links,
        )
        ctx.users[username] = role
    ctx.counts["users"] += len(specs)
