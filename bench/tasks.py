"""The measurements, run in a process of their own against the database in DATABASE_URL.

`python bench/tasks.py TASK [options]` prints one JSON object on its last line of output:

- `import FILE`: import a households workbook through the real importer (with audit).
- `coverage`: coverage of one provincial command, the High Command and the whole country
  through the indicator registry, and the same figures from one hand-written SQL query.
- `list`: the household list page through django.test.Client as a province-staff user.
- `fieldwork-generate`: field work at national scale (bench/fieldwork_data.py).
- `fieldwork-figures`: a province's field work figures over a year through the registry and
  through one hand-written SQL query (bench/fieldwork_sql.py).
- `fieldwork-api`: recording activities through the API under concurrent clients
  (bench/fieldwork_api.py).

`bench/run.py` (`make bench`) prepares the databases and calls these.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outpost.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import coverage_sql  # noqa: E402
import fieldwork_sql  # noqa: E402


def _emit(result: dict[str, Any]) -> None:
    print(json.dumps(result, default=str))


def task_sample(args: argparse.Namespace) -> None:
    """Write the households workbook (deterministic) for communes that exist here."""
    from outpost.geo.models import AdminUnit
    from outpost.imports.samples import households_file

    codes = list(
        AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE, valid_to__isnull=True)
        .order_by("code")
        .values_list("code", flat=True)[: args.communes]
    )
    started = time.monotonic()
    households_file(args.file, commune_codes=codes, households=args.households, seed=7)
    _emit({"file": args.file, "seconds": round(time.monotonic() - started, 1)})


def task_import(args: argparse.Namespace) -> None:
    from outpost.core.models import AuditEvent
    from outpost.imports.engine import Importer

    before = AuditEvent.objects.count()
    importer = Importer(actor=None, scope=None, file_name=Path(args.file).name)
    started = time.monotonic()
    report = importer.run(Path(args.file))
    wall = time.monotonic() - started
    if not report.ok:
        for error in report.errors[:10]:
            print(error, file=sys.stderr)
        raise SystemExit(f"import refused: {len(report.errors)} errors")
    sheets = {s.key: {"rows": s.rows, "created": len(s.creates)} for s in report.sheets}
    _emit(
        {
            "rows": report.total_rows,
            "seconds": round(wall, 2),
            "rows_per_s": round(report.total_rows / wall),
            "households": sheets.get("households", {}).get("rows", 0),
            "sheets": sheets,
            "audit_events": AuditEvent.objects.count() - before,
        }
    )


def _timed(func: Any, repeat: int) -> tuple[float, Any]:
    """Median wall time of `repeat` runs (after one warm-up run), and the last result."""
    result = func()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def task_coverage(args: argparse.Namespace) -> None:
    from outpost.reports.coverage import coverage
    from outpost.reports.groups import group_keys
    from outpost.reports.units import resolve

    on = dt.date.fromisoformat(args.on) if args.on else dt.date.today()
    # The coverage figures, the same ones the hand-written SQL computes (other groups of
    # figures, such as works or the border line, have reports of their own).
    keys = group_keys("coverage")
    results = []
    for label, code in (
        ("province", args.province),
        ("high_command", args.high_command),
        ("country", "VN"),
    ):
        with CaptureQueriesContext(connection) as queries:
            coverage(resolve(code, on), on, only=keys)
        registry_s, figures = _timed(
            lambda c=code: coverage(resolve(c, on), on, only=keys), args.repeat
        )
        registry = figures["indicators"]
        sql_s, by_sql = _timed(lambda c=code: coverage_sql.figures(connection, c, on), args.repeat)
        compared = sorted(set(by_sql) & set(registry))
        mismatches = {k: [registry[k], by_sql[k]] for k in compared if registry[k] != by_sql[k]}
        results.append(
            {
                "unit": label,
                "code": code,
                "registry_ms": round(registry_s * 1000, 1),
                "registry_queries": len(queries.captured_queries),
                "sql_ms": round(sql_s * 1000, 1),
                "ratio": round(registry_s / sql_s, 2) if sql_s else None,
                "same": not mismatches,
                "mismatches": mismatches,
                "not_in_sql": sorted(set(registry) - set(by_sql)),
                "figures": registry,
            }
        )
    _emit({"on": on.isoformat(), "units": results})


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def task_list(args: argparse.Namespace) -> None:
    from django.test import Client
    from django.urls import reverse

    from outpost.accounts.models import User
    from outpost.accounts.scope import scope_for
    from outpost.people.models import Household

    user = User.objects.get(username=args.user)
    scope = scope_for(user)
    client = Client()
    client.force_login(user)
    url = reverse("people:household_list")
    mine = Household.objects.filter(commune_id__in=scope.commune_ids, valid_to__isnull=True)
    sample = list(mine.order_by("pk").values_list("village_id", "head_name")[:1000])
    villages = sorted({v for v, _ in sample})[:5]
    names = [n.split()[-1] for _, n in sample[::97]][:5]  # a given name: many matches
    requests: list[tuple[str, dict[str, str]]] = []
    for i in range(args.n):
        kind = i % 5
        if kind in (0, 1):
            requests.append(("page", {"page": str(1 + i % 4)}))
        elif kind == 2:
            requests.append(("filtered", {"near_border": "on", "village": str(villages[i % 5])}))
        elif kind == 3:
            requests.append(("filtered", {"near_border": "on", "unassigned": "on"}))
        else:
            requests.append(("search", {"q": names[i % len(names)]}))
    client.get(url)  # warm-up: templates, translations, connection
    timings: dict[str, list[float]] = {}
    query_counts: dict[str, int] = {}
    for kind, params in requests:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, params)
            elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"{url} {params}: HTTP {response.status_code}")
        timings.setdefault(kind, []).append(elapsed * 1000)
        query_counts[kind] = len(queries.captured_queries)
    every = [t for ts in timings.values() for t in ts]
    _emit(
        {
            "user": args.user,
            "households_in_scope": mine.count(),
            "households_total": Household.objects.count(),
            "n": len(every),
            "p50_ms": round(_percentile(every, 0.5), 1),
            "p95_ms": round(_percentile(every, 0.95), 1),
            "max_ms": round(max(every), 1),
            "by_kind": {
                k: {
                    "n": len(v),
                    "p50_ms": round(_percentile(v, 0.5), 1),
                    "p95_ms": round(_percentile(v, 0.95), 1),
                    "queries": query_counts[k],
                }
                for k, v in timings.items()
            },
        }
    )


def task_fieldwork_generate(args: argparse.Namespace) -> None:
    import fieldwork_data

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    _emit(
        fieldwork_data.generate(
            activities=args.activities, years=args.years, seed=args.seed, progress=progress
        )
    )


def task_fieldwork_figures(args: argparse.Namespace) -> None:
    from outpost.fieldwork.models import Activity
    from outpost.reports.groups import group_report
    from outpost.reports.units import resolve

    year = args.year or dt.date.today().year - 1
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    results = []
    for label, code in (("province", args.province), ("high_command", args.high_command)):
        if not code:
            continue

        def by_registry(c: str = code) -> dict[str, int]:
            return group_report("fieldwork", resolve(c, last), date_from=first, date_to=last)[
                "indicators"
            ]

        with CaptureQueriesContext(connection) as queries:
            by_registry()
        # PostgreSQL compiles a query costed above `jit_above_cost` before running it: for
        # these queries that can take longer than running them. Timed with the server's
        # setting, then with JIT off for the session.
        settings = [("default", "")]
        if connection.vendor == "postgresql":
            settings.append(("jit_off", "SET jit = off"))
        timings = {}
        for name, statement in settings:
            if statement:
                with connection.cursor() as cursor:
                    cursor.execute(statement)
            registry_s, registry = _timed(by_registry, args.repeat)
            sql_s, by_sql = _timed(
                lambda c=code: fieldwork_sql.figures(connection, c, first, last), args.repeat
            )
            timings[name] = {
                "registry_ms": round(registry_s * 1000, 1),
                "sql_ms": round(sql_s * 1000, 1),
                "ratio": round(registry_s / sql_s, 2) if sql_s else None,
            }
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("RESET jit")
        mismatches = {k: [registry.get(k), by_sql.get(k)] for k in set(registry) | set(by_sql)
                      if registry.get(k) != by_sql.get(k)}  # fmt: skip
        results.append(
            {
                "unit": label,
                "code": code,
                **timings["default"],
                "registry_queries": len(queries.captured_queries),
                "timings": timings,
                "same": not mismatches,
                "mismatches": mismatches,
                "figures": registry,
            }
        )
    _emit(
        {
            "year": year,
            "activities_total": Activity.objects.count(),
            "activities_in_year": Activity.objects.filter(date__year=year).count(),
            "units": results,
        }
    )


def task_fieldwork_api(args: argparse.Namespace) -> None:
    import fieldwork_api

    _emit(
        fieldwork_api.run(
            command=args.province,
            clients=args.clients,
            requests=args.requests,
            think=args.think,
            workers=args.workers,
            threads=args.threads,
            log=Path(args.log),
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="task", required=True)
    p = sub.add_parser("sample")
    p.add_argument("file")
    p.add_argument("--households", type=int, default=100_000)
    p.add_argument("--communes", type=int, default=60)
    p = sub.add_parser("import")
    p.add_argument("file")
    p = sub.add_parser("coverage")
    p.add_argument("--province", default="BCH-14")
    p.add_argument("--high-command", default="BDBP")
    p.add_argument("--on", default="")
    p.add_argument("--repeat", type=int, default=5)
    p = sub.add_parser("list")
    p.add_argument("--user", default="province-14")
    p.add_argument("--n", type=int, default=50)
    p = sub.add_parser("fieldwork-generate")
    p.add_argument("--activities", type=int, default=10_000_000)
    p.add_argument("--years", type=int, default=5)
    p.add_argument("--seed", type=int, default=1)
    p = sub.add_parser("fieldwork-figures")
    p.add_argument("--province", default="BCH-14")
    p.add_argument("--high-command", default="", help="also time the High Command (e.g. BDBP)")
    p.add_argument("--year", type=int, default=0, help="default: last year")
    p.add_argument("--repeat", type=int, default=5)
    p = sub.add_parser("fieldwork-api")
    p.add_argument("--province", default="BCH-14", help="the command whose posts record")
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--requests", type=int, default=20, help="per client")
    p.add_argument("--think", type=float, default=0.0, help="mean pause between requests (s)")
    p.add_argument("--workers", type=int, default=3)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--log", default=str(Path(__file__).resolve().parent.parent / "var" / "bench"
                                        / "gunicorn.log"))  # fmt: skip
    args = parser.parse_args()
    {
        "sample": task_sample,
        "import": task_import,
        "coverage": task_coverage,
        "list": task_list,
        "fieldwork-generate": task_fieldwork_generate,
        "fieldwork-figures": task_fieldwork_figures,
        "fieldwork-api": task_fieldwork_api,
    }[args.task](args)


if __name__ == "__main__":
    main()
