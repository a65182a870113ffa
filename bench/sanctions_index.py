"""Benchmark: the screening index at 1,000,000 names (issue 8).

Builds an index of the real lists (OFAC SDN, UN SC, OFAC consolidated) plus generated
names up to 1,000,000 names, and prints: build time, peak memory, size on disk, load time,
single-query latency (median and 95th percentile), one process's throughput in CPU time
(what the engine costs, whatever else the machine runs), and batch throughput on every
core through ``screen_many`` (the path of ``racine screen`` and the batch API), with the
load average, since the machine may be shared.
Targets: build < 60 s, peak memory < 2 GB, load < 2 s, p95 < 10 ms, batch ≥ 2,000 q/s.
Run with `make bench-sanctions-index` (NAMES=… to change the size).
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sanctions_lists import real_records  # noqa: E402

from racine.sanctions.matching import Query, Record, ScreeningIndex, screen_many  # noqa: E402
from racine.sanctions.matching.normalise import name_tokens  # noqa: E402

TARGET_NAMES = int(os.environ.get("NAMES", "1000000"))
QUERIES = 2000
BATCH_REPEAT = int(os.environ.get("BATCH_REPEAT", "5"))
LEGAL_FORMS = ["S.A.", "S.A. de C.V.", "LTDA", "LLC", "Ltd", "S.A.S.", "GmbH", "Inc.", "OOO"]


def generated(records: list[Record], count: int, rng: random.Random) -> list[Record]:
    """Make ``count`` names from the real lists' words, recombined: realistic, not listed."""
    people = [r for r in records if r.schema == "Person"]
    others = [r for r in records if r.schema != "Person"]
    person_words = sorted(
        {t for r in people for n, _q in r.names for t in name_tokens(n, "Person")[0] if len(t) > 2}
    )
    company_words = sorted(
        {t for r in others for n, _q in r.names for t in name_tokens(n, "Company")[0] if len(t) > 2}
    )
    made, key = [], len(records)
    names_left = count
    while names_left > 0:
        if rng.random() < 0.6:
            words = [rng.choice(person_words).title() for _ in range(rng.choice((2, 3, 3, 4)))]
            schema, name = "Person", " ".join(words)
            years = (rng.randint(1940, 2000),)
        else:
            words = [rng.choice(company_words).upper() for _ in range(rng.choice((1, 2, 3)))]
            schema, name = "Company", " ".join(words) + " " + rng.choice(LEGAL_FORMS)
            years = ()
        alias = " ".join(reversed(name.split()))
        made.append(Record(key, schema, ((name, "primary"), (alias, "strong")), years))
        key += 1
        names_left -= 2
    return made


def queries(records: list[Record], rng: random.Random) -> list[Query]:
    """Half listed names (reordered, with a typo), half generated non-listed names."""
    out = []
    for i in range(QUERIES):
        record = rng.choice(records)
        name = rng.choice(record.names)[0]
        words = name.replace(",", " ").split()
        rng.shuffle(words)
        text = " ".join(words)
        if i % 2 and len(text) > 6:
            at = rng.randrange(len(text) - 1)
            text = text[:at] + text[at + 1] + text[at] + text[at + 2 :]
        out.append(Query(str(i), text, record.schema if i % 3 else ""))
    return out


def main() -> int:
    rng = random.Random(8)
    started = time.perf_counter()
    real, _entities = real_records()
    real_names = sum(len(r.names) for r in real)
    records = real + generated(real, max(TARGET_NAMES - real_names, 0), rng)
    total_names = sum(len(r.names) for r in records)
    print(
        f"records: {len(records):,} ({len(real):,} real), names: {total_names:,} "
        f"({real_names:,} real); prepared in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    index = ScreeningIndex.build(records, state="bench")
    build = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"build: {build:.1f} s for {len(index):,} indexed names (target < 60 s)")
    print(
        f"peak memory (process): {peak / 1024:.0f} MB, of which before build "
        f"{before / 1024:.0f} MB (target < 2048 MB)"
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "index.pickle"
        index.save(path)
        print(f"on disk: {path.stat().st_size / 1e6:.0f} MB")
        del index
        started = time.perf_counter()
        index = ScreeningIndex.load(path)
        print(f"load: {time.perf_counter() - started:.2f} s (target < 2 s)")
        batch = queries(records, rng)
        for query in batch[:50]:  # warm the caches as a running service would be
            index.screen(query)
        timings = []
        for query in batch:
            started = time.perf_counter()
            index.screen(query)
            timings.append((time.perf_counter() - started) * 1000)
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(
            f"single query: median {statistics.median(timings):.2f} ms, "
            f"p95 {p95:.2f} ms over {len(timings)} queries (target p95 < 10 ms)"
        )
        started = time.process_time()
        for query in batch:
            index.screen(query)
        cpu = time.process_time() - started
        print(f"one process, CPU time: {len(batch) / cpu:,.0f} queries/s")
        workers = os.cpu_count() or 1
        many = batch * BATCH_REPEAT  # long enough for the workers' start to be amortised
        load = os.getloadavg()[0]
        started = time.perf_counter()
        screen_many(index, many, processes=workers)
        elapsed = time.perf_counter() - started
        print(
            f"batch: {len(many) / elapsed:,.0f} queries/s on {workers} processes, screen_many "
            f"over {len(many):,} queries (target ≥ 2,000 q/s); load average {load:.1f} "
            f"→ {os.getloadavg()[0]:.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
