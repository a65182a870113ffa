"""Choices of the sanctions app: one source for the database, the API and the pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ListFormat(models.TextChoices):
    """The file formats an official list is imported from."""

    OFAC_CSV = "ofac-csv", _("OFAC SDN CSV files (folder)")
    OFAC_XML = "ofac-xml", _("OFAC advanced XML")
    UN_XML = "un-xml", _("UN Security Council consolidated XML")
    EU_XML = "eu-xml", _("EU consolidated financial sanctions XML")
    FTM = "ftm", _("FollowTheMoney entities (JSON lines)")
    # Not a file: the adopted designations of a regime, published as its list.
    DESIGNATIONS = "designations", _("Adopted designations of a regime")


class NameQuality(models.TextChoices):
    """How much a name of a list entry can be trusted for screening."""

    PRIMARY = "primary", _("Primary name")
    STRONG = "strong", _("Strong alias")
    FORMER = "former", _("Former name")
    WEAK = "weak", _("Weak alias")


class IdentifierKind(models.TextChoices):
    """Kinds of identity documents and registration numbers of a list entry."""

    PASSPORT = "passport", _("Passport")
    NATIONAL_ID = "national_id", _("National identity number")
    TAX = "tax", _("Tax number")
    REGISTRATION = "registration", _("Registration number")
    IMO = "imo", _("IMO number")
    SWIFT = "swift", _("SWIFT/BIC")
    LEI = "lei", _("LEI")
    MMSI = "mmsi", _("MMSI")


class EntrySchema(models.TextChoices):
    """What a list entry is (FollowTheMoney schemata)."""

    PERSON = "Person", _("Person")
    COMPANY = "Company", _("Company")
    ORGANIZATION = "Organization", _("Organisation")
    LEGAL_ENTITY = "LegalEntity", _("Legal entity")
    VESSEL = "Vessel", _("Vessel")
    AIRPLANE = "Airplane", _("Aircraft")


class RegimeStage(models.IntegerChoices):
    """How far a sanctions regime has gone, in order; the plan's objective counts the number.

    The issue names three stages (proposed, under negotiation, adopted); the political
    agreement sits between the last two because the plan's objective tracks it too (its
    stage 3), so the objective's 0–4 scale is kept when it reads the regime.
    """

    PROPOSED = 1, _("Proposed")
    UNDER_NEGOTIATION = 2, _("Under negotiation")
    POLITICAL_AGREEMENT = 3, _("Political agreement")
    ADOPTED = 4, _("Adopted")


class DesignationStatus(models.TextChoices):
    """Where a designation stands in its workflow (see ``sanctions/workflow.py``)."""

    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed")
    UNDER_REVIEW = "under_review", _("Under review")
    ADOPTED = "adopted", _("Adopted")
    AMENDED = "amended", _("Amended")
    DELISTED = "delisted", _("Delisted")


class TargetSchema(models.TextChoices):
    """What a designation targets (FollowTheMoney schemata)."""

    PERSON = "Person", _("Person")
    COMPANY = "Company", _("Company")
    ORGANIZATION = "Organization", _("Organisation")
    VESSEL = "Vessel", _("Vessel")


class DesignationEventKind(models.TextChoices):
    """What an entry of a designation's history records."""

    CREATED = "created", _("Created")
    EDITED = "edited", _("Edited")
    TRANSITION = "transition", _("Transition")
