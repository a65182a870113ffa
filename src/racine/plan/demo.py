"""Demo data of the plan: the Brussels negotiation's proposals, and a year of history.

The history is computed from the demo records at past dates (weekly), as the daily
snapshot job would have stored it had the platform run since the launch of the plan.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from racine.core.models import User
from racine.plan import services
from racine.plan.models import Proposal, Snapshot
from racine.plan.reference import START

# (stage, date, evidence, validated?)
PROPOSALS = [
    (
        1,
        "2026-01-26",
        "Note de la représentation permanente à Bruxelles du 26 janvier 2026 : "
        "proposition présentée au Conseil Affaires étrangères (démo).",
        True,
    ),
    (
        2,
        "2026-06-18",
        "Compte rendu du groupe RELEX du 18 juin 2026 : premier examen du projet "
        "de décision (démo).",
        False,
    ),
]


def load_proposals() -> int:
    if Proposal.objects.exists():
        return 0
    author = User.objects.get(username="sanctions")
    coordinator = User.objects.get(username="coordination")
    for stage, day, evidence, validated in PROPOSALS:
        proposal = services.propose(
            author, "regime-sanctions-ue", Decimal(stage), dt.date.fromisoformat(day), evidence
        )
        if validated:
            services.decide(coordinator, proposal.pk, accept=True, note="Conforme (démo).")
    return len(PROPOSALS)


def load(rng) -> dict[str, int]:
    """Load the plan's demo data; the history is only computed once."""
    created = load_proposals()
    snapshots = 0
    if not Snapshot.objects.exists():
        snapshots = services.backfill(START, timezone.localdate())
        snapshots += services.take_snapshots(timezone.localdate())
    return {"proposals": created, "snapshots": snapshots}
