"""The plan: axes, objectives with their indicator rule, milestones, history and proposals."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from racine.core.validation import ERA_VALIDATORS, between, largest, not_before, within_era
from racine.plan.choices import Direction, ProposalStatus, Status, Unit

# The largest magnitude of an objective's figures (columns of 14 digits, 4 decimals).
BOUND = largest(14, 4)


class Plan(models.Model):
    """A government plan with a start, an end and the source that announced it."""

    code = models.SlugField(_("code"), unique=True)
    title = models.CharField(_("title"), max_length=300)
    starts_on = models.DateField(_("start"), validators=ERA_VALIDATORS)
    ends_on = models.DateField(_("end"), validators=ERA_VALIDATORS)
    source = models.CharField(_("source"), max_length=500)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            within_era("starts_on", name="plan_starts_in_era"),
            within_era("ends_on", name="plan_ends_in_era"),
            not_before("ends_on", "starts_on", name="plan_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title


class Axis(models.Model):
    """One lever of the plan (agreements, staff, aid, sanctions…)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="axes")
    code = models.SlugField(_("code"))
    title = models.CharField(_("title"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = _("axis")
        verbose_name_plural = _("axes")
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="unique_axis_code")]

    def __str__(self) -> str:
        return self.title


class Objective(models.Model):
    """A quantified objective whose value is computed by a registered indicator rule."""

    axis = models.ForeignKey(Axis, on_delete=models.CASCADE, related_name="objectives")
    code = models.SlugField(_("code"), unique=True)
    title = models.CharField(_("title"), max_length=300)
    indicator = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    baseline_value = models.DecimalField(_("baseline value"), max_digits=14, decimal_places=4)
    baseline_date = models.DateField(_("baseline date"), validators=ERA_VALIDATORS)
    target_value = models.DecimalField(_("target"), max_digits=14, decimal_places=4)
    deadline = models.DateField(_("deadline"), validators=ERA_VALIDATORS)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    rule = models.CharField(_("computation rule"), max_length=50)
    source = models.CharField(_("source"), max_length=500)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["axis__order", "order"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        constraints = [
            within_era("baseline_date", name="objective_baseline_in_era"),
            within_era("deadline", name="objective_deadline_in_era"),
            models.CheckConstraint(
                condition=models.Q(deadline__gt=models.F("baseline_date")),
                name="objective_deadline_after_baseline",
            ),
            between("baseline_value", -BOUND, BOUND, name="objective_baseline_bounded"),
            between("target_value", -BOUND, BOUND, name="objective_target_bounded"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.baseline_date and self.deadline and self.deadline <= self.baseline_date:
            raise ValidationError({"deadline": _("The deadline comes after the baseline date.")})

    def reaches(self, value) -> bool:
        """Return whether ``value`` lies on the way from the baseline to the target."""
        low, high = sorted((self.baseline_value, self.target_value))
        return low <= value <= high


class Stage(models.Model):
    """A named stage of a milestone objective (for example "adopted by the Council")."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="stages")
    number = models.PositiveSmallIntegerField(_("number"))
    label = models.CharField(_("label"), max_length=200)

    class Meta:
        ordering = ["objective", "number"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        constraints = [
            models.UniqueConstraint(fields=["objective", "number"], name="unique_stage_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.label}"


class Milestone(models.Model):
    """An intermediate target (jalon) between an objective's baseline and its target."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="milestones")
    on = models.DateField(_("date"), validators=ERA_VALIDATORS)
    value = models.DecimalField(_("expected value"), max_digits=14, decimal_places=4)

    class Meta:
        ordering = ["objective", "on"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(fields=["objective", "on"], name="unique_milestone_date"),
            within_era("on", name="milestone_in_era"),
            between("value", -BOUND, BOUND, name="milestone_value_bounded"),
        ]

    def __str__(self) -> str:
        return f"{self.objective}: {self.value} ({self.on})"


class Snapshot(models.Model):
    """An objective's computed value and status on one day: the history of the dashboard."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="snapshots")
    on = models.DateField(_("date"), validators=ERA_VALIDATORS)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    taken_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["objective", "on"]
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")
        constraints = [
            models.UniqueConstraint(fields=["objective", "on"], name="unique_snapshot_day"),
            within_era("on", name="snapshot_in_era"),
            between("value", -BOUND, BOUND, name="snapshot_value_bounded"),
        ]

    def __str__(self) -> str:
        return f"{self.objective.code} {self.on}: {self.value}"


class Proposal(models.Model):
    """A figure records cannot give, proposed by one person and counted once validated."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="proposals")
    value = models.DecimalField(_("proposed value"), max_digits=14, decimal_places=4)
    on = models.DateField(_("date of the fact"), validators=ERA_VALIDATORS)
    evidence = models.TextField(_("evidence"))
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposals"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decided_proposals",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            within_era("on", name="proposal_in_era"),
            between("value", -BOUND, BOUND, name="proposal_value_bounded"),
        ]

    def __str__(self) -> str:
        return f"{self.objective.code}: {self.value} ({self.get_status_display()})"
