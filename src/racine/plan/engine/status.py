"""The steering rules: where an objective should be today, where it is heading, its status.

An objective goes from a baseline (a value on a date) to a target by a deadline, possibly
through milestones (the plan's *jalons*). The path the plan expects is piecewise linear
through those points; the measured value is compared with it, and the trend of recent
measures gives a forecast, so that an objective whose value lags but moves fast enough is
not flagged for nothing.

The rule (also in :data:`RULE`, the text the UI translates and shows):

- ``achieved`` when the value has reached the target (at or above it for an objective to
  increase, at or below it for one to decrease);
- otherwise, with *progress* = (value − baseline) / (target − baseline) and *expected* the
  same ratio for the value the path expects on that day:

  - ``off_track`` once the deadline has passed;
  - ``on_track`` when progress ≥ expected, or the forecast reaches the target by the deadline;
  - ``at_risk`` when progress ≥ 0.75 × expected, or the forecast gets at least 75 % of the way;
  - ``off_track`` otherwise.

An objective whose target equals its baseline ("hold the level") is either achieved or off
track: there is no way to be part of the way there.

The status strings are a contract (API, CLI, stored snapshots): never rename them.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

ACHIEVED = "achieved"
ON_TRACK = "on_track"
AT_RISK = "at_risk"
OFF_TRACK = "off_track"
STATUSES = (ACHIEVED, ON_TRACK, AT_RISK, OFF_TRACK)

Status = Literal["achieved", "on_track", "at_risk", "off_track"]
Direction = Literal["increase", "decrease"]

# Below this share of the expected progress (or of the way, for the forecast) an objective
# is off track rather than at risk.
AT_RISK_SHARE = 0.75
# The trend is fitted on recent measures only: a plan's pace changes, and an old burst of
# agreements says little about the coming months.
FORECAST_WINDOW_DAYS = 180

RULE = (
    "Achieved: the value has reached the target. "
    "On track: progress since the baseline is at least what the planned path expects today, "
    f"or the trend of the last {FORECAST_WINDOW_DAYS} days reaches the target by the deadline. "
    f"At risk: progress is at least {AT_RISK_SHARE:.0%} of what is expected, "
    f"or the trend gets at least {AT_RISK_SHARE:.0%} of the way to the target. "
    "Off track: otherwise, and whenever the deadline has passed without the target reached."
)


@dataclass(frozen=True)
class Milestone:
    """An intermediate value the plan sets for a date between the baseline and the deadline."""

    date: dt.date
    value: float


@dataclass(frozen=True)
class Point:
    """A value of an objective measured on a date."""

    date: dt.date
    value: float


@dataclass(frozen=True)
class ObjectiveSpec:
    """What an objective promises: from a baseline to a target by a deadline, via milestones.

    Milestones are kept sorted by date. An inconsistent objective (a target below the
    baseline for one to increase, a milestone outside the period…) raises ``ValueError``:
    it is a data error to fix where the objective is entered, not a status to compute.
    """

    baseline_value: float
    baseline_date: dt.date
    target_value: float
    deadline: dt.date
    direction: Direction = "increase"
    milestones: tuple[Milestone, ...] = ()
    # A count of things done (agreements signed, stages reached) never goes back: its
    # forecast is never below today's value, whatever noise the history holds.
    cumulative: bool = False

    def __post_init__(self) -> None:
        if self.direction not in ("increase", "decrease"):
            raise ValueError(f"direction must be 'increase' or 'decrease', not {self.direction!r}")
        if self.deadline <= self.baseline_date:
            raise ValueError("the deadline must come after the baseline date")
        gap = self.target_value - self.baseline_value
        if (self.direction == "increase" and gap < 0) or (self.direction == "decrease" and gap > 0):
            raise ValueError(
                f"a target of {self.target_value} does not {self.direction} "
                f"from a baseline of {self.baseline_value}"
            )
        milestones = tuple(sorted(self.milestones, key=lambda m: m.date))
        dates = [m.date for m in milestones]
        if len(set(dates)) != len(dates):
            raise ValueError("two milestones share a date")
        if any(not self.baseline_date < d < self.deadline for d in dates):
            raise ValueError("milestones must fall between the baseline date and the deadline")
        object.__setattr__(self, "milestones", milestones)


@dataclass(frozen=True)
class Assessment:
    """The verdict on an objective on a date, with the numbers that justify it.

    ``progress`` and ``expected_progress`` are shares of the way from baseline to target
    (1.0 = target); progress may fall below 0 (ground lost) or exceed 1 (target passed).
    ``forecast`` is the value expected at the deadline if the recent trend continues.
    """

    status: Status
    progress: float
    expected_progress: float
    forecast: float | None


def expected_at(spec: ObjectiveSpec, at: dt.date) -> float:
    """Return the value the plan's path expects on ``at`` (baseline before, target after)."""
    path = [
        (spec.baseline_date, spec.baseline_value),
        *((m.date, m.value) for m in spec.milestones),
        (spec.deadline, spec.target_value),
    ]
    if at <= spec.baseline_date:
        return spec.baseline_value
    for (start, start_value), (end, end_value) in zip(path, path[1:], strict=False):
        if at <= end:
            share = (at - start).days / (end - start).days
            return start_value + share * (end_value - start_value)
    return spec.target_value


def forecast(
    spec: ObjectiveSpec, history: Sequence[Point], at: dt.date, current: float | None = None
) -> float | None:
    """Return the value expected at the deadline if the recent trend goes on, or None.

    The trend is the slope of the least-squares line through the measures of the
    ``FORECAST_WINDOW_DAYS`` days up to ``at``; it needs two distinct dates. The line is
    continued from today's value (``current``, else the latest measure), not from the
    regression line itself, which can lie below a value already reached. A cumulative
    objective's trend never goes down.
    """
    since = at - dt.timedelta(days=FORECAST_WINDOW_DAYS)
    recent = [p for p in history if since <= p.date <= at]
    if len({p.date for p in recent}) < 2:
        return None
    slope, _intercept = statistics.linear_regression(
        [p.date.toordinal() for p in recent], [float(p.value) for p in recent]
    )
    if spec.cumulative:
        slope = max(slope, 0.0)
    if current is None:
        latest = max(recent, key=lambda p: p.date)
        start, current = latest.date, latest.value
    else:
        start = at
    return float(current) + slope * max((spec.deadline - start).days, 0)


def assess(
    spec: ObjectiveSpec, value: float, at: dt.date, history: Sequence[Point] = ()
) -> Assessment:
    """Return the status of an objective whose value is ``value`` on ``at`` (see the rule above)."""
    predicted = forecast(spec, history, at, value)
    reached = _reached(spec, value)
    gap = spec.target_value - spec.baseline_value
    if gap == 0:
        # "Hold the level": no ratio to compute, the level is held or it is not.
        status = ACHIEVED if reached else OFF_TRACK
        return Assessment(status, 1.0 if reached else 0.0, 1.0, predicted)

    progress = (value - spec.baseline_value) / gap
    expected = (expected_at(spec, at) - spec.baseline_value) / gap
    way = None if predicted is None else (predicted - spec.baseline_value) / gap
    if reached:
        status = ACHIEVED
    elif at > spec.deadline:
        status = OFF_TRACK
    elif _at_least(progress, expected) or (way is not None and _at_least(way, 1.0)):
        status = ON_TRACK
    elif _at_least(progress, AT_RISK_SHARE * expected) or (
        way is not None and _at_least(way, AT_RISK_SHARE)
    ):
        status = AT_RISK
    else:
        status = OFF_TRACK
    return Assessment(status, progress, expected, predicted)


def _reached(spec: ObjectiveSpec, value: float) -> bool:
    if math.isclose(value, spec.target_value, rel_tol=1e-9, abs_tol=1e-12):
        # Values computed as ratios ("means ×3") land a hair off the target.
        return True
    if spec.direction == "increase":
        return value >= spec.target_value
    return value <= spec.target_value


def _at_least(share: float, threshold: float) -> bool:
    # Interpolated paths and ratios carry float noise: on the line counts as on the line.
    return share >= threshold or math.isclose(share, threshold, rel_tol=1e-9, abs_tol=1e-12)
