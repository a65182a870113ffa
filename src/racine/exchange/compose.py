"""Writing items: validate everything a seizure report, alert or request carries, then store it.

The whole input is checked before the first write; a refusal raises
:class:`~racine.core.errors.InvalidInput` naming the field (``drugs[1].quantity``…) and
writes nothing. The sharing is checked with the policy engine: every organisation the
distribution names must have a legal basis, CLEAR items may not carry personal data,
and named recipients must be reached. Callers own the transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from racine.core.choices import HandlingCode
from racine.core.errors import InvalidInput, NotFound, PermissionDenied
from racine.core.models import Country, Organisation, User
from racine.core.permissions import has_role, require_role
from racine.exchange import events, identifiers, policy, services
from racine.exchange.choices import (
    ALERT_SUBJECTS,
    CATEGORY_OF_KIND,
    PERSONAL_KINDS,
    Conveyance,
    Distribution,
    Drug,
    EntityKind,
    HandlingCondition,
    InformationAccuracy,
    ItemKind,
    QuantityUnit,
    SourceReliability,
)
from racine.exchange.models import (
    Alert,
    Entity,
    InformationRequest,
    Item,
    SeizedDrug,
    Seizure,
)
from racine.partners import services as partners

EARLIEST = dt.date(1950, 1, 1)

# The identifier checks speak plain English (they import no Django); their sentences here.
REASONS = {
    "an IMO number has 7 digits": gettext_lazy("an IMO number has 7 digits"),
    "the IMO number's check digit is wrong": gettext_lazy("the IMO number's check digit is wrong"),
    "a container number is 3 letters, U, J or Z, 6 digits and a check digit": gettext_lazy(
        "a container number is 3 letters, U, J or Z, 6 digits and a check digit"
    ),
    "the container number's check digit is wrong": gettext_lazy(
        "the container number's check digit is wrong"
    ),
    "a UN/LOCODE is a country code and 3 letters or digits": gettext_lazy(
        "a UN/LOCODE is a country code and 3 letters or digits"
    ),
    "unknown UN/LOCODE": gettext_lazy("unknown UN/LOCODE"),
    "the UN/LOCODE is not in the country of the seizure": gettext_lazy(
        "the UN/LOCODE is not in the country of the seizure"
    ),
    "a phone number is written +, the country code and the number": gettext_lazy(
        "a phone number is written +, the country code and the number"
    ),
}


def _reason(error: Exception) -> str:
    return str(REASONS.get(str(error), str(error)))


@dataclass
class DrugData:
    drug: str
    quantity: Decimal | float | str
    unit: str


@dataclass
class EntityData:
    """A person, company, vessel… named by an item (``name`` is a person's full name)."""

    kind: str
    name: str = ""
    identifier: str = ""
    birth_date: dt.date | None = None
    country: str = ""


@dataclass
class SeizureData:
    seized_on: dt.date
    country: str
    drugs: list[DrugData]
    place: str = ""
    place_name: str = ""
    conveyance: str = ""
    concealment: str = ""
    origin: str = ""
    transits: list[str] = field(default_factory=list)
    destination: str = ""


@dataclass
class AlertData:
    subject_kind: str
    reason: str
    valid_from: dt.date
    valid_until: dt.date


@dataclass
class RequestData:
    question: str
    addressed_to: int
    deadline: dt.date


@dataclass
class ItemData:
    """Everything an item carries; exactly one of seizure, alert, request matches ``kind``."""

    kind: str
    title: str
    handling: str
    distribution: str
    body: str = ""
    organisations: list[int] = field(default_factory=list)
    recipients: list[int] = field(default_factory=list)
    agreement: int | None = None
    source_reliability: str = SourceReliability.X
    information_accuracy: str = InformationAccuracy.UNCERTAIN
    handling_conditions: str = ""
    entities: list[EntityData] = field(default_factory=list)
    seizure: SeizureData | None = None
    alert: AlertData | None = None
    request: RequestData | None = None


@dataclass
class CheckedEntity:
    """A person, company, vessel… as checked, in the model's columns (``Entity``)."""

    kind: str
    name: str = ""
    identifier: str = ""
    birth_date: dt.date | None = None
    country_id: str | None = None


@dataclass
class CheckedDrug:
    """One drug seized, its quantity normalised (``SeizedDrug``'s columns)."""

    drug: str
    quantity: Decimal
    unit: str
    normalised_quantity: Decimal
    normalised_unit: str


@dataclass
class CheckedSeizure:
    """Where, when and how a seizure was made (``Seizure``'s columns; drugs apart)."""

    seized_on: dt.date
    country_id: str
    place: str = ""
    place_name: str = ""
    conveyance: str = ""
    concealment: str = ""
    origin_id: str | None = None
    transits: list[str] = field(default_factory=list)
    destination_id: str | None = None


@dataclass
class CheckedAlert:
    """An alert's details (``Alert``'s columns)."""

    subject_kind: str
    reason: str
    valid_from: dt.date
    valid_until: dt.date


@dataclass
class CheckedRequest:
    """A request's details; ``addressed_to`` is the organisation, found active."""

    question: str
    addressed_to: Organisation
    deadline: dt.date


@functools.cache
def _values(choices) -> frozenset[str]:
    return frozenset(choices.values)  # ``values`` builds a new list at each call


def _choice(value: str, choices, name: str, blank: bool = False) -> str:
    if (blank and value == "") or value in _values(choices):
        return value
    raise InvalidInput(
        _("Unknown value for %(field)s: %(value)s.") % {"field": name, "value": value}, field=name
    )


class Lookups:
    """What checking items looks up in the database, looked up once per batch.

    One item asks for a few countries; a file of 20,000 asks for the same few hundred
    countries and, row after row, the same sharing: ``preload`` reads every country at
    once, and the sharing verdicts are remembered by what they depend on.
    """

    def __init__(self, preload: bool = False):
        self.countries: dict[str, Country | None] = {}
        if preload:
            self.countries.update(Country.objects.in_bulk())
        self.complete = preload
        self.sharing: dict[tuple, tuple] = {}
        self.today = timezone.localdate()

    def country(self, code: str) -> Country | None:
        """Return the country of an ISO alpha-2 code, or None."""
        code = code.upper()
        if code not in self.countries and not self.complete:
            self.countries[code] = Country.objects.filter(pk=code).first()
        return self.countries.get(code)


def _code(code: str, name: str, lookups: Lookups, required: bool = True) -> str | None:
    """Return the ISO alpha-2 code of a known country (as stored), or None when allowed."""
    if not code and not required:
        return None
    if not code:
        raise InvalidInput(_("This field is required."), field=name)
    country = lookups.country(code or "")
    if country is None:
        raise InvalidInput(_("Unknown country code: %(code)s.") % {"code": code}, field=name)
    return country.pk


def _date(value: dt.date | None, name: str, latest: dt.date | None = None) -> dt.date:
    if value is None:
        raise InvalidInput(_("A date is required."), field=name)
    if value < EARLIEST or (latest is not None and value > latest):
        raise InvalidInput(
            _("Impossible date: %(date)s.") % {"date": value.isoformat()}, field=name
        )
    return value


def _checked_entity(index: int, data: EntityData, lookups: Lookups) -> CheckedEntity:
    where = f"entities[{index}]"
    _choice(data.kind, EntityKind, f"{where}.kind")
    entity = CheckedEntity(kind=data.kind, name=data.name.strip()[:300])
    try:
        if data.kind == EntityKind.VESSEL and data.identifier:
            entity.identifier = identifiers.imo_number(data.identifier)
        elif data.kind == EntityKind.CONTAINER:
            entity.identifier = identifiers.container_number(data.identifier)
        elif data.kind == EntityKind.PHONE:
            entity.identifier = identifiers.phone_number(data.identifier)
        else:
            entity.identifier = data.identifier.strip()[:60]
    except identifiers.BadIdentifier as error:
        raise InvalidInput(
            _("%(value)s: %(reason)s.") % {"value": data.identifier, "reason": _reason(error)},
            field=f"{where}.identifier",
        ) from None
    if data.kind in {EntityKind.PERSON, EntityKind.COMPANY, EntityKind.ADDRESS} and not entity.name:
        raise InvalidInput(_("A name is required."), field=f"{where}.name")
    if data.birth_date is not None:
        if data.kind != EntityKind.PERSON:
            raise InvalidInput(_("Only a person has a date of birth."), field=f"{where}.birth_date")
        entity.birth_date = _date(data.birth_date, f"{where}.birth_date", lookups.today)
    entity.country_id = _code(data.country, f"{where}.country", lookups, required=False)
    return entity


def _checked_seizure(data: SeizureData, lookups: Lookups) -> tuple[CheckedSeizure, list]:
    country = _code(data.country, "country", lookups)
    seizure = CheckedSeizure(
        seized_on=_date(data.seized_on, "seized_on", lookups.today),
        country_id=country,
        place_name=data.place_name.strip()[:200],
        conveyance=_choice(data.conveyance, Conveyance, "conveyance", blank=True),
        concealment=data.concealment.strip()[:300],
        origin_id=_code(data.origin, "origin", lookups, required=False),
        destination_id=_code(data.destination, "destination", lookups, required=False),
    )
    if data.place:
        try:
            seizure.place = identifiers.unlocode(data.place, country)
        except identifiers.BadIdentifier as error:
            raise InvalidInput(
                _("%(value)s: %(reason)s.") % {"value": data.place, "reason": _reason(error)},
                field="place",
            ) from None
        seizure.place_name = seizure.place_name or identifiers.unlocodes()[seizure.place]
    seizure.transits = [
        _code(code, f"transits[{i}]", lookups) for i, code in enumerate(data.transits)
    ]
    if not data.drugs:
        raise InvalidInput(_("Name at least one drug seized."), field="drugs")
    drugs = []
    for index, drug in enumerate(data.drugs):
        where = f"drugs[{index}]"
        _choice(drug.drug, Drug, f"{where}.drug")
        _choice(drug.unit, QuantityUnit, f"{where}.unit")
        try:
            quantity = Decimal(str(drug.quantity))
            if not quantity.is_finite() or quantity >= Decimal("1e10"):
                raise InvalidOperation
            normalised, unit = identifiers.normalise_quantity(quantity, drug.unit)
        except (InvalidOperation, ValueError):
            raise InvalidInput(
                _("Give a positive quantity (whole for units)."), field=f"{where}.quantity"
            ) from None
        drugs.append(
            CheckedDrug(
                drug=drug.drug,
                quantity=quantity.quantize(Decimal("0.001")),
                unit=drug.unit,
                normalised_quantity=normalised,
                normalised_unit=unit,
            )
        )
    return seizure, drugs


def _checked_alert(data: AlertData, entities: list[CheckedEntity]) -> CheckedAlert:
    if data.subject_kind not in ALERT_SUBJECTS:
        raise InvalidInput(
            _("An alert is about a person, company, vessel, container or shipment."),
            field="subject_kind",
        )
    if not any(entity.kind == data.subject_kind for entity in entities):
        raise InvalidInput(_("Describe the alert's subject among the entities."), field="entities")
    if not data.reason.strip():
        raise InvalidInput(_("Give the reason for the alert."), field="reason")
    _date(data.valid_from, "valid_from")
    _date(data.valid_until, "valid_until")
    if data.valid_until < data.valid_from:
        raise InvalidInput(_("The end date is before the start date."), field="valid_until")
    return CheckedAlert(
        subject_kind=data.subject_kind,
        reason=data.reason.strip(),
        valid_from=data.valid_from,
        valid_until=data.valid_until,
    )


def _checked_request(data: RequestData) -> CheckedRequest:
    if not data.question.strip():
        raise InvalidInput(_("Ask a question."), field="question")
    addressed = Organisation.objects.filter(pk=data.addressed_to, active=True).first()
    if addressed is None:
        raise InvalidInput(_("Unknown organisation."), field="addressed_to")
    if _date(data.deadline, "deadline") < timezone.localdate():
        raise InvalidInput(_("The deadline has passed."), field="deadline")
    return CheckedRequest(
        question=data.question.strip(), addressed_to=addressed, deadline=data.deadline
    )


def _check_sharing(user, data: ItemData, plain: policy.Item, request) -> tuple[list, list]:
    """Check the distribution with the policy; return the listed organisations and recipients."""
    listed = list(Organisation.objects.filter(pk__in=set(data.organisations), active=True))
    if len(listed) != len(set(data.organisations)):
        raise InvalidInput(_("Unknown organisation."), field="organisations")
    if data.distribution != Distribution.ORGANISATIONS and listed:
        raise InvalidInput(
            _("Organisations are listed only for that distribution."), field="organisations"
        )
    if data.distribution == Distribution.ORGANISATIONS and not listed:
        raise InvalidInput(_("List the organisations to share with."), field="organisations")
    # (organisation as the policy sees it, name, field) of every organisation the item names.
    named = [(services.as_policy_org(o), o.name, "organisations") for o in listed]
    if data.distribution == Distribution.AGREEMENT:
        if plain.agreement is None:
            raise InvalidInput(
                _("Choose the agreement whose parties receive the item."), field="agreement"
            )
        partners_of = Organisation.objects.filter(pk__in=plain.agreement.partner_organisations)
        named += [(services.as_policy_org(o), o.name, "agreement") for o in partners_of]
        french = policy.Organisation(0, True, policy.FRANCE)
        named.append((french, _("the French State services"), "agreement"))
    if request is not None:
        addressed = services.as_policy_org(request.addressed_to)
        if not policy.is_recipient(addressed, plain):
            raise InvalidInput(
                _("The addressed organisation %(name)s does not receive the item.")
                % {"name": request.addressed_to.name},
                field="addressed_to",
            )
        named.append((addressed, request.addressed_to.name, "addressed_to"))
    for organisation, name, where in named:
        refusals = policy.creation_refusals(plain, [organisation])
        if refusals:
            raise InvalidInput(services.refusal_message(name, refusals[0]), field=where)
    recipients = list(
        User.objects.filter(pk__in=set(data.recipients), is_active=True).select_related(
            "organisation"
        )
    )
    if len(recipients) != len(set(data.recipients)):
        raise InvalidInput(_("Unknown recipient."), field="recipients")
    for recipient in recipients:
        organisation = recipient.organisation
        reader = policy.Reader(
            recipient.pk,
            True,
            frozenset(recipient.role_codes()),
            services.as_policy_org(organisation) if organisation else None,
        )
        if not policy.may_see(
            reader, dataclasses.replace(plain, recipients=frozenset({recipient.pk}))
        ):
            raise InvalidInput(
                _("%(name)s may not receive this item.")
                % {"name": recipient.get_full_name() or recipient.username},
                field="recipients",
            )
    return listed, recipients


def _planned(user, data: ItemData, kind: str, personal: bool, **known) -> policy.Item:
    """Return the item as the policy will see it, after checking its code and agreement."""
    if personal and data.handling == HandlingCode.CLEAR:
        raise InvalidInput(
            _("A TLP:CLEAR item may not name people, addresses or phones."), field="handling"
        )
    agreement = None
    if data.agreement is not None:
        try:
            partners.get_agreement(user, data.agreement)
        except NotFound:
            raise InvalidInput(_("Unknown agreement."), field="agreement") from None
        agreement = services.policy_agreement(data.agreement)
        if not policy.is_party(services.as_policy_org(user.organisation), agreement):
            raise InvalidInput(
                _("Your organisation is not a party of this agreement."), field="agreement"
            )
    return policy.Item(
        id=known.get("id", 0),
        category=CATEGORY_OF_KIND[kind],
        handling=data.handling,
        distribution=data.distribution,
        originator=services.as_policy_org(user.organisation),
        author=known.get("author", user.pk),
        personal_data=personal,
        agreement=agreement,
        organisations=frozenset(data.organisations),
        recipients=frozenset(data.recipients),
        disseminated_to=known.get("disseminated_to", frozenset()),
    )


@dataclass
class CheckedItem:
    """An item that passed every check, as plain values: nothing built, nothing stored.

    ``fields`` are the item's own columns (``Item``'s attnames, without id and times); a
    single write builds the model rows from them (:func:`store_item`), a bulk write
    inserts them as they are (:mod:`racine.exchange.bulk`).
    """

    fields: dict
    listed: list[Organisation]
    recipients: list[User]
    entities: list[CheckedEntity]
    seizure: CheckedSeizure | None = None
    drugs: list[CheckedDrug] = field(default_factory=list)
    alert: CheckedAlert | None = None
    request: CheckedRequest | None = None


def require_composer(user) -> None:
    """Refuse a user who may not write items (an exchange role and an organisation)."""
    require_role(user, *services.EXCHANGE_ROLES)
    if user.organisation is None:
        raise PermissionDenied(_("Only members of an organisation share items."))


def _checked_sharing(user, data: ItemData, kind: str, personal: bool, request, lookups: Lookups):
    """Return the organisations and recipients of a new item, its sharing checked.

    Items without a request share alike when their sharing fields alike: the verdict, or
    the refusal, is remembered in ``lookups`` so that a file's rows ask the database once.
    """
    key = None
    if request is None:
        key = (
            kind,
            personal,
            data.handling,
            data.distribution,
            tuple(sorted(set(data.organisations))),
            tuple(sorted(set(data.recipients))),
            data.agreement,
        )
        if key in lookups.sharing:
            verdict = lookups.sharing[key]
            if isinstance(verdict, InvalidInput):
                raise InvalidInput(verdict.detail, field=verdict.field)
            return verdict
    try:
        plain = _planned(user, data, kind, personal)
        verdict = _check_sharing(user, data, plain, request)
    except InvalidInput as refusal:
        if key is not None:
            lookups.sharing[key] = refusal
        raise
    if key is not None:
        lookups.sharing[key] = verdict
    return verdict


def check_item(user, data: ItemData, lookups: Lookups | None = None) -> CheckedItem:
    """Check everything a new item carries and return its values, nothing stored.

    The one validation of an item, whatever brings it: the compose form, the API and
    every row of a bulk import. Raises :class:`InvalidInput` naming the field.
    """
    lookups = lookups or Lookups()
    kind = _choice(data.kind, ItemKind, "kind")
    title = data.title.strip()
    if not title:
        raise InvalidInput(_("A title is required."), field="title")
    if len(title) > 300:
        raise InvalidInput(_("The title is longer than 300 characters."), field="title")
    _choice(data.handling, HandlingCode, "handling")
    _choice(data.distribution, Distribution, "distribution")
    _choice(data.source_reliability, SourceReliability, "source_reliability")
    _choice(data.information_accuracy, InformationAccuracy, "information_accuracy")
    _choice(data.handling_conditions, HandlingCondition, "handling_conditions", blank=True)
    entities = [_checked_entity(i, entity, lookups) for i, entity in enumerate(data.entities)]
    details = {
        ItemKind.SEIZURE: data.seizure,
        ItemKind.ALERT: data.alert,
        ItemKind.REQUEST: data.request,
    }
    if details[kind] is None or any(v is not None for k, v in details.items() if k != kind):
        raise InvalidInput(
            _("Give the details of a %(kind)s, and only those.") % {"kind": ItemKind(kind).label},
            field="kind",
        )
    seizure, drugs, alert, request = None, [], None, None
    if kind == ItemKind.SEIZURE:
        seizure, drugs = _checked_seizure(data.seizure, lookups)
    elif kind == ItemKind.ALERT:
        alert = _checked_alert(data.alert, entities)
    else:
        request = _checked_request(data.request)
    personal = any(entity.kind in PERSONAL_KINDS for entity in entities)
    listed, recipients = _checked_sharing(user, data, kind, personal, request, lookups)
    fields = {
        "kind": kind,
        "title": title,
        "body": data.body.strip(),
        "originator_id": user.organisation_id,
        "author_id": user.pk,
        "category": CATEGORY_OF_KIND[kind],
        "personal_data": personal,  # set here, from the entities: never taken from the input
        "handling": data.handling,
        "distribution": data.distribution,
        "agreement_id": data.agreement,
        "source_reliability": data.source_reliability,
        "information_accuracy": data.information_accuracy,
        "handling_conditions": data.handling_conditions,
    }
    return CheckedItem(fields, listed, recipients, entities, seizure, drugs, alert, request)


def store_item(checked: CheckedItem) -> Item:
    """Save one checked item and what it carries (each save writes its audit entry)."""
    item = Item(**checked.fields)
    item.save()
    item.organisations.set(checked.listed)
    item.recipients.set(checked.recipients)
    for entity in checked.entities:
        Entity(item=item, **vars(entity)).save()
    if checked.seizure is not None:
        seizure = Seizure(item=item, **vars(checked.seizure))
        seizure.save()
        for drug in checked.drugs:
            SeizedDrug(seizure=seizure, **vars(drug)).save()
    if checked.alert is not None:
        Alert(item=item, **vars(checked.alert)).save()
    if checked.request is not None:
        InformationRequest(item=item, **vars(checked.request)).save()
    events.announce(events.SHARED, item.pk)
    return item


def create_item(user, data: ItemData) -> Item:
    """Validate and store a new item from the caller's organisation (exchange roles)."""
    require_composer(user)
    return store_item(check_item(user, data))


def may_compose(user) -> bool:
    """Return whether ``user`` may write items (an exchange role and an organisation)."""
    return has_role(user, *services.EXCHANGE_ROLES) and user.organisation_id is not None


@dataclass
class SharingData:
    """What the originator may change about an item's sharing."""

    handling: str
    distribution: str
    organisations: list[int] = field(default_factory=list)
    recipients: list[int] = field(default_factory=list)
    agreement: int | None = None


def change_sharing(user, pk: int, data: SharingData) -> Item:
    """Change an item's code, distribution or legal basis (its originating organisation).

    Checked as at creation: an organisation named without a legal basis is refused.
    """
    require_role(user, *services.EXCHANGE_ROLES)
    item = services.get_item(user, pk)
    if user.organisation_id != item.originator_id:
        raise PermissionDenied(_("Only the originating organisation changes the sharing."))
    _choice(data.handling, HandlingCode, "handling")
    _choice(data.distribution, Distribution, "distribution")
    full = ItemData(
        kind=item.kind,
        title=item.title,
        handling=data.handling,
        distribution=data.distribution,
        organisations=data.organisations,
        recipients=data.recipients,
        agreement=data.agreement,
    )
    current = services.policy_item(item)
    plain = _planned(
        user,
        full,
        item.kind,
        item.personal_data,
        id=item.pk,
        author=item.author_id,
        disseminated_to=current.disseminated_to,
    )
    request = getattr(item, "request", None) if item.kind == ItemKind.REQUEST else None
    listed, recipients = _check_sharing(user, full, plain, request)
    item.handling, item.distribution = data.handling, data.distribution
    item.agreement_id = data.agreement
    item.save()
    item.organisations.set(listed)
    item.recipients.set(recipients)
    events.announce(events.SHARED, item.pk)  # to the readers the change newly reaches
    return item
