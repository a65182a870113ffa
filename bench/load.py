"""Benchmark: the platform under fifty users (issue 7, « Fifty users at once »).

For SQLite, then PostgreSQL, on a fresh database with the demo data, behind the real
server (``racine serve``: gunicorn, ``BENCH_WORKERS`` workers, 4 as in the README),
signed in as the demo plan coordinator:

1. the median time of the plan dashboard and of the home page, measured in the same run
   one after the other (target: the dashboard at most 5 times the home page);
2. 50 concurrent clients for ``BENCH_SECONDS`` (60 by default) on a mix of the home page,
   the dashboard, a filtered list of agreements and an API list (target: 0 errors, p99
   under 1 s).

    make bench-load                                   # both databases, 60 s each
    make bench-load BENCH_SECONDS=10                  # a short smoke run
    make bench-load BENCH_DATABASES=sqlite            # SQLite only
    BENCH_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/racine_bench (dropped, recreated)
    BENCH_PORT=8104                                   # where the server listens
    BENCH_WORKERS=4                                   # gunicorn workers (README: 4)

The client is the standard library (threads, one keep-alive connection each): nothing to
install, and it costs little CPU beside the server's on a small machine.
"""

from __future__ import annotations

import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse

from serving import Connection, load_demo, run_clients, served, summary

USERNAME = "coordination"  # the demo plan coordinator; `racine demo` prints the password
HOME, DASHBOARD = "/", "/plan/"
MIX = [HOME, DASHBOARD, "/partenaires/accords/?status=in_force", "/api/agreements?page=1"]
CLIENTS = 50
SAMPLES = int(os.environ.get("BENCH_SAMPLES", "20"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "60"))
PORT = int(os.environ.get("BENCH_PORT", "8104"))
# As the README's production command runs it: two workers a core lets one compute while
# the other waits for the database.
WORKERS = os.environ.get("BENCH_WORKERS", "4")
RATIO_TARGET, P99_TARGET = 5.0, 1.0


class Client(Connection):
    """One browser: a keep-alive connection and the session cookie."""

    def __init__(self, cookie: str = ""):
        super().__init__(PORT)
        self.cookie = cookie

    def request(self, method: str, path: str, body: str | None = None, headers=None):
        headers = dict(headers or {}, Cookie=self.cookie)
        headers["Accept-Encoding"] = "gzip"
        return super().request(method, path, body, headers)

    def timed_get(self, path: str) -> tuple[float, int]:
        started = time.perf_counter()
        response, _body = self.request("GET", path)
        return time.perf_counter() - started, response.status


def sign_in(password: str) -> str:
    """Sign in through the login form; return the Cookie header of the session."""
    client = Client()
    response, body = client.request("GET", "/connexion/")
    csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    cookies = {
        "csrftoken": re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie")).group(1)
    }
    client.cookie = f"csrftoken={cookies['csrftoken']}"
    form = urllib.parse.urlencode(
        {"username": USERNAME, "password": password, "csrfmiddlewaretoken": csrf}
    )
    response, _body = client.request(
        "POST",
        "/connexion/",
        form,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{PORT}/",
        },
    )
    session = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie") or "")
    if response.status != 302 or session is None:
        raise RuntimeError(f"sign-in failed: HTTP {response.status}")
    return f"csrftoken={cookies['csrftoken']}; sessionid={session.group(1)}"


def medians(cookie: str) -> tuple[float, float]:
    """Return the median seconds of the home page and the dashboard, interleaved."""
    client = Client(cookie)
    for path in (HOME, DASHBOARD):  # the first view of the day computes and caches figures
        client.timed_get(path)
    times: dict[str, list[float]] = {HOME: [], DASHBOARD: []}
    for _ in range(SAMPLES):
        for path in (HOME, DASHBOARD):
            seconds, status = client.timed_get(path)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
            times[path].append(seconds)
    return statistics.median(times[HOME]), statistics.median(times[DASHBOARD])


def load(cookie: str) -> dict:
    """Run CLIENTS threads for SECONDS on the mix; return the latencies and errors."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def user(number: int, deadline: float) -> None:
        rng = random.Random(number)
        client = Client(cookie)
        while time.monotonic() < deadline:
            path = rng.choice(MIX)
            try:
                seconds, status = client.timed_get(path)
            except Exception as error:  # a refused or dropped connection is an error too
                with lock:
                    errors.append(f"{path}: {type(error).__name__}")
                continue
            with lock:
                latencies.append(seconds)
                if status != 200:
                    errors.append(f"{path}: HTTP {status}")

    elapsed = run_clients(CLIENTS, SECONDS, user)
    return {
        **summary(latencies, elapsed),
        "errors": errors,
    }


def prepare(environ: dict) -> str:
    """Create the database with the demo data; return the demo coordinator's password."""
    printed = load_demo(environ)
    return re.search(rf"^\s+{re.escape(USERNAME)}\s+(\S+)", printed, re.M).group(1)


def run(database: str) -> bool:
    environ = dict(os.environ, RACINE_DATA_DIR=tempfile.mkdtemp(prefix="racine-bench-load-"))
    environ["RACINE_DATABASE_URL"] = (
        os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/racine_bench")
        if database == "postgresql"
        else ""
    )
    password = prepare(environ)
    with served(environ, PORT, WORKERS):
        cookie = sign_in(password)
        home, dashboard = medians(cookie)
        ratio = dashboard / home
        print(
            f"[{database}] median home {home * 1000:.1f} ms, dashboard {dashboard * 1000:.1f} ms: "
            f"ratio {ratio:.1f} (target ≤ {RATIO_TARGET:g}) "
            f"{'OK' if ratio <= RATIO_TARGET else 'MISSED'}",
            flush=True,
        )
        result = load(cookie)
        ok = not result["errors"] and result["p99"] < P99_TARGET
        print(
            f"[{database}] {CLIENTS} clients × {SECONDS:g} s: {result['requests']} requests "
            f"({result['rate']:.1f}/s), p50 {result['p50'] * 1000:.0f} ms, "
            f"p99 {result['p99'] * 1000:.0f} ms, max {result['max'] * 1000:.0f} ms, "
            f"errors {len(result['errors'])} (target: 0 errors, p99 < {P99_TARGET:g} s) "
            f"{'OK' if ok else 'MISSED'}",
            flush=True,
        )
        for error in sorted(set(result["errors"]))[:10]:
            print(f"[{database}]   error: {error}")
        return ok and ratio <= RATIO_TARGET


def main() -> int:
    print(f"cores: {os.cpu_count()}; load {os.getloadavg()[0]:.1f} (figures are noisy when busy)")
    databases = os.environ.get("BENCH_DATABASES", "sqlite postgresql").split()
    results = [run(database) for database in databases]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
