"""The sharing policy of exchanged items, as plain data: who may see what, and why.

This engine imports no Django. It states the rule once, in the words of the issue, for
the tests (the database filter in :func:`racine.exchange.services.visibility_filter` is
compared with :func:`may_see` over an exhaustive matrix and random cases) and for the
documentation. The application never filters fetched rows with it: reads go through the
database filter, so a page, a count or a search never touches a forbidden item.

The rule. A reader sees an item only if the reader is active, holds an exchange role,
and one of these holds:

- the item is CLEAR (CLEAR items never carry personal data);
- the reader is its author;
- the reader's organisation is the originator or a recipient (by the distribution, or
  by an accepted dissemination while the item's code is neither AMBER+STRICT nor RED),
  the reader is named among the recipients when the item is RED, and, when the two
  organisations belong to different states, the legal basis holds: the item's
  agreement is in force today, both organisations are its parties, and its provisions
  cover the item's category (and ``personal_data`` when the item carries personal data)
  at the item's handling code.

A French State service belongs to France wherever it sits (an embassy included); any
other organisation belongs to the country it is registered in. The parties of an
agreement are every French State service and the agreement's partner organisations.
A provision at one code covers that code and every stricter one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FRANCE = "FR"

# TLP 2.0 codes from the least to the most restrictive (values of core.choices.HandlingCode).
HANDLING_ORDER = ("clear", "green", "amber", "amber_strict", "red")
CLEAR, GREEN, AMBER, AMBER_STRICT, RED = HANDLING_ORDER

EXCHANGE_ROLES = frozenset({"embassy_officer", "partner_officer", "analyst", "sanctions_officer"})
DISTRIBUTIONS = ("originator", "organisations", "agreement", "platform")
PERSONAL_DATA = "personal_data"
# Codes under which an item may not be passed on to a third organisation.
NOT_DISSEMINABLE = frozenset({AMBER_STRICT, RED})


@dataclass(frozen=True)
class Organisation:
    """An organisation as the policy sees it."""

    id: int
    french_state: bool
    country: str


@dataclass(frozen=True)
class Agreement:
    """An agreement as the policy sees it: in force today or not, its partners, its provisions."""

    id: int
    in_force: bool
    partner_organisations: frozenset[int] = frozenset()
    provisions: frozenset[tuple[str, str]] = frozenset()  # (category, handling code)


@dataclass(frozen=True)
class Item:
    """An exchanged item as the policy sees it."""

    id: int
    category: str
    handling: str
    distribution: str
    originator: Organisation
    author: int
    personal_data: bool = False
    agreement: Agreement | None = None
    organisations: frozenset[int] = frozenset()  # listed, for the "organisations" distribution
    recipients: frozenset[int] = frozenset()  # named users (RED)
    disseminated_to: frozenset[int] = frozenset()  # organisations of accepted disseminations


@dataclass(frozen=True)
class Reader:
    """Someone who asks to read items."""

    id: int
    active: bool
    roles: frozenset[str]
    organisation: Organisation | None


@dataclass(frozen=True)
class Refusal:
    """Why an organisation may not receive an item (to name it in an error)."""

    organisation: int
    reason: str
    details: tuple[str, ...] = field(default_factory=tuple)


def rank(code: str) -> int:
    """Return the strictness of a handling code (CLEAR is 0, RED is 4)."""
    return HANDLING_ORDER.index(code)


def codes_at_most(code: str) -> tuple[str, ...]:
    """Return the codes no stricter than ``code``: the provisions that cover an item at ``code``."""
    return HANDLING_ORDER[: rank(code) + 1]


def state_of(organisation: Organisation) -> str:
    """Return the state an organisation belongs to (France for every French State service)."""
    return FRANCE if organisation.french_state else organisation.country


def is_party(organisation: Organisation, agreement: Agreement) -> bool:
    """Return whether an organisation is a party of an agreement."""
    return organisation.french_state or organisation.id in agreement.partner_organisations


def covers(provisions: frozenset[tuple[str, str]], category: str, handling: str) -> bool:
    """Return whether some provision for ``category`` sits at ``handling`` or a laxer code."""
    allowed = codes_at_most(handling)
    return any(cat == category and code in allowed for cat, code in provisions)


def missing_provisions(item: Item) -> tuple[str, ...]:
    """Return the categories the item's agreement does not cover at the item's code."""
    provisions = item.agreement.provisions if item.agreement else frozenset()
    needed = [item.category] + ([PERSONAL_DATA] if item.personal_data else [])
    return tuple(c for c in needed if not covers(provisions, c, item.handling))


def legal_basis_refusal(organisation: Organisation, item: Item) -> str | None:
    """Return why ``organisation`` lacks a legal basis to receive ``item``, or None if it has one.

    Within one state no agreement is needed. Across states the item's agreement must be
    in force, both organisations its parties, and its provisions must cover the item.
    """
    if state_of(organisation) == state_of(item.originator):
        return None
    agreement = item.agreement
    if agreement is None:
        return "no_agreement"
    if not agreement.in_force:
        return "agreement_not_in_force"
    if not is_party(item.originator, agreement):
        return "originator_not_party"
    if not is_party(organisation, agreement):
        return "not_party"
    if missing_provisions(item):
        return "not_covered"
    return None


def is_recipient(organisation: Organisation, item: Item) -> bool:
    """Return whether the distribution or an accepted dissemination reaches ``organisation``.

    An accepted dissemination reaches only while the item's code may be disseminated:
    raising the item to AMBER+STRICT or RED takes that access away (lowering the code
    gives it back), as the originator could not have accepted it at those codes.
    """
    if organisation.id == item.originator.id:
        return True
    if organisation.id in item.disseminated_to and may_be_disseminated(item.handling):
        return True
    if item.distribution == "platform":
        return True
    if item.distribution == "organisations":
        return organisation.id in item.organisations
    if item.distribution == "agreement":
        return item.agreement is not None and is_party(organisation, item.agreement)
    return False


def may_see(reader: Reader, item: Item) -> bool:
    """Return whether ``reader`` may see ``item``: the whole rule, in one place."""
    if not reader.active or not (reader.roles & EXCHANGE_ROLES):
        return False
    if item.handling == CLEAR or reader.id == item.author:
        return True
    organisation = reader.organisation
    if organisation is None or not is_recipient(organisation, item):
        return False
    if item.handling == RED and reader.id not in item.recipients:
        return False
    return legal_basis_refusal(organisation, item) is None


def creation_refusals(item: Item, listed: list[Organisation]) -> list[Refusal]:
    """Return what is wrong with sharing ``item`` with ``listed`` organisations (empty if fine).

    Every organisation named by the distribution must have a legal basis. For the
    ``agreement`` distribution the agreement's partner organisations are named.
    """
    refusals = []
    for organisation in listed:
        reason = legal_basis_refusal(organisation, item)
        if reason is not None:
            refusals.append(Refusal(organisation.id, reason, missing_provisions(item)))
    return refusals


def may_be_disseminated(handling: str) -> bool:
    """Return whether an item at ``handling`` may be passed on to a third organisation."""
    return handling not in NOT_DISSEMINABLE


# --- joint operations ----------------------------------------------------------------------
# An operation is seen by the members (active, with an exchange role) of its participating
# organisations only, whatever its handling code. When the reader's organisation and the
# leading organisation belong to different states, the operation's agreement must hold as
# for an item: in force today, both organisations its parties, and a provision covering
# joint operations at the operation's code. The linked items keep their own sharing.

OPERATIONS = "joint_operations"


@dataclass(frozen=True)
class Operation:
    """A joint operation as the policy sees it."""

    id: int
    handling: str
    leader: Organisation
    participants: frozenset[int]
    agreement: Agreement | None = None


def operation_refusal(organisation: Organisation, operation: Operation) -> str | None:
    """Return why ``organisation`` lacks a legal basis to take part, or None if it has one."""
    if state_of(organisation) == state_of(operation.leader):
        return None
    agreement = operation.agreement
    if agreement is None:
        return "no_agreement"
    if not agreement.in_force:
        return "agreement_not_in_force"
    if not is_party(operation.leader, agreement):
        return "originator_not_party"
    if not is_party(organisation, agreement):
        return "not_party"
    if not covers(agreement.provisions, OPERATIONS, operation.handling):
        return "not_covered"
    return None


def may_see_operation(reader: Reader, operation: Operation) -> bool:
    """Return whether ``reader`` may see ``operation``: the whole rule, in one place."""
    if not reader.active or not (reader.roles & EXCHANGE_ROLES):
        return False
    organisation = reader.organisation
    if organisation is None or organisation.id not in operation.participants:
        return False
    return operation_refusal(organisation, operation) is None
