"""Choices shared by the database, the API and the pages: one source for each label."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    """What kind of institution an organisation is."""

    MINISTRY = "ministry", _("Ministry")
    EMBASSY = "embassy", _("Embassy")
    CUSTOMS = "customs", _("Customs")
    POLICE = "police", _("Police")
    PROSECUTOR = "prosecutor", _("Prosecutor's office")
    ACADEMY = "academy", _("Academy")
    INTERNATIONAL = "international", _("International organisation")


class RoleCode(models.TextChoices):
    """What a user may do in Racine; a user holds one or more roles."""

    ADMINISTRATOR = "administrator", _("Administrator")
    PLAN_COORDINATOR = "plan_coordinator", _("Plan coordinator")
    EMBASSY_OFFICER = "embassy_officer", _("Embassy officer")
    PARTNER_OFFICER = "partner_officer", _("Partner officer")
    ANALYST = "analyst", _("Analyst")
    SANCTIONS_OFFICER = "sanctions_officer", _("Sanctions officer")
    VIEWER = "viewer", _("Viewer")


class AuditAction(models.TextChoices):
    """What an audit entry records."""

    CREATE = "create", _("Creation")
    UPDATE = "update", _("Update")
    DELETE = "delete", _("Deletion")
    LOGIN = "login", _("Login")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGOUT = "logout", _("Logout")
    TOKEN_USE = "token_use", _("API token use")
    # Reads of restricted shared information (exchange items at AMBER or stricter).
    VIEW = "view", _("Consultation")
    EXPORT = "export", _("Export")
    DOWNLOAD = "download", _("Download")


class HandlingCode(models.TextChoices):
    """How far a piece of shared information may travel (Traffic Light Protocol 2.0).

    Agreements say which codes each category of information may carry; the exchange
    app refuses to share beyond them.
    """

    CLEAR = "clear", _("TLP:CLEAR — no restriction")
    GREEN = "green", _("TLP:GREEN — the community")
    AMBER = "amber", _("TLP:AMBER — the organisation and its clients")
    AMBER_STRICT = "amber_strict", _("TLP:AMBER+STRICT — the organisation only")
    RED = "red", _("TLP:RED — named recipients only")
