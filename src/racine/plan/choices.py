"""Choices of the plan app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    COUNT = "count", _("number")
    PERCENT = "percent", _("percent")
    RATIO = "ratio", _("multiple of the baseline")
    STAGE = "stage", _("stage reached")


class Direction(models.TextChoices):
    INCREASE = "increase", _("to increase")
    DECREASE = "decrease", _("to decrease")


class Status(models.TextChoices):
    """The status of an objective; the values are the engine's (a contract of API and CLI)."""

    ACHIEVED = "achieved", _("Achieved")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting validation")
    VALIDATED = "validated", _("Validated")
    REFUSED = "refused", _("Refused")
