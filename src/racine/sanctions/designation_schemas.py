"""API input and output models of the regimes and their designations."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from racine.core.schemas import RecordId
from racine.sanctions.designations import DesignationData, StageData, TransitionData

Text = Field(max_length=300)


class StageOut(Schema):
    on: dt.date
    stage: int = Field(
        description="1 proposed, 2 under negotiation, 3 political agreement, 4 adopted"
    )
    label: str
    evidence: str
    reference: str

    @staticmethod
    def resolve_label(obj) -> str:
        return str(obj.get_stage_display())


class RegimeOut(Schema):
    code: str = Field(description="also the code of the regime's list (`list` in matches)")
    name: str
    name_fr: str
    name_es: str
    name_en: str
    description: str
    stage: int | None
    stage_label: str

    @staticmethod
    def resolve_stage_label(obj) -> str:
        return str(obj.get_stage_display() or "")


class RegimeDetail(RegimeOut):
    history: list[StageOut]

    @staticmethod
    def resolve_history(obj) -> list:
        return list(obj.stage_changes.order_by("on", "pk"))


class StageIn(Schema):
    stage: int = Field(ge=1, le=4)
    on: dt.date
    evidence: str = Field(max_length=5_000)
    reference: str = Field("", max_length=300)

    def to_data(self) -> StageData:
        return StageData(**self.dict())


class DesignationIn(Schema):
    """A designation's content; lists hold one value each."""

    schema_: str = Field(alias="schema", description="Person, Company, Organization or Vessel")
    name: str = Field(max_length=300)
    statement_of_reasons: str = Field(max_length=10_000)
    evidence: str = Field(max_length=10_000)
    proposing_organisation: RecordId
    aliases: list[str] = Field([], max_length=50)
    birth_date: str = Field("", max_length=10, description="YYYY or YYYY-MM-DD")
    countries: list[str] = Field([], max_length=20, description="ISO 3166-1 alpha-2 codes")
    passport_number: str = Field("", max_length=100)
    national_id: str = Field("", max_length=100)
    tax_number: str = Field("", max_length=100)
    registration_number: str = Field("", max_length=100)
    imo_number: str = Field("", max_length=20)
    addresses: list[str] = Field([], max_length=20)
    evidence_references: list[str] = Field([], max_length=50)
    exchange_items: list[RecordId] = Field(
        [], max_length=50, description="ids of exchange items you may see"
    )

    def to_data(self) -> DesignationData:
        values = self.dict(exclude={"schema_", "regime"})
        return DesignationData(schema=self.schema_, **values)


class NewDesignationIn(DesignationIn):
    regime: str = Field("eu-oc", max_length=40)


class TransitionIn(Schema):
    action: str = Field(description="propose, review, send_back, adopt, amend or delist")
    comment: str = Field("", max_length=2_000)
    legal_act_reference: str = Field("", max_length=300, description="to adopt, amend, delist")
    legal_act_date: dt.date | None = None
    amendment: DesignationIn | None = Field(None, description="the new content, to amend")

    def to_data(self) -> TransitionData:
        return TransitionData(
            self.action,
            self.comment,
            self.legal_act_reference,
            self.legal_act_date,
            self.amendment.to_data() if self.amendment else None,
        )


class EventOut(Schema):
    kind: str
    from_status: str
    to_status: str
    comment: str
    legal_act_reference: str
    legal_act_date: dt.date | None
    changes: dict = Field(description="{field: [before, after]}")
    by: str
    at: dt.datetime

    @staticmethod
    def resolve_by(obj) -> str:
        return obj.by.username if obj.by else ""


class DesignationOut(Schema):
    id: int
    regime: str
    entity_id: str = Field(description="its identifier on the regime's list, once adopted")
    schema_: str = Field(alias="schema")
    name: str
    aliases: list[str]
    birth_date: str
    countries: list[str]
    passport_number: str
    national_id: str
    tax_number: str
    registration_number: str
    imo_number: str
    addresses: list[str]
    statement_of_reasons: str
    evidence: str
    evidence_references: list[str]
    proposing_organisation: int
    status: str
    legal_act_reference: str
    legal_act_date: dt.date | None

    @staticmethod
    def resolve_regime(obj) -> str:
        return obj.regime.code

    @staticmethod
    def resolve_schema_(obj) -> str:
        return obj.schema

    @staticmethod
    def resolve_proposing_organisation(obj) -> int:
        return obj.proposing_organisation_id


class DesignationDetail(DesignationOut):
    exchange_items: list[int] = Field(description="linked items you may see")
    history: list[EventOut]
