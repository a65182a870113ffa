"""API input and output models of the intel app: records, clusters, the review queue."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from racine.core.schemas import InputSchema


class RecordOut(Schema):
    """A named entity of an item you may see."""

    id: int
    kind: str
    name: str
    identifier: str
    birth_date: date | None
    country: str | None = Field(None, alias="country_id")
    item: int = Field(alias="item_id")


class ItemRef(Schema):
    """An item a record of the cluster appears in (read it at `/api/exchange/items/{id}`)."""

    id: int
    title: str
    kind: str
    date: date


class RevisionOut(Schema):
    number: int
    verdict: str
    reason: str
    decided_by: str
    decided_at: datetime

    @staticmethod
    def resolve_decided_by(revision) -> str:
        return revision.decided_by.username


class DecisionOut(Schema):
    """An analyst's current verdict on a pair, with every earlier one."""

    left: int = Field(alias="left_id")
    right: int = Field(alias="right_id")
    verdict: str
    reason: str
    revision: int
    decided_at: datetime
    history: list[RevisionOut] = []

    @staticmethod
    def resolve_history(decision) -> list:
        return list(decision.revisions.all())


class ClusterOut(Schema):
    """An entity and what you may see of its cluster: records, items, decisions."""

    entity: RecordOut
    records: list[RecordOut]
    items: list[ItemRef]
    decisions: list[DecisionOut]


class PairOut(Schema):
    """A proposed pair awaiting review: two records you may see, and how likely the same."""

    left: RecordOut
    right: RecordOut
    probability: float
    reason: str


class ReviewPage(Schema):
    count: int
    page: int
    pages: int
    results: list[PairOut]


class DecisionIn(InputSchema):
    """`verdict` is `same` or `different`; `revises` the revision replaced (0 if undecided)."""

    verdict: str = Field(max_length=20)
    reason: str = Field(max_length=2000)
    revises: int = Field(0, ge=0, le=2**31 - 1)
