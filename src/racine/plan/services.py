"""Steering the plan: evaluate objectives at a date, keep their history, handle proposals.

Every figure is computed by the objective's registered rule (:mod:`racine.plan.indicators`)
and judged by the Django-free engine (:mod:`racine.plan.engine.status`). Figures no record
can give are proposed with evidence by one person and count only once a coordinator — not
the proposer — has validated them, as the government's steering tool PILOTE does.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from racine.core.choices import RoleCode
from racine.core.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from racine.core.permissions import require_role
from racine.core.validation import ERA_END, validate
from racine.plan import indicators
from racine.plan.choices import Direction, ProposalStatus, Unit
from racine.plan.engine import status as engine
from racine.plan.models import Milestone, Objective, Plan, Proposal, Snapshot

logger = logging.getLogger(__name__)

PROPOSER_ROLES = (RoleCode.PLAN_COORDINATOR, RoleCode.SANCTIONS_OFFICER, RoleCode.EMBASSY_OFFICER)


def require_reader(user) -> None:
    """The plan is read by staff of French State services (partners have no access)."""
    if user is None or not user.is_authenticated:
        raise NotAuthenticated(_("Authentication is required."))
    if user.organisation is None or not user.organisation.french_state:
        raise PermissionDenied(_("The plan is reserved to French State services."))


def require_editor(user) -> None:
    """Raise unless ``user`` may edit the plan's objectives (plan coordinators)."""
    require_reader(user)
    require_role(user, RoleCode.PLAN_COORDINATOR)


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
    error: str = ""  # set when the figure could not be computed (see evaluate_safely)

    @property
    def rule(self) -> indicators.Rule | None:
        return indicators.REGISTRY.get(self.objective.rule)


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


def check_figure_date(at: dt.date) -> dt.date:
    """Return ``at`` if figures make sense on that day: not before the plan, not past 2099."""
    plan = current_plan()
    if plan is not None and at < plan.starts_on:
        raise InvalidInput(
            _("The plan starts on %(start)s: there are no figures before that date.")
            % {"start": plan.starts_on.isoformat()},
            field="at",
        )
    if at > ERA_END:
        raise InvalidInput(_("Give a date before 2100."), field="at")
    return at


def parse_figure_date(text: str) -> dt.date:
    """Return the date of the figures asked for as YYYY-MM-DD text (today when empty)."""
    if not text:
        return timezone.localdate()
    try:
        at = dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            _("“%(text)s” is not a valid date: give it as YYYY-MM-DD.") % {"text": text[:40]},
            field="at",
        ) from None
    return check_figure_date(at)


def status_report(user, at: dt.date | None = None) -> list[Evaluation]:
    """Evaluate every objective of the plan at ``at`` (today by default).

    An objective whose rule fails on a bad record gets an evaluation carrying the error
    (logged with the objective's code) instead of taking the whole report down.
    """
    require_reader(user)
    at = check_figure_date(at or timezone.localdate())
    return [evaluate_safely(objective, at) for objective in objectives()]


def evaluate_safely(objective: Objective, at: dt.date) -> Evaluation:
    """Evaluate one objective; on any failure return an evaluation that says what to fix."""
    try:
        with transaction.atomic():  # a savepoint: PostgreSQL goes on after a failed query
            return evaluate(objective, at)
    except Exception as error:  # noqa: BLE001 — one bad record must not hide the other figures
        logger.exception(
            "objective %s (rule %s) could not be computed on %s", objective.code, objective.rule, at
        )
        return Evaluation(
            objective,
            at,
            indicators.Measure(None),
            None,
            engine.OFF_TRACK,
            None,
            None,
            None,
            False,
            [],
            error=_(
                "This figure cannot be computed: a record behind it is invalid (%(error)s). "
                "Check the records counted by “%(rule)s”, or the objective itself."
            )
            % {"error": type(error).__name__, "rule": objective.rule},
        )


def take_snapshots(at: dt.date) -> int:
    """Store every objective's value and status on ``at``; taking it twice updates it."""
    count = 0
    for objective in objectives():
        evaluation = evaluate_safely(objective, at)
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
    validate(objective)
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
    milestone = Milestone(objective=objective, on=on, value=value)
    validate(milestone)
    if not objective.baseline_date < on < objective.deadline:
        raise InvalidInput(
            _("A milestone falls between the baseline date and the deadline."), field="on"
        )
    if not objective.reaches(milestone.value):
        raise InvalidInput(
            _("A milestone lies between the baseline (%(baseline)s) and the target (%(target)s).")
            % {
                "baseline": number_format(objective.baseline_value),
                "target": number_format(objective.target_value),
            },
            field="value",
        )
    if objective.milestones.filter(on=on).exists():
        raise Conflict(_("There is already a milestone on that date."), field="on")
    milestone.save()
    return milestone


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
    proposal = Proposal(
        objective=objective, value=value, on=on, evidence=evidence.strip(), proposed_by=user
    )
    validate(proposal)
    if objective.unit == Unit.STAGE and not objective.stages.filter(number=value).exists():
        raise InvalidInput(_("Choose one of the objective's stages."), field="value")
    proposal.save()
    return proposal


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
