"""Recording activities through the API under concurrent clients, on loopback.

The app runs in gunicorn (a pinned dev dependency; `runserver` is one process for
development), started here in a process group of its own on a free port against the
database in DATABASE_URL, and stopped at the end. Each client is a thread with its own
keep-alive connection and its own officer: post-officer users of the province's posts
(`bench-officer-NN`, made once through the accounts services) with a fresh API token each
run (revoked at the end). A client POSTs to /api/v1/fieldwork/activities a household visit
with a fresh client id, to households of its post, one after the other with an optional
pause ("think time", exponential, mean `think` seconds) between them; every answer must be
201. Latencies are measured per request by the client (connection reused, so no TCP set-up
in them).
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from django.utils import timezone

from outpost.accounts.models import ApiToken, User
from outpost.accounts.services import token_create, token_revoke, user_create
from outpost.assign.models import HouseholdAssignment
from outpost.force.models import AreaOfResponsibility, Cadre, ForceUnit
from outpost.people.models import Household

PATH = "/api/v1/fieldwork/activities"
PASSWORD = "bench-not-for-login-1234"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def _officers(command_code: str, clients: int) -> list[tuple[User, ForceUnit]]:
    """One post officer per client, spread over the command's posts (made once)."""
    command = ForceUnit.objects.get(code=command_code)
    posts = list(
        ForceUnit.objects.filter(
            parent=command,
            kind__in=[ForceUnit.Kind.BORDER_POST, ForceUnit.Kind.BORDER_GATE_POST],
        ).order_by("code")
    )
    if not posts:
        raise SystemExit(f"{command_code} has no posts")
    officers = []
    for n in range(clients):
        post = posts[n % len(posts)]
        username = f"bench-officer-{command.code.lower()}-{n + 1:02d}"
        user = User.objects.filter(username=username).first() or user_create(
            actor=None,
            username=username,
            password=PASSWORD,
            role=User.Role.POST_OFFICER,
            full_name=f"Cán bộ thử tải {n + 1}",
            force_unit_ids=[post.pk],
        )
        officers.append((user, post))
    return officers


def _payloads(post: ForceUnit, count: int, rng: random.Random) -> list[dict[str, Any]]:
    """Household visits to households in the charge of the post's cadres (else any of its
    households), each with a fresh client id."""
    units = [post.pk, *ForceUnit.objects.filter(parent=post).values_list("pk", flat=True)]
    charge = list(
        HouseholdAssignment.objects.filter(cadre__unit_id__in=units, valid_to__isnull=True)
        .order_by("pk")
        .values_list("cadre_id", "household_id", "household__village_id")[:500]
    )
    if not charge:
        cadres = list(Cadre.objects.filter(unit_id__in=units).values_list("pk", flat=True)[:50])
        communes = AreaOfResponsibility.objects.filter(force_unit=post).values("commune_id")
        households = Household.objects.filter(
            commune_id__in=communes, valid_to__isnull=True
        ).values_list("pk", "village_id")[:500]
        charge = [(rng.choice(cadres), h, v) for h, v in households]
    if not charge:
        raise SystemExit(f"{post.code} has no households to visit")
    today = timezone.localdate()
    out = []
    for _ in range(count):
        cadre, household, village = rng.choice(charge)
        out.append(
            {
                "client_id": str(uuid.uuid4()),  # fresh on every run: never a repeat
                "kind": "household_visit",
                "date": (today - dt.timedelta(days=rng.randint(0, 20))).isoformat(),
                "force_unit_id": post.pk,
                "village_id": village,
                "cadre_ids": [cadre],
                "household_ids": [household],
                "people_reached": rng.randint(2, 6),
                "notes": "thử tải",
            }
        )
    return out


class _Client(threading.Thread):
    def __init__(
        self,
        port: int,
        token: str,
        payloads: list[dict[str, Any]],
        think: float,
        seed: int,
        start_gate: threading.Barrier,
    ) -> None:
        super().__init__(daemon=True)
        self.port = port
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.payloads = payloads
        self.think = think
        self.rng = random.Random(seed)
        self.start_gate = start_gate
        self.latencies: list[float] = []
        self.errors: list[str] = []

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        self.start_gate.wait()
        for payload in self.payloads:
            if self.think:
                time.sleep(self.rng.expovariate(1 / self.think))
            body = json.dumps(payload)
            started = time.perf_counter()
            try:
                conn.request("POST", PATH, body=body, headers=self.headers)
                response = conn.getresponse()
                content = response.read()
            except (OSError, http.client.HTTPException) as exc:
                self.errors.append(f"{type(exc).__name__}: {exc}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                continue
            elapsed = time.perf_counter() - started
            if response.status != 201:
                self.errors.append(f"HTTP {response.status}: {content[:200]!r}")
                continue
            self.latencies.append(elapsed * 1000)
        conn.close()


def _start_server(port: int, workers: int, threads: int, log: Path) -> subprocess.Popen[bytes]:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    if not gunicorn.exists():
        raise SystemExit("gunicorn is not installed: pip install -e '.[dev]'")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "outpost.settings"}
    args = [
        str(gunicorn),
        "outpost.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread" if threads > 1 else "sync",
        "--keep-alive",
        "30",
        "--backlog",
        "256",
        "--log-level",
        "warning",
    ]
    with log.open("ab") as out:
        server = subprocess.Popen(
            args, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited ({server.returncode}); see {log}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/v1/fieldwork/kinds")
            conn.getresponse().read()
            conn.close()
            return server
        except OSError:
            time.sleep(0.3)
    _stop_server(server)
    raise SystemExit("gunicorn did not answer within 60 s")


def _stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def run(
    *,
    command: str,
    clients: int,
    requests: int,
    think: float,
    workers: int,
    threads: int,
    log: Path,
    seed: int = 1,
) -> dict[str, Any]:
    rng = random.Random(seed)
    officers = _officers(command, clients)
    tokens = [token_create(actor=None, user=user, label="bench") for user, _post in officers]
    payloads = [_payloads(post, requests + 2, rng) for _user, post in officers]
    port = _free_port()
    server = _start_server(port, workers, threads, log)
    try:
        # Warm-up: every worker loads the app, every officer's scope is read once.
        warm_gate = threading.Barrier(clients)
        warm = [
            _Client(port, token, p[:2], 0.0, seed + n, warm_gate)
            for n, (token, p) in enumerate(zip(tokens, payloads, strict=True))
        ]
        for client in warm:
            client.start()
        for client in warm:
            client.join()
        gate = threading.Barrier(clients + 1)
        measured = [
            _Client(port, token, p[2:], think, seed + 1000 + n, gate)
            for n, (token, p) in enumerate(zip(tokens, payloads, strict=True))
        ]
        for client in measured:
            client.start()
        gate.wait()
        started = time.perf_counter()
        for client in measured:
            client.join()
        wall = time.perf_counter() - started
    finally:
        _stop_server(server)
        for token in ApiToken.objects.filter(
            user__in=[u for u, _p in officers], revoked_at__isnull=True
        ):
            token_revoke(actor=None, token=token)
    latencies = [ms for c in measured for ms in c.latencies]
    errors = [e for c in [*warm, *measured] for e in c.errors]
    return {
        "clients": clients,
        "requests_per_client": requests,
        "think_s": think,
        "server": f"gunicorn {workers} workers x {threads} threads",
        "ok": len(latencies),
        "errors": len(errors),
        "first_errors": errors[:5],
        "wall_s": round(wall, 2),
        "throughput_per_s": round(len(latencies) / wall, 1) if wall else None,
        "p50_ms": round(_percentile(latencies, 0.50), 1) if latencies else None,
        "p95_ms": round(_percentile(latencies, 0.95), 1) if latencies else None,
        "p99_ms": round(_percentile(latencies, 0.99), 1) if latencies else None,
        "mean_ms": round(statistics.fmean(latencies), 1) if latencies else None,
        "max_ms": round(max(latencies), 1) if latencies else None,
    }
