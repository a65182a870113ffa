"""Background work of the sanctions app: keep the screening index in step with the lists.

An import changes the lists in the database; the index on disk then no longer matches
(its ``state`` names every list's current version). ``racine worker`` calls
:func:`schedule`, which rebuilds the index in the background, so the next screening from
the web does not pay for it. ``racine sanctions import`` rebuilds it at once.
"""

from __future__ import annotations

from django.conf import settings

from racine.sanctions import services
from racine.sanctions.matching import ScreeningIndex


def index_is_current() -> bool:
    """Return whether the index on disk reflects the lists in the database."""
    index = ScreeningIndex.load(settings.RACINE_SCREENING_INDEX)
    return index is not None and index.state == services.index_state()


def schedule() -> bool:
    """Rebuild the screening index if a list changed since it was built; return whether it did."""
    if index_is_current():
        return False
    services.rebuild_index()
    return True
