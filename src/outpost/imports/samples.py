"""Deterministic sample import files, for the benchmark and for tests.

`households_file(path, commune_codes=[...], households=100_000)` writes a workbook with a
villages sheet, a households sheet and a residents sheet (about `residents_per_household`
people each) for communes that already exist. The same arguments always give the same file.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from outpost.imports.spec import HOUSEHOLDS, RESIDENTS, VILLAGES, Sheet

FAMILY = ["Lò", "Giàng", "Vàng", "Sùng", "Lầu", "Thào", "Quàng", "Cà", "Lường", "Mùa", "Hờ", "Tòng"]
MIDDLE_M = ["Văn", "A", "Seo", "Páo"]
MIDDLE_F = ["Thị", "Thị", "Mỷ", "Y"]
GIVEN = ["Pánh", "Chử", "Dế", "Sính", "Lả", "Tủa", "Mai", "Pà", "Khu", "Súa", "Dùng", "Chá", "Mỷ"]
VILLAGE_WORDS = ["Huổi", "Nậm", "Pá", "Co", "Phiêng", "Nà", "Hua", "Púng", "Sín", "Ten"]
VILLAGE_TAILS = ["Lếch", "Pồ", "Khoang", "Mạ", "Chải", "Cáy", "Hốc", "Mươi", "Lông", "Ten"]
ETHNIC = ["Thái", "Mông", "Khơ Mú", "Dao", "Kinh", "Lào"]


def _name(rng: random.Random, female: bool) -> str:
    middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
    return f"{rng.choice(FAMILY)} {middle} {rng.choice(GIVEN)} {rng.choice(GIVEN)}"


def village_names(count: int) -> list[str]:
    names = [f"Bản {a} {b}" for a in VILLAGE_WORDS for b in VILLAGE_TAILS]
    extra = [f"Bản {i}" for i in range(1, max(0, count - len(names)) + 1)]
    return (names + extra)[:count]


def _write(path: str | Path, sheets: Iterable[tuple[Sheet, Iterable[Sequence[Any]]]]) -> Path:
    wb = Workbook(write_only=True)
    for sheet, rows in sheets:
        ws = wb.create_sheet(sheet.title)
        ws.append([c.header for c in sheet.columns])
        for row in rows:
            ws.append(list(row))
    target = Path(path)
    wb.save(target)
    return target


def households_file(
    path: str | Path,
    *,
    commune_codes: Sequence[str],
    households: int = 100_000,
    residents_per_household: int = 3,
    villages_per_commune: int = 20,
    seed: int = 7,
) -> Path:
    """Write a households import file; returns its path. Villages are created by the file."""
    rng = random.Random(seed)
    names = village_names(villages_per_commune)

    def villages() -> Iterable[list[Any]]:
        for code in commune_codes:
            for name in names:
                yield [code, name, "bản", "", "", ""]

    plan: list[tuple[str, str, str]] = []  # commune, household code, village
    for i in range(households):
        code = commune_codes[i % len(commune_codes)]
        plan.append((code, f"H{i:07d}", names[(i // len(commune_codes)) % len(names)]))

    people: dict[str, list[tuple[str, str, str, int]]] = {}

    def households_rows() -> Iterable[list[Any]]:
        for commune, hh_code, village in plan:
            members = []
            head_female = rng.random() < 0.2
            head = _name(rng, head_female)
            members.append((head, "head", "F" if head_female else "M", rng.randint(1950, 1995)))
            for k in range(1, residents_per_household):
                female = rng.random() < 0.5
                relation = "spouse" if k == 1 else "child"
                year = rng.randint(1950, 1995) if k == 1 else rng.randint(1996, 2024)
                name = _name(rng, female)
                while any(m[0] == name for m in members):  # one name per household
                    name = _name(rng, female)
                members.append((name, relation, "F" if female else "M", year))
            people[hh_code] = members
            yield [
                commune,
                hh_code,
                village,
                head,
                "x" if rng.random() < 0.05 else "",
                "x" if rng.random() < 0.3 else "",
                "",
                "",
            ]

    def residents_rows() -> Iterable[list[Any]]:
        ethnic = ETHNIC
        for commune, hh_code, _village in plan:
            for name, relation, sex, year in people[hh_code]:
                yield [
                    commune,
                    hh_code,
                    name,
                    relation,
                    sex,
                    year,
                    None,
                    ethnic[year % len(ethnic)],
                    "",
                    "",
                    "",
                    "",
                ]

    return _write(
        path,
        [(VILLAGES, villages()), (HOUSEHOLDS, households_rows()), (RESIDENTS, residents_rows())],
    )
