"""API input and output models of the exchange: items, disseminations, answers."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from racine.core.schemas import InputSchema
from racine.exchange import compose


class DrugIn(InputSchema):
    drug: str
    quantity: Decimal = Field(gt=0, max_digits=13, decimal_places=3)
    unit: str


class PersonIn(InputSchema):
    full_name: str = Field(max_length=300)
    birth_date: date | None = None
    nationality: str = ""


class EntityIn(InputSchema):
    kind: str
    name: str = Field("", max_length=300)
    identifier: str = Field("", max_length=60)
    birth_date: date | None = None
    country: str = ""


class ItemIn(InputSchema):
    """A new item. The fields of its kind are required; the others must stay empty."""

    kind: str
    title: str = Field(max_length=300)
    body: str = Field("", max_length=100_000)
    handling: str
    distribution: str
    organisations: list[int] = []
    recipients: list[int] = []
    agreement: int | None = None
    source_reliability: str = "X"
    information_accuracy: str = "4"
    handling_conditions: str = ""
    people: list[PersonIn] = []
    entities: list[EntityIn] = []
    # seizure
    seized_on: date | None = None
    country: str = ""
    drugs: list[DrugIn] = []
    place: str = ""
    place_name: str = Field("", max_length=200)
    conveyance: str = ""
    concealment: str = Field("", max_length=300)
    origin: str = ""
    transits: list[str] = []
    destination: str = ""
    # alert
    subject_kind: str = ""
    reason: str = ""
    valid_from: date | None = None
    valid_until: date | None = None
    # request
    question: str = ""
    addressed_to: int | None = None
    deadline: date | None = None

    def to_data(self) -> compose.ItemData:
        people = [
            compose.EntityData(
                "person", p.full_name, birth_date=p.birth_date, country=p.nationality
            )
            for p in self.people
        ]
        others = [compose.EntityData(**e.dict()) for e in self.entities]
        data = compose.ItemData(
            kind=self.kind,
            title=self.title,
            body=self.body,
            handling=self.handling,
            distribution=self.distribution,
            organisations=self.organisations,
            recipients=self.recipients,
            agreement=self.agreement,
            source_reliability=self.source_reliability,
            information_accuracy=self.information_accuracy,
            handling_conditions=self.handling_conditions,
            entities=people + others,
        )
        if self.kind == "seizure":
            data.seizure = compose.SeizureData(
                seized_on=self.seized_on,
                country=self.country,
                drugs=[compose.DrugData(d.drug, d.quantity, d.unit) for d in self.drugs],
                place=self.place,
                place_name=self.place_name,
                conveyance=self.conveyance,
                concealment=self.concealment,
                origin=self.origin,
                transits=self.transits,
                destination=self.destination,
            )
        elif self.kind == "alert":
            data.alert = compose.AlertData(
                self.subject_kind,
                self.reason,
                self.valid_from,
                self.valid_until,
            )
        elif self.kind == "request":
            data.request = compose.RequestData(self.question, self.addressed_to or 0, self.deadline)
        return data


class ItemSummary(Schema):
    """What a list shows of an item: enough to choose it, not its content."""

    id: int
    kind: str
    title: str
    handling: str
    distribution: str
    originator: int
    author: int
    category: str
    personal_data: bool
    source_reliability: str
    information_accuracy: str
    handling_conditions: str
    created_at: datetime

    @staticmethod
    def resolve_originator(obj) -> int:
        return obj.originator_id

    @staticmethod
    def resolve_author(obj) -> int:
        return obj.author_id


class ItemPage(Schema):
    count: int
    page: int
    pages: int
    results: list[ItemSummary]


class DrugOut(Schema):
    drug: str
    quantity: Decimal
    unit: str
    normalised_quantity: Decimal
    normalised_unit: str


class SeizureOut(Schema):
    seized_on: date
    country: str
    place: str
    place_name: str
    conveyance: str
    concealment: str
    origin: str | None
    transits: list[str]
    destination: str | None
    drugs: list[DrugOut]

    @staticmethod
    def resolve_country(obj) -> str:
        return obj.country_id

    @staticmethod
    def resolve_origin(obj) -> str | None:
        return obj.origin_id

    @staticmethod
    def resolve_destination(obj) -> str | None:
        return obj.destination_id

    @staticmethod
    def resolve_drugs(obj) -> list:
        return list(obj.drugs.all())


class AlertOut(Schema):
    subject_kind: str
    reason: str
    valid_from: date
    valid_until: date


class AnswerOut(Schema):
    id: int
    author: int
    organisation: int
    body: str
    created_at: datetime

    @staticmethod
    def resolve_author(obj) -> int:
        return obj.author_id

    @staticmethod
    def resolve_organisation(obj) -> int:
        return obj.organisation_id


class RequestOut(Schema):
    question: str
    addressed_to: int
    deadline: date
    status: str
    answers: list[AnswerOut]

    @staticmethod
    def resolve_addressed_to(obj) -> int:
        return obj.addressed_to_id

    @staticmethod
    def resolve_status(obj) -> str:
        from django.utils import timezone

        return obj.current_status(timezone.localdate())

    @staticmethod
    def resolve_answers(obj) -> list:
        return list(obj.answers.all())


class EntityOut(Schema):
    kind: str
    name: str
    identifier: str
    birth_date: date | None
    country: str | None

    @staticmethod
    def resolve_country(obj) -> str | None:
        return obj.country_id


class ItemOut(ItemSummary):
    """An item with its content, its sharing and the details of its kind."""

    body: str
    organisations: list[int]
    recipients: list[int]
    agreement: int | None
    entities: list[EntityOut]
    seizure: SeizureOut | None
    alert: AlertOut | None
    request: RequestOut | None
    updated_at: datetime

    @staticmethod
    def resolve_organisations(obj) -> list[int]:
        return sorted(obj.organisations.values_list("pk", flat=True))

    @staticmethod
    def resolve_recipients(obj) -> list[int]:
        return sorted(obj.recipients.values_list("pk", flat=True))

    @staticmethod
    def resolve_agreement(obj) -> int | None:
        return obj.agreement_id

    @staticmethod
    def resolve_entities(obj) -> list:
        return list(obj.entities.all())

    @staticmethod
    def resolve_seizure(obj):
        return getattr(obj, "seizure", None) if obj.kind == "seizure" else None

    @staticmethod
    def resolve_alert(obj):
        return getattr(obj, "alert", None) if obj.kind == "alert" else None

    @staticmethod
    def resolve_request(obj):
        return getattr(obj, "request", None) if obj.kind == "request" else None


class DisseminationIn(Schema):
    organisation: int


class DecisionIn(Schema):
    accept: bool


class DisseminationOut(Schema):
    id: int
    item: int
    organisation: int
    status: str
    requested_by: int
    requested_at: datetime
    decided_by: int | None
    decided_at: datetime | None

    @staticmethod
    def resolve_item(obj) -> int:
        return obj.item_id

    @staticmethod
    def resolve_organisation(obj) -> int:
        return obj.organisation_id

    @staticmethod
    def resolve_requested_by(obj) -> int:
        return obj.requested_by_id

    @staticmethod
    def resolve_decided_by(obj) -> int | None:
        return obj.decided_by_id


class AnswerIn(Schema):
    body: str = Field(max_length=20_000)


class SharingIn(Schema):
    handling: str
    distribution: str
    organisations: list[int] = []
    recipients: list[int] = []
    agreement: int | None = None

    def to_data(self) -> compose.SharingData:
        return compose.SharingData(**self.dict())


class ImportDefaultsIn(Schema):
    """Sharing fields for every report of an imported file (a row's own value wins)."""

    format: str = Field("", description="jsonl, csv or xlsx; from the file's name if empty")
    handling: str = ""
    distribution: str = ""
    agreement: str = Field("", description="an agreement id")
    organisations: str = Field("", description="organisation ids separated by semicolons")
    recipients: str = Field("", description="user ids separated by semicolons")
    source_reliability: str = ""
    information_accuracy: str = ""
    handling_conditions: str = ""


class ImportOut(Schema):
    """A stored file: how many reports, and their ids in the file's order."""

    created: int
    ids: list[int]


class AttachmentOut(Schema):
    """A file attached to an item: the name is Racine's, the type detected from the bytes."""

    id: int
    item: int = Field(alias="item_id")
    name: str = Field(alias="display_name")
    description: str
    content_type: str
    size: int
    sha256: str
    uploaded_by: int = Field(alias="uploaded_by_id")
    uploaded_at: datetime
