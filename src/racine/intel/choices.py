"""Choices of the intel app: one source for the database, the API and the pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Verdict(models.TextChoices):
    """An analyst's verdict on a pair of records."""

    SAME = "same", _("Same entity")
    DIFFERENT = "different", _("Different entities")
