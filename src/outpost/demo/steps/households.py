"""Households of every demo village with their members and poverty assessments, the village
Party branches, and what the posts' Party members are in charge of: households, branches and
seats on the commune Party committees.

Everything is written through the services (people, grassroots, assign, force). The dates tell
a story the reports can show: today's communes and the posts' areas begin on 2025-07-01, so do
the committee seats of the new communes; the posts' members join the village branches on
5 July, take charge of households from 15 July and in an autumn round (20 October); two
branches are established in September; one cadre is posted away in October and hands over,
another in December and nobody has taken over yet; a few households leave in November.
Poverty assessments exist for 2023, 2024 and 2025 under Decree 07/2021; the status of each is
the one the service computes from the income and the services lacking.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field
from typing import Any

from outpost.assign.services import (
    assignments_hand_over,
    branch_join,
    committee_seat_assign,
    households_assign,
)
from outpost.core import ethnic_groups
from outpost.demo.context import DemoContext
from outpost.demo.names import person_name
from outpost.demo.plan import REORG, ProvincePlan
from outpost.force.models import Cadre
from outpost.force.services import cadre_post
from outpost.grassroots.models import PartyBranch
from outpost.grassroots.services import party_branch_create
from outpost.people.models import Household, PovertyAssessment, Resident
from outpost.people.poverty import INDICATOR_KEYS
from outpost.people.services import (
    household_create,
    household_end,
    poverty_assess,
    resident_add,
    standard_for_year,
)

REL = Resident.Relation
YEARS = (2023, 2024, 2025)
THIS_YEAR = 2025  # ages are counted in the demo's last year

# Who lives in a village of a people besides its own: (people, weight).
NEIGHBOURS: dict[str, tuple[tuple[str, int], ...]] = {
    "Thái": (("Thái", 86), ("Kinh", 7), ("Mường", 4), ("Khơ Mú", 3)),
    "Mông": (("Mông", 95), ("Thái", 3), ("Kinh", 2)),
    "Khơ Mú": (("Khơ Mú", 84), ("Thái", 13), ("Kinh", 3)),
    "Mường": (("Mường", 85), ("Thái", 10), ("Kinh", 5)),
    "Kinh": (("Kinh", 80), ("Thái", 15), ("Mường", 5)),
}
# A few households declare a religion (sensitive data): people -> (religion, chance).
RELIGIONS = {
    "Mông": ("Tin Lành", 0.12),
    "Khơ Mú": ("Tin Lành", 0.04),
    "Kinh": ("Công giáo", 0.15),
    "Thái": ("Phật giáo", 0.01),
}
# Income relative to the poverty line, as a log shift by people (Mông and Khơ Mú villages on
# the high slopes are the poorest; Kinh households mostly trade or serve in the commune).
INCOME_SHIFT = {"Kinh": 0.4, "Thái": -0.02, "Mường": 0.0, "Khơ Mú": -0.14, "Mông": -0.2}
INCOME_SPREAD = 0.42
GROWTH = (0.07, 0.08)  # yearly growth of incomes: mean and spread (log)
POOR_DEPRIVED = 0.7  # share of households under the line lacking 3 services or more

NEAR_BORDER = 0.8  # share of the households of a border village living near the line
POLICY_FAMILY = 0.07
MOVED_AWAY = "Cả hộ chuyển đi làm ăn xa, cắt khẩu khỏi địa phương"


@dataclass
class _Person:
    name: str
    relation: str
    sex: str
    birth_year: int
    people: str
    chief: bool = False
    elder: bool = False
    reputable: bool = False

    @property
    def age(self) -> int:
        return THIS_YEAR - self.birth_year


@dataclass
class _HouseholdPlan:
    people: str
    members: list[_Person]
    near_border: bool
    policy_family: bool
    religion: str
    income: float  # 2023 income per person per month, as a multiple of the line
    lacking: list[str]
    made: Household | None = None
    poor: bool = False


@dataclass
class _Post:
    code: str
    number: int
    households: list[_HouseholdPlan] = field(default_factory=list)
    villages: list[Any] = field(default_factory=list)
    branches: list[PartyBranch] = field(default_factory=list)


def _date(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def _vn(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([p for p, _ in weighted], weights=[w for _, w in weighted])[0]


def _name(rng: random.Random, people: str, sex: str, surname: str | None = None) -> str:
    name = person_name(rng, people, sex).full_name
    if surname:
        name = f"{surname} {name.split(' ', 1)[1]}"
    return name


# --- families -------------------------------------------------------------------------------


def _family(rng: random.Random, people: str, size: int) -> list[_Person]:
    """A head, usually a spouse, sometimes the head's parents, children (or grandchildren)."""
    head_sex = "M" if rng.random() < 0.85 else "F"
    head_year = rng.randint(1950, 1999)
    head = _Person(_name(rng, people, head_sex), REL.HEAD, head_sex, head_year, people)
    members = [head]
    father_surname = head.name.split()[0] if head_sex == "M" else None
    married = rng.random() < (0.93 if head_sex == "M" else 0.3)
    if size >= 2 and married:
        sex = "F" if head_sex == "M" else "M"
        spouse_people = people if rng.random() < 0.93 else _pick(rng, NEIGHBOURS[people])
        gap = rng.randint(-2, 6)
        year = head_year + gap if head_sex == "M" else head_year - gap
        spouse = _Person(
            _name(rng, spouse_people, sex), REL.SPOUSE, sex, min(year, 2005), spouse_people
        )
        members.append(spouse)
        if sex == "M":
            father_surname = spouse.name.split()[0]
    if head_year >= 1975 and len(members) < size and rng.random() < 0.45:
        for sex in ("M", "F")[: rng.randint(1, 2)]:
            if len(members) >= size:
                break
            surname = head.name.split()[0] if (sex == "M" and head_sex == "M") else None
            year = head_year - rng.randint(20, 32)
            members.append(_Person(_name(rng, people, sex, surname), REL.PARENT, sex, year, people))
    surname = father_surname or head.name.split()[0]
    first_child = head_year + rng.randint(19, 26)
    while len(members) < size:
        sex = rng.choice("MF")
        if head_year <= 1968 and rng.random() < 0.4:
            year, relation = rng.randint(2006, 2024), REL.GRANDCHILD
        elif first_child <= 2024:
            year, relation = min(first_child, 2024), REL.CHILD
            first_child += rng.randint(1, 4)
        else:
            year, relation = head_year + rng.randint(-8, 8), REL.SIBLING
            surname = head.name.split()[0]
        name = _name(rng, people, sex, surname)
        for _attempt in range(10):  # brothers and sisters do not share a name
            if all(m.name != name for m in members):
                break
            name = _name(rng, people, sex, surname)
        members.append(_Person(name, relation, sex, year, people))
    return members


def _village_roles(rng: random.Random, plans: list[_HouseholdPlan]) -> None:
    """A village chief, one or two elders and a reputable person or two."""
    heads = [h.members[0] for h in plans]
    chiefs = [p for p in heads if 30 <= p.age <= 60] or heads
    chief = rng.choice(chiefs)
    chief.chief = True
    old = [p for h in plans for p in h.members if p.age >= 67 and p.relation != REL.SPOUSE]
    old.sort(key=lambda p: (p.sex != "M", p.birth_year))
    elders = old[: rng.randint(1, 2)]
    for person in elders:
        person.elder = True
    reputable = elders[:1] + ([chief] if rng.random() < 0.4 else [])
    if not reputable:
        reputable = [min(heads, key=lambda p: p.birth_year)]
    for person in reputable:
        person.reputable = True


def _income(rng: random.Random, people: str, village_shift: float, policy: bool) -> float:
    shift = INCOME_SHIFT.get(people, 0.0) + village_shift + (0.1 if policy else 0.0)
    return math.exp(rng.gauss(shift, INCOME_SPREAD))


def _lacking(rng: random.Random, income: float) -> list[str]:
    if income <= 1.0 and rng.random() < POOR_DEPRIVED:
        count = rng.randint(3, 6)
    else:
        count = rng.choice((0, 0, 1, 1, 2))
    return rng.sample(INDICATOR_KEYS, count)


def _plan_village(
    ctx: DemoContext, plan: ProvincePlan, commune: Any, village: Any, people: str
) -> list[_HouseholdPlan]:
    rng = ctx.rng("households", commune.code, village.name)
    count = ctx.scaled(*plan.households_per_village, rng)
    village_shift = rng.gauss(0, 0.15)
    plans = []
    for _ in range(count):
        who = _pick(rng, NEIGHBOURS[people])
        size = rng.randint(*plan.household_size)
        policy = rng.random() < POLICY_FAMILY
        religion, chance = RELIGIONS.get(who, ("", 0.0))
        income = _income(rng, who, village_shift, policy)
        plans.append(
            _HouseholdPlan(
                people=who,
                members=_family(rng, who, size),
                near_border=village.is_border and rng.random() < NEAR_BORDER,
                policy_family=policy,
                religion=religion if rng.random() < chance else "",
                income=income,
                lacking=_lacking(rng, income),
            )
        )
    _village_roles(rng, plans)
    return plans


# --- writing --------------------------------------------------------------------------------


class _Writer:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.actor = ctx.actor
        self.groups = {p: ethnic_groups.lookup(p) for p in NEIGHBOURS}
        self.standard = standard_for_year(YEARS[0])

    def household(self, rng: random.Random, village: Any, code: str, plan: _HouseholdPlan) -> None:
        head = plan.members[0]
        household = household_create(
            actor=self.actor,
            village=village,
            code=code,
            head_name=head.name,
            is_policy_family=plan.policy_family,
            is_near_border=plan.near_border,
        )
        for person in plan.members:
            resident_add(
                actor=self.actor,
                household=household,
                full_name=person.name,
                relation=person.relation,
                sex=person.sex,
                birth_year=person.birth_year,
                ethnic_group=self.groups[person.people],
                religion=plan.religion,
                is_village_chief=person.chief,
                is_village_elder=person.elder,
                is_reputable_person=person.reputable,
            )
        income = plan.income
        lacking = list(plan.lacking)
        line = self.standard.rural_line
        assessment = None
        for year in YEARS:
            assessment = poverty_assess(
                actor=self.actor,
                household=household,
                year=year,
                area=PovertyAssessment.Area.RURAL,
                income_per_person_month=int(round(income * line, -4)),
                deprivations=lacking,
                standard=self.standard,
            )
            income *= math.exp(rng.gauss(*GROWTH))
            if lacking and rng.random() < 0.25:
                lacking.pop(rng.randrange(len(lacking)))
        plan.made = household
        plan.poor = assessment is not None and assessment.status in {
            PovertyAssessment.Status.POOR,
            PovertyAssessment.Status.NEAR_POOR,
        }
        self.ctx.counts["households"] += 1
        self.ctx.counts["residents"] += len(plan.members)
        self.ctx.counts["poverty_assessments"] += len(YEARS)


def _party_members(cadres: list[Cadre], on: dt.date) -> list[Cadre]:
    """Officers and professional soldiers who are Party members on the date."""
    return [
        c
        for c in cadres
        if c.category in (Cadre.Category.OFFICER, Cadre.Category.PROFESSIONAL)
        and c.is_party_member_on(on)
    ]


def _households(ctx: DemoContext, writer: _Writer) -> dict[str, _Post]:
    posts: dict[str, _Post] = {}
    for number, code in enumerate(ctx.posts, start=1):
        post = posts[code] = _Post(code=code, number=number)
        province = ctx.post_plans[code][0]
        for commune in ctx.post_communes[code]:
            for village_no, village in enumerate(ctx.villages.get(commune.pk, []), start=1):
                people = ctx.village_people.get(village.pk, "Thái")
                rng = ctx.rng("households-write", commune.code, village.name)
                plans = _plan_village(ctx, province, commune, village, people)
                for n, plan in enumerate(plans, start=1):
                    writer.household(rng, village, f"{village_no:02d}-{n:03d}", plan)
                post.households.extend(plans)
                post.villages.append(village)
    return posts


def _branches(ctx: DemoContext, posts: dict[str, _Post]) -> None:
    """Most villages have a Party branch; some have no branch committee; a few have no branch
    at all, and two get one in September 2025."""
    rng = ctx.rng("branches")
    without: list[Any] = []
    for post in posts.values():
        for village in post.villages:
            if rng.random() < 0.13:
                without.append(village)
                continue
            established = _date(rng, dt.date(1976, 1, 1), dt.date(2019, 12, 31))
            post.branches.append(
                party_branch_create(
                    actor=ctx.actor,
                    village=village,
                    name=f"Chi bộ {village.name[0].lower()}{village.name[1:]}",
                    established_on=established,
                    has_committee=rng.random() < 0.8,
                    member_count=rng.randint(4, 32),
                )
            )
            ctx.counts["party_branches"] += 1
    for village in rng.sample(without, min(2, len(without))):
        branch = party_branch_create(
            actor=ctx.actor,
            village=village,
            name=f"Chi bộ {village.name[0].lower()}{village.name[1:]}",
            established_on=dt.date(2025, 9, rng.randint(2, 28)),
            has_committee=False,
            member_count=3,
        )
        next(p for p in posts.values() if village in p.villages).branches.append(branch)
        ctx.counts["party_branches"] += 1


def _seats(ctx: DemoContext, posts: dict[str, _Post]) -> None:
    """A Deputy Secretary in charge of Party building on each border commune's committee
    (all but one commune), and the post commander on the committee of the first one."""
    rng = ctx.rng("seats")
    communes = [c for post in posts.values() for c in ctx.post_communes[post.code]]
    left_out = rng.choice(communes) if len(communes) > 1 else None
    decision = f"Quyết định số 1{rng.randint(100, 199)}-QĐ/TU ngày {_vn(REORG)}"
    for post in posts.values():
        keys = ctx.key_cadres[post.code]
        deputies = [keys["deputy_commissar"], keys["deputy"], keys["commissar"]]
        for index, commune in enumerate(ctx.post_communes[post.code]):
            if commune == left_out:
                continue
            seats = [(deputies[index % len(deputies)], "deputy_secretary")]
            if index == 0:
                seats.append((keys["commander"], "standing_member"))
            for cadre, role in seats:
                committee_seat_assign(
                    actor=ctx.actor,
                    cadre=cadre,
                    unit=commune,
                    role=role,
                    valid_from=REORG,
                    decision=decision,
                )
                ctx.counts["committee_seats"] += 1


def _memberships(ctx: DemoContext, post: _Post) -> None:
    """The post's Party members take part in the village branches (a few branches have none)."""
    rng = ctx.rng("memberships", post.code)
    day = dt.date(2025, 7, 5)
    decision = f"Quyết định số {20 + post.number}/QĐ-ĐBP ngày {_vn(day - dt.timedelta(days=2))}"
    members = _party_members(ctx.cadres[post.code], day)
    if not members:
        return
    for branch in post.branches:
        if rng.random() < 0.12:
            continue
        start = max(day, branch.valid_from + dt.timedelta(days=7)) if branch.valid_from else day
        for cadre in rng.sample(members, min(len(members), rng.randint(1, 3))):
            branch_join(
                actor=ctx.actor, cadre=cadre, branch=branch, valid_from=start, decision=decision
            )
            ctx.counts["branch_memberships"] += 1


def _assignments(ctx: DemoContext, post: _Post) -> None:
    """Each Party member takes charge of 1-4 households of one village, poor households near
    the border first; a quarter of them only in the autumn round. Many households near the
    border are left without anyone: the gaps the reports show."""
    rng = ctx.rng("assignments", post.code)
    rounds = (dt.date(2025, 7, 15), dt.date(2025, 10, 20))
    by_village: dict[int, list[_HouseholdPlan]] = {}
    for plan in post.households:
        assert plan.made is not None
        by_village.setdefault(plan.made.village_id, []).append(plan)
    border = [v for v in post.villages if v.is_border and v.pk in by_village]
    others = [v for v in post.villages if v.pk in by_village]
    taken: set[int] = set()
    for cadre in _party_members(ctx.cadres[post.code], rounds[0]):
        day = rounds[1] if rng.random() < 0.25 else rounds[0]
        village = rng.choice(border if border and rng.random() < 0.7 else others)
        free = [p for p in by_village[village.pk] if p.made is not None and p.made.pk not in taken]
        free.sort(key=lambda p: (not (p.poor and p.near_border), not p.poor, rng.random()))
        chosen = [p.made for p in free[: rng.randint(1, 4)] if p.made is not None]
        if not chosen:
            continue
        number = 12 + post.number if day == rounds[0] else 40 + post.number
        households_assign(
            actor=ctx.actor,
            cadre=cadre,
            households=chosen,
            valid_from=day,
            decision=f"QĐ số {number}/QĐ-ĐBP ngày {_vn(day - dt.timedelta(days=1))}",
        )
        taken.update(h.pk for h in chosen)
        ctx.counts["household_assignments"] += len(chosen)


def _with_households(ctx: DemoContext, code: str, on: dt.date) -> list[Cadre]:
    from outpost.assign.models import HouseholdAssignment

    busy = set(
        HouseholdAssignment.objects.filter(
            cadre__in=ctx.cadres[code], valid_to__isnull=True, valid_from__lt=on
        ).values_list("cadre_id", flat=True)
    )
    # The post's command and the demo users' cadres stay; others may be posted away.
    keep = {
        c.pk
        for role, c in ctx.key_cadres[code].items()
        if role in {"commander", "commissar", "deputy", "deputy_commissar", "mass_team"}
    }
    keys = {c.pk for c in ctx.key_cadres[code].values()}
    movable = [
        c
        for c in ctx.cadres[code]
        if c.pk in busy
        and c.pk not in keep
        and c.postings.filter(valid_to__isnull=True, valid_from__lt=on).exists()
    ]
    # Rather someone without a key position, when there is one.
    return [c for c in movable if c.pk not in keys] or movable


def _postings(ctx: DemoContext) -> None:
    """One cadre of the showcase post is posted away in October 2025 and hands over to a
    colleague; one of another post leaves in December and nobody has taken over yet."""
    rng = ctx.rng("postings")
    codes = list(ctx.posts)
    showcase = next(
        (c for c, (_, p) in ctx.post_plans.items() if p.slug == ctx.plan.showcase_post), codes[0]
    )
    other = next((c for c in codes if c != showcase), None)
    moves = [(showcase, dt.date(2025, 10, 15), True)]
    if other is not None:
        moves.append((codes[-1] if codes[-1] != showcase else other, dt.date(2025, 12, 1), False))
    for code, day, hand_over in moves:
        candidates = _with_households(ctx, code, day)
        if not candidates:
            continue
        cadre = rng.choice(candidates)
        to_unit = ctx.posts[next(c for c in codes if c != code)] if len(codes) > 1 else None
        if to_unit is None:
            continue
        cadre_post(
            actor=ctx.actor,
            cadre=cadre,
            to_unit=to_unit,
            on=day,
            position=cadre.position,
            decision=f"Quyết định số {rng.randint(200, 299)}/QĐ-BCH ngày {_vn(day)}",
        )
        ctx.counts["postings_away"] += 1
        if not hand_over:
            continue
        colleagues = [
            c
            for c in _party_members(ctx.cadres[code], day)
            if c.pk != cadre.pk and c.category == Cadre.Category.OFFICER
        ]
        assignments_hand_over(
            actor=ctx.actor,
            from_cadre=cadre,
            to_cadre=rng.choice(colleagues),
            on=day,
            decision=f"QĐ số {60 + codes.index(code)}/QĐ-ĐBP ngày {_vn(day)}",
        )
        ctx.counts["hand_overs"] += 1


def _departures(ctx: DemoContext, posts: dict[str, _Post]) -> None:
    """A household or two of each post leaves the area in November 2025."""
    for post in posts.values():
        rng = ctx.rng("departures", post.code)
        for plan in rng.sample(post.households, min(len(post.households), rng.randint(1, 2))):
            if plan.made is None:
                continue
            household_end(
                actor=ctx.actor,
                household=plan.made,
                on=dt.date(2025, 11, rng.randint(1, 28)),
                reason=MOVED_AWAY,
            )
            ctx.counts["households_ended"] += 1


def build(ctx: DemoContext) -> None:
    writer = _Writer(ctx)
    posts = _households(ctx, writer)
    _branches(ctx, posts)
    _seats(ctx, posts)
    for post in posts.values():
        _memberships(ctx, post)
        _assignments(ctx, post)
    _postings(ctx)
    _departures(ctx, posts)
