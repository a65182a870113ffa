"""Choices of the resources app: staff posts, budget categories, aid transactions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PostKind(models.TextChoices):
    """The specialised posts the plan wants 20 % more of in embassies."""

    SECURITY_ATTACHE = "security_attache", _("Internal security attaché")
    CUSTOMS_ATTACHE = "customs_attache", _("Customs attaché")
    LIAISON_MAGISTRATE = "liaison_magistrate", _("Liaison magistrate")
    LIAISON_OFFICER = "liaison_officer", _("Liaison officer")
    OTHER = "other", _("Other specialised post")


class BudgetCategory(models.TextChoices):
    """The means of intervention the plan wants tripled."""

    OPERATIONS = "operations", _("Operations")
    EQUIPMENT = "equipment", _("Equipment")
    TRAINING = "training", _("Training")
    TRAVEL = "travel", _("Travel")


class TransactionType(models.TextChoices):
    """IATI transaction types (codelist TransactionType) that Racine keeps."""

    INCOMING_FUNDS = "1", _("Incoming funds")
    COMMITMENT = "2", _("Outgoing commitment")
    DISBURSEMENT = "3", _("Disbursement")
    EXPENDITURE = "4", _("Expenditure")
    INTEREST = "5", _("Interest payment")
    LOAN_REPAYMENT = "6", _("Loan repayment")
    REIMBURSEMENT = "7", _("Reimbursement")
    PURCHASE_OF_EQUITY = "8", _("Purchase of equity")
    SALE_OF_EQUITY = "9", _("Sale of equity")
    CREDIT_GUARANTEE = "10", _("Credit guarantee")
    INCOMING_COMMITMENT = "11", _("Incoming commitment")
    OUTGOING_PLEDGE = "12", _("Outgoing pledge")
    INCOMING_PLEDGE = "13", _("Incoming pledge")


class AcademyStage(models.TextChoices):
    """The milestones of the regional academy against organised crime, in order."""

    DECIDED = "decided", _("Decided")
    SITE_CHOSEN = "site_chosen", _("Site chosen")
    OPENED = "opened", _("Opened")


# IATI organisation identifiers of the publishers whose files Racine reads, named for people
# (the lists show these names; an unknown publisher shows its identifier).
PUBLISHERS = {
    "FR-3": _("French Development Agency (AFD)"),
    "FR-6": _("French Ministry for Europe and Foreign Affairs"),
    "US-USAGOV": _("Government of the United States"),
    "US-GOV-1": _("United States Agency for International Development (USAID)"),
    "US-GOV-11": _("United States Department of State"),
    "XM-DAC-41114": _("United Nations Development Programme (UNDP)"),
    "XM-DAC-41121": _("United Nations Office on Drugs and Crime (UNODC)"),
}


def publisher_name(identifier: str) -> str:
    """Return the name of an IATI publisher, or its identifier when it is not known."""
    return str(PUBLISHERS.get(identifier, identifier))
