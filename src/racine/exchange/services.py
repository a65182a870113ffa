"""The rules of the exchange: the sharing policy's one filter, creation, reading, workflows.

:func:`visibility_filter` is the sharing policy as a database filter, and
:func:`visible_items` the one queryset every read starts from — lists, counts, searches,
detail pages, exports, API answers, notifications. It states in SQL the rule that
:mod:`racine.exchange.policy` states in Python; the tests compare the two over every
combination of handling code, distribution, agreement state, provisions, role,
organisation and personal data. An item the caller may not see raises :class:`NotFound`,
exactly as a missing one. Callers own the transaction.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from racine.core import audit
from racine.core.choices import AuditAction, HandlingCode
from racine.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from racine.core.models import Organisation
from racine.core.permissions import has_role, require_role
from racine.exchange import events, policy
from racine.exchange.choices import DisseminationStatus, Distribution, RequestStatus
from racine.exchange.models import Answer, Dissemination, Item, ReadMark
from racine.partners import services as partners

EXCHANGE_ROLES = tuple(sorted(policy.EXCHANGE_ROLES))
# Reads of items at these codes are written to the audit log.
AUDITED_CODES = frozenset({HandlingCode.AMBER, HandlingCode.AMBER_STRICT, HandlingCode.RED})
NOTHING = Q(pk__in=[])


# --- the policy as a database filter ------------------------------------------------------


def _same_state_as(organisation: Organisation) -> Q:
    """Items whose originator belongs to the same state as ``organisation``."""
    if policy.state_of(_as_policy_org(organisation)) == policy.FRANCE:
        return Q(originator__french_state=True) | Q(originator__country_id=policy.FRANCE)
    return Q(originator__french_state=False, originator__country_id=organisation.country_id)


def _party(organisation_ref) -> Exists:
    """The item's agreement names ``organisation_ref`` (an id or an OuterRef) as partner."""
    return Exists(
        partners.agreement_partner_links().filter(
            agreement_id=OuterRef("agreement_id"), organisation_id=organisation_ref
        )
    )


def _covered() -> Q:
    """The item's agreement has provisions covering its category (and personal data) at its code."""
    covered = NOTHING
    for code in policy.HANDLING_ORDER[1:]:
        codes = policy.codes_at_most(code)
        category = Exists(
            partners.provisions_at(codes).filter(
                agreement_id=OuterRef("agreement_id"), category=OuterRef("category")
            )
        )
        personal = Exists(
            partners.provisions_for(policy.PERSONAL_DATA, codes).filter(
                agreement_id=OuterRef("agreement_id")
            )
        )
        covered |= Q(handling=code) & category & (Q(personal_data=False) | personal)
    return covered


def _legal_basis(organisation: Organisation) -> Q:
    """Items ``organisation`` has a legal basis to receive (:func:`policy.legal_basis_refusal`)."""
    reader_party = Q() if organisation.french_state else Q(_party(organisation.pk))
    originator_party = Q(originator__french_state=True) | Q(_party(OuterRef("originator_id")))
    across = (
        Q(agreement_id__in=partners.agreements_in_force().values("pk"))
        & reader_party
        & originator_party
        & _covered()
    )
    return _same_state_as(organisation) | across


def _reached(organisation: Organisation) -> Q:
    """Items the distribution or an accepted dissemination sends to ``organisation``."""
    listed = Exists(
        Item.organisations.through.objects.filter(
            item_id=OuterRef("pk"), organisation_id=organisation.pk
        )
    )
    disseminated = Exists(
        Dissemination.objects.filter(
            item_id=OuterRef("pk"),
            organisation_id=organisation.pk,
            status=DisseminationStatus.ACCEPTED,
        )
    )
    party = Q(agreement__isnull=False) if organisation.french_state else Q(_party(organisation.pk))
    return (
        Q(originator_id=organisation.pk)
        | Q(disseminated)
        | Q(distribution=Distribution.PLATFORM)
        | (Q(distribution=Distribution.ORGANISATIONS) & listed)
        | (Q(distribution=Distribution.AGREEMENT) & party)
    )


def visibility_filter(user) -> Q:
    """Return the filter of the items ``user`` may see: the sharing policy, inside the query."""
    if not has_role(user, *EXCHANGE_ROLES):
        return NOTHING
    visible = Q(handling=HandlingCode.CLEAR) | Q(author_id=user.pk)
    organisation = user.organisation
    if organisation is None:
        return visible
    named = Exists(Item.recipients.through.objects.filter(item_id=OuterRef("pk"), user_id=user.pk))
    red_ok = ~Q(handling=HandlingCode.RED) | Q(named)
    return visible | (_reached(organisation) & red_ok & _legal_basis(organisation))


def visible_items(user) -> QuerySet[Item]:
    """Return the items ``user`` may see: the one queryset every read starts from."""
    return Item.objects.filter(visibility_filter(user))


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


def record_read(user, item: Item, action: str = AuditAction.VIEW) -> None:
    """Write a view, export or download of a restricted item to the audit log; mark it read."""
    if item.handling in AUDITED_CODES:
        # The reader is known here even outside a request (CLI, jobs): name them.
        actor = audit.current_actor.get()
        if actor.user_id != user.pk:
            actor = audit.actor_for(user, actor.client_address)
        audit.record(action, item, {"handling": item.handling}, actor=actor)
    if action == AuditAction.VIEW:
        ReadMark.objects.get_or_create(item=item, user=user)


def unread(user, items: QuerySet[Item]) -> QuerySet[Item]:
    """Return those of ``items`` the user has not opened yet."""
    return items.exclude(Exists(ReadMark.objects.filter(item_id=OuterRef("pk"), user=user)))


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
