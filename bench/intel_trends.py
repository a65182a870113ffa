"""Benchmark: route and trend queries over 10,000,000 seizure rows (issue 10: < 2 s each).

Generates ``BENCH_ROWS`` (10,000,000) rows of the shape of :mod:`racine.intel.trends.table`
inside DuckDB — ten years, the drugs of the exchange's list, countries of the routes
Andes → Caribbean / Central America / West Africa → European ports, routes of zero to
two transits — then times each query of :mod:`racine.intel.trends.queries` three times
on 2 threads and prints the best and the slowest run. Target: each under 2 seconds.

    make bench-intel-trends
    BENCH_ROWS=1000000 make bench-intel-trends     # a quick run
"""

from __future__ import annotations

import os
import sys
import time

import duckdb

from racine.intel.trends import queries

ROWS = int(os.environ.get("BENCH_ROWS", "10000000"))
TARGET = 2.0
PRODUCERS = ["CO", "PE", "BO", "EC", "VE", "BR", "PY", "MX"]
TRANSITS = ["PA", "DO", "JM", "GT", "HN", "CR", "GW", "GH", "SN", "NG", "CV", "TT", "GY", "SR"]
DESTINATIONS = ["FR", "ES", "BE", "NL", "DE", "IT", "PT", "GB", "US", "GP", "MQ", "GF"]
DRUGS = ["cocaine_hydrochloride", "cocaine_base", "cannabis_resin", "cannabis_herb", "heroin"]
DRUGS += ["methamphetamine", "amphetamine", "mdma", "fentanyl", "precursors", "other"]
CONVEYANCES = ["container", "maritime", "air_passenger", "air_cargo", "postal", "road"]
CONVEYANCES += ["body_carrier"]


def generate(connection: duckdb.DuckDBPyConnection, rows: int) -> float:
    """Create the table ``seizures`` with ``rows`` generated rows; return the seconds taken."""

    def pick(values: list[str], salt: int, key: str = "i") -> str:
        """A value of ``values`` chosen by hashing ``key`` (a row, or its report: ``i // 2``)."""
        return f"{values!r}[(1 + hash({key} * {salt}) % {len(values)})::BIGINT]"

    started = time.perf_counter()
    connection.execute(
        f"""
        CREATE TABLE seizures AS
        SELECT i // 2 AS report,
               DATE '2016-01-01' + CAST(hash(i // 2) % 3652 AS INTEGER) AS seized_on,
               {pick(DESTINATIONS + TRANSITS, 3)} AS country,
               {pick(DRUGS, 5)} AS drug,
               {pick(CONVEYANCES, 7)} AS conveyance,
               CASE WHEN hash(i // 2 * 11) % 10 = 0 THEN NULL
                    ELSE {pick(PRODUCERS, 13, "i // 2")} END AS origin,
               CASE hash(i // 2 * 17) % 3
                    WHEN 0 THEN []::VARCHAR[]
                    WHEN 1 THEN [{pick(TRANSITS, 19, "i // 2")}]
                    ELSE [{pick(TRANSITS, 19, "i // 2")},
                          {pick(TRANSITS, 23, "i // 2")}] END AS transits,
               {pick(DESTINATIONS, 29, "i // 2")} AS destination,
               round(1 + (hash(i * 31) % 500000) / 100.0, 3)::DOUBLE AS kilograms,
               NULL::DOUBLE AS units,
               i % 2 = 0 AS counted
        FROM range({rows}) AS t(i)
        """
    )
    return time.perf_counter() - started


def timed(label: str, run) -> bool:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        answer = run()
        times.append(time.perf_counter() - started)
    ok = max(times) < TARGET
    print(
        f"{label:<52} best {min(times):.2f} s, slowest {max(times):.2f} s, "
        f"{len(answer):,} rows  {'OK' if ok else 'MISSED'}",
        flush=True,
    )
    return ok


def main() -> int:
    print(f"cores: {os.cpu_count()}; load {os.getloadavg()[0]:.1f}", flush=True)
    connection = duckdb.connect(config={"threads": 2, "autoinstall_known_extensions": False})
    seconds = generate(connection, ROWS)
    count = connection.execute("SELECT count(*) FROM seizures").fetchone()[0]
    print(f"generated {count:,} seizure rows in {seconds:.1f} s", flush=True)
    checks = [
        timed("by month × drug", lambda: queries.by_period(connection, ("drug",))),
        timed("by month × country", lambda: queries.by_period(connection, ("country",))),
        timed("by month × conveyance", lambda: queries.by_period(connection, ("conveyance",))),
        timed(
            "by quarter × drug × country × conveyance",
            lambda: queries.by_period(connection, ("drug", "country", "conveyance"), "quarter"),
        ),
        timed(
            "by year × origin × destination, cocaine",
            lambda: queries.by_period(
                connection, ("origin", "destination"), "year", "cocaine_hydrochloride"
            ),
        ),
        timed("flows origin → transits → destination", lambda: queries.flows(connection)),
        timed(
            "flows, cocaine only",
            lambda: queries.flows(connection, drug="cocaine_hydrochloride"),
        ),
        timed(
            "year-on-year change by drug (2025 / 2024)", lambda: queries.change(connection, 2025)
        ),
        timed(
            "five-year change by drug (2025 / 2020)", lambda: queries.change(connection, 2025, 5)
        ),
    ]
    print(f"load {os.getloadavg()[0]:.1f}; target: each query under {TARGET:g} s", flush=True)
    return 0 if all(checks) else 1


if __name__ == "__main__":
    sys.exit(main())
