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
