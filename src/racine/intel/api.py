"""REST endpoints of the intel app: entity clusters, the review queue and networks.

Every answer is computed from the named entities of the items you may see
(:func:`racine.exchange.services.visible_items`): a link through an item you may not see
joins nothing in your answers, and an entity you may not see answers 404 like a missing one.
"""

from typing import Annotated

from django.db import transaction
from ninja import Router, Status
from pydantic import Field

from racine.core.schemas import RecordId, paginated
from racine.intel import networks, services
from racine.intel.schemas import (
    ClusterOut,
    DecisionIn,
    DecisionOut,
    NetworkOut,
    PathOut,
    ReviewPage,
)

router = Router(tags=["intel"])
Depth = Annotated[int, Field(ge=1, le=3)]


def _item_ref(item) -> dict:
    return {"id": item.pk, "title": item.title, "kind": item.kind, "date": services.item_date(item)}


@router.get("/intel/entities/{pk}", response=ClusterOut)
def get_entity(request, pk: RecordId):
    """Return an entity and its cluster: the records resolution joined to it, as you see them.

    Only records of items you may see are joined, shown or counted; two analysts may get
    two different clusters. 404 for an entity you may not see or that does not exist.
    Analysts and sanctions officers.
    """
    cluster = services.entity_cluster(request.user, pk)
    return {
        "entity": cluster.entity,
        "records": cluster.records,
        "items": [_item_ref(item) for item in cluster.items],
        "decisions": cluster.decisions,
    }


@router.get("/intel/review", response=ReviewPage)
def review_queue(request, page: int = 1):
    """List the pairs awaiting review, most likely first, 50 a page (analysts).

    A pair is listed when its match probability is in the review band and both its records
    belong to items you may see, until an analyst decides it.
    """
    answer = paginated(services.review_queue(request.user), page)
    records = services.records_of(request.user, answer["results"])
    answer["results"] = [
        {
            "left": records[link.left_id],
            "right": records[link.right_id],
            "probability": link.probability,
            "reason": link.reason,
        }
        for link in answer["results"]
    ]
    return answer


@router.post("/intel/pairs/{left}/{right}/decision", response={201: DecisionOut})
def decide(request, left: RecordId, right: RecordId, payload: DecisionIn):
    """Decide whether two records are the same entity, or revise the pair's decision.

    `verdict` is `same` (they are joined for every reader who sees both) or `different`
    (they are never in one cluster: an un-merge). `revises` names the revision replaced:
    0 for a pair not decided yet, else its current `revision`; a pair decided meanwhile
    answers 409. Every verdict is kept in the pair's `history` and the audit log.
    """
    data = services.DecisionData(left, right, payload.verdict, payload.reason, payload.revises)
    with transaction.atomic():
        return Status(201, services.decide(request.user, data))


@router.get("/intel/entities/{pk}/network", response=NetworkOut)
def get_network(request, pk: RecordId, depth: Depth = 1):
    """Return an entity's neighbourhood: the entities and items within `depth` steps (1–3).

    Entities are joined to the items they appear in, so two entities of one item are one
    step apart. Only items you may see and their entities are nodes: a hidden item adds
    no node, no edge and no path. At most 200 nodes, in id order (`truncated` is true when
    the bound cut the answer). `communities` groups node keys by greedy modularity.
    404 for an entity you may not see. Analysts and sanctions officers.
    """
    view = networks.entity_network(request.user, pk, depth)
    return {
        "root": view.root,
        "depth": view.depth,
        "truncated": view.truncated,
        "nodes": view.nodes,
        "edges": [
            {"source": edge["source"]["key"], "target": edge["target"]["key"]}
            for edge in view.edges
        ],
        "communities": [[node["key"] for node in group] for group in view.communities],
    }


@router.get("/intel/entities/{pk}/path/{other}", response=PathOut)
def get_path(request, pk: RecordId, other: RecordId):
    """Return a shortest path from entity `pk` to entity `other`, through items you may see.

    The path alternates entities and the items that join them; `found` is false when there
    is none within three steps among what you may see (a path through an item you may not
    see does not exist for you). 404 when either entity is hidden from you or missing.
    """
    path = networks.entity_path(request.user, pk, other)
    return {"found": path is not None, "nodes": path or []}
