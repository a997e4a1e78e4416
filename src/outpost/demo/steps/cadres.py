"""Cadres of every post: the command of the post, team leaders, officers, professional
soldiers and soldiers, with ranks, ethnic groups, languages and Party membership."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from outpost.core.models import EthnicGroup
from outpost.demo.context import DemoContext
from outpost.demo.names import person_name
from outpost.force.models import Cadre
from outpost.force.services import cadre_create

R = Cadre.Rank
C = Cadre.Category

LTC, SLTC = R.LIEUTENANT_COLONEL, R.SENIOR_LIEUTENANT_COLONEL
# (role key, position, team key or "", ranks to pick from, birth years)
KEY_POSITIONS = (
    ("commander", "Đồn trưởng", "", (LTC, SLTC), (1974, 1982)),
    ("commissar", "Chính trị viên", "", (LTC, SLTC), (1974, 1982)),
    ("deputy", "Phó Đồn trưởng", "", (R.MAJOR, LTC), (1978, 1986)),
    ("deputy2", "Phó Đồn trưởng", "", (R.MAJOR, LTC), (1978, 1986)),
    ("deputy_commissar", "Phó Chính trị viên", "", (R.MAJOR,), (1980, 1988)),
    ("mass_team", "Đội trưởng Đội vận động quần chúng", "VDQC", (R.CAPTAIN, R.MAJOR), (1982, 1990)),
    ("intel_team", "Đội trưởng Đội trinh sát", "TS", (R.CAPTAIN, R.MAJOR), (1982, 1990)),
    ("patrol_team", "Đội trưởng Đội tuần tra, kiểm soát", "TTKS", (R.CAPTAIN,), (1984, 1992)),
)
GATE_POSITION = (
    ("gate_team", "Đội trưởng Đội kiểm soát cửa khẩu", "KSCK", (R.CAPTAIN, R.MAJOR), (1982, 1990)),
)

OFFICER_JOBS = (
    ("Cán bộ vận động quần chúng", "VDQC"),
    ("Cán bộ vận động quần chúng", "VDQC"),
    ("Cán bộ địa bàn", "VDQC"),
    ("Trinh sát viên", "TS"),
    ("Cán bộ tuần tra, kiểm soát", "TTKS"),
    ("Trợ lý tham mưu", ""),
    ("Trợ lý chính trị", ""),
)
PROFESSIONAL_JOBS = (
    ("Y sĩ", ""),
    ("Nhân viên thông tin", ""),
    ("Nhân viên hậu cần", ""),
    ("Lái xe", ""),
    ("Nhân viên tuần tra, kiểm soát", "TTKS"),
    ("Nhân viên vận động quần chúng", "VDQC"),
)
# Rank by age for officers and professional soldiers: (up to age, ranks).
RANKS_BY_AGE = (
    (25, (R.SECOND_LIEUTENANT, R.LIEUTENANT)),
    (29, (R.LIEUTENANT, R.SENIOR_LIEUTENANT)),
    (34, (R.SENIOR_LIEUTENANT, R.CAPTAIN)),
    (40, (R.CAPTAIN, R.MAJOR)),
    (99, (R.MAJOR, R.LIEUTENANT_COLONEL)),
)
SOLDIER_RANKS = (R.PRIVATE, R.PRIVATE_FIRST, R.PRIVATE_FIRST, R.CORPORAL)

# Who serves at a Sơn La post, and the local languages they speak.
CADRE_PEOPLES = (("Kinh", 45), ("Thái", 30), ("Mông", 12), ("Mường", 8), ("Khơ Mú", 5))
OWN_LANGUAGE = {"Thái": "Thái", "Mông": "Mông", "Mường": "Mường", "Khơ Mú": "Khơ Mú"}


def _rank_for(rng: random.Random, birth_year: int) -> str:
    age = 2025 - birth_year
    return rng.choice(next(ranks for limit, ranks in RANKS_BY_AGE if age <= limit))


def _date(rng: random.Random, first_year: int, last_year: int) -> dt.date:
    first_year = min(first_year, last_year)
    return dt.date(rng.randint(first_year, last_year), rng.randint(1, 12), rng.randint(1, 28))


def _languages(rng: random.Random, people: str, mass_work: bool) -> str:
    spoken: list[str] = []
    if people in OWN_LANGUAGE:
        spoken.append(OWN_LANGUAGE[people])
    if people != "Thái" and (mass_work or rng.random() < 0.5):
        spoken.append("Thái")  # the common language of the Sơn La border
    if mass_work and "Mông" not in spoken and rng.random() < 0.5:
        spoken.append("Mông")
    return ", ".join(spoken)


def _party(
    rng: random.Random, birth_year: int, chance: float
) -> tuple[dt.date | None, dt.date | None]:
    if rng.random() >= chance:
        return None, None
    joined = _date(rng, birth_year + 19, min(birth_year + 30, 2024))
    full = joined.replace(year=joined.year + 1)
    return joined, (full if full < dt.date(2025, 6, 1) else None)


@dataclass
class _PostCadres:
    """Makes the cadres of one post, numbering their service numbers in order."""

    ctx: DemoContext
    rng: random.Random
    code: str
    number: int
    groups: dict[str, int]
    made: list[Cadre] = field(default_factory=list)

    def make(
        self,
        position: str,
        team_key: str,
        rank: str | None,
        category: str,
        born: tuple[int, int],
        party_chance: float,
        sex: str = "M",
    ) -> Cadre:
        rng, ctx = self.rng, self.ctx
        plan, _ = ctx.post_plans[self.code]
        peoples = [p for p, _ in CADRE_PEOPLES]
        people = rng.choices(peoples, weights=[w for _, w in CADRE_PEOPLES])[0]
        name = person_name(rng, people, sex)
        birth_year = rng.randint(*born)
        rank = rank or _rank_for(rng, birth_year)
        joined, full = _party(rng, birth_year, party_chance)
        mass_work = team_key == "VDQC" or "vận động" in position
        cadre = cadre_create(
            actor=ctx.actor,
            service_number=f"{plan.province_code}-{self.number:02d}-{len(self.made) + 1:03d}",
            full_name=name.full_name,
            rank=rank,
            unit=ctx.teams[self.code][team_key] if team_key else ctx.posts[self.code],
            posted_on=_date(rng, min(max(birth_year + 22, 2010), 2024), 2025),
            position=position,
            category=category,
            sex=sex,
            birth_year=birth_year,
            ethnic_group_id=self.groups.get(people),
            languages=_languages(rng, people, mass_work),
            party_joined_on=joined,
            party_full_on=full,
        )
        self.made.append(cadre)
        return cadre


def build(ctx: DemoContext) -> None:
    groups = {g.name: g.pk for g in EthnicGroup.objects.all()}
    for number, code in enumerate(ctx.posts, start=1):
        plan, post_plan = ctx.post_plans[code]
        rng = ctx.rng("cadres", code)
        maker = _PostCadres(ctx=ctx, rng=rng, code=code, number=number, groups=groups)
        ctx.key_cadres[code] = {}
        key_positions = KEY_POSITIONS + (GATE_POSITION if post_plan.border_gate else ())
        for role, position, team_key, ranks, born in key_positions:
            rank = rng.choice(ranks)
            ctx.key_cadres[code][role] = maker.make(position, team_key, rank, C.OFFICER, born, 1.0)
        for _ in range(ctx.scaled(*plan.cadres_per_post, rng) - len(key_positions)):
            roll = rng.random()
            if roll < 0.5:
                position, team_key = rng.choice(OFFICER_JOBS)
                maker.make(position, team_key, None, C.OFFICER, (1988, 2001), 0.95)
            elif roll < 0.8:
                position, team_key = rng.choice(PROFESSIONAL_JOBS)
                sex = "F" if position == "Y sĩ" and rng.random() < 0.4 else "M"
                maker.make(position, team_key, None, C.PROFESSIONAL, (1980, 1998), 0.85, sex)
            else:
                team_key = rng.choice(("TTKS", ""))
                rank = rng.choice(SOLDIER_RANKS)
                maker.make("Chiến sĩ", team_key, rank, C.SOLDIER, (2003, 2006), 0.1)
        ctx.cadres[code] = maker.made
        ctx.counts["cadres"] += len(maker.made)
