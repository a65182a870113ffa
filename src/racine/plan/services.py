"""Steering the plan: evaluate objectives at a date, keep their history, handle proposals.

Every figure is computed by the objective's registered rule (:mod:`racine.plan.indicators`)
and judged by the Django-free engine (:mod:`racine.plan.engine.status`). Figures no record
can give are proposed with evidence by one person and count only once a coordinator — not
the proposer — has validated them, as the government's steering tool PILOTE does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from racine.core.choices import RoleCode
from racine.core.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from racine.core.permissions import require_role
from racine.plan import indicators
from racine.plan.choices import Direction, ProposalStatus, Unit
from racine.plan.engine import status as engine
from racine.plan.models import Milestone, Objective, Plan, Proposal, Snapshot

PROPOSER_ROLES = (RoleCode.PLAN_COORDINATOR, RoleCode.SANCTIONS_OFFICER, RoleCode.EMBASSY_OFFICER)


def require_reader(user) -> None:
    """The plan is read by staff of French State services (partners have no access)."""
    if user is None or not user.is_authenticated:
        raise NotAuthenticated(_("Authentication is required."))
    if user.organisation is None or not user.organisation.french_state:
        raise PermissionDenied(_("The plan is reserved to French State services."))


def current_plan() -> Plan | None:
    return Plan.objects.order_by("-starts_on").first()


def objectives() -> list[Objective]:
    return list(Objective.objects.select_related("axis").prefetch_related("milestones", "stages"))


def get_objective(user, code: str) -> Objective:
    require_reader(user)
    objective = Objective.objects.filter(code=code).first()
    if objective is None:
        raise NotFound(_("No objective with code %(code)s.") % {"code": code})
    return objective


def spec(objective: Objective) -> engine.ObjectiveSpec:
    """Return the engine's view of an objective."""
    return engine.ObjectiveSpec(
        baseline_value=float(objective.baseline_value),
        baseline_date=objective.baseline_date,
        target_value=float(objective.target_value),
        deadline=objective.deadline,
        direction=objective.direction,
        cumulative=indicators.REGISTRY[objective.rule].cumulative,
        milestones=tuple(
            engine.Milestone(m.on, float(m.value)) for m in objective.milestones.all()
        ),
    )


def history(objective: Objective, until: dt.date) -> list[engine.Point]:
    """Return the stored daily values of an objective up to a date."""
    return [
        engine.Point(s.on, float(s.value))
        for s in objective.snapshots.filter(on__lte=until).order_by("on")
    ]


@dataclass
class Evaluation:
    """An objective's state at a date, ready for a page, the API or the CLI."""

    objective: Objective
    at: dt.date
    measure: indicators.Measure
    value: Decimal | None
    status: str
    progress: float | None
    expected: float | None
    forecast: float | None
    fresh: bool
    history: list[engine.Point]

    @property
    def rule(self) -> indicators.Rule:
        return indicators.REGISTRY[self.objective.rule]


def evaluate(objective: Objective, at: dt.date) -> Evaluation:
    """Compute an objective's value, status and forecast at ``at`` from live records."""
    measure = indicators.REGISTRY[objective.rule].measure(objective, at)
    points = history(objective, at)
    if measure.value is None:
        return Evaluation(
            objective, at, measure, None, engine.OFF_TRACK, None, None, None, False, points
        )
    assessment = engine.assess(
        spec(objective), float(measure.value), at, [] if objective.unit == Unit.STAGE else points
    )
    stale_after = dt.timedelta(days=settings.RACINE_FRESHNESS_DAYS)
    fresh = (
        measure.last_changed is not None and timezone.now() - measure.last_changed <= stale_after
    )
    return Evaluation(
        objective,
        at,
        measure,
        measure.value,
        assessment.status,
        assessment.progress,
        assessment.expected_progress,
        assessment.forecast,
        fresh,
        points,
    )


def status_report(user, at: dt.date | None = None) -> list[Evaluation]:
    """Evaluate every objective of the plan at ``at`` (today by default)."""
    require_reader(user)
    at = at or timezone.localdate()
    return [evaluate(objective, at) for objective in objectives()]


def take_snapshots(at: dt.date) -> int:
    """Store every objective's value and status on ``at``; taking it twice updates it."""
    count = 0
    for objective in objectives():
        evaluation = evaluate(objective, at)
        if evaluation.value is None:
            continue
        Snapshot.objects.update_or_create(
            objective=objective,
            on=at,
            defaults={"value": evaluation.value, "status": evaluation.status},
        )
        count += 1
    return count


def backfill(since: dt.date, until: dt.date, every_days: int = 7) -> int:
    """Compute the history between two dates from the records (weekly by default)."""
    day, count = since, 0
    while day <= until:
        count += take_snapshots(day)
        day += dt.timedelta(days=every_days)
    return count


def stored_history(user, code: str):
    """Return an objective's stored daily values and statuses, oldest first."""
    return get_objective(user, code).snapshots.order_by("on")


# --- editing the plan -------------------------------------------------------------------------


@dataclass
class ObjectiveData:
    title: str
    indicator: str
    baseline_value: Decimal
    baseline_date: dt.date
    target_value: Decimal
    deadline: dt.date
    direction: str
    rule: str
    source: str


def update_objective(user, code: str, data: ObjectiveData) -> Objective:
    """Change an objective (plan coordinators); the engine checks it still makes sense."""
    require_role(user, RoleCode.PLAN_COORDINATOR)
    objective = get_objective(user, code)
    if data.rule not in indicators.REGISTRY:
        raise InvalidInput(_("Unknown computation rule."), field="rule")
    if data.direction not in Direction.values:
        raise InvalidInput(_("Unknown direction."), field="direction")
    for name, value in vars(data).items():
        setattr(objective, name, value)
    try:
        spec(objective)
    except ValueError:
        raise InvalidInput(
            _(
                "The target must lie beyond the baseline in the objective's direction, and the "
                "deadline after the baseline date."
            ),
            field="target_value",
        ) from None
    objective.save()
    return objective


def add_milestone(user, code: str, on: dt.date, value: Decimal) -> Milestone:
    """Add an intermediate target between the baseline and the deadline."""
    require_role(user, RoleCode.PLAN_COORDINATOR)
    objective = get_objective(user, code)
    if not objective.baseline_date < on < objective.deadline:
        raise InvalidInput(
            _("A milestone falls between the baseline date and the deadline."), field="on"
        )
    if objective.milestones.filter(on=on).exists():
        raise Conflict(_("There is already a milestone on that date."), field="on")
    return Milestone.objects.create(objective=objective, on=on, value=value)


def remove_milestone(user, pk: int) -> None:
    """Remove an intermediate milestone (plan coordinators)."""
    require_role(user, RoleCode.PLAN_COORDINATOR)
    milestone = Milestone.objects.filter(pk=pk).first()
    if milestone is None:
        raise NotFound(_("No milestone with id %(id)s.") % {"id": pk})
    milestone.delete()


# --- proposals and validation -----------------------------------------------------------------


def propose(user, code: str, value: Decimal, on: dt.date, evidence: str) -> Proposal:
    """Propose a figure with its evidence; it counts once a coordinator validates it."""
    require_role(user, *PROPOSER_ROLES)
    objective = get_objective(user, code)
    if objective.rule != "validated_stage":
        raise Conflict(_("This objective is computed from records: nothing to propose."))
    if not evidence.strip():
        raise InvalidInput(_("Give the evidence for this figure."), field="evidence")
    if on > timezone.localdate():
        raise InvalidInput(_("The fact cannot be dated in the future."), field="on")
    if objective.unit == Unit.STAGE and not objective.stages.filter(number=value).exists():
        raise InvalidInput(_("Choose one of the objective's stages."), field="value")
    return Proposal.objects.create(
        objective=objective, value=value, on=on, evidence=evidence.strip(), proposed_by=user
    )


def decide(user, pk: int, accept: bool, note: str = "") -> Proposal:
    """Validate or refuse a pending proposal (a coordinator other than the proposer)."""
    require_reader(user)
    require_role(user, RoleCode.PLAN_COORDINATOR)
    proposal = Proposal.objects.filter(pk=pk).select_related("objective").first()
    if proposal is None:
        raise NotFound(_("No proposal with id %(id)s.") % {"id": pk})
    if proposal.status != ProposalStatus.PENDING:
        raise Conflict(_("This proposal was already decided."))
    if proposal.proposed_by_id == user.pk:
        raise PermissionDenied(_("A proposal is validated by someone other than its author."))
    proposal.status = ProposalStatus.VALIDATED if accept else ProposalStatus.REFUSED
    proposal.decided_by, proposal.decided_at = user, timezone.now()
    proposal.decision_note = note.strip()[:500]
    proposal.save()
    return proposal


def pending_proposals(user):
    require_reader(user)
    return Proposal.objects.filter(status=ProposalStatus.PENDING).select_related(
        "objective", "proposed_by"
    )


def proposals_to_validate(user):
    """Return the pending proposals this coordinator may validate: not their own."""
    return pending_proposals(user).exclude(proposed_by=user)
