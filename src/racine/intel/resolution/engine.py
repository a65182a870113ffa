"""Run the resolution: deterministic links, the Splink model, then clusters."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from racine.intel.resolution import backends, clusters, deterministic, model
from racine.intel.resolution.errors import ResolutionError

DEFAULT_THRESHOLD = 0.9
# Splink narrates every SQL step (INFO) and warns of each parameter a small file leaves at
# its default (WARNING); the caller's progress callback says enough, errors still show.
logging.getLogger("splink").setLevel(logging.ERROR)


def resolve(
    ids: Sequence[str],
    records: Sequence[dict[str, str | None]],
    columns: Sequence[str],
    *,
    backend: str = "duckdb",
    threshold: float | None = None,
    max_pairs: float = 1e6,
    progress: Callable[[str], None] = lambda stage: None,
) -> list[str]:
    """Return the cluster id of each record (the id of its cluster's first record).

    ``records`` are normalised (``records.normalise``) and hold the ``columns``; pairs the
    model scores at ``threshold`` (``DEFAULT_THRESHOLD`` when ``None``) or above are linked.
    """
    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    if not 0 < threshold < 1:
        raise ResolutionError(f"the threshold is a probability between 0 and 1, not {threshold}")
    if not columns:
        raise ResolutionError("no usable column to compare the records on")
    progress(f"linking {len(ids)} records on strong identifiers")
    links = deterministic.linked_pairs(records)
    if len(ids) >= 2:
        links += _model_links(records, columns, backend, threshold, max_pairs, progress)
    progress("clustering")
    return clusters.cluster_ids(ids, links)


def _model_links(records, columns, backend, threshold, max_pairs, progress):
    import pandas as pd

    db_api = backends.database_api(backend)  # refuses a missing backend before any work
    frame = pd.DataFrame.from_records(records, columns=list(columns))
    frame.insert(0, "unique_id", range(len(frame)))
    if {"first_name", "surname"} <= set(columns):
        frame[model.NAME_CONCAT] = (
            frame["first_name"].fillna("") + " " + frame["surname"].fillna("")
        )
        frame[model.NAME_CONCAT] = frame[model.NAME_CONCAT].str.strip().replace("", None)
    from splink import Linker

    linker = Linker(frame, model.settings(columns), db_api=db_api, set_up_basic_logging=False)
    model.train(linker, frame, columns, max_pairs, progress)
    progress("scoring candidate pairs")
    return model.predicted_pairs(linker, threshold)
