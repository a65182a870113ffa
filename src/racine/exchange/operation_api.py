"""REST endpoints of joint operations, under ``/api/exchange/operations``.

Every answer goes through :func:`racine.exchange.operations.visible_operations`: a list
or a count never includes an operation the caller may not see, and such an operation
answers 404 exactly like one that does not exist. Linked items and the seizure reports
of outcomes appear only when the caller may see them as items.
"""

from django.db import transaction
from ninja import Router, Status

from racine.core.schemas import RecordId, paginated
from racine.exchange import operation_writes, operations
from racine.exchange.operation_schemas import (
    LinkIn,
    LinkOut,
    LogEntryIn,
    LogEntryOut,
    OperationIn,
    OperationOut,
    OperationPage,
    OutcomeIn,
    OutcomeOut,
)
from racine.exchange.schemas import ItemSummary

router = Router(tags=["joint operations"])


@router.get("/exchange/operations", response=OperationPage)
def list_operations(request, q: str = "", status: str = "", page: int = 1):
    """List the joint operations you take part in, latest first, 50 a page.

    `q` searches name and code; `status` is `planned`, `active` or `closed`.
    """
    return paginated(operations.list_operations(request.user, q, status), page)


@router.post("/exchange/operations", response={201: OperationOut})
def create_operation(request, payload: OperationIn):
    """Start a joint operation led by your organisation (embassy and partner officers).

    `participants` lists the other organisations; `handling` is a TLP 2.0 code. When
    participants belong to another state than yours, `agreement` is the legal basis: in
    force, your organisation and theirs its parties, covering `joint_operations` at the
    operation's code; a participant without it answers 400 naming it. Dates lie in
    2000–2099 and `ends_on` is not before `starts_on`. Send an `Idempotency-Key` header
    to retry safely.
    """
    with transaction.atomic():
        operation = operation_writes.create_operation(request.user, payload.to_data())
    return Status(201, operation)


@router.get("/exchange/operations/{pk}", response=OperationOut)
def get_operation(request, pk: RecordId):
    """Return an operation with its participants, log, outcomes and the linked items you may see.

    404 for an operation you do not take part in or that does not exist. Reading an
    operation under TLP:AMBER or stricter is written to the audit log.
    """
    with transaction.atomic():
        operation = operations.get_operation(request.user, pk)
        operations.record_view(request.user, operation)
    return operation


@router.put("/exchange/operations/{pk}", response=OperationOut)
def update_operation(request, pk: RecordId, payload: OperationIn):
    """Change an operation and its participants (officers of the leading organisation)."""
    with transaction.atomic():
        return operation_writes.update_operation(request.user, pk, payload.to_data())


@router.get("/exchange/operations/{pk}/log", response=list[LogEntryOut])
def list_log(request, pk: RecordId):
    """Return the operation's log, oldest first."""
    return list(operations.log_entries(operations.get_operation(request.user, pk)))


@router.post("/exchange/operations/{pk}/log", response={201: LogEntryOut})
def add_log_entry(request, pk: RecordId, payload: LogEntryIn):
    """Append an entry to the log (officers of participating organisations); never changed after."""
    with transaction.atomic():
        return Status(201, operation_writes.add_log_entry(request.user, pk, payload.text))


@router.get("/exchange/operations/{pk}/links", response=list[ItemSummary])
def list_links(request, pk: RecordId):
    """Return the linked items you may see (the others are not counted nor named)."""
    operation = operations.get_operation(request.user, pk)
    return list(operations.linked_items(request.user, operation))


@router.post("/exchange/operations/{pk}/links", response={201: LinkOut})
def link_item(request, pk: RecordId, payload: LinkIn):
    """Link an item you may see to the operation; its sharing does not change (409 if linked)."""
    with transaction.atomic():
        return Status(201, operation_writes.link_item(request.user, pk, payload.item))


@router.get("/exchange/operations/{pk}/outcomes", response=list[OutcomeOut])
def list_outcomes(request, pk: RecordId):
    """Return the operation's outcomes (a seizure's `item` only when you may see it)."""
    operation = operations.get_operation(request.user, pk)
    return operations.outcomes(request.user, operation)


@router.post("/exchange/operations/{pk}/outcomes", response={201: OutcomeOut})
def record_outcome(request, pk: RecordId, payload: OutcomeIn):
    """Record an outcome (officers of participating organisations).

    `kind` is `seizure` (`drug`, `quantity`, `unit` — normalised to kg or units — and/or
    `item`, a seizure report you may see), `arrest` (`arrests`, `country`) or `asset`
    (`description`, `value_eur`).
    """
    with transaction.atomic():
        outcome = operation_writes.record_outcome(request.user, pk, payload.to_data())
        outcome.visible_item_id = outcome.item_id
    return Status(201, outcome)
