"""Entity resolution of person records: plain records in, cluster ids out (no Django).

The pipeline, one module per step:

- ``records``: read a CSV file of person records and normalise its columns;
- ``deterministic``: link records sharing a strong identifier (passport number with its
  issuing country, e-mail address), before any model;
- ``backends``: the SQL engine Splink runs on (DuckDB by default, Spark by configuration);
- ``model``: the Splink model — comparisons chosen from the columns present, parameters
  trained without labels (u by random sampling, m by expectation-maximisation);
- ``clusters``: connected components of the deterministic links and of the pairs above the
  match-probability threshold.

``resolve`` runs them in order.
"""

from racine.intel.resolution.engine import ResolutionError, resolve

__all__ = ["ResolutionError", "resolve"]
