"""API input and output models of joint operations."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from racine.core.schemas import RecordId
from racine.exchange import operation_writes, operations
from racine.exchange.schemas import ItemSummary


class OperationIn(Schema):
    """An operation as its leading organisation states it."""

    code: str = Field(max_length=40)
    name: str = Field(max_length=200)
    starts_on: date
    ends_on: date | None = None
    objectives: str = Field(max_length=20_000)
    status: str = "planned"
    handling: str
    agreement: RecordId | None = None
    participants: list[RecordId] = Field([], max_length=200)

    def to_data(self) -> operation_writes.OperationData:
        return operation_writes.OperationData(**self.dict())


class LogEntryIn(Schema):
    text: str = Field(max_length=20_000)


class LinkIn(Schema):
    item: RecordId


class OutcomeIn(Schema):
    """A seizure (`drug`, `quantity`, `unit`, and/or `item`), arrests or assets."""

    kind: str
    on: date
    item: RecordId | None = None
    drug: str = ""
    quantity: Decimal | None = Field(None, gt=0, max_digits=13, decimal_places=3)
    unit: str = ""
    arrests: int | None = Field(None, ge=1, le=100_000)
    country: str = Field("", max_length=2)
    description: str = Field("", max_length=300)
    value_eur: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)

    def to_data(self) -> operation_writes.OutcomeData:
        return operation_writes.OutcomeData(**self.dict())


class OperationSummary(Schema):
    """What a list shows of an operation."""

    id: int
    code: str
    name: str
    leader: int
    status: str
    handling: str
    starts_on: date
    ends_on: date | None
    agreement: int | None

    @staticmethod
    def resolve_leader(obj) -> int:
        return obj.leader_id

    @staticmethod
    def resolve_agreement(obj) -> int | None:
        return obj.agreement_id


class OperationPage(Schema):
    count: int
    page: int
    pages: int
    results: list[OperationSummary]


class LogEntryOut(Schema):
    id: int
    author: int
    organisation: int
    created_at: datetime
    text: str

    @staticmethod
    def resolve_author(obj) -> int:
        return obj.author_id

    @staticmethod
    def resolve_organisation(obj) -> int:
        return obj.organisation_id


class LinkOut(Schema):
    operation: int
    item: int
    linked_by: int
    linked_at: datetime

    @staticmethod
    def resolve_operation(obj) -> int:
        return obj.operation_id

    @staticmethod
    def resolve_item(obj) -> int:
        return obj.item_id

    @staticmethod
    def resolve_linked_by(obj) -> int:
        return obj.linked_by_id


class OutcomeOut(Schema):
    """An outcome; `item` is the seizure report only when you may see it, else null."""

    id: int
    kind: str
    on: date
    item: int | None
    drug: str
    quantity: Decimal | None
    unit: str
    normalised_quantity: Decimal | None
    normalised_unit: str
    arrests: int | None
    country: str | None
    description: str
    value_eur: Decimal | None
    organisation: int
    recorded_by: int
    recorded_at: datetime

    @staticmethod
    def resolve_item(obj) -> int | None:
        return getattr(obj, "visible_item_id", None)

    @staticmethod
    def resolve_country(obj) -> str | None:
        return obj.country_id

    @staticmethod
    def resolve_organisation(obj) -> int:
        return obj.organisation_id

    @staticmethod
    def resolve_recorded_by(obj) -> int:
        return obj.recorded_by_id


class DrugTotal(Schema):
    drug: str
    quantity: Decimal
    unit: str


class Totals(Schema):
    drugs: list[DrugTotal]
    arrests: int
    assets_eur: Decimal


class OperationOut(OperationSummary):
    """An operation with its participants, the linked items you may see, outcomes and log."""

    objectives: str
    participants: list[int]
    items: list[ItemSummary]
    outcomes: list[OutcomeOut]
    totals: Totals
    log: list[LogEntryOut]
    created_at: datetime
    updated_at: datetime

    # The reader decides what the operation shows: its linked items and outcomes' reports
    # go through the items' sharing policy.
    @staticmethod
    def resolve_participants(obj) -> list[int]:
        return sorted(obj.participations.values_list("organisation_id", flat=True))

    @staticmethod
    def resolve_items(obj, context) -> list:
        return list(operations.linked_items(context["request"].user, obj))

    @staticmethod
    def resolve_outcomes(obj, context) -> list:
        return _outcomes(obj, context["request"].user)

    @staticmethod
    def resolve_totals(obj, context) -> dict:
        return operations.totals(_outcomes(obj, context["request"].user))

    @staticmethod
    def resolve_log(obj) -> list:
        return list(operations.log_entries(obj))


def _outcomes(operation, user) -> list:
    if not hasattr(operation, "_outcomes_read"):
        operation._outcomes_read = operations.outcomes(user, operation)
    return operation._outcomes_read
