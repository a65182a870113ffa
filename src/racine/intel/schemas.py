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


class NodeOut(Schema):
    """A node of your network: an entity (one of your clusters) or an item you may see.

    `key` is unique in the answer (`e12`, `i7`); `ref` is the entity's id (read it at
    `/api/intel/entities/{ref}`) or the item's (`/api/exchange/items/{ref}`).
    """

    key: str
    role: str
    ref: int
    label: str
    kind: str


class EdgeOut(Schema):
    """An entity appears in an item (`source`: the entity's key, `target`: the item's)."""

    source: str
    target: str


class NetworkOut(Schema):
    """An entity's neighbourhood among what you may see, with its communities."""

    root: str
    depth: int
    truncated: bool
    nodes: list[NodeOut]
    edges: list[EdgeOut]
    communities: list[list[str]]


class PathOut(Schema):
    """A shortest path between two entities (`found` false and no nodes when none)."""

    found: bool
    nodes: list[NodeOut]
