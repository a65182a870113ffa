"""The shape of an analysed seizure: one row per drug seized, ready for DuckDB.

A report that seized cocaine and cannabis is two rows, so that sums by drug add up.
Reports are counted without a DISTINCT (which at ten million rows costs seconds): there
is one row per report and drug, and ``counted`` is true on exactly one row of each
report — so a count by drug counts rows, and any other count counts ``counted`` rows.
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb
import pyarrow as pa

# Column, Arrow type. ``kilograms`` is the quantity normalised to kg (None when the
# drug was counted in units: tablets, doses), ``units`` the count then.
COLUMNS = (
    ("report", pa.int64()),
    ("seized_on", pa.date32()),
    ("country", pa.string()),  # ISO 3166-1 alpha-2, where the seizure was made
    ("drug", pa.string()),  # a value of the exchange's Drug list
    ("conveyance", pa.string()),
    ("origin", pa.string()),  # alpha-2 or None
    ("transits", pa.list_(pa.string())),  # alpha-2, in order
    ("destination", pa.string()),
    ("kilograms", pa.float64()),
    ("units", pa.float64()),
    ("counted", pa.bool_()),  # true on one row of each report (its first)
)
SCHEMA = pa.schema([pa.field(name, kind) for name, kind in COLUMNS])


def seizures_table(rows: Iterable[dict]) -> pa.Table:
    """Return the rows (dicts with the :data:`COLUMNS` keys but ``counted``) as an Arrow table.

    Rows of the same report and drug are merged (their quantities added), and the first
    row of each report is marked ``counted``.
    """
    merged: dict[tuple, dict] = {}
    for row in rows:
        key = (row["report"], row["drug"])
        if key in merged:
            kept = merged[key]
            for quantity in ("kilograms", "units"):
                if row.get(quantity) is not None:
                    kept[quantity] = (kept.get(quantity) or 0) + row[quantity]
        else:
            merged[key] = dict(row)
    seen = set()
    for row in merged.values():
        row["counted"] = row["report"] not in seen
        seen.add(row["report"])
    values = list(merged.values())
    return pa.Table.from_pydict(
        {name: [r.get(name) for r in values] for name, _ in COLUMNS}, SCHEMA
    )


def connect(table: pa.Table, threads: int = 2) -> duckdb.DuckDBPyConnection:
    """Return an in-memory DuckDB connection where ``table`` is the view ``seizures``.

    No extension is loaded and nothing is fetched from the network: Arrow tables are
    read by DuckDB's core.
    """
    connection = duckdb.connect(config={"threads": threads, "autoinstall_known_extensions": False})
    connection.register("seizures", table)
    return connection
