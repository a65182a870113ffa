"""The rules of the exchange: the sharing policy's one filter, creation, reading, workflows.

:func:`visibility_slices` is the sharing policy as a database filter (in disjoint parts,
:func:`visibility_filter` their union), and :func:`visible_items` the one queryset every
read starts from — lists, counts, searches, detail pages, exports, API answers,
notifications. It states in SQL the rule that
:mod:`racine.exchange.policy` states in Python; the tests compare the two over every
combination of handling code, distribution, agreement state, provisions, role,
organisation and personal data. An item the caller may not see raises :class:`NotFound`,
exactly as a missing one. Callers own the transaction.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from racine.core import audit
from racine.core.choices import AuditAction, HandlingCode
from racine.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from racine.core.models import Organisation
from racine.core.permissions import has_role, require_role
from racine.exchange import events, policy
from racine.exchange.choices import DisseminationStatus, Distribution, RequestStatus
from racine.exchange.models import Answer, Dissemination, Entity, Item, ReadMark
from racine.partners import services as partners

EXCHANGE_ROLES = tuple(sorted(policy.EXCHANGE_ROLES))
# Reads of items at these codes are written to the audit log.
AUDITED_CODES = frozenset({HandlingCode.AMBER, HandlingCode.AMBER_STRICT, HandlingCode.RED})
NOTHING = Q(pk__in=[])


# --- the policy as a database filter ------------------------------------------------------


@dataclass(frozen=True)
class _Terms:
    """What the small tables of organisations and agreements say now, for one reader.

    Read afresh every time a filter is built (a handful of rows), so that a suspension,
    a provision removed or a partner added takes effect at the next query; written into
    the filter as plain values, which lets the database answer from the item table's
    indexes alone instead of joining the agreement tables for every item.
    """

    same_state: tuple[int, ...]  # organisations of the reader's state
    french: tuple[int, ...]  # French State services: parties of every agreement
    party_to: tuple[int, ...]  # agreements naming the reader's organisation (any status)
    # agreements in force with the reader's organisation among their parties:
    # (id, partner organisations, ((category, laxest handling code provided), …))
    in_force: tuple[tuple[int, tuple[int, ...], tuple[tuple[str, str], ...]], ...]


def _terms(organisation: Organisation) -> _Terms:
    organisations = Organisation.objects.values_list("pk", "french_state", "country_id")
    state = policy.state_of(_as_policy_org(organisation))
    same_state = tuple(
        pk
        for pk, french, country in organisations
        if (policy.FRANCE if french else country) == state
    )
    french = tuple(pk for pk, is_french, _country in organisations if is_french)
    partners_of: dict[int, list[int]] = {}
    for agreement_id, partner in partners.agreement_partner_links().values_list(
        "agreement_id", "organisation_id"
    ):
        partners_of.setdefault(agreement_id, []).append(partner)
    if organisation.french_state:
        party_to = ()  # every agreement: written as "has an agreement"
    else:
        party_to = tuple(a for a, members in partners_of.items() if organisation.pk in members)
    levels: dict[int, dict[str, str]] = {}
    for agreement_id, category, code in partners.provisions_at(policy.HANDLING_ORDER).values_list(
        "agreement_id", "category", "handling_code"
    ):
        laxest = levels.setdefault(agreement_id, {}).get(category)
        if laxest is None or policy.rank(code) < policy.rank(laxest):
            levels[agreement_id][category] = code
    in_force = tuple(
        (pk, tuple(partners_of.get(pk, ())), tuple(sorted(levels.get(pk, {}).items())))
        for pk in sorted(partners.agreements_in_force().values_list("pk", flat=True))
        if organisation.french_state or pk in party_to
    )
    return _Terms(same_state, french, party_to, in_force)


def _any_of(conditions: list[Q]) -> Q:
    """Return a filter that holds when one of ``conditions`` does, tested in their order.

    Written ``CASE WHEN … THEN true … ELSE false END`` rather than with OR: PostgreSQL
    would read the alternatives of an OR as so many bitmap ranges and then fetch the
    rows from the table, where the slice's own index range alone answers a count.
    """
    if len(conditions) <= 1:
        return conditions[0] if conditions else NOTHING
    whens = [When(condition, then=Value(True)) for condition in conditions]
    return Q(Case(*whens, default=Value(False), output_field=BooleanField()))


def _covered(levels: dict[str, str]) -> Q:
    """Items whose category (and personal data) the provisions ``levels`` cover at their code."""
    category = []
    for name, code in levels.items():
        if name != policy.PERSONAL_DATA:
            stricter = policy.HANDLING_ORDER[policy.rank(code) :]
            category.append(Q(category=name, handling__in=stricter))
    personal = [Q(personal_data=False)]
    if policy.PERSONAL_DATA in levels:
        code = levels[policy.PERSONAL_DATA]
        personal.append(Q(handling__in=policy.HANDLING_ORDER[policy.rank(code) :]))
    return _any_of(category) & _any_of(personal)


def _legal_bases(terms: _Terms) -> list[Q]:
    """The ways an item may hold a legal basis for the reader (:func:`policy.legal_basis_refusal`).

    Either the originator belongs to the reader's state, or the item's agreement is in
    force with both organisations among its parties and provisions covering the item.
    The ways are disjoint (the originator's state, then one agreement each), and each
    starts with a column an index is ordered by: originators, or an agreement.
    """
    bases = [Q(originator_id__in=terms.same_state)]
    for agreement_id, partner_ids, levels in terms.in_force:
        foreign = sorted({*terms.french, *partner_ids} - set(terms.same_state))
        covered = _covered(dict(levels))
        bases.append(Q(agreement_id=agreement_id, originator_id__in=foreign) & covered)
    return bases


def _reached(organisation: Organisation, terms: _Terms) -> Q:
    """Items the distribution sends to ``organisation`` (accepted disseminations aside).

    The item's own columns are tested first; the listing is looked up, for each item
    at hand, only for the items distributed to listed organisations.
    """
    if organisation.french_state:
        party = Q(agreement_id__isnull=False)
    else:
        party = Q(agreement_id__in=terms.party_to)
    listed = Item.organisations.through.objects.filter(
        item_id=OuterRef("pk"), organisation_id=organisation.pk
    )
    return _any_of(
        [
            Q(originator_id=organisation.pk),
            Q(distribution=Distribution.PLATFORM),
            Q(distribution=Distribution.AGREEMENT) & party,
            Q(distribution=Distribution.ORGANISATIONS) & Exists(listed),
        ]
    )


def visibility_slices(user, terms: _Terms | None = None) -> list[Q]:
    """Return the items ``user`` may see as disjoint filters: the sharing policy, in the query.

    CLEAR items; the user's own; and those their organisation receives with a legal
    basis (named among the recipients for RED) — by the distribution, one slice per
    legal basis, or by an accepted dissemination, one slice driven by the few accepted
    ones. No item falls in two slices, and each starts with an index range (a handling
    code, an author, originators, an agreement, disseminations), so that a count reads
    only the ranges that can hold visible items (:meth:`ItemQuerySet.union_of`).

    The facts about organisations and agreements are read first (:func:`_terms`) and
    written in as values; what depends on each item (listed organisations, named
    recipients, disseminations) stays in the query as subqueries, looked up for the
    items at hand: the first page tests a few hundred items, not every listing.
    """
    if not has_role(user, *EXCHANGE_ROLES):
        return [NOTHING]
    clear = Q(handling=HandlingCode.CLEAR)
    mine = Q(author_id=user.pk)
    slices = [clear, ~clear & mine]
    organisation = user.organisation
    if organisation is None:
        return slices
    terms = terms or _terms(organisation)
    bases = _legal_bases(terms)
    reached = _reached(organisation, terms)
    named = Item.recipients.through.objects.filter(item_id=OuterRef("pk"), user_id=user.pk)
    red_ok = _any_of([~Q(handling=HandlingCode.RED), Exists(named)])
    # "Not the user's own" within the reader's state as two author ranges: the index on
    # (originator, author) then skips the reader's own items, often most of them.
    for others in (Q(author_id__lt=user.pk), Q(author_id__gt=user.pk)):
        slices.append(bases[0] & others & ~clear & reached & red_ok)
    for basis in bases[1:]:
        slices.append(basis & ~mine & ~clear & reached & red_ok)
    disseminated = Dissemination.objects.filter(
        organisation_id=organisation.pk, status=DisseminationStatus.ACCEPTED
    )
    legal = NOTHING
    for basis in bases:
        legal |= basis
    # An accepted dissemination reaches only while the item may be passed on (so never
    # RED), and counts here only for the items the distribution does not reach.
    slices.append(
        Q(pk__in=disseminated.values("item_id"))
        & ~Q(handling__in=[HandlingCode.CLEAR, *policy.NOT_DISSEMINABLE])
        & ~mine
        & legal
        & ~reached
    )
    return slices


def visibility_filter(user) -> Q:
    """Return the filter of the items ``user`` may see, whole: the union of the slices.

    :func:`visible_items` filters with the same union, made so that counts go by slice.
    """
    visible = NOTHING
    for part in visibility_slices(user):
        visible |= part
    return visible


def visible_items(user) -> QuerySet[Item]:
    """Return the items ``user`` may see: the one queryset every read starts from.

    Its count sums the counts of the disjoint slices of the policy (see
    :meth:`racine.exchange.models.ItemQuerySet.union_of`). The slices are built afresh
    from the facts read now (:func:`_terms`) and kept, resolved and compiled, for the
    next query with the very same facts: a suspension, a role or a partner changed
    makes another key, so nothing kept outlives what it was made from.
    """
    key = _reader_key(user)
    parts = _RESOLVED.get(key)
    if parts is None:
        parts = Item.objects.resolve_slices(visibility_slices(user, key[-1]))
        with _RESOLVED_LOCK:
            if len(_RESOLVED) >= _RESOLVED_MAX:
                del _RESOLVED[next(iter(_RESOLVED))]  # the oldest: dicts keep their order
            _RESOLVED[key] = parts
    return Item.objects.union_of(parts)


# Resolved slices by reader and facts (see visible_items); a few hundred readers at most.
_RESOLVED: dict[tuple, tuple] = {}
_RESOLVED_MAX = 512
_RESOLVED_LOCK = threading.Lock()


def _reader_key(user) -> tuple:
    """Everything :func:`visibility_slices` reads, as a key: who, which role, which facts."""
    organisation = user.organisation if getattr(user, "organisation_id", None) else None
    allowed = has_role(user, *EXCHANGE_ROLES)
    if organisation is None or not allowed:
        return (user.pk, allowed, None, None)
    where = (organisation.pk, organisation.french_state, organisation.country_id)
    return (user.pk, allowed, where, _terms(organisation))


def named_entities(kinds) -> QuerySet:
    """Return the entities of ``kinds`` that have a name, for the platform's own screening.

    Sanctions re-screening reads them in the background, with no user: each row is
    ``id, item_id, kind, name, identifier, birth_date, country_id``. Whatever is derived
    from them is shown to a user only for items of :func:`visible_items` (the caller's duty).
    """
    entities = Entity.objects.filter(kind__in=list(kinds)).exclude(name="")
    return entities.order_by("pk").values_list(
        "pk", "item_id", "kind", "name", "identifier", "birth_date", "country_id"
    )


def entity_records() -> QuerySet:
    """Return every named entity, for the platform's own entity resolution (no user).

    Each row is ``id, item_id, kind, name, identifier, birth_date, country_id``, in id
    order. Whatever is derived from them is shown to a user only through
    :func:`visible_entities` (the caller's duty).
    """
    return Entity.objects.order_by("pk").values_list(
        "pk", "item_id", "kind", "name", "identifier", "birth_date", "country_id"
    )


def visible_entities(user) -> QuerySet[Entity]:
    """Return the named entities of the items ``user`` may see (:func:`visible_items`)."""
    return Entity.objects.filter(item__in=visible_items(user).values("pk"))


def after_items_shared(callback) -> None:
    """Have ``callback(item ids)`` called once each write that shares items commits.

    For the platform's own background work on new items (sanctions queues the screening of
    their names): the callback should only queue a job, and its failure never undoes the write.
    """
    events.listen_to_shared(callback)


# --- reading ------------------------------------------------------------------------------


def list_items(user, search: str = "", kind: str = "", handling: str = "") -> QuerySet[Item]:
    """Return the items ``user`` may see, newest first; ``search`` looks in title and text."""
    items = visible_items(user).select_related("originator", "author")
    if search.strip():
        text = search.strip()
        items = items.filter(Q(title__icontains=text) | Q(body__icontains=text))
    if kind:
        items = items.filter(kind=kind)
    if handling:
        items = items.filter(handling=handling)
    return items


def get_item(user, pk: int) -> Item:
    """Return one item ``user`` may see, or raise :class:`NotFound` (as for a missing one)."""
    item = visible_items(user).select_related("originator", "author", "agreement").filter(pk=pk)
    found = item.first()
    if found is None:
        raise NotFound(_("No item with id %(id)s.") % {"id": pk})
    return found


def audit_restricted_read(user, record, action: str) -> None:
    """Write a read of an AMBER, AMBER+STRICT or RED record (item, operation) to the audit log."""
    if record.handling in AUDITED_CODES:
        # The reader is known here even outside a request (CLI, jobs): name them.
        actor = audit.current_actor.get()
        if actor.user_id != user.pk:
            actor = audit.actor_for(user, actor.client_address)
        audit.record(action, record, {"handling": record.handling}, actor=actor)


def record_read(user, item: Item, action: str = AuditAction.VIEW) -> None:
    """Write a view, export or download of a restricted item to the audit log; mark it read."""
    audit_restricted_read(user, item, action)
    if action == AuditAction.VIEW:
        ReadMark.objects.get_or_create(item=item, user=user)


def unread(user, items: QuerySet[Item]) -> QuerySet[Item]:
    """Return those of ``items`` the user has not opened yet."""
    return items.exclude(Exists(ReadMark.objects.filter(item_id=OuterRef("pk"), user=user)))


def with_read_marks(user, items: QuerySet[Item]) -> QuerySet[Item]:
    """Return ``items`` each with ``was_read``, computed for the rows fetched only."""
    return items.annotate(
        was_read=Exists(ReadMark.objects.filter(item_id=OuterRef("pk"), user=user))
    )


def notifications(user) -> dict:
    """Return what awaits ``user``: unread items, decisions to take, requests to answer.

    Built on :func:`visible_items`, so a notification never reveals a hidden item.
    """
    visible = visible_items(user)
    organisation = user.organisation_id
    return {
        "unread": unread(user, visible).count(),
        "decisions": list(
            Dissemination.objects.filter(
                item__in=visible,
                item__originator_id=organisation,
                status=DisseminationStatus.REQUESTED,
            ).select_related("item", "organisation")[:20]
        ),
        "requests": list(
            visible.filter(
                kind="request",
                request__addressed_to_id=organisation,
                request__status=RequestStatus.OPEN,
            )[:20]
        ),
    }


def may_be_disseminated(item: Item) -> bool:
    """Return whether the item's handling code lets it be passed on at all."""
    return policy.may_be_disseminated(item.handling)


# --- the policy's view of stored records ----------------------------------------------------


def as_policy_org(organisation: Organisation) -> policy.Organisation:
    """Return an organisation as the policy engine sees it."""
    return _as_policy_org(organisation)


def _as_policy_org(organisation: Organisation) -> policy.Organisation:
    return policy.Organisation(
        organisation.pk or 0, organisation.french_state, organisation.country_id
    )


def policy_agreement(agreement_id: int | None) -> policy.Agreement | None:
    """Return an agreement as the policy engine sees it, read today."""
    if agreement_id is None:
        return None
    in_force = partners.agreements_in_force().filter(pk=agreement_id).exists()
    links = partners.agreement_partner_links().filter(agreement_id=agreement_id)
    provisions = partners.provisions_at(policy.HANDLING_ORDER).filter(agreement_id=agreement_id)
    return policy.Agreement(
        agreement_id,
        in_force,
        frozenset(links.values_list("organisation_id", flat=True)),
        frozenset(provisions.values_list("category", "handling_code")),
    )


def policy_item(item: Item) -> policy.Item:
    """Return a stored item as the policy engine sees it."""
    return policy.Item(
        id=item.pk,
        category=item.category,
        handling=item.handling,
        distribution=item.distribution,
        originator=_as_policy_org(item.originator),
        author=item.author_id,
        personal_data=item.personal_data,
        agreement=policy_agreement(item.agreement_id),
        organisations=frozenset(item.organisations.values_list("pk", flat=True)),
        recipients=frozenset(item.recipients.values_list("pk", flat=True)),
        disseminated_to=frozenset(
            item.disseminations.filter(status=DisseminationStatus.ACCEPTED).values_list(
                "organisation_id", flat=True
            )
        ),
    )


def refusal_message(organisation: str, refusal: policy.Refusal) -> str:
    """Return the sentence that names an organisation without a legal basis, and why."""
    reasons = {
        "no_agreement": _("no agreement is given as legal basis"),
        "agreement_not_in_force": _("the agreement is not in force"),
        "originator_not_party": _("your organisation is not a party of the agreement"),
        "not_party": _("it is not a party of the agreement"),
        "not_covered": _("the agreement does not cover %(categories)s at this handling code")
        % {"categories": ", ".join(refusal.details)},
    }
    return _("No legal basis to share with %(organisation)s: %(reason)s.") % {
        "organisation": organisation,
        "reason": reasons[refusal.reason],
    }


# --- dissemination (the third-party rule) ----------------------------------------------------


def request_dissemination(user, pk: int, organisation_id: int) -> Dissemination:
    """Ask the originator to pass an item on to another organisation (recipients only)."""
    require_role(user, *EXCHANGE_ROLES)
    item = get_item(user, pk)
    if user.organisation_id is None or user.organisation_id == item.originator_id:
        raise PermissionDenied(
            _("The originator shares its items itself; disseminations are asked by recipients.")
        )
    if not policy.may_be_disseminated(item.handling):
        raise Conflict(
            _("An item under TLP:AMBER+STRICT or TLP:RED cannot be passed on."), field="handling"
        )
    target = Organisation.objects.filter(pk=organisation_id, active=True).first()
    if target is None:
        raise InvalidInput(_("Unknown organisation."), field="organisation")
    plain = policy_item(item)
    if policy.is_recipient(_as_policy_org(target), plain):
        raise Conflict(_("This organisation already receives the item."), field="organisation")
    refusal = policy.creation_refusals(plain, [_as_policy_org(target)])
    if refusal:
        raise InvalidInput(refusal_message(target.name, refusal[0]), field="organisation")
    already = _("This dissemination is already awaiting a decision.")
    if item.disseminations.filter(
        organisation=target, status=DisseminationStatus.REQUESTED
    ).exists():
        raise Conflict(already, field="organisation")
    try:
        with transaction.atomic():  # a concurrent twin hits the partial unique constraint
            dissemination = Dissemination.objects.create(
                item=item, organisation=target, requested_by=user
            )
    except IntegrityError:
        raise Conflict(already, field="organisation") from None
    events.announce(events.DISSEMINATION_REQUESTED, dissemination.pk)
    return dissemination


def decide_dissemination(user, pk: int, accept: bool) -> Dissemination:
    """Accept or refuse a dissemination (members of the originating organisation)."""
    require_role(user, *EXCHANGE_ROLES)
    dissemination = (
        Dissemination.objects.select_for_update(of=("self",))
        .select_related("item", "organisation")
        .filter(pk=pk, item__in=visible_items(user), item__originator_id=user.organisation_id)
        .first()
    )
    if dissemination is None or user.organisation_id is None:
        raise NotFound(_("No dissemination with id %(id)s.") % {"id": pk})
    if dissemination.status != DisseminationStatus.REQUESTED:
        raise Conflict(_("This dissemination has already been decided."), field="accept")
    item = dissemination.item
    if accept:
        if not policy.may_be_disseminated(item.handling):
            raise Conflict(
                _("An item under TLP:AMBER+STRICT or TLP:RED cannot be passed on."),
                field="accept",
            )
        refusal = policy.creation_refusals(
            policy_item(item), [_as_policy_org(dissemination.organisation)]
        )
        if refusal:
            raise InvalidInput(
                refusal_message(dissemination.organisation.name, refusal[0]), field="accept"
            )
    dissemination.status = DisseminationStatus.ACCEPTED if accept else DisseminationStatus.REFUSED
    dissemination.decided_by, dissemination.decided_at = user, timezone.now()
    dissemination.save()
    events.announce(events.DISSEMINATION_DECIDED, dissemination.pk)
    if accept:
        events.announce(events.DISSEMINATED, dissemination.pk)
    return dissemination


def list_disseminations(user, pk: int) -> QuerySet[Dissemination]:
    """Return the disseminations of an item the user may see (all of them for the originator)."""
    item = get_item(user, pk)
    disseminations = item.disseminations.select_related("organisation")
    if user.organisation_id != item.originator_id:
        disseminations = disseminations.filter(requested_by__organisation=user.organisation_id)
    return disseminations


# --- requests for information ------------------------------------------------------------------


def answer_request(user, pk: int, body: str) -> Answer:
    """Add an answer to a request's thread (the addressed organisation or the originator)."""
    require_role(user, *EXCHANGE_ROLES)
    item = get_item(user, pk)
    request = getattr(item, "request", None) if item.kind == "request" else None
    if request is None:
        raise NotFound(_("No request with id %(id)s.") % {"id": pk})
    if user.organisation_id not in {request.addressed_to_id, item.originator_id}:
        raise PermissionDenied(_("Only the addressed organisation and the originator answer."))
    if request.status == RequestStatus.CLOSED:
        raise Conflict(_("This request is closed."), field="body")
    if not body.strip():
        raise InvalidInput(_("The answer is empty."), field="body")
    answer = Answer.objects.create(
        request=request, author=user, organisation=user.organisation, body=body.strip()
    )
    if user.organisation_id == request.addressed_to_id and request.status == RequestStatus.OPEN:
        request.status = RequestStatus.ANSWERED
        request.save()
    events.announce(events.ANSWERED, answer.pk)
    return answer


def close_request(user, pk: int) -> Item:
    """Close a request for information (the originating organisation)."""
    require_role(user, *EXCHANGE_ROLES)
    item = get_item(user, pk)
    request = getattr(item, "request", None) if item.kind == "request" else None
    if request is None:
        raise NotFound(_("No request with id %(id)s.") % {"id": pk})
    if user.organisation_id != item.originator_id:
        raise PermissionDenied(_("Only the originating organisation closes its request."))
    request.status = RequestStatus.CLOSED
    request.save()
    return item
