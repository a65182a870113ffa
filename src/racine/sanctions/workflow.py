"""The workflow of a designation, as plain data (no Django): which step leads where, and who.

::

    draft ──propose──▶ proposed ──review──▶ under review ──adopt*──▶ adopted
      ▲                   │                     │                      │
      └──── send back ────┴─────────────────────┘          amend* ─────┤──▶ amended ⟲ amend*
                                                           delist* ────┴──▶ delisted

Steps marked * need the legal act (its reference and date). Drafters (sanctions officers)
write drafts and propose them; reviewers (plan coordinators, who steer the plan's sanctions
axis) take a proposal under review, send it back, adopt, amend and delist — never a
designation they drafted themselves (four eyes, as for the plan's proposals).
"""

from __future__ import annotations

from dataclasses import dataclass

DRAFTER, REVIEWER = "drafter", "reviewer"


@dataclass(frozen=True)
class Step:
    """One transition: the states it starts from, the state it leads to, who may take it."""

    action: str
    sources: tuple[str, ...]
    target: str
    actor: str
    needs_legal_act: bool = False


STEPS = {
    step.action: step
    for step in (
        Step("propose", ("draft",), "proposed", DRAFTER),
        Step("review", ("proposed",), "under_review", REVIEWER),
        Step("send_back", ("proposed", "under_review"), "draft", REVIEWER),
        Step("adopt", ("under_review",), "adopted", REVIEWER, needs_legal_act=True),
        Step("amend", ("adopted", "amended"), "amended", REVIEWER, needs_legal_act=True),
        Step("delist", ("adopted", "amended"), "delisted", REVIEWER, needs_legal_act=True),
    )
}
# States whose designation is on the regime's list.
LISTED = ("adopted", "amended")


def steps_from(status: str) -> list[Step]:
    """Return the steps that can be taken from ``status``, in workflow order."""
    return [step for step in STEPS.values() if status in step.sources]
