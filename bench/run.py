"""`make bench`: Outpost's benchmarks on SQLite and PostgreSQL, each in processes of its own.

For each backend:
1. an empty database with the migrations and the current units (made once, then copied:
   `var/bench/sqlite-empty.sqlite3`, PostgreSQL database `outpost_bench_empty`);
2. the national data set (`outpost demo --scale national`: ~500,000 households, 2,000,000
   residents, 20,000 cadres) in `var/bench/sqlite-national.sqlite3` / `outpost_bench`, made
   once and reused (`--fresh` rebuilds it);
3. (a) a 100,000-household workbook imported through the real importer, with audit, into a
   fresh copy of the empty database; (b) coverage of a provincial command, the High Command
   and the country through the indicator registry and through one hand-written SQL query;
   (c) the household list page, 50 requests as a province-staff user;
4. field work (`--skip-fieldwork` to leave it out): (d) 10,000,000 activities over five years
   with their household touches added to the national data set (made once, then reused;
   `--activities` for fewer), (e) a province's field work figures over the last full year
   through the registry and through one hand-written SQL query, (f) recording activities
   through the API under 50 concurrent clients, with the app in gunicorn (PostgreSQL only:
   SQLite takes one writer at a time).

PostgreSQL is the server in DATABASE_URL when that is a PostgreSQL URL, else
postgres://postgres@127.0.0.1:5432/; it is skipped with a message when unreachable. The
user's own database is never touched. Raw figures go to bench/out/ as JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
OUT = ROOT / "bench" / "out"
BIN = Path(sys.executable).parent
OUTPOST = str(BIN / "outpost")
TASKS = str(ROOT / "bench" / "tasks.py")
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/"
TARGETS = {
    "import_rows_per_s": 5000,
    "coverage_ratio": 1.5,
    "list_p95_ms": 150,
    "fieldwork_province_year_ms": 1000,
    "fieldwork_api_p95_ms": 100,
}


def say(message: str) -> None:
    print(message, flush=True)


def run(args: list[str], url: str, *, capture: bool = False) -> str:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "outpost.settings"}
    if capture:
        done = subprocess.run(
            args, env=env, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True
        )
        return done.stdout
    subprocess.run(args, env=env, cwd=ROOT, check=True)
    return ""


def task(name: str, url: str, *extra: str) -> dict[str, Any]:
    output = run([sys.executable, TASKS, name, *extra], url, capture=True)
    lines = [line for line in output.splitlines() if line.strip()]
    return json.loads(lines[-1])


# --- databases --------------------------------------------------------------------------------


class Backend:
    name = ""

    def url(self, role: str) -> str:  # role: empty, national, import
        raise NotImplementedError

    def exists(self, role: str) -> bool:
        raise NotImplementedError

    def copy_empty(self, role: str) -> None:
        raise NotImplementedError

    def drop(self, role: str) -> None:
        raise NotImplementedError

    def prepare_empty(self) -> None:
        if self.exists("empty"):
            return
        say(f"[{self.name}] empty database: migrations and the current units")
        self.create_blank("empty")
        run([OUTPOST, "migrate", "--no-input", "-v", "0"], self.url("empty"))
        run([OUTPOST, "geo", "load-current"], self.url("empty"))

    def create_blank(self, role: str) -> None:
        raise NotImplementedError


class Sqlite(Backend):
    name = "sqlite"

    def path(self, role: str) -> Path:
        return VAR / f"sqlite-{role}.sqlite3"

    def url(self, role: str) -> str:
        return f"sqlite:///{self.path(role)}"

    def exists(self, role: str) -> bool:
        return self.path(role).exists()

    def drop(self, role: str) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path(role)}{suffix}").unlink(missing_ok=True)

    def create_blank(self, role: str) -> None:
        self.drop(role)

    def copy_empty(self, role: str) -> None:
        self.drop(role)
        shutil.copyfile(self.path("empty"), self.path(role))


class Postgres(Backend):
    name = "postgresql"
    NAMES = {
        "empty": "outpost_bench_empty",
        "national": "outpost_bench",
        "import": "outpost_bench_import",
    }

    def __init__(self, server_url: str) -> None:
        self.server = urlparse(server_url)

    def url(self, role: str) -> str:
        return urlunparse(self.server._replace(path=f"/{self.NAMES[role]}"))

    def _admin(self) -> Any:
        import psycopg

        return psycopg.connect(
            urlunparse(self.server._replace(path="/postgres")), autocommit=True, connect_timeout=5
        )

    def reachable(self) -> str:
        try:
            with self._admin() as conn:
                conn.execute("SELECT 1")
        except Exception as exc:  # any failure to connect means: skip PostgreSQL
            return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return ""

    def exists(self, role: str) -> bool:
        with self._admin() as conn:
            row = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (self.NAMES[role],)
            ).fetchone()
        return row is not None

    def drop(self, role: str) -> None:
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.NAMES[role]}" WITH (FORCE)')

    def create_blank(self, role: str) -> None:
        self.drop(role)
        with self._admin() as conn:
            conn.execute(f'CREATE DATABASE "{self.NAMES[role]}"')

    def copy_empty(self, role: str) -> None:
        self.drop(role)
        with self._admin() as conn:
            conn.execute(f'CREATE DATABASE "{self.NAMES[role]}" TEMPLATE "{self.NAMES["empty"]}"')


# --- one backend ------------------------------------------------------------------------------


def bench_backend(backend: Backend, opts: argparse.Namespace) -> dict[str, Any]:
    result: dict[str, Any] = {"backend": backend.name}
    backend.prepare_empty()

    if opts.fresh or not backend.exists("national"):
        backend.copy_empty("national")
        say(f"[{backend.name}] national data set (scale {opts.scale:g}, seed {opts.seed})")
        started = time.monotonic()
        run(
            [OUTPOST, "demo", "--scale", f"national:{opts.scale:g}", "--seed", str(opts.seed)],
            backend.url("national"),
        )
        result["generate_s"] = round(time.monotonic() - started, 1)
    else:
        say(f"[{backend.name}] reusing the national data set (--fresh to rebuild)")
        # A data set made before the latest models: bring its schema up to date.
        run([OUTPOST, "migrate", "--no-input", "-v", "0"], backend.url("national"))

    if not opts.skip_import:
        sample = VAR / f"households-{opts.import_households}.xlsx"
        backend.copy_empty("import")
        if not sample.exists():
            say(f"[{backend.name}] writing {sample.name}")
            task("sample", backend.url("import"), str(sample), "--households",
                 str(opts.import_households))  # fmt: skip
        say(f"[{backend.name}] (a) importing {sample.name}")
        result["import"] = task("import", backend.url("import"), str(sample))
        backend.drop("import")

    say(f"[{backend.name}] (b) coverage")
    result["coverage"] = task(
        "coverage", backend.url("national"), "--province", opts.province, "--repeat",
        str(opts.repeat),
    )  # fmt: skip
    say(f"[{backend.name}] (c) household list")
    result["list"] = task("list", backend.url("national"), "--user", opts.user, "--n", str(opts.n))
    if not opts.skip_fieldwork:
        bench_fieldwork(backend, opts, result)
    return result


def bench_fieldwork(backend: Backend, opts: argparse.Namespace, result: dict[str, Any]) -> None:
    url = backend.url("national")
    say(f"[{backend.name}] (d) field work: {opts.activities:,} activities over five years")
    result["fieldwork_generate"] = task(
        "fieldwork-generate", url, "--activities", str(opts.activities), "--years", "5"
    )
    say(f"[{backend.name}] (e) field work figures of {opts.province} over a year")
    result["fieldwork_figures"] = task(
        "fieldwork-figures", url, "--province", opts.province, "--repeat", str(opts.repeat)
    )
    if backend.name != "postgresql":
        return
    for think in (0.0, opts.think):
        say(f"[{backend.name}] (f) recording activities: {opts.clients} clients, think {think} s")
        args = [
            "--province", opts.province, "--clients", str(opts.clients),
            "--requests", str(opts.api_requests), "--think", str(think),
            "--workers", str(opts.workers), "--threads", str(opts.threads),
            "--log", str(VAR / "gunicorn.log"),
        ]  # fmt: skip
        result.setdefault("fieldwork_api", []).append(task("fieldwork-api", url, *args))


# --- report -----------------------------------------------------------------------------------


def table(results: list[dict[str, Any]]) -> str:
    rows: list[tuple[str, str, str, str]] = []
    for r in results:
        b = r["backend"]
        if "skipped" in r:
            rows.append((b, "skipped", r["skipped"][:60], ""))
            continue
        if "generate_s" in r:
            rows.append((b, "national data set built", f"{r['generate_s']:.0f} s", "< 900 s"))
        if "import" in r:
            imp = r["import"]
            ok = imp["rows_per_s"] >= TARGETS["import_rows_per_s"]
            rows.append(
                (b, f"import {imp['households']:,} households ({imp['rows']:,} rows)",
                 f"{imp['rows_per_s']:,} rows/s in {imp['seconds']} s",
                 f">= {TARGETS['import_rows_per_s']:,} {'ok' if ok else 'MISSED'}")
            )  # fmt: skip
        for u in r["coverage"]["units"]:
            ok = u["ratio"] is not None and u["ratio"] <= TARGETS["coverage_ratio"]
            same = "same figures" if u["same"] else f"DIFFERENT {u['mismatches']}"
            rows.append(
                (b, f"coverage {u['unit']} ({u['code']}, {u['figures']['households']:,} hh)",
                 f"registry {u['registry_ms']} ms / SQL {u['sql_ms']} ms = {u['ratio']}x, {same}",
                 f"<= {TARGETS['coverage_ratio']}x {'ok' if ok else 'MISSED'}")
            )  # fmt: skip
        lst = r["list"]
        ok = lst["p95_ms"] <= TARGETS["list_p95_ms"]
        kinds = ", ".join(f"{k} p95 {v['p95_ms']}" for k, v in lst["by_kind"].items())
        rows.append(
            (b, f"household list ({lst['households_total']:,} hh, n={lst['n']})",
             f"p50 {lst['p50_ms']} ms, p95 {lst['p95_ms']} ms ({kinds})",
             f"<= {TARGETS['list_p95_ms']} ms {'ok' if ok else 'MISSED'}")
        )  # fmt: skip
        rows.extend(fieldwork_rows(r))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "\n".join(
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows
    )


def fieldwork_rows(r: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []
    b = r["backend"]
    gen = r.get("fieldwork_generate")
    if gen and not gen.get("reused"):
        rows.append(
            (b, f"field work generated ({gen['activities']:,} activities, "
                f"{gen['touches']:,} touches)",
             f"{gen['seconds']:.0f} s, {gen['activities_per_s']:,} activities/s", "")
        )  # fmt: skip
    fig = r.get("fieldwork_figures")
    if fig:
        target = TARGETS["fieldwork_province_year_ms"]
        for u in fig["units"]:
            ok = u["registry_ms"] <= target
            same = "same figures" if u["same"] else f"DIFFERENT {u['mismatches']}"
            rows.append(
                (b, f"field work {u['code']} {fig['year']} "
                    f"({u['figures']['activities_total']:,} activities)",
                 f"registry {u['registry_ms']} ms / SQL {u['sql_ms']} ms = {u['ratio']}x, {same}",
                 f"<= {target} ms {'ok' if ok else 'MISSED'}")
            )  # fmt: skip
            off = u.get("timings", {}).get("jit_off")
            if off:
                rows.append(
                    (b, "  same, JIT off for the session",
                     f"registry {off['registry_ms']} ms / SQL {off['sql_ms']} ms = "
                     f"{off['ratio']}x", "")
                )  # fmt: skip
    for api in r.get("fieldwork_api", []):
        target = TARGETS["fieldwork_api_p95_ms"]
        ok = api["p95_ms"] is not None and api["p95_ms"] <= target and not api["errors"]
        rows.append(
            (b, f"record activity, {api['clients']} clients, think {api['think_s']} s",
             f"p50 {api['p50_ms']} / p95 {api['p95_ms']} / p99 {api['p99_ms']} ms, "
             f"{api['throughput_per_s']}/s, {api['errors']} errors",
             f"p95 <= {target} ms {'ok' if ok else 'MISSED'}")
        )  # fmt: skip
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--scale", type=float, default=1.0, help="of the national data set")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fresh", action="store_true", help="rebuild the national data set")
    parser.add_argument("--import-households", type=int, default=100_000)
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--province", default="BCH-14", help="provincial command to report on")
    parser.add_argument("--user", default="province-14", help="province-staff user for the list")
    parser.add_argument("--repeat", type=int, default=5, help="coverage runs (median)")
    parser.add_argument("--n", type=int, default=50, help="household list requests")
    parser.add_argument("--skip-fieldwork", action="store_true")
    parser.add_argument("--activities", type=int, default=10_000_000, help="field work scale")
    parser.add_argument("--clients", type=int, default=50, help="API clients recording")
    parser.add_argument("--api-requests", type=int, default=20, help="per API client")
    parser.add_argument("--think", type=float, default=2.0, help="API clients' mean pause (s)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=2, help="gunicorn threads per worker")
    opts = parser.parse_args()

    VAR.mkdir(parents=True, exist_ok=True)
    OUT.mkdir(parents=True, exist_ok=True)
    results: list[dict[str, Any]] = []
    for name in [b.strip() for b in opts.backends.split(",") if b.strip()]:
        backend: Backend
        if name == "sqlite":
            backend = Sqlite()
        elif name in {"postgresql", "postgres", "pg"}:
            env_url = os.environ.get("DATABASE_URL", "")
            server = env_url if env_url.startswith(("postgres://", "postgresql://")) else PG_DEFAULT
            backend = Postgres(server)
            problem = backend.reachable()
            if problem:
                say(f"[postgresql] skipped: {server} unreachable ({problem})")
                results.append({"backend": "postgresql", "skipped": problem})
                continue
        else:
            parser.error(f"unknown backend {name!r}")
        started = time.monotonic()
        results.append(bench_backend(backend, opts))
        results[-1]["total_s"] = round(time.monotonic() - started, 1)

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    document = {"at": stamp, "options": vars(opts), "targets": TARGETS, "results": results}
    for path in (OUT / f"bench-{stamp}.json", OUT / "latest.json"):
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False, default=str))
    print()
    print(table(results))
    print(f"\nraw figures: {OUT / f'bench-{stamp}.json'}")


if __name__ == "__main__":
    main()
