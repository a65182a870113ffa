"""Run the same step in several threads released at once: how tests race a write."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


def at_once(step: Callable[[], object], threads: int) -> list:
    """Run ``step`` in ``threads`` threads released together; return what each returned or raised.

    Each thread has its own database connection (Django's are per thread), closed at
    the end. An exception is returned, not raised, so that the test shows what happened.
    """
    barrier, outcomes = threading.Barrier(threads), []

    def run():
        try:
            barrier.wait()
            outcomes.append(step())
        except Exception as error:  # returned: the test shows what went wrong
            outcomes.append(error)
        finally:
            connection.close()

    started = [threading.Thread(target=run) for _ in range(threads)]
    for thread in started:
        thread.start()
    for thread in started:
        thread.join()
    return outcomes
