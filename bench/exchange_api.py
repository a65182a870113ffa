"""Benchmark: 50 API clients reading and writing exchange items at once (issue 9).

For SQLite, then PostgreSQL, on a fresh database with the demo data, behind the real
server (``racine serve``, ``BENCH_WORKERS`` gunicorn workers, 4 as in the README):
50 clients, each with the API token of one of six demo users of five organisations,
for ``BENCH_SECONDS`` (60) mix

- reads: the list (``GET /api/exchange/items?page=N``), a search (``?q=``) and the
  detail of an item seen in a list (``GET /api/exchange/items/{id}``);
- writes: ``POST /api/exchange/items`` with an ``Idempotency-Key`` (one in five
  requests), a few of them sent twice with the same key (the retry must answer the same
  item, marked ``Idempotent-Replay``).

Then every acknowledged write (201) is looked up in the database: each must be there,
exactly once, with its title. Targets: 0 errors, p99 under 300 ms, nothing missing.

    make bench-exchange-api                               # both databases, 60 s each
    make bench-exchange-api BENCH_SECONDS=10 BENCH_DATABASES=sqlite
    make bench-exchange-api BENCH_PACE=1       # each client waits 0–2 s between requests
    BENCH_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/racine_bench  (+ "_api",
                                                            dropped and recreated)
    BENCH_PORT=8105 BENCH_WORKERS=4
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

from serving import RACINE, Connection, load_demo, run_clients, served, summary

CLIENTS = 50
SECONDS = float(os.environ.get("BENCH_SECONDS", "60"))
PORT = int(os.environ.get("BENCH_PORT", "8105"))
WORKERS = os.environ.get("BENCH_WORKERS", "4")
# Seconds a client waits between two requests: 0 (the default) sends without pause, the
# hardest reading of "50 concurrent clients" (the run is then a queue: by Little's law
# the mean wait is 50 ÷ requests per second). A pace of 1 s is 50 partner systems each
# sending a request a second — latency at a steady load rather than at saturation.
PACE = float(os.environ.get("BENCH_PACE", "0"))
P99_TARGET = 0.300
# Demo users of five organisations (Mexican and Colombian and Ecuadorian agencies, the
# French embassy in Mexico, the French customs, the ministry).
USERS = (
    "aduana.mexico",
    "attache.mexique",
    "diran.colombia",
    "senae.ecuador",
    "douane.havre",
    "analyste",
)
WORDS = ("cocaïne", "Manzanillo", "conteneur", "Guayaquil", "bananes", "zzz-absent")
COUNTRY = {"aduana.mexico": "MX", "diran.colombia": "CO", "senae.ecuador": "EC"}


class Client(Connection):
    """One partner system: a keep-alive connection and a bearer token."""

    def __init__(self, token: str):
        super().__init__(PORT)
        self.token = token

    def request(self, method: str, path: str, body: dict | None = None, headers=None):
        headers = dict(headers or {}, Authorization=f"Bearer {self.token}")
        data = None
        if body is not None:
            data = json.dumps(body)
            headers["Content-Type"] = "application/json"
        return super().request(method, path, data, headers)


def new_item(username: str, number: int) -> dict:
    """A valid seizure report of the user's organisation (shared within it, or on the platform)."""
    return {
        "kind": "seizure",
        "title": f"bench {uuid.uuid4().hex} n° {number}",
        "body": "Rapport envoyé par le banc d'essai de l'API.",
        "handling": random.choice(("green", "amber")),
        "distribution": "originator",
        "seized_on": "2026-03-02",
        "country": COUNTRY.get(username, "FR"),
        "drugs": [{"drug": "cocaine_hydrochloride", "quantity": 120.5, "unit": "kg"}],
        "conveyance": "container",
    }


def load(tokens: dict[str, str]) -> dict:
    """Run CLIENTS threads for SECONDS; return latencies, errors and acknowledged writes."""
    latencies: list[float] = []
    by_kind: dict[str, list[float]] = {}  # write, detail, search, list
    errors: list[str] = []
    written: dict[str, int] = {}  # title → id of every 201
    lock = threading.Lock()

    def client(number: int, deadline: float) -> None:
        rng = random.Random(number)
        username = USERS[number % len(USERS)]
        api = Client(tokens[username])
        seen: list[int] = []
        while time.monotonic() < deadline:
            if PACE:
                time.sleep(rng.uniform(0, 2 * PACE))  # random, so clients do not march in step
            roll = rng.random()
            started = time.perf_counter()
            try:
                kind = "list"
                if roll < 0.2:
                    kind = "write"
                    body = new_item(username, number)
                    key = {"Idempotency-Key": uuid.uuid4().hex}
                    response, raw = api.request("POST", "/api/exchange/items", body, key)
                    ok = response.status == 201
                    if ok:
                        answer = json.loads(raw)
                        with lock:
                            written[body["title"]] = answer["id"]
                        if rng.random() < 0.1:  # a retry of the same write
                            again, raw_again = api.request("POST", "/api/exchange/items", body, key)
                            replayed = json.loads(raw_again).get("id") if raw_again else None
                            if again.status != 201 or replayed != answer["id"]:
                                with lock:
                                    errors.append(f"retry: HTTP {again.status}, id {replayed}")
                elif roll < 0.35 and seen:
                    kind = "detail"
                    path = f"/api/exchange/items/{rng.choice(seen)}"
                    response, raw = api.request("GET", path)
                    ok = response.status == 200
                elif roll < 0.5:
                    kind = "search"
                    query = urllib.parse.quote(rng.choice(WORDS))
                    response, raw = api.request("GET", f"/api/exchange/items?q={query}")
                    ok = response.status == 200
                else:
                    page = rng.choice((1, 1, 1, 2, 3))
                    response, raw = api.request("GET", f"/api/exchange/items?page={page}")
                    ok = response.status == 200
                    if ok:
                        seen = [row["id"] for row in json.loads(raw)["results"]][:20] or seen
            except Exception as error:  # a refused or dropped connection is an error too
                with lock:
                    errors.append(type(error).__name__)
                continue
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                by_kind.setdefault(kind, []).append(elapsed)
                if not ok:
                    errors.append(f"HTTP {response.status}: {raw[:120]!r}")

    elapsed = run_clients(CLIENTS, SECONDS, client)
    return {
        **summary(latencies, elapsed),
        "by_kind": {kind: summary(values, elapsed) for kind, values in sorted(by_kind.items())},
        "errors": errors,
        "written": written,
    }


def stored(database: str, environ: dict, written: dict[str, int]) -> tuple[int, int]:
    """Return how many acknowledged writes are stored (id and title), and duplicates of them."""
    titles = list(written)
    sql = "SELECT id, title FROM exchange_item WHERE title LIKE 'bench %'"
    if database == "postgresql":
        import psycopg

        with psycopg.connect(environ["RACINE_DATABASE_URL"]) as connection:
            rows = connection.execute(sql).fetchall()
    else:
        path = Path(environ["RACINE_DATA_DIR"]) / "racine.sqlite3"
        with sqlite3.connect(path) as connection:
            rows = connection.execute(sql).fetchall()
    by_title: dict[str, list[int]] = {}
    for pk, title in rows:
        by_title.setdefault(title, []).append(pk)
    present = sum(1 for t in titles if by_title.get(t) == [written[t]])
    duplicates = sum(1 for ids in by_title.values() if len(ids) > 1)
    return present, duplicates


def prepare(environ: dict) -> dict[str, str]:
    """Create the database with the demo data; return an API token per user."""
    load_demo(environ)
    tokens = {}
    for username in USERS:
        created = subprocess.run(
            [RACINE, "token", "create", username, "--name", "bench"],
            env=environ,
            check=True,
            capture_output=True,
            text=True,
        )
        tokens[username] = created.stdout.strip()
    return tokens


def run(database: str) -> bool:
    environ = dict(os.environ, RACINE_DATA_DIR=tempfile.mkdtemp(prefix="racine-bench-api-"))
    if database == "postgresql":
        base = os.environ.get(
            "BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/racine_bench"
        )
        url = urllib.parse.urlparse(base)
        environ["RACINE_DATABASE_URL"] = url._replace(path=f"{url.path}_api").geturl()
    else:
        environ["RACINE_DATABASE_URL"] = ""
    tokens = prepare(environ)
    with served(environ, PORT, WORKERS):
        result = load(tokens)
    written = result["written"]
    present, duplicates = stored(database, environ, written)
    ok = (
        not result["errors"]
        and result["p99"] < P99_TARGET
        and present == len(written)
        and not duplicates
    )
    verdict = "OK" if ok else "MISSED"
    if PACE:  # the target is for clients that do not pause
        verdict = f"(paced: the target is judged at BENCH_PACE=0; {verdict} at this pace)"
    print(
        f"[{database}] {CLIENTS} clients × {SECONDS:g} s, pace {PACE:g} s: "
        f"{result['requests']} requests "
        f"({result['rate']:.1f}/s), errors {len(result['errors'])}, "
        f"p50 {result['p50'] * 1000:.0f} ms, p95 {result['p95'] * 1000:.0f} ms, "
        f"p99 {result['p99'] * 1000:.0f} ms, max {result['max'] * 1000:.0f} ms; "
        f"writes acknowledged {len(written)}, stored {present}, duplicated {duplicates} "
        f"(target: 0 errors, p99 < {P99_TARGET * 1000:.0f} ms, every write stored once) "
        f"{verdict}",
        flush=True,
    )
    for kind, figures in result["by_kind"].items():
        print(
            f"[{database}]   {kind}: {figures['requests']} requests, p50 "
            f"{figures['p50'] * 1000:.0f} ms, p99 {figures['p99'] * 1000:.0f} ms",
            flush=True,
        )
    for error in sorted(set(result["errors"]))[:10]:
        print(f"[{database}]   error: {error}")
    return ok or bool(PACE)


def main() -> int:
    print(f"cores: {os.cpu_count()}; load {os.getloadavg()[0]:.1f} (figures are noisy when busy)")
    databases = os.environ.get("BENCH_DATABASES", "sqlite postgresql").split()
    results = [run(database) for database in databases]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
