"""Deterministic sample import files, for the benchmark and for tests.

`households_file(path, commune_codes=[...], households=100_000)` writes a workbook with a
villages sheet, a households sheet and a residents sheet (about `residents_per_household`
people each) for communes that already exist. The same arguments always give the same file.
"""

from __future__ import annotations

import random
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

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


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _letters(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _write(path: str | Path, sheets: Iterable[tuple[Sheet, Iterable[Sequence[Any]]]]) -> Path:
    """Write the workbook the way Excel does (shared strings, sheet dimensions), which is
    also what the importer meets in practice; openpyxl's own writer would take minutes for
    the 400,000 rows of the benchmark file."""
    strings: dict[str, int] = {}
    parts: list[tuple[str, str]] = []

    def cell(ref: str, value: Any) -> str:
        if value is None or value == "":
            return ""
        if isinstance(value, bool):
            return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
        if isinstance(value, int | float):
            return f'<c r="{ref}"><v>{value}</v></c>'
        index = strings.setdefault(str(value), len(strings))
        return f'<c r="{ref}" t="s"><v>{index}</v></c>'

    titles: list[str] = []
    for sheet, rows in sheets:
        titles.append(sheet.title)
        letters = [_letters(i) for i in range(len(sheet.columns))]
        body: list[str] = []
        number = 0
        for number, row in enumerate([[c.header for c in sheet.columns], *rows], start=1):
            cells = "".join(cell(f"{letters[i]}{number}", v) for i, v in enumerate(row))
            body.append(f'<row r="{number}">{cells}</row>')
        xml = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_MAIN}">'
            f'<dimension ref="A1:{letters[-1]}{number}"/><sheetData>{"".join(body)}</sheetData>'
            "</worksheet>"
        )
        parts.append((f"xl/worksheets/sheet{len(titles)}.xml", xml))
    shared = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
    parts.append(
        (
            "xl/sharedStrings.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{_MAIN}" '
            f'count="{len(strings)}" uniqueCount="{len(strings)}">{shared}</sst>',
        )
    )
    sheets_xml = "".join(
        f'<sheet name="{escape(t)}" sheetId="{i}" r:id="rId{i}"/>'
        for i, t in enumerate(titles, start=1)
    )
    parts.append(
        (
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{_MAIN}" '
            f'xmlns:r="{_REL}"><sheets>{sheets_xml}</sheets></workbook>',
        )
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(titles) + 1)
    )
    rels += (
        f'<Relationship Id="rId{len(titles) + 1}" Type="{_REL}/sharedStrings" '
        'Target="sharedStrings.xml"/>'
    )
    parts.append(
        (
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{_PKG_REL}">{rels}</Relationships>',
        )
    )
    parts.append(
        (
            "_rels/.rels",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_CT}.worksheet+xml"/>'
        for i in range(1, len(titles) + 1)
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>'
        f"{overrides}</Types>"
    )
    target = Path(path)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        for name, xml in parts:
            archive.writestr(name, xml)
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
