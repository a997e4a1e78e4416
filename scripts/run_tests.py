"""Run the whole suite: linters, then pytest on SQLite, then pytest on PostgreSQL.

PostgreSQL is taken from DATABASE_URL when it names one, else 127.0.0.1:5432. When none is
reachable the PostgreSQL part is skipped with a message, unless OUTPOST_REQUIRE_POSTGRES=1
(as in CI), where that is a failure.

Each pytest run uses two worker processes (pytest-xdist), each with its own test database and
its own copy of the shared test world; OUTPOST_TEST_WORKERS sets how many (0: one process).
A test file runs whole on one worker (`--dist loadfile`), so fixtures built once for a module
or a class (the demo, the official unit files) are built once, not once per worker.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/test"
DEFAULT_WORKERS = "2"


def run(title: str, cmd: list[str], env: dict[str, str] | None = None) -> None:
    print(f"\n=== {title}: {' '.join(cmd)}", flush=True)
    result = subprocess.run(cmd, cwd=ROOT, env=env)
    if result.returncode != 0:
        print(f"=== FAILED: {title}", flush=True)
        sys.exit(result.returncode)


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    candidate = url if url.startswith(("postgres://", "postgresql://")) else DEFAULT_PG_URL
    try:
        import psycopg

        conninfo = candidate.replace("postgres://", "postgresql://", 1)
        with psycopg.connect(conninfo, connect_timeout=3):
            return candidate
    except Exception as exc:  # any failure means "not reachable"; say why below
        print(f"PostgreSQL not reachable at {candidate}: {exc}", flush=True)
        return None


def parallel_args(pytest_args: list[str]) -> list[str]:
    """xdist's options, unless the caller chose their own (-n, -p no:xdist) or
    OUTPOST_TEST_WORKERS=0."""
    workers = os.environ.get("OUTPOST_TEST_WORKERS", DEFAULT_WORKERS)
    chosen = any(a.startswith(("-n", "--numprocesses", "no:xdist")) for a in pytest_args)
    if chosen or workers == "0":
        return []
    return ["-n", workers, "--dist", "loadfile"]


def main() -> None:
    pytest_args = sys.argv[1:]
    pytest_args = [*parallel_args(pytest_args), *pytest_args]
    run("ruff check", [str(BIN / "ruff"), "check", "."])
    run("ruff format", [str(BIN / "ruff"), "format", "--check", "."])
    run("mypy", [str(BIN / "mypy"), "src"])

    sqlite_env = {**os.environ, "DATABASE_URL": "sqlite://:memory:"}
    run("tests on SQLite", [str(BIN / "pytest"), *pytest_args], env=sqlite_env)

    pg_url = postgres_url()
    if pg_url is None:
        if os.environ.get("OUTPOST_REQUIRE_POSTGRES") == "1":
            print("=== FAILED: PostgreSQL is required here (OUTPOST_REQUIRE_POSTGRES=1)")
            sys.exit(1)
        print("\n=== SKIPPED: the PostgreSQL suite (no PostgreSQL reachable; set DATABASE_URL)")
        return
    pg_env = {**os.environ, "DATABASE_URL": pg_url}
    run("tests on PostgreSQL", [str(BIN / "pytest"), *pytest_args], env=pg_env)


if __name__ == "__main__":
    main()
