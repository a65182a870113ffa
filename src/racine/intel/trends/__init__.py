"""Routes and trends of seizures, computed with DuckDB (issue 10). No Django here.

:mod:`.table` holds the one shape of an analysed seizure (one row per drug seized),
:mod:`.queries` the questions analysts ask of it — by drug, country, conveyance and
month; flows origin → transit → destination; year-on-year and five-year change with
the period stated — and :mod:`.reference` reads UNODC's published seizure statistics
as reference series beside the platform's own reports. The caller decides which rows
go in: the platform's app gives only what the sharing policy lets the analyst see.
"""

from racine.intel.trends.queries import Change, by_period, change, flows
from racine.intel.trends.table import COLUMNS, seizures_table

__all__ = ["COLUMNS", "Change", "by_period", "change", "flows", "seizures_table"]
