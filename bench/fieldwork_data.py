"""Field work at national scale, on top of the national data set (`outpost demo --scale
national`): activities over several years with the households they touch and the cadre who
did them, and a lighter layer of outcomes (conversions, loans, houses) and enrollments, so that
every field work figure has rows to count.

Written the way the national generator writes: rows built here with their ids allocated
beforehand (`outpost.core.bulk.allocate_ids`), one prepared statement per table (COPY on
PostgreSQL), and for each activity, outcome and enrollment the `AuditEvent` its service would
have written (an activity's event lists its cadres and households, as `activity_record`
records them), in the same transaction. Activities, touches and cadre links are plain tuples
(at ten million rows, building model instances is the cost); outcomes and enrollments go
through `bulk.ModelRows`.

One transaction per post; a post that already has activities is skipped, so an interrupted
run can be started again. The same seed gives the same data. Half a percent of the activities
are voided (with the audit event of the voiding), so that the figures must leave them out.

    python bench/tasks.py fieldwork-generate --activities 10000000 --years 5
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from outpost.assign.models import HouseholdAssignment
from outpost.core import bulk
from outpost.core.models import AuditEvent, valid_on_q
from outpost.fieldwork.models import (
    Activity,
    ActivityHousehold,
    ActivityKind,
    Conversion,
    Enrollment,
    HouseSupport,
    Loan,
    Program,
)
from outpost.force.models import AreaOfResponsibility, Cadre, ForceUnit
from outpost.people.models import Household

NOTE = "national synthetic field work"
# Kind code -> (weight, households touched: low, high; people reached: low, high).
MIX: dict[str, tuple[int, tuple[int, int], tuple[int, int]]] = {
    "household_visit": (55, (1, 3), (2, 6)),
    "production_guidance": (6, (1, 2), (2, 5)),
    "loan_facilitation": (3, (1, 1), (1, 3)),
    "house_building": (2, (1, 1), (6, 20)),
    "gift_visit": (8, (3, 10), (6, 30)),
    "medical_care": (7, (0, 0), (20, 80)),
    "teaching": (5, (0, 0), (10, 35)),
    "legal_propaganda": (7, (0, 0), (30, 150)),
    "disaster_prevention": (1, (2, 8), (6, 30)),
    "disaster_rebuilding": (1, (1, 4), (4, 20)),
    "road_sanitation": (3, (0, 0), (15, 60)),
    "other": (2, (0, 0), (5, 30)),
}
VOIDED = 0.005
BATCH = 50_000  # activities written at a time
# Per 1,000 activities: outcomes and enrollments.
PER_THOUSAND = {"conversion": 4, "loan": 3, "house": 1, "enrollment": 8}
ACTIVITY_COLUMNS = [f.column for f in Activity._meta.concrete_fields]
TOUCH_COLUMNS = ["id", "activity_id", "household_id", "date"]
LINK_COLUMNS = ["id", "activity_id", "cadre_id"]
CadreLink = Activity.cadres.through


@dataclass
class PostData:
    post: ForceUnit
    communes: list[int]
    villages: dict[int, int]  # village -> commune
    households: dict[int, list[int]]  # village -> households
    cadres: list[int]
    charge: list[tuple[int, int, list[int]]]  # (cadre, village, households in their charge)

    @property
    def household_count(self) -> int:
        return sum(len(h) for h in self.households.values())


def _posts() -> list[PostData]:
    """Every border post with its communes, villages, households, cadres and who is in charge
    of which households: a handful of queries for the whole country."""
    today = timezone.localdate()
    posts = list(
        ForceUnit.objects.filter(
            kind__in=[ForceUnit.Kind.BORDER_POST, ForceUnit.Kind.BORDER_GATE_POST]
        ).order_by("code")
    )
    by_id = {p.pk: p for p in posts}
    areas: dict[int, list[int]] = defaultdict(list)
    for unit_id, commune_id in (
        AreaOfResponsibility.objects.filter(valid_on_q(today), force_unit_id__in=by_id)
        .order_by("commune_id")
        .values_list("force_unit_id", "commune_id")
    ):
        areas[unit_id].append(commune_id)
    post_of_commune = {c: p for p, cs in areas.items() for c in cs}
    data = {p.pk: PostData(p, areas.get(p.pk, []), {}, defaultdict(list), [], []) for p in posts}
    rows = (
        Household.objects.filter(commune_id__in=post_of_commune, valid_to__isnull=True)
        .order_by("pk")
        .values_list("pk", "village_id", "commune_id")
    )
    for pk, village_id, commune_id in rows.iterator(chunk_size=20_000):
        post = data[post_of_commune[commune_id]]
        post.villages[village_id] = commune_id
        post.households[village_id].append(pk)
    parents = dict(ForceUnit.objects.values_list("pk", "parent_id"))
    for cadre_id, unit_id in Cadre.objects.order_by("pk").values_list("pk", "unit_id"):
        post_id = unit_id if unit_id in data else parents.get(unit_id)
        if post_id in data:
            data[post_id].cadres.append(cadre_id)
    village_of = {h: v for d in data.values() for v, hs in d.households.items() for h in hs}
    grouped: dict[tuple[int, int], list[int]] = defaultdict(list)
    for cadre_id, household_id in (
        HouseholdAssignment.objects.filter(valid_to__isnull=True)
        .order_by("pk")
        .values_list("cadre_id", "household_id")
        .iterator(chunk_size=20_000)
    ):
        village = village_of.get(household_id)
        if village is not None:
            grouped[(cadre_id, village)].append(household_id)
    post_of_village = {v: d.post.pk for d in data.values() for v in d.villages}
    for (cadre_id, village), households in grouped.items():
        data[post_of_village[village]].charge.append((cadre_id, village, households))
    return [d for d in data.values() if d.households and d.cadres]


class _Audit:
    """The creation events of activities as `activity_record` writes them."""

    def __init__(self, now: dt.datetime) -> None:
        self.at = connection.ops.adapt_datetimefield_value(now)
        self.source = str(AuditEvent.Source.CLI)
        self.create = str(AuditEvent.Action.CREATE)
        self.end = str(AuditEvent.Action.END)

    def created(self, row: tuple[Any, ...], cadres: list[int], households: list[int]) -> tuple:
        (pk, _c, _u, client_id, version, kind_id, day, unit_id, commune_id, village_id,
         people, cost, *_rest) = row  # fmt: skip
        changes = {
            "client_id": [None, str(client_id)],
            "version": [None, version],
            "kind": [None, kind_id],
            "date": [None, day.isoformat()],
            "force_unit": [None, unit_id],
            "commune": [None, commune_id],
            "village": [None, village_id],
            "people_reached": [None, people],
            "cost": [None, cost],
            "cadres": [None, sorted(cadres)],
            "households": [None, sorted(households)],
        }
        return (
            self.at, None, self.create, self.source, "fieldwork.activity", str(pk),
            f"{day:%d/%m/%Y}", json.dumps(changes), commune_id, unit_id, NOTE,
        )  # fmt: skip

    def voided(self, pk: int, commune_id: int, unit_id: int, at: str, reason: str) -> tuple:
        changes = {"voided_at": [None, at], "void_reason": ["", reason], "version": [1, 2]}
        return (
            self.at, None, self.end, self.source, "fieldwork.activity", str(pk), "",
            json.dumps(changes), commune_id, unit_id, reason,
        )  # fmt: skip


def _activities_for_post(
    post: PostData,
    count: int,
    first: dt.date,
    days: int,
    kinds: dict[str, int],
    seed: int,
    now: dt.datetime,
) -> dict[str, int]:
    rng = random.Random(f"{seed}:fieldwork:{post.post.code}")
    audit = _Audit(now)
    sqlite = connection.vendor == "sqlite"
    adapt_date = connection.ops.adapt_datefield_value
    stamp = connection.ops.adapt_datetimefield_value(now)
    codes = list(MIX)
    weights = [MIX[c][0] for c in codes]
    villages = list(post.households)
    written = {"activities": 0, "touches": 0, "cadre_links": 0, "voided": 0}
    void_at = now.isoformat()
    remaining = count
    while remaining > 0:
        n = min(BATCH, remaining)
        remaining -= n
        ids = bulk.allocate_ids(Activity, n)
        activities: list[tuple[Any, ...]] = []
        touches: list[tuple[Any, ...]] = []
        links: list[tuple[Any, ...]] = []
        events: list[tuple[Any, ...]] = []
        chosen = rng.choices(codes, weights=weights, k=n)
        for pk, code in zip(ids, chosen, strict=True):
            _weight, (low, high), (p_low, p_high) = MIX[code]
            day = first + dt.timedelta(days=rng.randrange(days))
            if post.charge and code in ("household_visit", "production_guidance"):
                cadre, village, mine = post.charge[rng.randrange(len(post.charge))]
                households = rng.sample(mine, min(len(mine), rng.randint(low, high)))
            else:
                cadre = post.cadres[rng.randrange(len(post.cadres))]
                village = villages[rng.randrange(len(villages))]
                pool = post.households[village]
                households = rng.sample(pool, min(len(pool), rng.randint(low, high)))
            commune = post.villages[village]
            people = max(len(households), rng.randint(p_low, p_high))
            voided = rng.random() < VOIDED
            client_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            row = (
                pk, stamp, stamp, client_id, 1, kinds[code], day, post.post.pk, commune,
                village, people, 0, "", "", None, None, None, stamp if voided else None,
                "recorded twice" if voided else "",
            )  # fmt: skip
            events.append(audit.created(row, [cadre], households))
            stored = adapt_date(day)
            if sqlite:  # Django keeps UUIDs as 32 hex digits on SQLite
                row = (*row[:3], client_id.hex, *row[4:6], stored, *row[7:])
            activities.append(row)
            for household in households:
                touches.append((pk, household, stored))
            links.append((pk, cadre))
            if voided:
                events.append(audit.voided(pk, commune, post.post.pk, void_at, "recorded twice"))
                written["voided"] += 1
        touch_ids = bulk.allocate_ids(ActivityHousehold, len(touches))
        link_ids = bulk.allocate_ids(CadreLink, len(links))
        bulk.insert(Activity._meta.db_table, ACTIVITY_COLUMNS, activities)
        bulk.insert(
            ActivityHousehold._meta.db_table,
            TOUCH_COLUMNS,
            [(i, *t) for i, t in zip(touch_ids, touches, strict=True)],
        )
        bulk.insert(
            CadreLink._meta.db_table,
            LINK_COLUMNS,
            [(i, *t) for i, t in zip(link_ids, links, strict=True)],
        )
        bulk.insert(AuditEvent._meta.db_table, bulk.AUDIT_COLUMNS, events)
        written["activities"] += len(activities)
        written["touches"] += len(touches)
        written["cadre_links"] += len(links)
    return written


def _outcomes_for_post(
    post: PostData, activities: int, first: dt.date, days: int, seed: int, now: dt.datetime
) -> dict[str, int]:
    """Conversions, loans, houses and enrollments in proportion to the post's activities."""
    rng = random.Random(f"{seed}:fieldwork-outcomes:{post.post.code}")
    audit = bulk.AuditRows(actor=None, source=AuditEvent.Source.CLI, note=NOTE, now=now)
    every = [(v, h) for v, hs in post.households.items() for h in hs]
    programs = {p.code: p.pk for p in Program.objects.filter(scope=Program.Scope.FORCE_WIDE)}
    code_of = {pk: code for code, pk in programs.items()}

    def when() -> dt.date:
        return first + dt.timedelta(days=rng.randrange(days))

    def pick() -> tuple[int, int, int]:
        village, household = every[rng.randrange(len(every))]
        return household, village, post.villages[village]

    def client_id() -> uuid.UUID:
        return uuid.UUID(int=rng.getrandbits(128), version=4)

    made: dict[type, list[Any]] = defaultdict(list)
    for _ in range(activities * PER_THOUSAND["conversion"] // 1000):
        household, _village, commune = pick()
        crop = rng.random() < 0.8
        made[Conversion].append(
            Conversion(
                client_id=client_id(),
                household_id=household,
                commune_id=commune,
                kind=Conversion.Kind.CROP if crop else Conversion.Kind.LIVESTOCK,
                from_name=rng.choice(("Ngô", "Sắn", "Lúa nương")),
                to_name=rng.choice(("Chè", "Mận hậu", "Mắc ca", "Cà phê"))
                if crop
                else rng.choice(("Bò", "Dê", "Lợn đen")),
                area_ha=Decimal(rng.randint(10, 250)) / 100 if crop else None,
                heads=None if crop else rng.randint(1, 10),
                year=when().year,
            )
        )
    for _ in range(activities * PER_THOUSAND["loan"] // 1000):
        household, _village, commune = pick()
        made[Loan].append(
            Loan(
                client_id=client_id(),
                household_id=household,
                commune_id=commune,
                granted_on=when(),
                amount=rng.choice((20, 30, 50, 80, 100)) * 1_000_000,
                term_months=rng.choice((36, 60)),
            )
        )
    for _ in range(activities * PER_THOUSAND["house"] // 1000):
        household, _village, commune = pick()
        made[HouseSupport].append(
            HouseSupport(
                client_id=client_id(),
                household_id=household,
                commune_id=commune,
                kind=rng.choice((HouseSupport.Kind.BUILT, HouseSupport.Kind.REPAIRED)),
                completed_on=when(),
                cost=rng.choice((15, 40, 60)) * 1_000_000,
                program_id=programs.get("mai-am-cho-nguoi-ngheo-noi-bien-gioi"),
            )
        )
    enrollments = activities * PER_THOUSAND["enrollment"] // 1000
    picked = [pick() for _ in range(enrollments)]
    heads = dict(
        Household.objects.filter(pk__in=[p[0] for p in picked]).values_list("pk", "head_id")
    )
    last = first + dt.timedelta(days=days - 1)
    for household, _village, commune in picked:
        code = rng.choice(
            ("nang-buoc-em-toi-truong", "dong-hanh-cung-phu-nu-bien-cuong",
             "xuan-bien-phong-am-long-dan-ban")
        )  # fmt: skip
        start = when()
        ended = rng.random() < 0.3 and start < last - dt.timedelta(days=40)
        by_resident = code != "xuan-bien-phong-am-long-dan-ban" and heads.get(household)
        made[Enrollment].append(
            Enrollment(
                client_id=client_id(),
                program_id=programs[code],
                resident_id=heads[household] if by_resident else None,
                household_id=None if by_resident else household,
                commune_id=commune,
                sponsor_unit_id=post.post.pk,
                started_on=start,
                ended_on=start + dt.timedelta(days=rng.randint(31, max(31, (last - start).days)))
                if ended
                else None,
                monthly_support=rng.choice((0, 200_000, 300_000, 500_000, 1_000_000)),
                status=Enrollment.Status.ENDED if ended else Enrollment.Status.ACTIVE,
                end_reason=Enrollment.EndReason.COMPLETED if ended else "",
            )
        )
    counts: dict[str, int] = {}
    for model, objs in made.items():
        rows = bulk.ModelRows(model, now=now)
        for obj, pk in zip(objs, bulk.allocate_ids(model, len(objs)), strict=True):
            obj.pk = pk
        rows.write(objs)
        for obj in objs:
            changes = {k: [None, str(v[1]) if isinstance(v[1], uuid.UUID) else v[1]]
                       for k, v in rows.created(obj).items()}  # fmt: skip
            # An enrollment's name reads its program and beneficiary: not worth a query here.
            label = f"{code_of[obj.program_id]}" if isinstance(obj, Enrollment) else str(obj)
            commune_id, force_unit_id = bulk.where(obj)
            audit.rows.append(
                (audit.at, None, str(AuditEvent.Action.CREATE), audit.source, rows.label,
                 str(obj.pk), label[:300], json.dumps(changes), commune_id, force_unit_id,
                 audit.note)
            )  # fmt: skip
        counts[str(model._meta.verbose_name_plural)] = len(objs)
    audit.write()
    return counts


def _reset_sequences() -> None:
    """SQLite hands out ids above the highest one used; PostgreSQL's sequences moved as the
    ids were taken. Nothing to do on either, but keep AUTOINCREMENT's record in step on
    SQLite so that later inserts never reuse an id."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for model in (Activity, ActivityHousehold, CadreLink):
            table = model._meta.db_table
            cursor.execute(f'SELECT MAX(id) FROM "{table}"')
            top = cursor.fetchone()[0] or 0
            cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [top, table])
            if cursor.rowcount == 0:
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, top]
                )


def generate(
    *,
    activities: int,
    years: int = 5,
    seed: int = 1,
    progress: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Write `activities` activities (with touches, cadre links, outcomes and enrollments)
    over the `years` years up to today, shared among the posts by their households."""
    started = time.monotonic()
    today = timezone.localdate()
    first = today.replace(year=today.year - years) + dt.timedelta(days=1)
    days = (today - first).days + 1
    existing = Activity.objects.count()
    if existing >= activities:
        progress(f"{existing:,} activities already there (asked for {activities:,}): reused")
        return {"requested": activities, "reused": True, "activities_total": existing}
    kinds = dict(ActivityKind.objects.values_list("code", "pk"))
    missing = set(MIX) - set(kinds)
    if missing:
        raise SystemExit(f"activity kinds missing (run the migrations): {sorted(missing)}")
    posts = _posts()
    if not posts:
        raise SystemExit("no border post with households: build the national data set first")
    total_households = sum(p.household_count for p in posts)
    done = set(
        Activity.objects.filter(force_unit__in=[p.post for p in posts])
        .order_by()
        .values_list("force_unit_id", flat=True)
        .distinct()
    )
    totals: dict[str, int] = defaultdict(int)
    share = 0.0
    given = 0
    for number, post in enumerate(posts, start=1):
        share += activities * post.household_count / total_households
        count = round(share) - given
        given += count
        if post.post.pk in done:
            progress(f"{post.post.code}: already has activities, skipped")
            continue
        now = timezone.now()
        with transaction.atomic():
            written = _activities_for_post(post, count, first, days, kinds, seed, now)
            written.update(_outcomes_for_post(post, count, first, days, seed, now))
        for key, value in written.items():
            totals[key] += value
        elapsed = time.monotonic() - started
        progress(
            f"[{elapsed:7.1f} s] {number}/{len(posts)} {post.post.code}: "
            f"{totals['activities']:,} activities, {totals['touches']:,} touches so far "
            f"({totals['activities'] / max(elapsed, 0.001):,.0f} activities/s)"
        )
    _reset_sequences()
    if connection.vendor == "postgresql":
        # Statistics of every table written: with those of the empty tables, the planner
        # reads a cadre link by scanning the cadres (25 ms instead of 0.1).
        tables = [
            m._meta.db_table
            for m in (Activity, ActivityHousehold, CadreLink, Conversion, Loan, HouseSupport)
        ]
        with connection.cursor() as cursor:
            for table in [*tables, Enrollment._meta.db_table, AuditEvent._meta.db_table]:
                cursor.execute(f"ANALYZE {table}")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    seconds = time.monotonic() - started
    return {
        "requested": activities,
        "years": years,
        "from": first.isoformat(),
        "to": today.isoformat(),
        "posts": len(posts),
        "seconds": round(seconds, 1),
        "activities_per_s": round(totals["activities"] / seconds) if seconds else None,
        **totals,
    }
