"""What analysts ask of seizures: amounts by period and dimension, flows, change.

Every function takes a DuckDB connection on which ``seizures`` has the shape of
:mod:`racine.intel.trends.table` (:func:`racine.intel.trends.table.connect`). The SQL is
assembled only from names of this module (dimensions and periods are checked against
:data:`DIMENSIONS` and :data:`PERIODS`); every value a caller gives is a bound parameter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

DIMENSIONS = ("drug", "country", "conveyance", "origin", "destination")


def _reports(by_drug: bool) -> str:
    """How many reports: rows when each row is a report's one drug, else ``counted`` rows."""
    return "count(*)" if by_drug else "count(*) FILTER (WHERE counted)"


PERIODS = {"month": "month", "quarter": "quarter", "year": "year"}


def by_period(
    connection: duckdb.DuckDBPyConnection,
    dimensions: tuple[str, ...] = ("drug",),
    period: str = "month",
    drug: str | None = None,
) -> list[tuple]:
    """Return ``(period start, *dimensions, reports, kilograms, units)`` rows, in order.

    ``dimensions`` among :data:`DIMENSIONS`; ``period`` month, quarter or year.
    """
    unknown = [d for d in dimensions if d not in DIMENSIONS]
    if unknown or period not in PERIODS:
        raise ValueError(f"unknown dimension or period: {unknown or period}")
    columns = ", ".join(dimensions)
    group = ", ".join(["1", *dimensions])
    where, params = ("WHERE drug = ?", [drug]) if drug else ("", [])
    reports = _reports(by_drug=bool(drug) or "drug" in dimensions)
    return connection.execute(
        f"""
        SELECT date_trunc('{PERIODS[period]}', seized_on)::DATE AS period
               {", " + columns if columns else ""},
               {reports}, round(sum(kilograms), 3), sum(units)
        FROM seizures {where}
        GROUP BY {group} ORDER BY {group}
        """,  # noqa: S608 (names from this module, values bound)
        params,
    ).fetchall()


def flows(
    connection: duckdb.DuckDBPyConnection,
    since: dt.date | None = None,
    until: dt.date | None = None,
    drug: str | None = None,
) -> list[tuple[str, str, int, float]]:
    """Return the legs of the routes: ``(from, to, reports, kilograms)``, largest first.

    A route is origin → each transit in order → destination (the countries given; the
    country of seizure stands for the destination when none is given). A leg carries the
    kilograms of every drug of the report and counts the report once; a Sankey chart
    draws these rows as they are. The rows are first summed by route (a few thousand
    distinct routes), and only then cut into legs.
    """
    conditions, params = [], []
    for clause, value in (("seized_on >= ?", since), ("seized_on <= ?", until), ("drug = ?", drug)):
        if value is not None:
            conditions.append(clause)
            params.append(value)
    where = ("WHERE " + " AND ".join(conditions)) if conditions else ""
    return connection.execute(
        f"""
        WITH routes AS (
            SELECT origin, transits, coalesce(destination, country) AS destination,
                   sum(kilograms) AS kilograms, {_reports(by_drug=drug is not None)} AS reports
            FROM seizures {where}
            GROUP BY ALL
        ),
        stops AS (
            SELECT kilograms, reports,
                   list_filter(list_concat([origin], transits, [destination]),
                               x -> x IS NOT NULL) AS stops
            FROM routes
        ),
        legs AS (
            SELECT kilograms, reports, stops[i] AS source, stops[i + 1] AS target
            FROM (SELECT *, unnest(range(1, len(stops))) AS i FROM stops)
            WHERE stops[i] <> stops[i + 1]
        )
        SELECT source, target, sum(reports)::BIGINT, round(sum(kilograms), 3)
        FROM legs GROUP BY source, target ORDER BY 4 DESC NULLS LAST, 1, 2
        """,  # noqa: S608 (names from this module, values bound)
        params,
    ).fetchall()


@dataclass(frozen=True)
class Change:
    """An amount in one year against an earlier one, with both periods stated."""

    drug: str | None
    year: int
    earlier: int
    kilograms: float
    earlier_kilograms: float

    @property
    def ratio(self) -> float | None:
        """The relative change (+0.40 is « +40 % »); None when the earlier amount is zero."""
        if not self.earlier_kilograms:
            return None
        return self.kilograms / self.earlier_kilograms - 1

    @property
    def period(self) -> str:
        return f"{self.earlier} → {self.year}"


def change(
    connection: duckdb.DuckDBPyConnection, year: int, years_back: int = 1, by_drug: bool = True
) -> list[Change]:
    """Return kilograms seized in ``year`` against ``year - years_back``, by drug or in all.

    ``years_back=1`` is the year-on-year change; ``years_back=5`` the plan's kind of
    « +40 % in five years ». Calendar years; a drug seized in only one of the two years
    is there with zero for the other.
    """
    earlier = year - years_back
    key = "drug" if by_drug else "NULL"
    rows = connection.execute(
        f"""
        SELECT {key} AS drug,
               coalesce(sum(kilograms) FILTER (WHERE year(seized_on) = ?), 0),
               coalesce(sum(kilograms) FILTER (WHERE year(seized_on) = ?), 0)
        FROM seizures WHERE year(seized_on) IN (?, ?)
        GROUP BY 1 ORDER BY 1
        """,  # noqa: S608 (names from this module, values bound)
        [year, earlier, year, earlier],
    ).fetchall()
    return [Change(drug, year, earlier, round(now, 3), round(then, 3)) for drug, now, then in rows]
