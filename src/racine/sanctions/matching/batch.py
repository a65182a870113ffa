"""Screening many names at once on every core: the batch behind ``racine screen`` and the
batch API.

One process screens about a thousand names a second; a batch large enough to pay for
starting workers is cut into contiguous chunks screened by a pool of forked processes,
which share the loaded index with their parent (copy-on-write: nothing is reloaded or
copied up front). Small batches, and systems without ``fork``, stay in the calling
process. Results come back in the order of the queries.

A worker that dies (killed, or crashed by what the parent held when it forked: threads
of another library) breaks the pool at once instead of leaving the batch waiting for
it; the batch is then screened in the calling process, with a warning in the log.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from racine.sanctions.matching.index import ScreeningIndex
from racine.sanctions.matching.scoring import DEFAULT_THRESHOLD, Match, Query

PARALLEL_FROM = 400  # fewer queries are screened faster than workers start
CHUNKS_PER_PROCESS = 4  # a slow chunk does not leave the other cores idle

log = logging.getLogger(__name__)

_shared: ScreeningIndex | None = None  # the index the forked workers inherit


def _screen_chunk(task: tuple[list[Query], float, int]) -> list[list[Match]]:
    queries, threshold, limit = task
    return [_shared.screen(query, threshold, limit) for query in queries]


def screen_many(
    index: ScreeningIndex,
    queries: list[Query],
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 10,
    processes: int | None = None,
) -> list[list[Match]]:
    """Return the matches of each query, in order, using ``processes`` cores (all by default)."""
    global _shared
    processes = processes or os.cpu_count() or 1
    if (
        processes < 2
        or len(queries) < PARALLEL_FROM
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return [index.screen(query, threshold, limit) for query in queries]
    size = -(-len(queries) // (processes * CHUNKS_PER_PROCESS))
    tasks = [(queries[i : i + size], threshold, limit) for i in range(0, len(queries), size)]
    _shared = index
    fork = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(processes, mp_context=fork) as pool:
            parts = list(pool.map(_screen_chunk, tasks))
    except BrokenProcessPool:
        log.warning("a screening worker died: the batch is screened in one process")
        parts = [_screen_chunk(task) for task in tasks]
    finally:
        _shared = None
    return [matches for part in parts for matches in part]
