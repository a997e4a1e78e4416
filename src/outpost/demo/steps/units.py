"""Border communes flagged on the real current units, and their villages."""

from __future__ import annotations

import re

from django.core.management.base import CommandError

from outpost.core.text import fold
from outpost.demo.context import DemoContext
from outpost.demo.names import village_names
from outpost.geo.models import AdminUnit, Village
from outpost.geo.services import border_flag_add_countries, village_create

_KIND_PREFIX = re.compile(r"^(xa|phuong|dac khu|thi tran|tinh|thanh pho)\s+")


def short_key(name: str) -> str:
    """ "Xã Mường Lèo" and "Mường Lèo" both give "muong leo"."""
    return _KIND_PREFIX.sub("", fold(name))


def commune_key(province_code: str, name: str) -> str:
    return f"{province_code}:{short_key(name)}"


def find_province(code: str) -> AdminUnit:
    candidates = AdminUnit.objects.filter(
        level=AdminUnit.Level.PROVINCE, valid_to__isnull=True, code__in={code, code.zfill(2)}
    )
    province = candidates.first()
    if province is None:
        raise CommandError(f"Province {code} is not loaded. Run `outpost geo load-current` first.")
    return province


def build(ctx: DemoContext) -> None:
    for plan in ctx.plan.provinces:
        province = find_province(plan.province_code)
        ctx.provinces[plan.province_code] = province
        current = AdminUnit.objects.filter(
            level=AdminUnit.Level.COMMUNE, parent=province, valid_to__isnull=True
        )
        by_key = {commune_key(plan.province_code, c.name): c for c in current}
        peoples = [p for p, _ in plan.village_peoples]
        weights = [w for _, w in plan.village_peoples]
        for post in plan.posts:
            for name in post.communes:
                key = commune_key(plan.province_code, name)
                commune = by_key.get(key)
                if commune is None:
                    raise CommandError(f"Commune {name!r} not found in province {province}.")
                if key in ctx.communes:
                    continue
                ctx.communes[key] = commune
                flagged = border_flag_add_countries(
                    actor=ctx.actor, unit=commune, countries=list(plan.border_countries)
                )
                if flagged is not None:
                    ctx.counts["border_communes"] += 1
                rng = ctx.rng("villages", commune.code)
                count = ctx.scaled(*plan.villages_per_commune, rng)
                who = rng.choices(peoples, weights=weights, k=count)
                taken = set(
                    Village.objects.filter(commune=commune, valid_to__isnull=True).values_list(
                        "search_name", flat=True
                    )
                )
                made = []
                for people, name in zip(who, village_names(rng, who, taken), strict=True):
                    village = village_create(
                        actor=ctx.actor,
                        commune=commune,
                        name=name,
                        kind=Village.Kind.BAN,
                        is_border=rng.random() < 0.4,
                    )
                    ctx.village_people[village.pk] = people
                    made.append(village)
                ctx.villages[commune.pk] = made
                ctx.counts["villages"] += len(made)
