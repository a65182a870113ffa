"""API input and output models of the sanctions app (lists, versions, entries, matching)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from racine.sanctions.matching import Query
from racine.sanctions.services import Hit

MAX_BATCH = 500


class VersionOut(Schema):
    number: int
    source_format: str
    source_name: str
    published: dt.date | None
    imported_at: dt.datetime
    entry_count: int
    added: int
    removed: int
    changed: int
    warnings: list[str]

    @staticmethod
    def resolve_added(obj) -> int:
        return len(obj.added)

    @staticmethod
    def resolve_removed(obj) -> int:
        return len(obj.removed)

    @staticmethod
    def resolve_changed(obj) -> int:
        return len(obj.changed)


class VersionDetail(VersionOut):
    added_entries: list[list[str]] = Field(description="[list id, name] of each added entry")
    removed_entries: list[list[str]]
    changed_entries: list[list[str]]

    @staticmethod
    def resolve_added_entries(obj) -> list:
        return obj.added

    @staticmethod
    def resolve_removed_entries(obj) -> list:
        return obj.removed

    @staticmethod
    def resolve_changed_entries(obj) -> list:
        return obj.changed


class ListOut(Schema):
    code: str = Field(description="ofac-sdn, un-sc, eu-fsf, ofac-cons or ftm:<dataset>")
    title: str
    size: int = Field(description="entries in the current version")
    current_version: VersionOut | None


class EntryOut(Schema):
    id: int
    list: str
    entity_id: str = Field(description="the list's own identifier (OFAC uid, UN DATAID…)")
    schema_: str = Field(alias="schema")
    caption: str
    programmes: list[str]
    listed_on: dt.date | None
    properties: dict[str, list[str]] = Field(description="FollowTheMoney properties")

    @staticmethod
    def resolve_list(obj) -> str:
        return obj.sanctions_list.code

    @staticmethod
    def resolve_schema_(obj) -> str:
        return obj.schema


class QueryIn(Schema):
    """What to screen: a name, and what else is known (each raises or lowers the score)."""

    name: str = Field(min_length=1, max_length=500)
    schema_: str = Field("", alias="schema", description="Person, Company, Organization, Vessel")
    birth_date: str = Field("", description="YYYY or YYYY-MM-DD")
    country: str = Field("", description="ISO 3166-1 alpha-2")
    identifier: str = Field("", max_length=200, description="passport, tax, IMO… number")

    def to_query(self, query_id: str = "") -> Query:
        return Query(
            query_id, self.name, self.schema_, self.birth_date, self.country, self.identifier
        )


class BatchIn(Schema):
    queries: dict[str, QueryIn] = Field(description=f"queries by your own id, {MAX_BATCH} at most")


class MatchOut(Schema):
    """One list entry matching a query, with every reason for its score."""

    rank: int
    score: float = Field(description="0 to 1; at or above the threshold")
    threshold: float
    list: str
    entity_id: str
    entry: int = Field(description="the entry's id in Racine (GET /sanctions/entries/{id})")
    caption: str
    schema_: str = Field(alias="schema")
    matched_name: str
    name_quality: str = Field(description="primary, strong, former or weak")
    features: dict[str, float] = Field(
        description="each feature's contribution: name, birth_year, country, identifier"
    )

    @staticmethod
    def of(hit: Hit) -> dict:
        return {
            "rank": hit.rank,
            "score": hit.match.score,
            "threshold": hit.match.threshold,
            "list": hit.entry.sanctions_list.code,
            "entity_id": hit.entry.entity_id,
            "entry": hit.entry.pk,
            "caption": hit.entry.caption,
            "schema": hit.entry.schema,
            "matched_name": hit.match.matched_name,
            "name_quality": hit.match.quality,
            "features": hit.match.features,
        }


class MatchResponse(Schema):
    threshold: float
    results: list[MatchOut]


class BatchResponse(Schema):
    threshold: float
    responses: dict[str, list[MatchOut]]
