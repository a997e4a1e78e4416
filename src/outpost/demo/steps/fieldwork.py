"""Field work of the demo posts: activities of every kind, what they achieved (conversions,
loans, houses), enrollments in the force-wide programs, and one flash flood with its response.

Everything is written through the field work services, audited as coming from the command
line. It needs the households step (the visits go to the households the posts' members are in
charge of); without households it writes nothing.

Dates run over the two years up to the day the demo is built, but not before the demo's
communes and areas begin (1 July 2025). The members in charge of households in a village visit
them together every two and a half to four and a half months (each visit is a few
milliseconds of `make run`), the last visit placed so that on the day the demo is built the
follow-up lists show households visited lately, some due soon and some overdue (the default
interval is 30 days). Around those visits: medical care and legal propaganda sessions,
teaching, Tết gifts to the poor and the reputable people, production guidance leading to crop
and livestock conversions, loans from the Social Policy Bank, houses built and repaired;
pupils, children adopted by the post, women and households enrolled in programs (some
enrollments ended, each with its reason); a flash flood in the showcase post's commune with an
evacuation, a repair, a deployment and the activities around them. Two activities recorded
twice are voided.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone

from outpost.assign.models import HouseholdAssignment
from outpost.demo.context import DemoContext
from outpost.demo.plan import REORG
from outpost.fieldwork.models import (
    Activity,
    ActivityKind,
    Conversion,
    DamageRepair,
    Disaster,
    Enrollment,
    HouseSupport,
    Program,
)
from outpost.fieldwork.services.activities import activity_record, activity_void
from outpost.fieldwork.services.disasters import (
    damage_repair_create,
    deployment_create,
    disaster_create,
    evacuation_create,
)
from outpost.fieldwork.services.outcomes import (
    conversion_record,
    house_support_record,
    loan_record,
)
from outpost.fieldwork.services.programs import enrollment_create, enrollment_end
from outpost.force.models import Cadre
from outpost.people.models import Household, PovertyAssessment, Resident

YEARS_BACK = 2
# Days between two rounds of visits to the same households, and how long ago the last one
# was:
# (share, first day, last day) - visited lately, due within the week, overdue.
VISIT_GAP = (75, 140)
LAST_VISIT = ((0.5, 0, 22), (0.15, 23, 30), (0.35, 31, 110))
CROPS = (
    ("Ngô", "Chè", (0.3, 1.5)),
    ("Sắn", "Chè", (0.2, 1.0)),
    ("Ngô", "Mận hậu", (0.2, 1.2)),
    ("Lúa nương", "Mắc ca", (0.3, 2.0)),
    ("Sắn", "Cà phê", (0.2, 0.8)),
)
LIVESTOCK = (("Gà thả vườn", "Bò sinh sản", (1, 3)), ("Lợn bản", "Dê", (3, 8)))


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


class _Post:
    """One post's field work, written as it is planned."""

    def __init__(self, ctx: DemoContext, code: str, first: dt.date, today: dt.date) -> None:
        self.ctx = ctx
        self.code = code
        self.post = ctx.posts[code]
        self.first = first
        self.today = today
        self.rng = ctx.rng("fieldwork", code)
        self.kinds = {k.code: k for k in ActivityKind.objects.all()}
        self.cadres = [
            c for c in ctx.cadres[code] if c.category != Cadre.Category.SOLDIER
        ] or ctx.cadres[code]
        self.communes = ctx.post_communes[code]
        self.villages = [v for c in self.communes for v in ctx.villages.get(c.pk, [])]
        self.households = list(
            Household.objects.filter(commune__in=self.communes, valid_to__isnull=True).order_by(
                "pk"
            )
        )
        by_village: dict[int, list[Household]] = defaultdict(list)
        for household in self.households:
            by_village[household.village_id].append(household)
        self.by_village = by_village
        self.activities: list[Activity] = []

    def record(
        self,
        kind: str,
        day: dt.date,
        village: Any,
        *,
        households: Sequence[Household] = (),
        cadres: list[Cadre] | None = None,
        people: int | None = None,
        **extra: Any,
    ) -> Activity:
        team = cadres or self.rng.sample(self.cadres, min(len(self.cadres), 2))
        activity = activity_record(
            actor=self.ctx.actor,
            client_id=_uuid(self.rng),
            kind=self.kinds[kind],
            date=min(day, self.today),
            force_unit=self.post,
            village=village,
            cadres=team,
            households=households,
            people_reached=people if people is not None else 2 * len(households) + 1,
            **extra,
        ).activity
        self.activities.append(activity)
        self.ctx.counts["activities"] += 1
        return activity

    # --- visits of the households in charge ---------------------------------------------------

    def visits(self) -> None:
        """Rounds of the village: the members in charge of households there visit them
        together, one activity touching every household in their charge that day."""
        by_village: dict[int, list[HouseholdAssignment]] = defaultdict(list)
        assignments = HouseholdAssignment.objects.filter(
            cadre__in=self.ctx.cadres[self.code], household__in=self.households
        ).select_related("household", "household__village", "cadre")
        for a in assignments.order_by("household__village_id", "valid_from", "pk"):
            by_village[a.household.village_id].append(a)
        for rows in by_village.values():
            village = rows[0].household.village
            rng = self.ctx.rng("fieldwork-visits", self.code, village.pk)
            if rng.random() < 0.06:
                continue  # never visited since the members took charge: overdue
            roll, acc, last = rng.random(), 0.0, LAST_VISIT[-1]
            for share, low, high in LAST_VISIT:
                acc += share
                if roll < acc:
                    last = (share, low, high)
                    break
            day = self.today - dt.timedelta(days=rng.randint(last[1], last[2]))
            begin = max(min(r.valid_from or self.first for r in rows), self.first)
            while day >= begin:
                on_duty = [r for r in rows if r.is_valid_on(day)]
                if on_duty:
                    self.record(
                        "household_visit",
                        day,
                        village,
                        households=[r.household for r in on_duty],
                        cadres=list({r.cadre_id: r.cadre for r in on_duty}.values()),
                        people=sum(rng.randint(2, 5) for _ in on_duty),
                    )
                day -= dt.timedelta(days=rng.randint(*VISIT_GAP))

    # --- sessions in the villages ------------------------------------------------------------

    def sessions(self) -> None:
        rng = self.rng
        months = _month_starts(self.first, self.today)
        for n, month in enumerate(months):
            village = rng.choice(self.villages)
            if n % 3 == 0:
                self.record(
                    "medical_care",
                    _day(rng, month, month + dt.timedelta(days=27)),
                    village,
                    people=rng.randint(25, 80),
                    materials="Thuốc thông thường, dụng cụ y tế",
                )
            if n % 4 == 1:
                self.record(
                    "legal_propaganda",
                    _day(rng, month, month + dt.timedelta(days=27)),
                    rng.choice(self.villages),
                    people=rng.randint(40, 150),
                    notes="Tuyên truyền Luật Biên phòng, phòng chống ma túy, mua bán người",
                )
            if n % 6 == 2:
                self.record(
                    "teaching",
                    _day(rng, month, month + dt.timedelta(days=27)),
                    rng.choice(self.villages),
                    people=rng.randint(12, 35),
                    notes="Lớp xóa mù chữ buổi tối",
                )
            if n % 6 == 3:
                self.record(
                    "road_sanitation",
                    _day(rng, month, month + dt.timedelta(days=27)),
                    rng.choice(self.villages),
                    people=rng.randint(20, 60),
                    notes="Phát quang, làm vệ sinh đường liên bản",
                )
        if months:
            self.record(
                "other",
                _day(rng, self.first, self.today),
                rng.choice(self.villages),
                people=rng.randint(10, 30),
                notes="Giao lưu văn nghệ với thanh niên bản",
            )

    def gifts(self, poor: set[int], reputable: set[int]) -> None:
        """Tết gifts: to the poor households and the reputable people of a few villages, each
        January or February in the window."""
        rng = self.rng
        spring = Program.objects.get(code="xuan-bien-phong-am-long-dan-ban")
        for year in range(self.first.year, self.today.year + 1):
            day = dt.date(year, 1, rng.randint(15, 31))
            if not self.first <= day <= self.today:
                continue
            for village in rng.sample(self.villages, min(3, len(self.villages))):
                chosen = [
                    h
                    for h in self.by_village.get(village.pk, [])
                    if h.pk in poor or h.pk in reputable
                ][:12]
                if chosen:
                    self.record(
                        "gift_visit",
                        day,
                        village,
                        households=chosen,
                        people=len(chosen) * 3,
                        cost=len(chosen) * 500_000,
                        materials="Gạo, dầu ăn, bánh chưng",
                        program=spring,
                    )

    # --- outcomes ---------------------------------------------------------------------------

    def outcomes(self, poor: set[int]) -> list[Household]:
        """Conversions after production guidance, loans, houses. Returns the households whose
        house was built (for the homes program)."""
        rng = self.rng
        pool = [h for h in self.households if h.pk in poor] or self.households
        built: list[Household] = []
        for n in range(rng.randint(2, 4)):
            household = rng.choice(pool)
            day = _day(rng, self.first, self.today - dt.timedelta(days=20))
            guidance = self.record(
                "production_guidance", day, household.village, households=[household]
            )
            if n % 3 == 2:
                source, target, (low, high) = rng.choice(LIVESTOCK)
                conversion_record(
                    actor=self.ctx.actor,
                    household=household,
                    kind=Conversion.Kind.LIVESTOCK,
                    from_name=source,
                    to_name=target,
                    year=day.year,
                    heads=rng.randint(low, high),
                    cadre=guidance.cadres.first(),
                    activity=guidance,
                )
            else:
                source, target, (low_ha, high_ha) = rng.choice(CROPS)
                area = Decimal(str(round(rng.uniform(low_ha, high_ha), 2)))
                conversion_record(
                    actor=self.ctx.actor,
                    household=household,
                    kind=Conversion.Kind.CROP,
                    from_name=source,
                    to_name=target,
                    year=day.year,
                    area_ha=area,
                    activity=guidance,
                )
            self.ctx.counts["conversions"] += 1
        for _n in range(rng.randint(1, 3)):
            household = rng.choice(pool)
            day = _day(rng, self.first, self.today - dt.timedelta(days=10))
            helped = self.record(
                "loan_facilitation", day, household.village, households=[household]
            )
            loan_record(
                actor=self.ctx.actor,
                household=household,
                granted_on=day + dt.timedelta(days=rng.randint(5, 10)),
                amount=rng.choice((30, 40, 50, 60, 80, 100)) * 1_000_000,
                purpose=rng.choice(("Nuôi bò sinh sản", "Trồng chè", "Sửa chuồng trại")),
                term_months=rng.choice((36, 60)),
                activity=helped,
            )
            self.ctx.counts["loans"] += 1
        homes = Program.objects.get(code="mai-am-cho-nguoi-ngheo-noi-bien-gioi")
        for n in range(rng.randint(1, 2)):
            household = rng.choice(pool)
            day = _day(rng, self.first, self.today - dt.timedelta(days=40))
            kind = HouseSupport.Kind.BUILT if n == 0 else HouseSupport.Kind.REPAIRED
            work = self.record(
                "house_building",
                day,
                household.village,
                households=[household],
                people=rng.randint(8, 20),
                program=homes,
            )
            cost = rng.choice((40, 50, 60, 70)) * 1_000_000 if kind == "built" else 15_000_000
            house_support_record(
                actor=self.ctx.actor,
                household=household,
                kind=kind,
                completed_on=day + dt.timedelta(days=rng.randint(20, 35)),
                cost=cost,
                unit_contribution=cost // 2,
                labour_days=rng.randint(30, 120),
                program=homes,
                activity=work,
            )
            if kind == HouseSupport.Kind.BUILT:
                built.append(household)
            self.ctx.counts["houses"] += 1
        return built

    # --- enrollments ------------------------------------------------------------------------

    def enrollments(self, built: list[Household]) -> None:
        rng = self.rng
        ids = [h.pk for h in self.households]
        residents = list(
            Resident.objects.filter(household_id__in=ids, valid_to__isnull=True)
            .select_related("household")
            .order_by("pk")
        )
        this_year = self.today.year
        pupils = [r for r in residents if r.birth_year and 7 <= this_year - r.birth_year <= 15]
        children = [r for r in residents if r.birth_year and 4 <= this_year - r.birth_year <= 12]
        women = [
            r
            for r in residents
            if r.sex == "F" and r.birth_year and 22 <= this_year - r.birth_year <= 45
        ]
        programs = {p.code: p for p in Program.objects.filter(scope=Program.Scope.FORCE_WIDE)}
        E = Enrollment.EndReason
        plans: list[tuple[str, list[Resident], int, int, tuple[str, ...]]] = [
            # program, candidates, how many, monthly support, reasons some end with
            ("nang-buoc-em-toi-truong", pupils, rng.randint(2, 4), 500_000, (E.LEFT_SCHOOL,)),
            ("con-nuoi-don-bien-phong", children, 1, 1_500_000, ()),
            (
                "dong-hanh-cung-phu-nu-bien-cuong",
                women,
                rng.randint(1, 2),
                300_000,
                (E.MOVED_AWAY,),
            ),
        ]
        taken: set[int] = set()
        for code, candidates, count, support, reasons in plans:
            free = [r for r in candidates if r.pk not in taken]
            for n, resident in enumerate(rng.sample(free, min(count, len(free)))):
                taken.add(resident.pk)
                start = _day(rng, self.first, self.today - dt.timedelta(days=60))
                enrollment = enrollment_create(
                    actor=self.ctx.actor,
                    program=programs[code],
                    resident=resident,
                    started_on=start,
                    sponsor_cadre=rng.choice(self.cadres) if n % 2 else None,
                    sponsor_unit=None if n % 2 else self.post,
                    monthly_support=support,
                )
                self.ctx.counts["enrollments"] += 1
                if reasons and n == 1:
                    enrollment_end(
                        actor=self.ctx.actor,
                        enrollment=enrollment,
                        on=_day(rng, start + dt.timedelta(days=45), self.today),
                        reason=reasons[0],
                        note="Gia đình chuyển đi nơi khác"
                        if reasons[0] == E.MOVED_AWAY
                        else "Em nghỉ học đi làm",
                    )
                    self.ctx.counts["enrollments_ended"] += 1
        for household in built:
            start = _day(rng, self.first, self.today - dt.timedelta(days=90))
            enrollment = enrollment_create(
                actor=self.ctx.actor,
                program=programs["mai-am-cho-nguoi-ngheo-noi-bien-gioi"],
                household=household,
                started_on=start,
                sponsor_unit=self.post,
                monthly_support=0,
            )
            enrollment_end(
                actor=self.ctx.actor,
                enrollment=enrollment,
                on=start + dt.timedelta(days=rng.randint(45, 80)),
                reason=E.COMPLETED,
                note="Bàn giao nhà cho gia đình",
            )
            self.ctx.counts["enrollments"] += 1
            self.ctx.counts["enrollments_ended"] += 1

    def voided(self) -> None:
        """A visit sent twice from a phone without its client id (an old app) is voided."""
        visits = [a for a in self.activities if a.kind.code == "household_visit"]
        if visits:
            activity_void(
                actor=self.ctx.actor,
                activity=self.rng.choice(visits),
                reason="Nhập trùng với lượt thăm đã ghi",
            )
            self.ctx.counts["activities_voided"] += 1


def _month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    day = first.replace(day=1)
    out = []
    while day <= last:
        if day >= first:
            out.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return out


def _flood(ctx: DemoContext, post: _Post) -> None:
    """A flash flood in the post's first commune, in the August before the demo's day: the
    families of one village are moved to the school, cadres are deployed for five days, houses
    are repaired, and the activities around it name the disaster."""
    rng = ctx.rng("fieldwork-flood", post.code)
    year = post.today.year if post.today >= dt.date(post.today.year, 8, 25) else post.today.year - 1
    day = dt.date(year, 8, rng.randint(10, 18))
    if day < post.first:
        return
    commune = post.communes[0]
    villages = [v for v in ctx.villages.get(commune.pk, []) if post.by_village.get(v.pk)]
    if not villages:
        return
    village = rng.choice(villages)
    flood = disaster_create(
        actor=ctx.actor,
        kind=Disaster.Kind.FLASH_FLOOD,
        name=f"Lũ quét tại {village.name}, {commune.name}",
        started_on=day,
        ended_on=day + dt.timedelta(days=3),
        communes=[commune],
        force_unit=post.post,
        description="Mưa lớn kéo dài gây lũ quét, sạt lở đất, nhiều nhà bị ảnh hưởng.",
    )
    moved = post.by_village[village.pk][: rng.randint(6, 10)]
    people = 3 * len(moved) + rng.randint(0, len(moved))
    team = rng.sample(post.cadres, min(8, len(post.cadres)))
    evacuation_create(
        actor=ctx.actor,
        disaster=flood,
        commune=commune,
        village=village,
        on=day,
        people_moved=people,
        destination="Điểm trường tiểu học trung tâm xã",
        force_unit=post.post,
        households=moved,
    )
    post.record(
        "disaster_prevention",
        day,
        village,
        households=moved,
        cadres=team,
        people=people,
        disaster=flood,
        notes="Giúp dân di dời người và tài sản đến nơi an toàn",
    )
    deployment_create(
        actor=ctx.actor,
        disaster=flood,
        commune=commune,
        village=village,
        on=day,
        force_unit=post.post,
        cadre_count=len(team) + 4,
        cadres=team,
        days=5,
    )
    damage_repair_create(
        actor=ctx.actor,
        disaster=flood,
        commune=commune,
        village=village,
        on=day + dt.timedelta(days=4),
        kind=DamageRepair.Kind.HOUSE,
        quantity=3,
        labour_days=60,
        force_unit=post.post,
        description="Dựng lại 3 nhà bị lũ cuốn trôi một phần",
    )
    post.record(
        "disaster_rebuilding",
        day + dt.timedelta(days=4),
        village,
        households=moved[:3],
        cadres=team,
        people=12,
        disaster=flood,
        notes="Dựng lại nhà, dọn bùn đất",
    )
    ctx.counts["disasters"] += 1


def build(ctx: DemoContext) -> None:
    today = timezone.localdate()
    first = max(REORG, today.replace(year=today.year - YEARS_BACK))
    codes = list(ctx.posts)
    communes = [c for cs in ctx.post_communes.values() for c in cs]
    if not Household.objects.filter(commune__in=communes).exists():
        return
    poor = set(
        PovertyAssessment.objects.filter(
            status__in=[PovertyAssessment.Status.POOR, PovertyAssessment.Status.NEAR_POOR],
            year=max(PovertyAssessment.objects.values_list("year", flat=True), default=0),
        ).values_list("household_id", flat=True)
    )
    reputable = set(
        Resident.objects.filter(is_reputable_person=True).values_list("household_id", flat=True)
    )
    showcase = next(
        (c for c, (_, p) in ctx.post_plans.items() if p.slug == ctx.plan.showcase_post), codes[0]
    )
    for code in codes:
        post = _Post(ctx, code, first, today)
        if not post.households:
            continue
        post.visits()
        post.sessions()
        post.gifts(poor, reputable)
        built = post.outcomes(poor)
        post.enrollments(built)
        if code == showcase:
            _flood(ctx, post)
        if code in (showcase, codes[-1]):
            post.voided()
