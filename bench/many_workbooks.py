"""A province's onboarding upload: many workbooks that refer to one another.

`python bench/many_workbooks.py FOLDER [--households-files 5] [--households 100]` reads the
posts of the database in `DATABASE_URL` (e.g. the demo province: `outpost demo`) and their
communes, and writes for each post a folder of workbooks:

- `villages.xlsx`: new villages in the post's communes and new cadres of the post;
- `households-N.xlsx` (N = 1..`--households-files`): households in those villages, with
  `--residents` residents each;
- `assignments.xlsx`: the new cadres in charge of one household in two.

Sorted by name the files come in the opposite order of what depends on what (assignments,
then households, then villages), which `outpost import FOLDER` has to put right. Then:

    time outpost import FOLDER

Same arguments, same files (the names depend only on the posts and the counts).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outpost.settings")
django.setup()

from openpyxl import Workbook  # noqa: E402

from outpost.force.models import AreaOfResponsibility, ForceUnit  # noqa: E402
from outpost.imports import spec  # noqa: E402
from outpost.imports.samples import FAMILY, GIVEN, MIDDLE_F, MIDDLE_M, village_names  # noqa: E402

# The communes of the posts were created by the 2025 reorganisation: codes are written as on
# that day, so that a reused code names the same commune whatever the row's date.
ON = "2025-07-01"
POSTED_ON = dt.date(2025, 7, 15)
ASSIGNED_ON = dt.date(2025, 9, 1)
VILLAGES_PER_POST = 10
CADRES_PER_POST = 10


def write(
    path: Path, sheets: Sequence[tuple[spec.Sheet, Sequence[str], Iterable[list[Any]]]]
) -> int:
    """A workbook with the template's sheet titles and headers; its number of rows."""
    wb = Workbook(write_only=True)
    rows = 0
    for sheet, keys, records in sheets:
        ws = wb.create_sheet(sheet.title)
        ws.append([sheet.column(k).header for k in keys])
        for record in records:
            ws.append(record)
            rows += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return rows


def person(i: int, female: bool) -> str:
    middle = (MIDDLE_F if female else MIDDLE_M)[i % 4]
    return (
        f"{FAMILY[i % len(FAMILY)]} {middle} {GIVEN[i % len(GIVEN)]} {GIVEN[(i // 7) % len(GIVEN)]}"
    )


def post_files(folder: Path, post: ForceUnit, communes: list[str], opts: argparse.Namespace) -> int:
    slug = post.code.lower()
    villages = [
        (communes[i % len(communes)], f"{name} ({slug})")
        for i, name in enumerate(village_names(VILLAGES_PER_POST))
    ]
    cadres = [f"{post.code}-M{i:03d}" for i in range(CADRES_PER_POST)]
    rows = write(
        folder / "villages.xlsx",
        [
            (
                spec.VILLAGES,
                ["commune_code", "name", "kind", "valid_from"],
                ([f"{c}@{ON}", name, "bản", ON] for c, name in villages),
            ),
            (
                spec.CADRES,
                [
                    "service_number",
                    "full_name",
                    "rank",
                    "unit_code",
                    "posted_on",
                    "party_joined_on",
                ],
                (
                    [n, person(i, False), "thuong_uy", post.code, POSTED_ON, dt.date(2015, 5, 19)]
                    for i, n in enumerate(cadres)
                ),
            ),
        ],
    )
    households: list[tuple[str, str]] = []  # commune, household code
    for f in range(1, opts.households_files + 1):
        batch = []
        for i in range(opts.households):
            commune, village = villages[(f * opts.households + i) % len(villages)]
            batch.append((commune, f"{slug}-{f}-{i:04d}", village))
        households.extend((c, code) for c, code, _v in batch)
        rows += write(
            folder / f"households-{f}.xlsx",
            [
                (
                    spec.HOUSEHOLDS,
                    ["commune_code", "household_code", "village", "head_name", "valid_from"],
                    (
                        [f"{c}@{ON}", code, v, person(i, False), ON]
                        for i, (c, code, v) in enumerate(batch)
                    ),
                ),
                (
                    spec.RESIDENTS,
                    [
                        "commune_code",
                        "household_code",
                        "full_name",
                        "relation",
                        "sex",
                        "birth_year",
                    ],
                    (
                        [
                            f"{c}@{ON}",
                            code,
                            person(i * 3 + k, k % 2 == 1),
                            "chủ hộ" if k == 0 else "con",
                            "Nữ" if k % 2 else "Nam",
                            1960 + (i + k * 13) % 60,
                        ]
                        for i, (c, code, _v) in enumerate(batch)
                        for k in range(opts.residents)
                    ),
                ),
            ],
        )
    rows += write(
        folder / "assignments.xlsx",
        [
            (
                spec.HOUSEHOLD_ASSIGNMENTS,
                ["service_number", "commune_code", "household_code", "valid_from"],
                (
                    [cadres[i % len(cadres)], f"{c}@{ON}", code, ASSIGNED_ON]
                    for i, (c, code) in enumerate(households)
                    if i % 2 == 0
                ),
            )
        ],
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--households-files", type=int, default=5)
    parser.add_argument("--households", type=int, default=100, help="per households file")
    parser.add_argument("--residents", type=int, default=2, help="per household")
    opts = parser.parse_args()
    posts = ForceUnit.objects.filter(
        kind__in=[ForceUnit.Kind.BORDER_POST, ForceUnit.Kind.BORDER_GATE_POST]
    ).order_by("code")
    files = rows = 0
    for post in posts:
        communes = sorted(
            AreaOfResponsibility.objects.filter(force_unit=post, valid_to__isnull=True)
            .values_list("commune__code", flat=True)
            .distinct()
        )
        if not communes:
            continue
        rows += post_files(opts.folder / post.code, post, communes, opts)
        files += opts.households_files + 2
    print(f"{files} workbooks, {rows} rows in {opts.folder}")


if __name__ == "__main__":
    main()
