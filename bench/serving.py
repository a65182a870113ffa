"""What the server benchmarks share: a fresh database, `racine serve`, keep-alive clients.

``bench/load.py`` (pages, issue 7) and ``bench/exchange_api.py`` (API, issue 9) both put
50 clients in front of the real server; this module holds the parts they have in common,
so that both measure the same way. Standard library only (plus psycopg for PostgreSQL).
"""

from __future__ import annotations

import contextlib
import http.client
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RACINE = str(ROOT / ".venv" / "bin" / "racine")


class Connection:
    """One client's keep-alive connection, reconnecting once when the server closed it."""

    def __init__(self, port: int):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, body=None, headers=None):
        """Send a request; return the response and its body, read whole."""
        headers = dict(headers or {}, Host=f"127.0.0.1:{self.port}")
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        return response, response.read()


def recreate_postgres(url: str) -> None:
    """Drop and create the database named by ``url`` (a benchmark starts from nothing)."""
    import psycopg

    parsed = urllib.parse.urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def load_demo(environ: dict) -> str:
    """Load the demo data into the configured database; return what `racine demo` printed."""
    if environ.get("RACINE_DATABASE_URL", "").startswith("postgres"):
        recreate_postgres(environ["RACINE_DATABASE_URL"])
    demo = subprocess.run(
        [RACINE, "demo", "--load-only"], env=environ, check=True, capture_output=True, text=True
    )
    return demo.stdout


@contextlib.contextmanager
def served(environ: dict, port: int, workers: str) -> Iterator[None]:
    """Run `racine serve` as the README's production command does, until the block ends."""
    server = subprocess.Popen(
        [RACINE, "serve", "--port", str(port), "--workers", workers],
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            if server.poll() is not None:
                raise RuntimeError("the server stopped at start")
            try:
                Connection(port).request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the server did not start")
        yield
    finally:
        server.terminate()
        server.wait(timeout=30)


def run_clients(clients: int, seconds: float, step: Callable[[int, float], None]) -> float:
    """Run ``step(number, deadline)`` in ``clients`` threads at once; return the elapsed time.

    Each step loops until the deadline (``time.monotonic()``) and records its own
    latencies and errors.
    """
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=step, args=(n, deadline)) for n in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - started


def summary(latencies: list[float], elapsed: float) -> dict:
    """Return the count, rate and p50/p95/p99/max of ``latencies`` (seconds)."""
    ordered = sorted(latencies)

    def at(share: float) -> float:
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))]

    return {
        "requests": len(ordered),
        "rate": len(ordered) / elapsed if elapsed else 0.0,
        "p50": at(0.50),
        "p95": at(0.95),
        "p99": at(0.99),
        "max": ordered[-1] if ordered else float("nan"),
    }
