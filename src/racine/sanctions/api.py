"""REST endpoints of the sanctions app: lists, their versions and entries, and matching.

Reserved to sanctions officers; everyone else gets 403. Matching follows the spirit of
OpenSanctions' yente ``/match``: one query, or a batch keyed by the caller's own ids.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Query as QueryParams
from ninja import Router, Schema

from racine.core.errors import InvalidInput
from racine.sanctions import services
from racine.sanctions.matching import DEFAULT_THRESHOLD
from racine.sanctions.schemas import (
    MAX_BATCH,
    BatchIn,
    BatchResponse,
    EntryOut,
    ListOut,
    MatchOut,
    MatchResponse,
    QueryIn,
    VersionDetail,
)

router = Router(tags=["sanctions"])


class MatchOptions(Schema):
    threshold: float = DEFAULT_THRESHOLD
    limit: int = 10


@router.get("/sanctions/lists", response=list[ListOut])
def list_lists(request):
    """List the imported sanctions lists with their current version and size."""
    return list(services.list_lists(request.user))


@router.get("/sanctions/lists/{code}/versions", response=list[VersionDetail])
def list_versions(request, code: str):
    """List the versions of one list, newest first, each with what it added, removed, changed."""
    return list(services.list_versions(request.user, services.get_list(request.user, code)))


@router.get("/sanctions/entries/{pk}", response=EntryOut)
def get_entry(request, pk: int):
    """Return one list entry as a FollowTheMoney entity with its programmes and listing date."""
    return services.get_entry(request.user, pk)


def _options(options: MatchOptions) -> MatchOptions:
    if not 0 <= options.threshold <= 1:
        raise InvalidInput(_("The threshold is between 0 and 1."), field="threshold")
    if not 1 <= options.limit <= 100:
        raise InvalidInput(_("The limit is between 1 and 100."), field="limit")
    return options


@router.post("/sanctions/match", response=MatchResponse)
def match(request, payload: QueryIn, options: QueryParams[MatchOptions]):
    """Screen one name against every list; return the matches above `threshold`, best first.

    Each result says which list entry matched (`list`, `entity_id`), through which of its
    names (`matched_name`, `name_quality`), and how each feature contributed to `score`:
    `name` (0–1 similarity), `birth_year` (same year +, conflicting year −), `country`,
    `identifier` (same passport, tax or IMO number +).
    """
    options = _options(options)
    query = services.validate_query(payload.to_query("query"))
    with transaction.atomic():
        hits = services.screen(request.user, [query], options.threshold, options.limit)
    return {"threshold": options.threshold, "results": [MatchOut.of(hit) for hit in hits]}


@router.post("/sanctions/match/batch", response=BatchResponse)
def match_batch(request, payload: BatchIn, options: QueryParams[MatchOptions]):
    """Screen up to 500 names at once; answers are keyed by the ids the queries were sent with.

    A query with no match above the threshold gets an empty list. One invalid query
    refuses the whole batch, naming it.
    """
    options = _options(options)
    if not payload.queries:
        raise InvalidInput(_("Send at least one query."), field="queries")
    if len(payload.queries) > MAX_BATCH:
        raise InvalidInput(
            _("At most %(count)s queries per batch.") % {"count": MAX_BATCH}, field="queries"
        )
    queries = []
    for query_id, query in payload.queries.items():
        try:
            queries.append(services.validate_query(query.to_query(query_id)))
        except InvalidInput as error:
            raise InvalidInput(
                _("query %(id)s: %(error)s") % {"id": query_id, "error": error.detail},
                field=error.field,
            ) from error
    with transaction.atomic():
        hits = services.screen(request.user, queries, options.threshold, options.limit)
    responses: dict[str, list[dict]] = {query.id: [] for query in queries}
    for hit in hits:
        responses[hit.query_id].append(MatchOut.of(hit))
    return {"threshold": options.threshold, "responses": responses}
