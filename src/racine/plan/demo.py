"""Demo data of the plan: a year of history.

The history is computed from the demo records at past dates (weekly), as the daily
snapshot job would have stored it had the platform run since the launch of the plan. The
plan loads last (``INSTALLED_APPS``), so the history sees every other app's demo records —
the European regime's stages come from the sanctions demo.
"""

from __future__ import annotations

from django.utils import timezone

from racine.plan import services
from racine.plan.models import Snapshot
from racine.plan.reference import START


def load(rng) -> dict[str, int]:
    """Load the plan's demo data; the history is only computed once."""
    snapshots = 0
    if not Snapshot.objects.exists():
        snapshots = services.backfill(START, timezone.localdate())
        snapshots += services.take_snapshots(timezone.localdate())
    return {"snapshots": snapshots}
