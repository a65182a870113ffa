"""The rules of joint operations: who sees them (one filter), reading, and who changes what.

:func:`operation_filter` is the operations' sharing policy as a database filter, and
:func:`visible_operations` the one queryset every read of operations starts from (lists,
counts, detail pages, exports, API, notifications). It states in SQL the rule that
:func:`racine.exchange.policy.may_see_operation` states in Python: members (active, with an
exchange role) of the participating organisations, and across states the operation's
agreement in force, both organisations its parties, and a provision covering
``joint_operations`` at the operation's code. An operation the caller may not see raises
:class:`NotFound`, exactly as a missing one.

The items linked to an operation keep their own sharing: an operation lists, counts and
names only those in :func:`racine.exchange.services.visible_items` of the reader.
Callers own the transaction.
"""

from __future__ import annotations

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from racine.core import services as core_services
from racine.core.choices import AuditAction
from racine.core.errors import NotFound
from racine.core.models import Organisation
from racine.core.permissions import has_role
from racine.exchange import policy, services
from racine.exchange.choices import OutcomeKind
from racine.exchange.models import (
    Item,
    JointOperation,
    LogEntry,
    OperationParticipant,
    OperationVisit,
    Outcome,
)
from racine.partners import services as partners

# Who writes in an operation (log, links, outcomes) and who leads one: officers.
WRITE_ROLES = ("embassy_officer", "partner_officer")
NOTHING = Q(pk__in=[])


# --- the policy as a database filter ------------------------------------------------------


def _leader_same_state_as(organisation: Organisation) -> Q:
    """Operations whose leading organisation belongs to the state of ``organisation``."""
    if organisation.french_state or organisation.country_id == policy.FRANCE:
        return Q(leader__french_state=True) | Q(leader__country_id=policy.FRANCE)
    return Q(leader__french_state=False, leader__country_id=organisation.country_id)


def _party(organisation_ref) -> Exists:
    """The operation's agreement names ``organisation_ref`` (an id or an OuterRef) as partner."""
    return Exists(
        partners.agreement_partner_links().filter(
            agreement_id=OuterRef("agreement_id"), organisation_id=organisation_ref
        )
    )


def _covered() -> Q:
    """The operation's agreement covers joint operations at the operation's code or laxer."""
    covered = NOTHING
    for code in policy.HANDLING_ORDER:
        provision = partners.provisions_for(policy.OPERATIONS, policy.codes_at_most(code))
        covered |= Q(handling=code) & Q(
            Exists(provision.filter(agreement_id=OuterRef("agreement_id")))
        )
    return covered


def operation_filter(user) -> Q:
    """Return the filter of the operations ``user`` may see: the policy, inside the query."""
    if not has_role(user, *services.EXCHANGE_ROLES) or user.organisation is None:
        return NOTHING
    organisation = user.organisation
    member = Exists(
        OperationParticipant.objects.filter(
            operation_id=OuterRef("pk"), organisation_id=organisation.pk
        )
    )
    reader_party = Q() if organisation.french_state else Q(_party(organisation.pk))
    leader_party = Q(leader__french_state=True) | Q(_party(OuterRef("leader_id")))
    across = (
        Q(agreement_id__in=partners.agreements_in_force().values("pk"))
        & reader_party
        & leader_party
        & _covered()
    )
    return Q(member) & (_leader_same_state_as(organisation) | across)


def visible_operations(user) -> QuerySet[JointOperation]:
    """Return the operations ``user`` may see: the one queryset every read starts from."""
    return JointOperation.objects.filter(operation_filter(user))


# --- the policy's view of stored operations -------------------------------------------------


def policy_operation(operation: JointOperation, participants=None) -> policy.Operation:
    """Return an operation as the policy engine sees it (``participants``: ids, if changing)."""
    if participants is None:
        participants = operation.participations.values_list("organisation_id", flat=True)
    return policy.Operation(
        id=operation.pk or 0,
        handling=operation.handling,
        leader=services.as_policy_org(operation.leader),
        participants=frozenset(participants),
        agreement=services.policy_agreement(operation.agreement_id),
    )


def refusal_message(organisation: Organisation, reason: str) -> str:
    """Return the sentence naming a participant without a legal basis, and why."""
    refusal = policy.Refusal(organisation.pk, reason, (policy.OPERATIONS,))
    return services.refusal_message(organisation.name, refusal)


# --- reading ------------------------------------------------------------------------------


def list_operations(user, search: str = "", status: str = "") -> QuerySet[JointOperation]:
    """Return the operations ``user`` may see, latest first; ``search`` looks in name and code."""
    operations = visible_operations(user).select_related("leader")
    if search.strip():
        text = search.strip()
        operations = operations.filter(Q(name__icontains=text) | Q(code__icontains=text))
    if status:
        operations = operations.filter(status=status)
    return operations


def get_operation(user, pk: int) -> JointOperation:
    """Return one operation ``user`` may see, or raise :class:`NotFound` (as for a missing one)."""
    found = (
        visible_operations(user).select_related("leader", "agreement", "created_by").filter(pk=pk)
    ).first()
    if found is None:
        raise NotFound(_("No joint operation with id %(id)s.") % {"id": pk})
    return found


def record_view(user, operation: JointOperation, action: str = AuditAction.VIEW) -> None:
    """Write a view or export of a restricted operation to the audit log; note the visit."""
    services.audit_restricted_read(user, operation, action)
    if action == AuditAction.VIEW:
        OperationVisit.objects.update_or_create(
            operation=operation, user=user, defaults={"seen_at": timezone.now()}
        )


def participants(operation: JointOperation) -> QuerySet[Organisation]:
    """Return the participating organisations of an operation the caller may see."""
    return Organisation.objects.filter(
        operation_participations__operation=operation
    ).select_related("country")


def linked_items(user, operation: JointOperation) -> QuerySet[Item]:
    """Return the items linked to ``operation`` that ``user`` may see (never the others)."""
    return (
        services.visible_items(user)
        .filter(operation_links__operation=operation)
        .select_related("originator")
    )


def outcomes(user, operation: JointOperation) -> list[Outcome]:
    """Return the outcomes; ``visible_item_id`` names the report only if ``user`` sees it."""
    records = list(operation.outcomes.select_related("country", "organisation", "recorded_by"))
    wanted = {o.item_id for o in records if o.item_id}
    visible = set(services.visible_items(user).filter(pk__in=wanted).values_list("pk", flat=True))
    for outcome in records:
        outcome.visible_item_id = outcome.item_id if outcome.item_id in visible else None
    return records


def totals(records: list[Outcome]) -> dict:
    """Return the outcomes added up: drugs by normalised unit, arrests, assets in euros."""
    drugs: dict[tuple[str, str], object] = {}
    arrests, assets = 0, 0
    for outcome in records:
        if outcome.kind == OutcomeKind.SEIZURE and outcome.normalised_quantity is not None:
            key = (outcome.drug, outcome.normalised_unit)
            drugs[key] = drugs.get(key, 0) + outcome.normalised_quantity
        elif outcome.kind == OutcomeKind.ARREST:
            arrests += outcome.arrests or 0
        elif outcome.kind == OutcomeKind.ASSET:
            assets += outcome.value_eur or 0
    return {
        "drugs": [
            {"drug": drug, "quantity": quantity, "unit": unit}
            for (drug, unit), quantity in sorted(drugs.items())
        ],
        "arrests": arrests,
        "assets_eur": assets,
    }


def log_entries(operation: JointOperation) -> QuerySet[LogEntry]:
    """Return an operation's log, oldest first."""
    return operation.log.select_related("author", "organisation")


def may_write(user, operation: JointOperation) -> bool:
    """Return whether ``user`` (who sees the operation) adds log entries, links and outcomes."""
    return has_role(user, *WRITE_ROLES)


def may_lead(user, operation: JointOperation) -> bool:
    """Return whether ``user`` edits the operation and its participants (the leader's officers)."""
    return may_write(user, operation) and user.organisation_id == operation.leader_id


def may_create(user) -> bool:
    """Return whether ``user`` may start an operation led by their organisation."""
    return has_role(user, *WRITE_ROLES) and user.organisation_id is not None


def organisations_to_invite(user) -> QuerySet[Organisation]:
    """Return the organisations ``user`` may name as participants.

    Those the user may see (:func:`racine.core.services.visible_organisations`) and the
    partner organisations of the agreements the user may see: a partner agency knows its
    fellow parties to an agreement, not every agency France works with.
    """
    agreements = partners.list_agreements(user).values("pk")
    fellow_parties = partners.agreement_partner_links().filter(agreement_id__in=agreements)
    return Organisation.objects.filter(
        Q(pk__in=core_services.visible_organisations(user).values("pk"))
        | Q(pk__in=fellow_parties.values("organisation_id")),
        active=True,
    )


def notifications(user) -> list[dict]:
    """Return, per operation of ``user``, how many log entries others wrote since the last visit.

    Built on :func:`visible_operations`, so a notification never reveals an operation.
    """
    seen = OperationVisit.objects.filter(operation_id=OuterRef("operation_id"), user_id=user.pk)
    return list(
        LogEntry.objects.filter(operation__in=visible_operations(user))
        .exclude(author_id=user.pk)
        .annotate(seen=Subquery(seen.values("seen_at")[:1]))
        .filter(Q(seen__isnull=True) | Q(created_at__gt=F("seen")))
        .values("operation_id", "operation__code", "operation__name")
        .annotate(entries=Count("id"))
        .order_by("operation__code")[:20]
    )
