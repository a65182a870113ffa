"""API input and output models of the plan: its outline, objectives' figures, proposals.

Values, baselines, targets and forecasts are JSON numbers in the objective's unit
(`count`, `percent`, `ratio` of the baseline, `stage` reached).
"""

import datetime as dt
from decimal import Decimal

from ninja import Schema

from racine.plan import indicators, services


def _rule_label(key: str) -> str:
    rule = indicators.REGISTRY.get(key)
    return str(rule.label) if rule else ""


def cell_text(cell) -> str | None:
    """Return a drill-down cell as text: links lose their address, dates read as ISO."""
    if isinstance(cell, dict):
        cell = cell.get("text")
    if cell is None:
        return None
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell)


# --- the plan's outline -----------------------------------------------------------------------


class MilestoneIn(Schema):
    on: dt.date
    value: Decimal


class MilestoneOut(Schema):
    id: int
    on: dt.date
    value: float


class StageOut(Schema):
    number: int
    label: str


class ObjectiveIn(Schema):
    title: str
    indicator: str
    baseline_value: Decimal
    baseline_date: dt.date
    target_value: Decimal
    deadline: dt.date
    direction: str
    rule: str
    source: str

    def to_data(self) -> services.ObjectiveData:
        return services.ObjectiveData(**self.dict())


class ObjectiveOut(Schema):
    code: str
    title: str
    indicator: str
    unit: str
    baseline_value: float
    baseline_date: dt.date
    target_value: float
    deadline: dt.date
    direction: str
    rule: str
    rule_label: str
    source: str
    milestones: list[MilestoneOut]
    stages: list[StageOut]

    @staticmethod
    def resolve_rule_label(obj) -> str:
        return _rule_label(obj.rule)

    @staticmethod
    def resolve_milestones(obj) -> list:
        return list(obj.milestones.all())

    @staticmethod
    def resolve_stages(obj) -> list:
        return list(obj.stages.all())


class AxisOut(Schema):
    code: str
    title: str
    objectives: list[ObjectiveOut]

    @staticmethod
    def resolve_objectives(obj) -> list:
        return list(obj.objectives.all())


class PlanOut(Schema):
    code: str
    title: str
    starts_on: dt.date
    ends_on: dt.date
    source: str
    axes: list[AxisOut]

    @staticmethod
    def resolve_axes(obj) -> list:
        return list(obj.axes.prefetch_related("objectives__milestones", "objectives__stages"))


# --- objectives' figures ----------------------------------------------------------------------


class ObjectiveStatus(Schema):
    """An objective's figure at a date: the rows of `racine plan status --format json`."""

    code: str
    title: str
    unit: str
    baseline: float
    value: float | None
    target: float
    deadline: dt.date
    status: str
    progress: float | None
    expected: float | None
    forecast: float | None
    fresh: bool
    as_of: dt.date
    error: str = ""

    @staticmethod
    def resolve_code(obj) -> str:
        return obj.objective.code

    @staticmethod
    def resolve_title(obj) -> str:
        return obj.objective.title

    @staticmethod
    def resolve_unit(obj) -> str:
        return obj.objective.unit

    @staticmethod
    def resolve_baseline(obj) -> float:
        return float(obj.objective.baseline_value)

    @staticmethod
    def resolve_value(obj) -> float | None:
        return None if obj.value is None else float(obj.value)

    @staticmethod
    def resolve_target(obj) -> float:
        return float(obj.objective.target_value)

    @staticmethod
    def resolve_deadline(obj) -> dt.date:
        return obj.objective.deadline

    @staticmethod
    def resolve_as_of(obj) -> dt.date:
        return obj.at


class Records(Schema):
    columns: list[str]
    rows: list[list[str | None]]


class ObjectiveFigure(ObjectiveStatus):
    """An objective's figure at a date, with the rule that computes it and its records."""

    rule: str
    rule_label: str
    explanation: str
    note: str
    records: Records

    @staticmethod
    def resolve_rule(obj) -> str:
        return obj.objective.rule

    @staticmethod
    def resolve_rule_label(obj) -> str:
        return _rule_label(obj.objective.rule)

    @staticmethod
    def resolve_explanation(obj) -> str:
        return str(obj.rule.explanation) if obj.rule else ""

    @staticmethod
    def resolve_note(obj) -> str:
        return str(obj.measure.note)

    @staticmethod
    def resolve_records(obj) -> dict:
        return {
            "columns": [str(column) for column in obj.measure.columns],
            "rows": [[cell_text(cell) for cell in row] for row in obj.measure.rows],
        }


class SnapshotOut(Schema):
    on: dt.date
    value: float
    status: str


# --- proposals --------------------------------------------------------------------------------


class ProposalIn(Schema):
    value: Decimal
    on: dt.date
    evidence: str


class DecisionIn(Schema):
    accept: bool
    note: str = ""


class ProposalOut(Schema):
    id: int
    objective: str
    value: float
    on: dt.date
    evidence: str
    status: str
    proposed_by: int
    proposed_at: dt.datetime
    decided_by: int | None
    decided_at: dt.datetime | None
    decision_note: str

    @staticmethod
    def resolve_objective(obj) -> str:
        return obj.objective.code

    @staticmethod
    def resolve_proposed_by(obj) -> int:
        return obj.proposed_by_id

    @staticmethod
    def resolve_decided_by(obj) -> int | None:
        return obj.decided_by_id


class ProposalPage(Schema):
    count: int
    page: int
    pages: int
    results: list[ProposalOut]
