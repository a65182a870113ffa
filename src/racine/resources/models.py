"""The plan's means: specialised staff, budget lines, development aid and the academy."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from racine.core.models import Country, Organisation
from racine.core.validation import (
    ERA_VALIDATORS,
    FIRST_YEAR,
    LAST_YEAR,
    NOT_NEGATIVE,
    YEAR_VALIDATORS,
    between,
    largest,
    not_before,
    within_era,
)
from racine.resources.choices import BudgetCategory, PostKind, TransactionType


class StaffPost(models.Model):
    """A specialised post in an embassy, with its full-time equivalent and dates.

    Headcount at any date is the sum of the FTE of the posts open that day.
    """

    embassy = models.ForeignKey(
        Organisation, verbose_name=_("embassy"), on_delete=models.PROTECT, related_name="posts"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=PostKind.choices)
    title = models.CharField(_("title"), max_length=200)
    fte = models.DecimalField(
        _("full-time equivalent"),
        max_digits=4,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("0.01"), _("A post's full-time equivalent is above 0.")),
            MaxValueValidator(Decimal(1), _("A post's full-time equivalent is at most 1.")),
        ],
    )
    starts_on = models.DateField(_("start"), validators=ERA_VALIDATORS)
    ends_on = models.DateField(_("end"), null=True, blank=True, validators=ERA_VALIDATORS)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["embassy__name", "starts_on"]
        verbose_name = _("staff post")
        verbose_name_plural = _("staff posts")
        constraints = [
            between("fte", Decimal("0.01"), Decimal(1), name="staff_post_fte_at_most_one"),
            within_era("starts_on", name="staff_post_starts_in_era"),
            within_era("ends_on", name="staff_post_ends_in_era"),
            not_before("ends_on", "starts_on", name="staff_post_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.embassy}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date is before the start date.")})


class BudgetLine(models.Model):
    """Means of intervention of one embassy for one year and category, committed and spent."""

    embassy = models.ForeignKey(
        Organisation, verbose_name=_("embassy"), on_delete=models.PROTECT, related_name="budget"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    category = models.CharField(_("category"), max_length=20, choices=BudgetCategory.choices)
    committed = models.DecimalField(
        _("committed (EUR)"), max_digits=14, decimal_places=2, validators=[NOT_NEGATIVE]
    )
    spent = models.DecimalField(
        _("spent (EUR)"), max_digits=14, decimal_places=2, default=0, validators=[NOT_NEGATIVE]
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-year", "embassy__name", "category"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(
                fields=["embassy", "year", "category"], name="unique_budget_line"
            ),
            between("year", FIRST_YEAR, LAST_YEAR, name="budget_line_year_in_era"),
            between("committed", 0, largest(14, 2), name="budget_line_committed_bounded"),
            between("spent", 0, models.F("committed"), name="budget_line_spent_within_committed"),
        ]

    def __str__(self) -> str:
        return f"{self.embassy} {self.year} {self.get_category_display()}"

    def clean(self) -> None:
        if (
            isinstance(self.committed, Decimal)
            and isinstance(self.spent, Decimal)
            and self.committed.is_finite()
            and self.spent.is_finite()
            and self.spent > self.committed
        ):
            raise ValidationError({"spent": _("The amount spent is above the amount committed.")})


class AidActivity(models.Model):
    """A development-aid activity imported from IATI, keyed by its IATI identifier."""

    identifier = models.CharField(_("IATI identifier"), max_length=200, unique=True)
    title = models.CharField(_("title"), max_length=500)
    reporting_org = models.CharField(_("reporting organisation"), max_length=100, blank=True)
    recipient_countries = models.JSONField(_("recipient countries"), default=list)
    sectors = models.JSONField(_("sectors"), default=list)
    counter_narcotics_share = models.DecimalField(
        _("counter-narcotics share"),
        max_digits=7,
        decimal_places=6,
        default=0,
        validators=[NOT_NEGATIVE, MaxValueValidator(Decimal(1))],
    )
    last_updated = models.DateTimeField(_("updated by the publisher"), null=True, blank=True)
    source = models.CharField(_("source file"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["identifier"]
        verbose_name = _("aid activity")
        verbose_name_plural = _("aid activities")
        constraints = [
            between("counter_narcotics_share", 0, 1, name="aid_activity_share_is_a_share")
        ]

    def __str__(self) -> str:
        return f"{self.identifier} — {self.title[:80]}"


class AidTransaction(models.Model):
    """Money of an aid activity, with the part that goes to counter-narcotics sectors."""

    activity = models.ForeignKey(AidActivity, on_delete=models.CASCADE, related_name="transactions")
    type = models.CharField(_("type"), max_length=3, choices=TransactionType.choices)
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    counter_narcotics_value = models.DecimalField(
        _("counter-narcotics value"), max_digits=18, decimal_places=2
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("aid transaction")
        verbose_name_plural = _("aid transactions")
        # Columns of 18 digits hold any real aid figure; SQLite does not enforce max_digits.
        constraints = [
            between("value", -largest(18, 2), largest(18, 2), name="aid_transaction_value_bounded"),
            between(
                "counter_narcotics_value",
                -largest(18, 2),
                largest(18, 2),
                name="aid_transaction_cn_value_bounded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity.identifier} {self.type} {self.date} {self.value} {self.currency}"


class Academy(models.Model):
    """The regional academy against organised crime, and the dates of its milestones."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    site = models.CharField(_("site"), max_length=200, blank=True)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, null=True, blank=True
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True, validators=ERA_VALIDATORS)
    site_chosen_on = models.DateField(
        _("site chosen on"), null=True, blank=True, validators=ERA_VALIDATORS
    )
    opened_on = models.DateField(_("opened on"), null=True, blank=True, validators=ERA_VALIDATORS)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("academy")
        verbose_name_plural = _("academies")
        constraints = [
            within_era("decided_on", name="academy_decided_in_era"),
            within_era("site_chosen_on", name="academy_site_chosen_in_era"),
            within_era("opened_on", name="academy_opened_in_era"),
            not_before("site_chosen_on", "decided_on", name="academy_site_after_decision"),
            not_before("opened_on", "site_chosen_on", name="academy_opens_after_site"),
        ]

    def __str__(self) -> str:
        return self.name


class Course(models.Model):
    """A course the academy teaches."""

    academy = models.ForeignKey(Academy, on_delete=models.CASCADE, related_name="courses")
    title = models.CharField(_("title"), max_length=200)
    topic = models.CharField(_("topic"), max_length=200, blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title


class CourseSession(models.Model):
    """One run of a course, at a place and between two dates."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    starts_on = models.DateField(_("start"), validators=ERA_VALIDATORS)
    ends_on = models.DateField(_("end"), validators=ERA_VALIDATORS)
    place = models.CharField(_("place"), max_length=200)

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("course session")
        verbose_name_plural = _("course sessions")
        constraints = [
            within_era("starts_on", name="course_session_starts_in_era"),
            within_era("ends_on", name="course_session_ends_in_era"),
            not_before("ends_on", "starts_on", name="course_session_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.course} — {self.place}, {self.starts_on}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date is before the start date.")})


class Trainee(models.Model):
    """A partner officer trained in a session."""

    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE, related_name="trainees")
    full_name = models.CharField(_("full name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    country = models.ForeignKey(Country, verbose_name=_("country"), on_delete=models.PROTECT)
    completed = models.BooleanField(_("completed"), default=False)

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")

    def __str__(self) -> str:
        return self.full_name
