"""Choices of the partners app: roles in the cocaine chain, agreements and their lifecycle."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChainRole(models.TextChoices):
    """The part a country plays in the cocaine trade."""

    PRODUCTION = "production", _("Production")
    TRANSIT = "transit", _("Transit")
    REBOUND = "rebound", _("Rebound (relay towards Europe)")
    CONSUMPTION = "consumption", _("Consumption")


class AgreementKind(models.TextChoices):
    SECURITY = "security", _("Security cooperation")
    CUSTOMS = "customs", _("Customs cooperation framework")
    JUDICIAL = "judicial", _("Judicial cooperation")
    TRAINING = "training", _("Training")
    OTHER = "other", _("Other")


class AgreementStatus(models.TextChoices):
    """Where an agreement stands; only the moves in ``TRANSITIONS`` are allowed."""

    DRAFT = "draft", _("Draft")
    NEGOTIATION = "negotiation", _("Under negotiation")
    SIGNED = "signed", _("Signed")
    IN_FORCE = "in_force", _("In force")
    SUSPENDED = "suspended", _("Suspended")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


S = AgreementStatus
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.DRAFT: (S.NEGOTIATION, S.TERMINATED),
    S.NEGOTIATION: (S.DRAFT, S.SIGNED, S.TERMINATED),
    S.SIGNED: (S.IN_FORCE, S.TERMINATED),
    S.IN_FORCE: (S.SUSPENDED, S.EXPIRED, S.TERMINATED),
    S.SUSPENDED: (S.IN_FORCE, S.EXPIRED, S.TERMINATED),
    S.EXPIRED: (),
    S.TERMINATED: (),
}
# Statuses in which an agreement has been signed (and so counts as concluded).
CONCLUDED = (S.SIGNED, S.IN_FORCE, S.SUSPENDED, S.EXPIRED)


class InformationCategory(models.TextChoices):
    """What an agreement lets the parties share."""

    SEIZURE_REPORTS = "seizure_reports", _("Seizure reports")
    ALERTS = "alerts", _("Alerts")
    REQUESTS = "requests", _("Requests for information")
    PERSONAL_DATA = "personal_data", _("Personal data")
    # A joint operation's data (objectives, participants, log, outcomes); its linked
    # items keep their own category and sharing.
    JOINT_OPERATIONS = "joint_operations", _("Joint operations")


class DocumentKind(models.TextChoices):
    TEXT = "text", _("Text of the agreement")
    ANNEX = "annex", _("Annex")
    MINUTES = "minutes", _("Minutes")
    OTHER = "other", _("Other")
