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
