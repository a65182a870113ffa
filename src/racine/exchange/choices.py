"""Choices of the exchange app: one source for the database, the API and the pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    """What an exchanged item is."""

    SEIZURE = "seizure", _("Seizure report")
    ALERT = "alert", _("Alert")
    REQUEST = "request", _("Request for information")


# The agreement category (partners.choices.InformationCategory) each kind falls under.
CATEGORY_OF_KIND = {
    ItemKind.SEIZURE: "seizure_reports",
    ItemKind.ALERT: "alerts",
    ItemKind.REQUEST: "requests",
}


class Distribution(models.TextChoices):
    """Who an item is shared with, before the policy's checks."""

    ORIGINATOR = "originator", _("My organisation only")
    ORGANISATIONS = "organisations", _("Listed organisations")
    AGREEMENT = "agreement", _("Every party of the agreement")
    PLATFORM = "platform", _("Every organisation")


class SourceReliability(models.TextChoices):
    """The originator's evaluation of the source (Europol's 4×4 grid)."""

    A = "A", _("A — reliable")
    B = "B", _("B — mostly reliable")
    C = "C", _("C — not reliable")
    X = "X", _("X — cannot be judged")


class InformationAccuracy(models.TextChoices):
    """The originator's evaluation of the information (Europol's 4×4 grid)."""

    KNOWN = "1", _("1 — known to be true without reservation")
    KNOWN_TO_SOURCE = "2", _("2 — known personally to the source")
    NOT_KNOWN = "3", _("3 — not known personally to the source, corroborated")
    UNCERTAIN = "4", _("4 — cannot be judged")


class HandlingCondition(models.TextChoices):
    """Conditions of use in the style of Europol's SIENA handling codes."""

    H0 = "H0", _("H0 — for the prevention and combating of crime only")
    H1 = "H1", _("H1 — not to be used as evidence without the originator's consent")
    H2 = "H2", _("H2 — not to be passed on without the originator's consent")
    H3 = "H3", _("H3 — other restrictions (stated in the text)")


class Drug(models.TextChoices):
    """The controlled list of drugs a seizure report names."""

    COCAINE_HYDROCHLORIDE = "cocaine_hydrochloride", _("Cocaine hydrochloride")
    COCAINE_BASE = "cocaine_base", _("Cocaine base or paste")
    CANNABIS_RESIN = "cannabis_resin", _("Cannabis resin")
    CANNABIS_HERB = "cannabis_herb", _("Cannabis herb")
    HEROIN = "heroin", _("Heroin")
    METHAMPHETAMINE = "methamphetamine", _("Methamphetamine")
    AMPHETAMINE = "amphetamine", _("Amphetamine")
    MDMA = "mdma", _("MDMA")
    FENTANYL = "fentanyl", _("Fentanyl and analogues")
    PRECURSORS = "precursors", _("Precursors")
    OTHER = "other", _("Other")


class QuantityUnit(models.TextChoices):
    """Units a quantity may be given in; stored normalised to kilograms or units."""

    KG = "kg", _("kilograms")
    G = "g", _("grams")
    T = "t", _("tonnes")
    LB = "lb", _("pounds")
    UNITS = "units", _("units (tablets, doses, packages)")


class Conveyance(models.TextChoices):
    """How the drugs travelled."""

    CONTAINER = "container", _("Container")
    MARITIME = "maritime", _("Other maritime")
    AIR_PASSENGER = "air_passenger", _("Air passenger")
    AIR_CARGO = "air_cargo", _("Air cargo")
    POSTAL = "postal", _("Postal or express")
    ROAD = "road", _("Road")
    BODY_CARRIER = "body_carrier", _("Body carrier")


class EntityKind(models.TextChoices):
    """Who or what an item names."""

    PERSON = "person", _("Person")
    COMPANY = "company", _("Company")
    VESSEL = "vessel", _("Vessel")
    CONTAINER = "container", _("Container")
    VEHICLE = "vehicle", _("Vehicle")
    ADDRESS = "address", _("Address")
    PHONE = "phone", _("Phone number")
    SHIPMENT = "shipment", _("Shipment")


# Entities whose presence makes an item carry personal data.
PERSONAL_KINDS = frozenset({EntityKind.PERSON, EntityKind.ADDRESS, EntityKind.PHONE})
# What an alert may be about.
ALERT_SUBJECTS = (
    EntityKind.PERSON,
    EntityKind.COMPANY,
    EntityKind.VESSEL,
    EntityKind.CONTAINER,
    EntityKind.SHIPMENT,
)


class RequestStatus(models.TextChoices):
    """Where a request for information stands (``overdue`` is computed from the deadline)."""

    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
    OVERDUE = "overdue", _("Overdue")
    CLOSED = "closed", _("Closed")


class DisseminationStatus(models.TextChoices):
    """Where a request to pass an item on to a third organisation stands."""

    REQUESTED = "requested", _("Awaiting the originator")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")


# The agreement category of joint operations (partners.choices.InformationCategory).
OPERATIONS_CATEGORY = "joint_operations"


class OperationStatus(models.TextChoices):
    """Where a joint operation stands."""

    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class OutcomeKind(models.TextChoices):
    """What a joint operation achieved: seizures, arrests, assets."""

    SEIZURE = "seizure", _("Seizure")
    ARREST = "arrest", _("Arrests")
    ASSET = "asset", _("Assets seized")
