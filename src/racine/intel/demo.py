"""Demo data of the intel app: the exchange's demo entities resolved, as a first run would.

The intel app loads after the exchange (``INSTALLED_APPS``), so the run links the
exchange's demo entities, among them the few it names in several organisations' reports
for this purpose (``exchange.demo.RECURRING``): certain merges (the same passport and
country, the same IMO number) and pairs to review (the same name spelt with or without
accents). The run is ``racine intel resolve`` itself (:mod:`racine.intel.runs`).
"""

from __future__ import annotations

from racine.intel import runs
from racine.intel.models import Run


def load(rng) -> dict[str, int]:
    """Link the demo's named entities once; return how many links were written."""
    if Run.objects.exists():
        return {"entity links": 0}
    run = runs.store(runs.prepare())
    return {"entity links": run.links}
