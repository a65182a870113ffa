"""REST endpoints of the plan: its outline, objectives' figures and history, proposals.

The plan is read by staff of French State services; callers from partner agencies get 403.
"""

import datetime as dt

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from ninja import Router, Status

from racine.core.schemas import paginated
from racine.plan import services
from racine.plan.schemas import (
    DecisionIn,
    MilestoneIn,
    MilestoneOut,
    ObjectiveFigure,
    ObjectiveIn,
    ObjectiveOut,
    ObjectiveStatus,
    PlanOut,
    ProposalIn,
    ProposalOut,
    ProposalPage,
    SnapshotOut,
)

router = Router(tags=["plan"])


@router.get("/plan", response=PlanOut)
def get_plan(request):
    """Return the current plan with its axes and objectives.

    Each objective names its computation rule (`rule`, a key of the rule registry, and
    `rule_label`), its milestones (intermediate targets) and, for stage objectives, the
    named stages its value counts.
    """
    services.require_reader(request.user)
    plan = services.current_plan()
    if plan is None:
        raise Http404  # no plan loaded yet (`racine migrate` loads it)
    return plan


@router.get("/objectives", response=list[ObjectiveStatus])
def list_objectives(request, at: dt.date | None = None):
    """Return every objective's figure on the date `at` (YYYY-MM-DD, today by default).

    A date before the plan's start answers 400 with `field` = `at`. An objective whose
    figure cannot be computed (a record behind it is invalid) has a null `value`, the
    status `off_track` and says why in `error`; the others are unaffected.

    The same rows as `racine plan status --format json`: `value` is computed from the
    records as they stood that day; `status` is `achieved`, `on_track`, `at_risk` or
    `off_track`; `progress` and `expected` are the shares of the way from baseline to
    target reached and expected by the planned path; `forecast` is where the recent trend
    leads by the deadline (null when there is not enough history); `fresh` is false when
    the records behind the figure have not changed for RACINE_FRESHNESS_DAYS days.
    """
    return services.status_report(request.user, at)


@router.get("/objectives/{code}", response=ObjectiveFigure)
def get_objective(request, code: str, at: dt.date | None = None):
    """Return one objective's figure on the date `at`, with the records it counts.

    `records` is the drill-down: `columns` names them and each row of `rows` is one
    record (an agreement, a post, a budget line…), its cells as text.
    """
    objective = services.get_objective(request.user, code)
    return services.evaluate_safely(
        objective, services.check_figure_date(at or timezone.localdate())
    )


@router.put("/objectives/{code}", response=ObjectiveOut)
def update_objective(request, code: str, payload: ObjectiveIn):
    """Replace an objective's definition (plan coordinators).

    `rule` is a key of the rule registry (see GET /plan); `direction` is `increase` or
    `decrease`. Its unit, milestones and stages do not change here.
    """
    with transaction.atomic():
        return services.update_objective(request.user, code, payload.to_data())


@router.get("/objectives/{code}/history", response=list[SnapshotOut])
def objective_history(request, code: str):
    """Return the objective's stored daily figures, oldest first, each with its status then.

    The figures are stored by the daily job (`racine plan snapshot`).
    """
    return list(services.stored_history(request.user, code))


@router.post("/objectives/{code}/milestones", response={201: MilestoneOut})
def add_milestone(request, code: str, payload: MilestoneIn):
    """Add an intermediate target between the baseline date and the deadline.

    For plan coordinators. One milestone a day: a second on the same date answers 409.
    """
    with transaction.atomic():
        return Status(201, services.add_milestone(request.user, code, payload.on, payload.value))


@router.delete("/milestones/{pk}", response={204: None})
def remove_milestone(request, pk: int):
    """Remove a milestone (plan coordinators)."""
    with transaction.atomic():
        services.remove_milestone(request.user, pk)
    return Status(204, None)


@router.get("/proposals", response=ProposalPage)
def list_pending_proposals(request, page: int = 1):
    """List the proposals awaiting a coordinator's decision, 50 a page, newest first."""
    return paginated(services.pending_proposals(request.user), page)


@router.post("/objectives/{code}/proposals", response={201: ProposalOut})
def propose(request, code: str, payload: ProposalIn):
    """Propose a figure no record can give, with its evidence, as it stood on the date `on`.

    Only for objectives whose `rule` is `validated_stage`; for a stage objective `value`
    is the number of one of its stages. The figure counts once a coordinator other than
    you validates it. Open to plan coordinators, sanctions officers and embassy officers.
    """
    with transaction.atomic():
        return Status(
            201,
            services.propose(request.user, code, payload.value, payload.on, payload.evidence),
        )


@router.post("/proposals/{pk}/decision", response=ProposalOut)
def decide(request, pk: int, payload: DecisionIn):
    """Validate (`accept: true`) or refuse a pending proposal, with an optional note.

    Plan coordinators decide, but never on their own proposals (403); a proposal already
    decided answers 409.
    """
    with transaction.atomic():
        return services.decide(request.user, pk, payload.accept, payload.note)
