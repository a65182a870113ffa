"""Changing joint operations: starting and editing them (the leader), and what participants add.

Every input is checked before the first write; a refusal raises
:class:`~racine.core.errors.InvalidInput` naming the field and writes nothing. A
participant whose state differs from the leader's needs the legal basis the policy
asks (:func:`racine.exchange.policy.operation_refusal`): it is refused, naming it.
Log entries are appended, never changed. Callers own the transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from racine.core.choices import HandlingCode
from racine.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from racine.core.models import Country
from racine.core.permissions import require_role
from racine.core.validation import validate
from racine.exchange import identifiers, operations, policy, services
from racine.exchange.choices import Drug, OperationStatus, OutcomeKind, QuantityUnit
from racine.exchange.models import (
    JointOperation,
    LogEntry,
    OperationItem,
    OperationParticipant,
    Outcome,
)
from racine.partners import services as partners

MAX_TEXT = 20_000


@dataclass
class OperationData:
    """What the leading organisation states about an operation."""

    code: str
    name: str
    starts_on: dt.date | None
    objectives: str
    handling: str
    ends_on: dt.date | None = None
    status: str = OperationStatus.PLANNED
    agreement: int | None = None
    participants: list[int] = field(default_factory=list)  # besides the leader


@dataclass
class OutcomeData:
    """One outcome; only the fields of its kind are kept."""

    kind: str
    on: dt.date | None
    item: int | None = None
    drug: str = ""
    quantity: Decimal | float | str | None = None
    unit: str = ""
    arrests: int | None = None
    country: str = ""
    description: str = ""
    value_eur: Decimal | float | str | None = None


def _choice(value: str, choices, name: str) -> str:
    if value in choices.values:
        return value
    raise InvalidInput(
        _("Unknown value for %(field)s: %(value)s.") % {"field": name, "value": value}, field=name
    )


def _text(value: str, name: str, limit: int) -> str:
    text = (value or "").strip()
    if not text:
        raise InvalidInput(_("This field is required."), field=name)
    if len(text) > limit:
        raise InvalidInput(_("Write at most %(limit)s characters.") % {"limit": limit}, field=name)
    return text


def _writable(user, pk: int, lead: bool = False) -> JointOperation:
    """Return an operation ``user`` sees and may write in (or lead it, with ``lead``)."""
    require_role(user, *services.EXCHANGE_ROLES)
    operation = operations.get_operation(user, pk)
    if lead and not operations.may_lead(user, operation):
        raise PermissionDenied(_("Only the leading organisation's officers edit the operation."))
    if not operations.may_write(user, operation):
        raise PermissionDenied(_("Only embassy and partner officers write in an operation."))
    return operation


def _not_closed(operation: JointOperation, name: str) -> None:
    if operation.status == OperationStatus.CLOSED:
        raise Conflict(_("This operation is closed."), field=name)


def _apply(user, operation: JointOperation, data: OperationData) -> list:
    """Check ``data`` onto ``operation`` (unsaved); return the participating organisations."""
    operation.code = _text(data.code, "code", 40).upper()
    operation.name = _text(data.name, "name", 200)
    operation.objectives = _text(data.objectives, "objectives", MAX_TEXT)
    operation.handling = _choice(data.handling, HandlingCode, "handling")
    operation.status = _choice(data.status, OperationStatus, "status")
    if data.starts_on is None:
        raise InvalidInput(_("A date is required."), field="starts_on")
    operation.starts_on, operation.ends_on = data.starts_on, data.ends_on
    operation.agreement = None
    if data.agreement is not None:
        try:
            operation.agreement = partners.get_agreement(user, data.agreement)
        except NotFound:
            raise InvalidInput(_("Unknown agreement."), field="agreement") from None
    validate(operation, exclude=("leader", "created_by", "agreement"))
    wanted = set(data.participants) - {operation.leader_id}
    chosen = list(operations.organisations_to_invite(user).filter(pk__in=wanted))
    if len(chosen) != len(wanted):
        raise InvalidInput(_("Unknown organisation."), field="participants")
    plain = operations.policy_operation(
        operation, participants={operation.leader_id, *(o.pk for o in chosen)}
    )
    if plain.agreement is not None and not policy.is_party(plain.leader, plain.agreement):
        raise InvalidInput(
            _("Your organisation is not a party of this agreement."), field="agreement"
        )
    for organisation in sorted(chosen, key=lambda o: o.name):
        reason = policy.operation_refusal(services.as_policy_org(organisation), plain)
        if reason is not None:
            raise InvalidInput(
                operations.refusal_message(organisation, reason), field="participants"
            )
    return [operation.leader, *chosen]


def _code_taken() -> Conflict:
    return Conflict(_("Another operation already has this code."), field="code")


def _save(operation: JointOperation, organisations: list) -> JointOperation:
    if JointOperation.objects.filter(code=operation.code).exclude(pk=operation.pk).exists():
        raise _code_taken()
    try:
        with transaction.atomic():  # a concurrent twin hits the unique code
            operation.save()
    except IntegrityError:
        raise _code_taken() from None
    keep = {o.pk for o in organisations}
    operation.participations.exclude(organisation_id__in=keep).delete()
    present = set(operation.participations.values_list("organisation_id", flat=True))
    OperationParticipant.objects.bulk_create(
        OperationParticipant(operation=operation, organisation_id=pk)
        for pk in sorted(keep - present)
    )
    return operation


def create_operation(user, data: OperationData) -> JointOperation:
    """Start an operation led by the caller's organisation (embassy and partner officers)."""
    require_role(user, *operations.WRITE_ROLES)
    if user.organisation is None:
        raise PermissionDenied(_("Only members of an organisation lead an operation."))
    operation = JointOperation(leader=user.organisation, created_by=user)
    organisations = _apply(user, operation, data)
    return _save(operation, organisations)


def update_operation(user, pk: int, data: OperationData) -> JointOperation:
    """Change an operation and its participants (the leading organisation's officers)."""
    operation = _writable(user, pk, lead=True)
    organisations = _apply(user, operation, data)
    return _save(operation, organisations)


def add_log_entry(user, pk: int, text: str) -> LogEntry:
    """Append a dated entry to the operation's log (participants' officers)."""
    operation = _writable(user, pk)
    _not_closed(operation, "text")
    return LogEntry.objects.create(
        operation=operation,
        author=user,
        organisation=user.organisation,
        text=_text(text, "text", MAX_TEXT),
    )


def link_item(user, pk: int, item_id: int) -> OperationItem:
    """Link an item the caller may see to the operation (it stays shared as it was)."""
    operation = _writable(user, pk)
    _not_closed(operation, "item")
    try:
        item = services.get_item(user, item_id)
    except NotFound:
        raise InvalidInput(_("Unknown item."), field="item") from None
    already = _("This item is already linked to the operation.")
    if operation.links.filter(item=item).exists():
        raise Conflict(already, field="item")
    try:
        with transaction.atomic():  # a concurrent twin hits the unique link
            return OperationItem.objects.create(operation=operation, item=item, linked_by=user)
    except IntegrityError:
        raise Conflict(already, field="item") from None


def _amount(value, name: str, limit: Decimal) -> Decimal:
    try:
        amount = Decimal(str(value))
        if not amount.is_finite() or amount < 0 or amount > limit:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        raise InvalidInput(_("Give a positive number."), field=name) from None
    return amount


def _seizure(user, outcome: Outcome, data: OutcomeData) -> None:
    if data.item is not None:
        try:
            item = services.get_item(user, data.item)
        except NotFound:
            raise InvalidInput(_("Unknown item."), field="item") from None
        if item.kind != "seizure":
            raise InvalidInput(_("Link a seizure report."), field="item")
        outcome.item = item
    if data.quantity in (None, "") and outcome.item is None:
        raise InvalidInput(
            _("Give the quantity seized, or link the seizure report."), field="quantity"
        )
    if data.quantity in (None, ""):
        return
    outcome.drug = _choice(data.drug, Drug, "drug")
    outcome.unit = _choice(data.unit, QuantityUnit, "unit")
    quantity = _amount(data.quantity, "quantity", Decimal("1e10"))
    try:
        outcome.normalised_quantity, outcome.normalised_unit = identifiers.normalise_quantity(
            quantity, outcome.unit
        )
    except identifiers.BadIdentifier:
        raise InvalidInput(
            _("Give a positive quantity (whole for units)."), field="quantity"
        ) from None
    outcome.quantity = quantity.quantize(Decimal("0.001"))


def record_outcome(user, pk: int, data: OutcomeData) -> Outcome:
    """Record a seizure, arrests or assets of the operation (participants' officers)."""
    operation = _writable(user, pk)
    _not_closed(operation, "kind")
    kind = _choice(data.kind, OutcomeKind, "kind")
    if data.on is None:
        raise InvalidInput(_("A date is required."), field="on")
    if data.on > timezone.localdate():
        raise InvalidInput(_("This date is in the future."), field="on")
    outcome = Outcome(
        operation=operation,
        kind=kind,
        on=data.on,
        recorded_by=user,
        organisation=user.organisation,
    )
    if kind == OutcomeKind.SEIZURE:
        _seizure(user, outcome, data)
    elif kind == OutcomeKind.ARREST:
        if not isinstance(data.arrests, int) or isinstance(data.arrests, bool):
            raise InvalidInput(_("Give the number of people arrested."), field="arrests")
        if not 1 <= data.arrests <= 100_000:
            raise InvalidInput(_("Give the number of people arrested."), field="arrests")
        outcome.arrests = data.arrests
        country = Country.objects.filter(pk=(data.country or "").upper()[:2]).first()
        if country is None:
            raise InvalidInput(
                _("Unknown country code: %(code)s.") % {"code": data.country}, field="country"
            )
        outcome.country = country
    else:
        outcome.description = _text(data.description, "description", 300)
        if data.value_eur in (None, ""):
            raise InvalidInput(_("Give the value in euros."), field="value_eur")
        outcome.value_eur = _amount(data.value_eur, "value_eur", Decimal("1e14")).quantize(
            Decimal("0.01")
        )
    validate(outcome, exclude=("item", "recorded_by", "organisation", "operation"))
    outcome.save()
    return outcome
