"""The plan's means: specialised staff, budget lines, development aid and the academy."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from racine.core.models import Country, Organisation
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
    fte = models.DecimalField(_("full-time equivalent"), max_digits=4, decimal_places=2)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["embassy__name", "starts_on"]
        verbose_name = _("staff post")
        verbose_name_plural = _("staff posts")

    def __str__(self) -> str:
        return f"{self.title} — {self.embassy}"


class BudgetLine(models.Model):
    """Means of intervention of one embassy for one year and category, committed and spent."""

    embassy = models.ForeignKey(
        Organisation, verbose_name=_("embassy"), on_delete=models.PROTECT, related_name="budget"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("category"), max_length=20, choices=BudgetCategory.choices)
    committed = models.DecimalField(_("committed (EUR)"), max_digits=14, decimal_places=2)
    spent = models.DecimalField(_("spent (EUR)"), max_digits=14, decimal_places=2, default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-year", "embassy__name", "category"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(
                fields=["embassy", "year", "category"], name="unique_budget_line"
            )
        ]

    def __str__(self) -> str:
        return f"{self.embassy} {self.year} {self.get_category_display()}"


class AidActivity(models.Model):
    """A development-aid activity imported from IATI, keyed by its IATI identifier."""

    identifier = models.CharField(_("IATI identifier"), max_length=200, unique=True)
    title = models.CharField(_("title"), max_length=500)
    reporting_org = models.CharField(_("reporting organisation"), max_length=100, blank=True)
    recipient_countries = models.JSONField(_("recipient countries"), default=list)
    sectors = models.JSONField(_("sectors"), default=list)
    counter_narcotics_share = models.DecimalField(
        _("counter-narcotics share"), max_digits=7, decimal_places=6, default=0
    )
    last_updated = models.DateTimeField(_("updated by the publisher"), null=True, blank=True)
    source = models.CharField(_("source file"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["identifier"]
        verbose_name = _("aid activity")
        verbose_name_plural = _("aid activities")

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

    def __str__(self) -> str:
        return f"{self.activity.identifier} {self.type} {self.date} {self.value} {self.currency}"


class Academy(models.Model):
    """The regional academy against organised crime, and the dates of its milestones."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    site = models.CharField(_("site"), max_length=200, blank=True)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, null=True, blank=True
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    site_chosen_on = models.DateField(_("site chosen on"), null=True, blank=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("academy")
        verbose_name_plural = _("academies")

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
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    place = models.CharField(_("place"), max_length=200)

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("course session")
        verbose_name_plural = _("course sessions")

    def __str__(self) -> str:
        return f"{self.course} — {self.place}, {self.starts_on}"


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
