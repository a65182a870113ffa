"""The rules of the intel app: what each reader sees of the resolution, and their decisions.

Every read starts from :func:`racine.exchange.services.visible_entities` — the named
entities of :func:`racine.exchange.services.visible_items` — inside the query: a link
counts for a reader only when **both** its records are theirs to see, so a link through
an item they may not see joins nothing for them, and two analysts may see two different
clusters. An entity the reader may not see raises :class:`NotFound`, as a missing one.
Links are never shown as such; clusters, the review queue and counts are computed from
them at read time, with analysts' decisions applied. Callers own the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from racine.core.choices import RoleCode
from racine.core.errors import Conflict, InvalidInput, NotFound
from racine.core.permissions import has_role, require_role
from racine.exchange import services as exchange
from racine.intel.choices import Verdict
from racine.intel.models import Decision, DecisionRevision, Link
from racine.intel.resolution.entities import constrained_clusters

READERS = (RoleCode.ANALYST, RoleCode.SANCTIONS_OFFICER)  # entity pages
REVIEWERS = (RoleCode.ANALYST,)  # the review queue and its decisions
MAX_REASON = 2000
ACCEPTED_STRENGTH = 2.0  # an accepted pair is joined before any computed link


def review_band() -> tuple[float, float]:
    """Return (lower, upper): pairs in [lower, upper) are reviewed, from upper on linked."""
    lower, upper = settings.RACINE_INTEL_REVIEW_BAND
    return float(lower), float(upper)


def may_review(user) -> bool:
    """Return whether ``user`` may use the review queue."""
    return has_role(user, *REVIEWERS)


def _visible_ids(user) -> QuerySet:
    return exchange.visible_entities(user).values("pk")


def _both_visible(queryset: QuerySet, user) -> QuerySet:
    ids = _visible_ids(user)
    return queryset.filter(left_id__in=ids, right_id__in=ids)


def get_entity(user, pk: int):
    """Return one named entity ``user`` may see (with its item), or raise :class:`NotFound`."""
    require_role(user, *READERS)
    found = (
        exchange.visible_entities(user)
        .select_related("item", "item__originator", "country")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound(_("No entity with id %(id)s.") % {"id": pk})
    return found


def cluster_members(user, pk: int) -> set[int]:
    """Return the ids of the records in the cluster of entity ``pk``, as ``user`` sees it.

    The connected component of ``pk`` over the links at or above the review band's upper
    bound and the pairs judged the same, among visible records only; then pairs judged
    different are kept apart (:func:`constrained_clusters`), even through other records.
    """
    get_entity(user, pk)
    clusters = clusters_around(user, {pk})
    return {node for node, cluster in clusters.items() if cluster == clusters[pk]}


def clusters_around(user, seeds: set[int]) -> dict[int, int]:
    """Return, for the visible records ``seeds`` and every record in their clusters, the
    cluster's smallest id, as ``user`` sees it (see :func:`cluster_members`).

    ``seeds`` must be ids of records ``user`` may see (from ``visible_entities``): links
    count only between two visible records, so nothing hidden is reached from them.
    """
    if not seeds:
        return {}
    _lower, upper = review_band()
    strong = _both_visible(Link.objects.filter(probability__gte=upper), user)
    same = _both_visible(Decision.objects.filter(verdict=Verdict.SAME), user)
    reached, frontier = set(seeds), set(seeds)
    edges: dict[tuple[int, int], float] = {}
    while frontier:
        near = Q(left_id__in=frontier) | Q(right_id__in=frontier)
        for left, right, probability in strong.filter(near).values_list(
            "left_id", "right_id", "probability"
        ):
            edges[(left, right)] = max(edges.get((left, right), 0.0), probability)
        for left, right in same.filter(near).values_list("left_id", "right_id"):
            edges[(left, right)] = ACCEPTED_STRENGTH
        found = {node for pair in edges for node in pair}
        frontier = found - reached
        reached |= found
    apart = Decision.objects.filter(
        verdict=Verdict.DIFFERENT, left_id__in=reached, right_id__in=reached
    ).values_list("left_id", "right_id")
    return constrained_clusters(
        reached, [(left, right, strength) for (left, right), strength in edges.items()], apart
    )


@dataclass
class ClusterView:
    """What a reader sees of one entity's cluster: its records, their items, a timeline."""

    entity: object
    records: list = field(default_factory=list)
    items: list = field(default_factory=list)
    timeline: list[dict] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)


def item_date(item):
    """Return the date an item tells of: the seizure's, else the day it was shared."""
    seizure = getattr(item, "seizure", None) if item.kind == "seizure" else None
    return seizure.seized_on if seizure is not None else item.created_at.date()


def entity_cluster(user, pk: int) -> ClusterView:
    """Return entity ``pk``'s cluster as ``user`` sees it (404 when the entity is hidden)."""
    entity = get_entity(user, pk)
    members = cluster_members(user, pk)
    records = list(
        exchange.visible_entities(user)
        .filter(pk__in=members)
        .select_related("item", "item__originator", "country")
        .order_by("pk")
    )
    items = {record.item_id: record.item for record in records}
    timeline = sorted(
        (
            {
                "date": item_date(item),
                "item": item,
                "records": [r for r in records if r.item_id == item.pk],
            }
            for item in items.values()
        ),
        key=lambda event: (event["date"], event["item"].pk),
    )
    decisions = list(
        _both_visible(Decision.objects.all(), user)
        .filter(Q(left_id__in=members) | Q(right_id__in=members))
        .select_related("decided_by")
        .prefetch_related("revisions__decided_by")
    )
    for decision in decisions:
        _withhold_foreign_reasons(user, [decision, *decision.revisions.all()])
    return ClusterView(entity, records, list(items.values()), timeline, decisions)


def _withhold_foreign_reasons(user, verdicts) -> None:
    """Blank the reasons written in another organisation (in memory, for this reader only).

    A reason may tell of items only its author's organisation may see; the verdict, who
    gave it and when stay visible to every reader of both records.
    """
    for verdict in verdicts:
        if verdict.decided_by.organisation_id != user.organisation_id:
            verdict.reason = _("(a reason kept by the deciding organisation)")


# --- the review queue ----------------------------------------------------------------------


def review_queue(user) -> QuerySet[Link]:
    """Return the undecided pairs in the review band whose two records ``user`` may see."""
    require_role(user, *REVIEWERS)
    lower, upper = review_band()
    decided = Decision.objects.filter(left_id=OuterRef("left_id"), right_id=OuterRef("right_id"))
    links = Link.objects.filter(probability__gte=lower, probability__lt=upper)
    return (
        _both_visible(links, user)
        .exclude(Exists(decided))
        .order_by("-probability", "left_id", "right_id")
    )


def records_of(user, links) -> dict[int, object]:
    """Return the visible records the ``links`` name, by id (with their items)."""
    ids = {pk for link in links for pk in (link.left_id, link.right_id)}
    records = exchange.visible_entities(user).filter(pk__in=ids)
    return {record.pk: record for record in records.select_related("item", "country")}


@dataclass(frozen=True)
class DecisionData:
    """A verdict on a pair; ``revises`` is the revision it replaces (0 for a first one)."""

    left: int
    right: int
    verdict: str
    reason: str
    revises: int = 0


def decide(user, data: DecisionData) -> Decision:
    """Record a verdict on a pair of visible records, or revise the current one (un-merge).

    ``revises`` must name the pair's current revision (0 when undecided): of two analysts
    deciding at once, one is stored and the other told the pair was decided meanwhile
    (409). Every verdict is kept in the pair's history and written to the audit log.
    """
    require_role(user, *REVIEWERS)
    left, right = sorted((data.left, data.right))
    if left == right:
        raise InvalidInput(_("A record cannot be compared with itself."), field="right")
    if data.verdict not in Verdict.values:
        raise InvalidInput(_("Choose a verdict."), field="verdict")
    reason = data.reason.strip()
    if not reason:
        raise InvalidInput(_("Give the reason of the verdict."), field="reason")
    if len(reason) > MAX_REASON:
        raise InvalidInput(
            _("At most %(count)s characters.") % {"count": MAX_REASON}, field="reason"
        )
    missing = NotFound(_("No pair %(left)s–%(right)s.") % {"left": left, "right": right})
    if exchange.visible_entities(user).filter(pk__in=[left, right]).count() != 2:
        raise missing
    current = Decision.objects.select_for_update().filter(left_id=left, right_id=right).first()
    proposed = Link.objects.filter(left_id=left, right_id=right).exists()
    if current is None and not proposed and right not in cluster_members(user, left):
        raise missing  # pairs resolution proposed, or two records of a cluster (un-merge)
    meanwhile = Conflict(
        _("This pair was decided meanwhile: reload it before revising."), field="verdict"
    )
    if (current.revision if current else 0) != data.revises:
        raise meanwhile
    if current is None:
        try:
            with transaction.atomic():  # a concurrent first verdict hits the unique pair
                current = Decision.objects.create(
                    left_id=left,
                    right_id=right,
                    verdict=data.verdict,
                    reason=reason,
                    decided_by=user,
                )
        except IntegrityError:
            raise meanwhile from None
    else:
        if current.verdict == data.verdict:
            raise Conflict(_("This is already the pair's verdict."), field="verdict")
        current.verdict, current.reason, current.decided_by = data.verdict, reason, user
        current.revision += 1
        current.save()
    DecisionRevision.objects.create(
        decision=current,
        number=current.revision,
        verdict=current.verdict,
        reason=reason,
        decided_by=user,
    )
    return current


def current_revision(first: int, second: int) -> int:
    """Return the revision of the pair's decision (0 when undecided), to revise it."""
    left, right = sorted((first, second))
    found = Decision.objects.filter(left_id=left, right_id=right).values_list("revision")
    return found.first()[0] if found.exists() else 0


def visible_decision_count(user) -> int:
    """Return how many decided pairs ``user`` may see (both records visible)."""
    require_role(user, *READERS)
    return _both_visible(Decision.objects.all(), user).count()
