"""The SQL engine Splink runs on: DuckDB on this machine, or Spark for a cluster.

DuckDB is given an explicit memory limit and thread count so that a million records stay
within the issue's budget (8 GB, 2 cores) instead of DuckDB's default of 80 % of the RAM
and every core. Spark is optional: selecting it without pyspark installed is refused with a
message saying what to install, rather than an ImportError deep inside Splink.
"""

from __future__ import annotations

import importlib.util
import os

from racine.intel.resolution.errors import ResolutionError

BACKENDS = ("duckdb", "spark")


def database_api(backend: str, memory_limit: str = "6GB", threads: int | None = None):
    """Return the Splink database API of ``backend`` ("duckdb" or "spark")."""
    if backend == "duckdb":
        import duckdb
        from splink import DuckDBAPI

        connection = duckdb.connect(
            config={
                "memory_limit": memory_limit,
                "threads": threads or min(os.cpu_count() or 1, 2),
                # nothing may be fetched at run time: no extension downloads
                "autoinstall_known_extensions": False,
            }
        )
        return DuckDBAPI(connection=connection)
    if backend == "spark":
        if importlib.util.find_spec("pyspark") is None:
            raise ResolutionError(
                "RACINE_INTEL_BACKEND=spark needs pyspark, which is not installed "
                "(pip install pyspark, with Java), or set RACINE_INTEL_BACKEND=duckdb"
            )
        from pyspark.sql import SparkSession
        from splink import SparkAPI

        return SparkAPI(spark_session=SparkSession.builder.getOrCreate())
    raise ResolutionError(f"unknown resolution backend {backend!r} (one of {', '.join(BACKENDS)})")
