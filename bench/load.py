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

import http.client
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RACINE = str(ROOT / ".venv" / "bin" / "racine")
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


class Client:
    """One browser: a keep-alive connection and the session cookie."""

    def __init__(self, cookie: str = ""):
        self.connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        self.cookie = cookie

    def request(self, method: str, path: str, body: str | None = None, headers=None):
        headers = dict(headers or {}, Cookie=self.cookie, Host=f"127.0.0.1:{PORT}")
        headers["Accept-Encoding"] = "gzip"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            self.connection.close()  # the server closed a kept-alive connection: reconnect once
            self.connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        return response, response.read()

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
    deadline = time.monotonic() + SECONDS

    def user(number: int) -> None:
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

    threads = [threading.Thread(target=user, args=(n,)) for n in range(CLIENTS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "rate": len(latencies) / elapsed,
        "p50": latencies[len(latencies) // 2] if latencies else float("nan"),
        "p99": latencies[int(len(latencies) * 0.99)] if latencies else float("nan"),
        "max": latencies[-1] if latencies else float("nan"),
        "errors": errors,
    }


def prepare(database: str, environ: dict) -> str:
    """Create the database with the demo data; return the demo coordinator's password."""
    if database == "postgresql":
        import psycopg

        url = urllib.parse.urlparse(environ["RACINE_DATABASE_URL"])
        name = url.path.lstrip("/")
        admin = url._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
    demo = subprocess.run(
        [RACINE, "demo", "--load-only"], env=environ, check=True, capture_output=True, text=True
    )
    return re.search(rf"^\s+{re.escape(USERNAME)}\s+(\S+)", demo.stdout, re.M).group(1)


def wait_until_up(server: subprocess.Popen) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise RuntimeError("the server stopped at start")
        try:
            Client().request("GET", "/healthz")
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def run(database: str) -> bool:
    environ = dict(os.environ, RACINE_DATA_DIR=tempfile.mkdtemp(prefix="racine-bench-load-"))
    environ["RACINE_DATABASE_URL"] = (
        os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/racine_bench")
        if database == "postgresql"
        else ""
    )
    password = prepare(database, environ)
    server = subprocess.Popen(
        [RACINE, "serve", "--port", str(PORT), "--workers", WORKERS],
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(server)
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
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> int:
    print(f"cores: {os.cpu_count()}; load {os.getloadavg()[0]:.1f} (figures are noisy when busy)")
    databases = os.environ.get("BENCH_DATABASES", "sqlite postgresql").split()
    results = [run(database) for database in databases]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
