"""National-scale synthetic data for load testing: `outpost demo --scale national`.

On the real current units (`outpost geo load-current` first) it builds, for each of the 22
current provinces with a land border, a provincial command, its border posts and teams, the
real communes each post is responsible for (flagged as border communes), villages, households
with their residents, the posts' cadres (most of them Party members) and what the coverage
report counts: household assignments, village Party branches, branch memberships and commune
committee seats. At `scale=1` that is about 500,000 households, 2,000,000 residents and
20,000 cadres; `scale` multiplies the households and cadres (and, by its square root, the
posts and villages), so a small scale gives a quick data set of the same shape.

It is a load tool, but it writes like the importer does: rows are validated by construction
and written with `bulk_create`, and every created row gets its `AuditEvent` (built with
`audit.build_event`, written in bulk in the same transaction). The few structural rows
(commands, posts, teams, areas, border flags, users) go through the services. Row ids are
allocated here so that households can name their head before the residents are written
(foreign keys are checked at commit); the sequences are reset afterwards on PostgreSQL.
Each province is one transaction; the run ends by recording a `DemoRun` (plan "national").
The same seed and scale give the same data.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from outpost.accounts.models import User
from outpost.accounts.services import user_create
from outpost.assign.models import BranchMembership, CommitteeSeat, HouseholdAssignment
from outpost.core import audit, bulk, ethnic_groups
from outpost.core.models import AuditEvent, EthnicGroup
from outpost.core.text import fold
from outpost.demo.context import DEMO_PASSWORD
from outpost.demo.models import DemoRun
from outpost.demo.names import person_name, village_names
from outpost.demo.plan import HIGH_COMMAND_CODE, HIGH_COMMAND_NAME, REORG
from outpost.force.models import Cadre, ForceUnit, Posting
from outpost.force.services import area_assign, force_unit_create
from outpost.geo.models import AdminUnit, Village
from outpost.geo.services import border_flag_add_countries
from outpost.grassroots.models import BranchCommittee, PartyBranch
from outpost.people.models import Household, Resident

PLAN_NAME = "national"
FULL_HOUSEHOLDS = 500_000
FULL_CADRES = 20_000
FULL_POSTS_PER_PROVINCE = 14
NOTE = "national synthetic data"

# The current (post-2025) provinces with a land border, matched by name against the loaded
# units, with their neighbours and the region that decides the make-up of the villages.
BORDER_PROVINCES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("Điện Biên", ("CN", "LA"), "north_west"),
    ("Lai Châu", ("CN",), "north_west"),
    ("Lào Cai", ("CN",), "north_west"),
    ("Tuyên Quang", ("CN",), "north_east"),  # with the former Hà Giang
    ("Cao Bằng", ("CN",), "north_east"),
    ("Lạng Sơn", ("CN",), "north_east"),
    ("Quảng Ninh", ("CN",), "north_east"),
    ("Sơn La", ("LA",), "north_west"),
    ("Thanh Hóa", ("LA",), "north_central"),
    ("Nghệ An", ("LA",), "north_central"),
    ("Hà Tĩnh", ("LA",), "north_central"),
    ("Quảng Trị", ("LA",), "central"),
    ("Huế", ("LA",), "central"),
    ("Đà Nẵng", ("LA",), "central"),
    ("Quảng Ngãi", ("LA", "KH"), "highlands"),  # with the former Kon Tum
    ("Gia Lai", ("KH",), "highlands"),
    ("Đắk Lắk", ("KH",), "highlands"),
    ("Lâm Đồng", ("KH",), "highlands"),  # with the former Đắk Nông
    ("Đồng Nai", ("KH",), "south"),  # with the former Bình Phước
    ("Tây Ninh", ("KH",), "south"),
    ("Đồng Tháp", ("KH",), "south"),
    ("An Giang", ("KH",), "south"),  # with the former Kiên Giang
)

# (ethnic group, naming style of demo.names, weight) by region.
PEOPLES: dict[str, tuple[tuple[str, str, int], ...]] = {
    "north_west": (("Thái", "Thái", 45), ("Mông", "Mông", 30), ("Khơ Mú", "Khơ Mú", 10),
                   ("Kinh", "Kinh", 10), ("Dao", "Kinh", 5)),
    "north_east": (("Tày", "Kinh", 30), ("Nùng", "Kinh", 25), ("Mông", "Mông", 20),
                   ("Dao", "Kinh", 10), ("Kinh", "Kinh", 15)),
    "north_central": (("Thái", "Thái", 40), ("Mường", "Mường", 20), ("Khơ Mú", "Khơ Mú", 10),
                      ("Mông", "Mông", 10), ("Kinh", "Kinh", 20)),
    "central": (("Bru - Vân Kiều", "Kinh", 35), ("Tà Ôi", "Kinh", 20), ("Cơ Tu", "Kinh", 20),
                ("Kinh", "Kinh", 25)),
    "highlands": (("Gia Rai", "Kinh", 30), ("Ê Đê", "Kinh", 20), ("Ba Na", "Kinh", 15),
                  ("Xơ Đăng", "Kinh", 10), ("Kinh", "Kinh", 25)),
    "south": (("Kinh", "Kinh", 60), ("Khmer", "Kinh", 30), ("Hoa", "Kinh", 5),
              ("Chăm", "Kinh", 5)),
}  # fmt: skip
VILLAGE_KIND = {"north_west": Village.Kind.BAN, "north_central": Village.Kind.BAN}
# Household sizes 1..7, about four people on average.
SIZE_WEIGHTS = (5, 12, 20, 25, 20, 12, 6)
TEAMS = (("VDQC", "Đội Vận động quần chúng"), ("TS", "Đội Trinh sát"), ("TTKS", "Đội Tuần tra"))

R = Cadre.Rank
CADRE_KINDS: tuple[tuple[str, float, float, tuple[str, ...]], ...] = (
    # (category, share, party chance, ranks)
    (Cadre.Category.OFFICER, 0.45, 0.95, (R.LIEUTENANT, R.SENIOR_LIEUTENANT, R.CAPTAIN, R.MAJOR)),
    (Cadre.Category.PROFESSIONAL, 0.30, 0.85, (R.SENIOR_LIEUTENANT, R.CAPTAIN, R.MAJOR)),
    (Cadre.Category.SOLDIER, 0.25, 0.10, (R.PRIVATE, R.PRIVATE_FIRST, R.CORPORAL)),
)


class AlreadyLoaded(Exception):
    pass


@dataclass(frozen=True)
class Shape:
    """How big each part is for a scale."""

    scale: float

    @property
    def households(self) -> int:
        return max(1, round(FULL_HOUSEHOLDS * self.scale))

    @property
    def cadres(self) -> int:
        return max(1, round(FULL_CADRES * self.scale))

    @property
    def root(self) -> float:
        return math.sqrt(min(self.scale, 1.0))

    @property
    def posts_per_province(self) -> int:
        return max(1, round(FULL_POSTS_PER_PROVINCE * self.root))

    def villages_per_commune(self, rng: random.Random) -> int:
        return max(1, round(rng.randint(8, 16) * self.root))


class Ids:
    """Primary keys handed out here, above what the table already holds."""

    def __init__(self, model: type[models.Model]) -> None:
        top = model._default_manager.aggregate(m=Max("pk"))["m"] or 0
        self.next = int(top) + 1

    def take(self) -> int:
        value = self.next
        self.next += 1
        return value


class _Table:
    """How one model's rows become database rows and audit rows, worked out once per model."""

    def __init__(self, model: type[models.Model]) -> None:
        meta = model._meta
        self.model = model
        self.table = meta.db_table
        fields = list(meta.concrete_fields)
        self.columns = [str(f.column) for f in fields]
        self.attnames = [f.attname for f in fields]
        self.json = {i for i, f in enumerate(fields) if isinstance(f, models.JSONField)}
        self.stamps = {
            i
            for i, f in enumerate(fields)
            if isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add)
        }
        # What `audit.snapshot` records: every concrete field but the key and the skipped ones.
        self.snapshot = [
            (f.name, f.attname)
            for f in fields
            if not f.primary_key and f.name not in audit.SKIPPED_FIELDS
        ]
        self.label = meta.label_lower

    def row(self, obj: models.Model, now: Any) -> list[Any]:
        values = [getattr(obj, name) for name in self.attnames]
        for i in self.stamps:
            values[i] = now
        for i in self.json:
            values[i] = json.dumps(values[i])
        return values

    def changes(self, obj: models.Model) -> dict[str, list[Any]]:
        """The changes `audited_create` records: every field set, as [None, value]."""
        out: dict[str, list[Any]] = {}
        for name, attname in self.snapshot:
            value = getattr(obj, attname)
            if value is None or value == "":
                continue
            if isinstance(value, dt.date):
                value = value.isoformat()
            out[name] = [None, value]
        return out


AUDIT_COLUMNS = bulk.AUDIT_COLUMNS
_where = bulk.where  # the commune and force unit of a row, as `audit.build_event` finds them
_insert = bulk.insert  # COPY on PostgreSQL, one prepared INSERT run many times on SQLite


@dataclass
class Writer:
    """Buffers new rows per model and writes them, each with its audit event, in bulk.

    The audit rows carry exactly what `audit.build_event` puts in an `AuditEvent` for a
    creation (`audited_create`'s changes: every field set, from None), written straight to
    the table: at two million rows, building model instances and SQL per row is the cost."""

    counts: dict[str, int] = field(default_factory=dict)
    buffers: dict[type[models.Model], list[models.Model]] = field(default_factory=dict)
    tables: dict[type[models.Model], _Table] = field(default_factory=dict)
    order: tuple[type[models.Model], ...] = (
        Village, Cadre, Posting, Household, Resident, PartyBranch, BranchCommittee,
        HouseholdAssignment, BranchMembership, CommitteeSeat,
    )  # fmt: skip

    def add(self, obj: models.Model) -> None:
        buffer = self.buffers.setdefault(type(obj), [])
        buffer.append(obj)
        if len(buffer) >= 20_000:
            self.flush()

    def flush(self) -> None:
        now = timezone.now()
        db_now = connection.ops.adapt_datetimefield_value(now)
        source = str(AuditEvent.Source.CLI)
        action = str(AuditEvent.Action.CREATE)
        for model in self.order:
            rows = self.buffers.pop(model, [])
            if not rows:
                continue
            table = self.tables.get(model) or self.tables.setdefault(model, _Table(model))
            _insert(table.table, table.columns, [table.row(obj, db_now) for obj in rows])
            events = []
            for obj in rows:
                commune_id, force_unit_id = _where(obj)
                events.append(
                    [
                        db_now, None, action, source, table.label, str(obj.pk),
                        str(obj)[:300], json.dumps(table.changes(obj)), commune_id,
                        force_unit_id, NOTE,
                    ]
                )  # fmt: skip
            _insert(AuditEvent._meta.db_table, AUDIT_COLUMNS, events)
            key = str(model._meta.verbose_name_plural)
            self.counts[key] = self.counts.get(key, 0) + len(rows)


def is_loaded() -> bool:
    return DemoRun.objects.filter(plan=PLAN_NAME).exists()


def _border_provinces() -> list[tuple[AdminUnit, tuple[str, ...], str]]:
    current = AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE, valid_to__isnull=True)
    by_name: dict[str, AdminUnit] = {}
    for unit in current:
        key = fold(unit.name)
        for prefix in ("tinh ", "thanh pho "):
            key = key.removeprefix(prefix)
        by_name[key] = unit
    found = []
    for name, countries, region in BORDER_PROVINCES:
        match = by_name.get(fold(name))
        if match is not None:
            found.append((match, countries, region))
    return found


def _date(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


@dataclass
class _Province:
    """Builds one province: everything below its provincial command."""

    unit: AdminUnit
    countries: tuple[str, ...]
    region: str
    number: int
    seed: int
    shape: Shape
    households_here: int
    writer: Writer
    ids: dict[str, Ids]
    groups: dict[str, int]
    command: ForceUnit
    posts: list[ForceUnit] = field(default_factory=list)

    def rng(self, *parts: object) -> random.Random:
        return random.Random(":".join(str(p) for p in (self.seed, "national", *parts)))

    def build(self) -> None:
        rng = self.rng("communes", self.unit.code)
        communes = list(
            AdminUnit.objects.filter(
                level=AdminUnit.Level.COMMUNE, parent=self.unit, valid_to__isnull=True
            ).order_by("code")
        )
        rural = [c for c in communes if not fold(c.kind or c.name).startswith("phuong")]
        pool = rural or communes
        posts = min(self.shape.posts_per_province, len(pool))
        spans = [rng.randint(1, 3) for _ in range(posts)]
        chosen = sorted(rng.sample(pool, min(len(pool), sum(spans))), key=lambda c: c.code)
        post_communes: list[list[AdminUnit]] = []
        start = 0
        for span in spans:
            part = chosen[start : start + span]
            start += span
            if part:
                post_communes.append(part)
        # Villages first: households are spread over them in proportion to a random weight.
        villages: list[tuple[int, list[Village]]] = []
        for index, part in enumerate(post_communes):
            for commune in part:
                villages.append((index, self._villages(commune)))
        weights = [
            [self.rng("weight", v.pk).uniform(0.5, 1.5) for v in made] for _, made in villages
        ]
        total_weight = sum(sum(w) for w in weights) or 1.0
        post_households: list[list[Household]] = [[] for _ in post_communes]
        for (index, made), ws in zip(villages, weights, strict=True):
            for village, weight in zip(made, ws, strict=True):
                count = round(self.households_here * weight / total_weight)
                post_households[index].extend(self._households(village, count))
        for index, part in enumerate(post_communes):
            post = self._post(index, part)
            cadres = self._cadres(post, index)
            members = [c for c in cadres if c.party_joined_on is not None]
            self._assignments(post, members, post_households[index])
            self._branches_and_seats(post, members, part, villages, index)
        self.writer.flush()

    # --- structure (through the services) ---------------------------------------------------

    def _post(self, index: int, communes: list[AdminUnit]) -> ForceUnit:
        K = ForceUnit.Kind
        short = communes[0].name
        for prefix in ("Xã ", "Phường ", "Đặc khu "):
            short = short.removeprefix(prefix)
        gate = index % 5 == 4
        code = f"{'DBPCK' if gate else 'DBP'}-{self.unit.code}-{index + 1:02d}"
        name = f"Đồn Biên phòng {'cửa khẩu ' if gate else ''}{short}"
        post = force_unit_create(
            actor=None,
            kind=K.BORDER_GATE_POST if gate else K.BORDER_POST,
            code=code,
            name=name,
            parent=self.command,
            province=self.unit,
        )
        post.teams = {  # type: ignore[attr-defined]
            key: force_unit_create(
                actor=None,
                kind=K.TEAM,
                code=f"{code}-{key}",
                name=f"{team}, {name}",
                parent=post,
                province=self.unit,
            )
            for key, team in TEAMS
        }
        for commune in communes:
            area_assign(
                actor=None,
                force_unit=post,
                commune=commune,
                valid_from=REORG,
                decision=f"Quyết định số {100 + index}/QĐ-BCH ngày 01/7/2025",
            )
            border_flag_add_countries(actor=None, unit=commune, countries=list(self.countries))
        self.posts.append(post)
        return post

    # --- bulk rows ------------------------------------------------------------------------

    def _people(self, rng: random.Random) -> tuple[str, str]:
        table = PEOPLES[self.region]
        group, style, _ = rng.choices(table, weights=[w for *_, w in table])[0]
        return group, style

    def _villages(self, commune: AdminUnit) -> list[Village]:
        rng = self.rng("villages", commune.code)
        count = self.shape.villages_per_commune(rng)
        styles = [self._people(rng)[1] for _ in range(count)]
        kind = VILLAGE_KIND.get(self.region, Village.Kind.THON)
        made = []
        for name in village_names(rng, styles, set()):
            if kind == Village.Kind.THON:
                name = "Thôn " + name.removeprefix("Bản ")
            village = Village(
                pk=self.ids["village"].take(),
                commune=commune,
                name=name,
                kind=kind,
                search_name=fold(name),
                is_border=rng.random() < 0.4,
            )
            self.writer.add(village)
            made.append(village)
        return made

    def _households(self, village: Village, count: int) -> list[Household]:
        rng = self.rng("households", village.pk)
        made = []
        for n in range(count):
            group, style = self._people(rng)
            group_id = self.groups.get(fold(group))
            household = Household(
                pk=self.ids["household"].take(),
                code=f"{village.pk % 100000:05d}-{n + 1:04d}",
                village=village,
                commune=village.commune,
                is_policy_family=rng.random() < 0.05,
                is_near_border=rng.random() < (0.7 if village.is_border else 0.1),
                valid_from=None,
            )
            size = rng.choices(range(1, 8), weights=SIZE_WEIGHTS)[0]
            head_sex = "F" if rng.random() < 0.15 else "M"
            head_year = rng.randint(1950, 1998)
            surname = ""
            for k in range(size):
                if k == 0:
                    relation, sex, year = Resident.Relation.HEAD, head_sex, head_year
                elif k == 1 and size > 2:
                    relation = Resident.Relation.SPOUSE
                    sex = "M" if head_sex == "F" else "F"
                    year = head_year + rng.randint(-4, 6)
                elif k == size - 1 and size >= 5:
                    relation, sex = Resident.Relation.PARENT, rng.choice("MF")
                    year = head_year - rng.randint(20, 30)
                else:
                    relation, sex = Resident.Relation.CHILD, rng.choice("MF")
                    year = min(2025, head_year + rng.randint(18, 40))
                name = person_name(rng, style, sex).full_name
                if relation == Resident.Relation.CHILD and surname:
                    name = surname + name[name.index(" ") :]
                resident = Resident(
                    pk=self.ids["resident"].take(),
                    household=household,
                    full_name=name,
                    search_name=fold(name),
                    relation=relation,
                    sex=sex,
                    birth_year=year,
                    ethnic_group_id=group_id,
                    is_village_chief=(n == 0 and k == 0),
                    is_village_elder=(k == size - 1 and size >= 5 and rng.random() < 0.1),
                    is_reputable_person=(k == 0 and rng.random() < 0.02),
                )
                if k == 0:
                    surname = name.split(" ", 1)[0]
                    household.head_id = resident.pk
                    household.head_name = name
                    household.search_name = fold(f"{household.code} {name}")
                    self.writer.add(household)
                self.writer.add(resident)
            made.append(household)
        return made

    def _cadres(self, post: ForceUnit, index: int) -> list[Cadre]:
        rng = self.rng("cadres", post.code)
        count = max(4, round(self.shape.cadres / max(1, self._total_posts())))
        teams = post.teams  # type: ignore[attr-defined]
        made = []
        for n in range(count):
            roll, kind = rng.random(), CADRE_KINDS[-1]
            acc = 0.0
            for candidate in CADRE_KINDS:
                acc += candidate[1]
                if roll < acc:
                    kind = candidate
                    break
            if n < 3:  # every post's command and mass-mobilization team lead are officers
                kind = CADRE_KINDS[0]
            category, _share, party_chance, ranks = kind
            group, style = self._people(rng) if rng.random() < 0.4 else ("Kinh", "Kinh")
            sex = "F" if rng.random() < 0.08 else "M"
            born = (
                rng.randint(2000, 2006)
                if category == Cadre.Category.SOLDIER
                else rng.randint(1972, 2000)
            )
            joined = full = None
            if n < 3 or rng.random() < party_chance:
                joined = dt.date(min(born + rng.randint(19, 28), 2023), rng.randint(1, 12), 1)
                full = joined.replace(year=joined.year + 1)
            team = rng.choice(("VDQC", "VDQC", "TS", "TTKS", ""))
            unit = teams[team] if team else post
            name = person_name(rng, style, sex).full_name
            cadre = Cadre(
                pk=self.ids["cadre"].take(),
                service_number=f"N{self.unit.code}-{index + 1:02d}-{n + 1:04d}",
                full_name=name,
                search_name=fold(name),
                sex=sex,
                birth_year=born,
                rank=rng.choice(ranks),
                category=category,
                position="Cán bộ vận động quần chúng" if team == "VDQC" else "",
                unit=unit,
                ethnic_group_id=self.groups.get(fold(group)),
                party_joined_on=joined,
                party_full_on=full,
            )
            self.writer.add(cadre)
            self.writer.add(
                Posting(
                    pk=self.ids["posting"].take(),
                    cadre=cadre,
                    force_unit=unit,
                    position=cadre.position,
                    valid_from=_date(rng, dt.date(min(max(born + 19, 2012), 2024), 1, 1), REORG),
                )
            )
            made.append(cadre)
        return made

    def _total_posts(self) -> int:
        return self.shape.posts_per_province * len(BORDER_PROVINCES)

    def _assignments(
        self, post: ForceUnit, members: list[Cadre], households: list[Household]
    ) -> None:
        """Each Party member takes charge of a few households, the near-border ones first."""
        rng = self.rng("assign", post.code)
        near = [h for h in households if h.is_near_border]
        rest = [h for h in households if not h.is_near_border]
        rng.shuffle(near)
        rng.shuffle(rest)
        queue = near + rest
        taken = 0
        for cadre in members:
            for _ in range(rng.randint(2, 5)):
                if taken >= len(queue):
                    return
                household = queue[taken]
                taken += 1
                self.writer.add(
                    HouseholdAssignment(
                        pk=self.ids["household_assignment"].take(),
                        cadre=cadre,
                        household=household,
                        valid_from=_date(rng, REORG, dt.date(2025, 10, 31)),
                        decision=f"Quyết định phân công của {post.name}",
                    )
                )

    def _branches_and_seats(
        self,
        post: ForceUnit,
        members: list[Cadre],
        communes: list[AdminUnit],
        villages: list[tuple[int, list[Village]]],
        index: int,
    ) -> None:
        rng = self.rng("branches", post.code)
        officers = [c for c in members if c.category == Cadre.Category.OFFICER]
        mine = [v for i, made in villages if i == index for v in made]
        for village in mine:
            if rng.random() >= 0.9:
                continue  # a village without a Party branch yet
            has_committee = rng.random() < 0.6
            branch = PartyBranch(
                pk=self.ids["branch"].take(),
                village=village,
                name=f"Chi bộ {village.name}",
                member_count=rng.randint(3, 25),
                valid_from=_date(rng, dt.date(1990, 1, 1), dt.date(2020, 12, 31)),
            )
            self.writer.add(branch)
            if has_committee:  # since the branch was established
                self.writer.add(
                    BranchCommittee(
                        pk=self.ids["branch_committee"].take(),
                        branch=branch,
                        valid_from=branch.valid_from,
                    )
                )
            if members and rng.random() < 0.7:
                for cadre in rng.sample(members, min(len(members), rng.randint(1, 2))):
                    self.writer.add(
                        BranchMembership(
                            pk=self.ids["branch_membership"].take(),
                            cadre=cadre,
                            branch=branch,
                            valid_from=_date(rng, REORG, dt.date(2025, 10, 31)),
                        )
                    )
        for n, commune in enumerate(communes):
            if not officers:
                break
            seats = [CommitteeSeat.Role.DEPUTY_SECRETARY]
            if rng.random() < 0.3:
                seats.append(CommitteeSeat.Role.MEMBER)
            for k, role in enumerate(seats):
                self.writer.add(
                    CommitteeSeat(
                        pk=self.ids["committee_seat"].take(),
                        cadre=officers[(n + k) % len(officers)],
                        unit=commune,
                        role=role,
                        valid_from=_date(rng, REORG, dt.date(2025, 9, 30)),
                        decision=f"Quyết định chỉ định cấp ủy {commune.name}",
                    )
                )


ID_MODELS: dict[str, type[models.Model]] = {
    "village": Village,
    "household": Household,
    "resident": Resident,
    "cadre": Cadre,
    "posting": Posting,
    "household_assignment": HouseholdAssignment,
    "branch": PartyBranch,
    "branch_committee": BranchCommittee,
    "branch_membership": BranchMembership,
    "committee_seat": CommitteeSeat,
}


def _reset_sequences(model_list: Iterable[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _analyze() -> None:
    """Refresh the query planner's statistics after a bulk load. Without them (or with
    sampled ones: `PRAGMA analysis_limit`) SQLite takes `valid_to IS NULL`, true of nearly
    every row, for a selective index and reads whole tables: the household list of a province
    went from 650 ms to 20 ms at 500,000 households with a full ANALYZE (5 s)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def build_national(
    *, seed: int = 1, scale: float = 1.0, progress: Callable[[str], None] | None = None
) -> DemoRun:
    """Build the national data set; returns the `DemoRun` recording it."""
    say = progress or (lambda _message: None)
    if is_loaded():
        raise AlreadyLoaded("The national data set is already loaded in this database.")
    provinces = _border_provinces()
    if not provinces:
        raise LookupError("No border province found: run `outpost geo load-current` first.")
    if ForceUnit.objects.filter(code__in=[f"BCH-{p.code}" for p, _, _ in provinces]).exists():
        raise AlreadyLoaded("A provincial command of a border province is already recorded.")
    shape = Shape(scale)
    started = time.monotonic()
    with audit.audit_source(AuditEvent.Source.CLI):
        with transaction.atomic():
            changes = ethnic_groups.load(EthnicGroup)
            audit.record_many(
                audit.build_event(actor=None, action=action, obj=row, changes=delta)
                for row, action, delta in changes
            )
            hq = ForceUnit.objects.filter(code=HIGH_COMMAND_CODE).first() or force_unit_create(
                actor=None,
                kind=ForceUnit.Kind.HIGH_COMMAND,
                code=HIGH_COMMAND_CODE,
                name=HIGH_COMMAND_NAME,
            )
            national_user = User.objects.filter(username="national").first() or user_create(
                actor=None,
                username="national",
                password=DEMO_PASSWORD,
                role=User.Role.NATIONAL_VIEWER,
                full_name="Cán bộ Bộ Tư lệnh BĐBP",
            )
        groups = {fold(g.name): g.pk for g in EthnicGroup.objects.all()}
        writer = Writer()
        ids = {key: Ids(model) for key, model in ID_MODELS.items()}
        users = {national_user.username: User.Role.NATIONAL_VIEWER}
        share = shape.households / len(provinces)
        for number, (unit, countries, region) in enumerate(provinces, start=1):
            with transaction.atomic():
                command = force_unit_create(
                    actor=None,
                    kind=ForceUnit.Kind.PROVINCIAL_COMMAND,
                    code=f"BCH-{unit.code}",
                    name=f"Bộ Chỉ huy Bộ đội Biên phòng {unit.name.removeprefix('Tỉnh ')}",
                    parent=hq,
                    province=unit,
                )
                builder = _Province(
                    unit=unit,
                    countries=countries,
                    region=region,
                    number=number,
                    seed=seed,
                    shape=shape,
                    households_here=round(share * number) - round(share * (number - 1)),
                    writer=writer,
                    ids=ids,
                    groups=groups,
                    command=command,
                )
                builder.build()
                username = f"province-{unit.code}"
                user_create(
                    actor=None,
                    username=username,
                    password=DEMO_PASSWORD,
                    role=User.Role.PROVINCE_STAFF,
                    full_name=f"Cán bộ Phòng Chính trị {unit.name}",
                    force_unit_ids=[command.pk],
                )
                users[username] = User.Role.PROVINCE_STAFF
            done = writer.counts
            say(
                f"[{time.monotonic() - started:6.1f} s] {number}/{len(provinces)} {unit.name}: "
                f"{done.get('households', 0):,} households, {done.get('residents', 0):,} "
                f"residents, {done.get('cadres', 0):,} cadres so far"
            )
        say(f"[{time.monotonic() - started:6.1f} s] planner statistics")
        _analyze()
        with transaction.atomic():
            _reset_sequences(ID_MODELS.values())
            counts = dict(writer.counts)
            counts["provinces"] = len(provinces)
            counts["audit events"] = AuditEvent.objects.count()
            run = DemoRun(plan=PLAN_NAME, seed=seed, scale=scale, users=users, counts=counts)
            audit.audited_create(run, actor=None)
    return run
