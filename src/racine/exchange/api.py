"""REST endpoints of the exchange: items shared under the policy, disseminations, answers.

Every answer goes through :func:`racine.exchange.services.visible_items`: a list, a count
or a search never includes an item the caller may not see, and such an item answers 404
exactly like one that does not exist.
"""

from django.db import transaction
from ninja import Router, Status

from racine.core.schemas import paginated
from racine.exchange import compose, operation_api, services
from racine.exchange.schemas import (
    AnswerIn,
    AnswerOut,
    DecisionIn,
    DisseminationIn,
    DisseminationOut,
    ItemIn,
    ItemOut,
    ItemPage,
    SharingIn,
)

router = Router(tags=["exchange"])
router.add_router("/", operation_api.router)


@router.post("/exchange/items", response={201: ItemOut})
def create_item(request, payload: ItemIn):
    """Share a seizure report, an alert or a request for information from your organisation.

    `handling` is a TLP 2.0 code (`clear`, `green`, `amber`, `amber_strict`, `red`);
    `distribution` is `originator` (your organisation only), `organisations` (those
    listed in `organisations`), `agreement` (every party of `agreement`) or `platform`.
    `recipients` names the users who may read a `red` item. Sharing across borders needs
    `agreement`, in force and covering the item: a distribution naming an organisation
    without that legal basis answers 400 naming it. An item naming people (`people`),
    addresses or phones carries personal data and cannot be `clear`.

    A seizure also takes `seized_on`, `country` (ISO alpha-2), `drugs`
    (`[{"drug": "cocaine_hydrochloride", "quantity": 120.5, "unit": "kg"}]`; units `kg`,
    `g`, `t`, `lb`, `units`) and optionally `place` (UN/LOCODE), `conveyance`,
    `concealment`, `origin`, `transits`, `destination`. An alert takes `subject_kind`,
    `reason`, `valid_from`, `valid_until`; a request `question`, `addressed_to`,
    `deadline`. Other `entities` (`company`, `vessel` with its IMO number, `container` with
    its ISO 6346 number, `vehicle`, `address`, `phone`, `shipment`) go in `entities`.
    Send an `Idempotency-Key` header to retry safely.
    """
    with transaction.atomic():
        return Status(201, compose.create_item(request.user, payload.to_data()))


@router.get("/exchange/items", response=ItemPage)
def list_items(request, q: str = "", kind: str = "", handling: str = "", page: int = 1):
    """List the items you may see, newest first, 50 a page; `q` searches title and text.

    Results are summaries (no text or details): read an item through its own address,
    which records the reading of restricted items in the audit log.
    """
    return paginated(services.list_items(request.user, q, kind, handling), page)


@router.get("/exchange/items/{pk}", response=ItemOut)
def get_item(request, pk: int):
    """Return one item with its content; 404 for an item you may not see or that does not exist.

    Reading an item under TLP:AMBER, AMBER+STRICT or RED is written to the audit log.
    """
    with transaction.atomic():
        item = services.get_item(request.user, pk)
        services.record_read(request.user, item)
    return item


@router.put("/exchange/items/{pk}/sharing", response=ItemOut)
def change_sharing(request, pk: int, payload: SharingIn):
    """Change an item's handling code, distribution, recipients or legal basis (originator).

    Checked as at creation: a distribution naming an organisation without a legal basis
    answers 400 naming it.
    """
    with transaction.atomic():
        return compose.change_sharing(request.user, pk, payload.to_data())


@router.get("/exchange/items/{pk}/disseminations", response=list[DisseminationOut])
def list_disseminations(request, pk: int):
    """List an item's disseminations (all for the originator, your own requests otherwise)."""
    return list(services.list_disseminations(request.user, pk))


@router.post("/exchange/items/{pk}/disseminations", response={201: DisseminationOut})
def request_dissemination(request, pk: int, payload: DisseminationIn):
    """Ask the originator to pass the item on to another organisation (recipients only).

    A recipient never passes an item on itself. Items under TLP:AMBER+STRICT or RED
    cannot be disseminated (409); an organisation without a legal basis is refused (400).
    """
    with transaction.atomic():
        return Status(201, services.request_dissemination(request.user, pk, payload.organisation))


@router.post("/exchange/disseminations/{pk}/decision", response=DisseminationOut)
def decide_dissemination(request, pk: int, payload: DecisionIn):
    """Accept or refuse a dissemination of one of your organisation's items."""
    with transaction.atomic():
        return services.decide_dissemination(request.user, pk, payload.accept)


@router.post("/exchange/items/{pk}/answers", response={201: AnswerOut})
def answer_request(request, pk: int, payload: AnswerIn):
    """Answer a request for information (the addressed organisation, or the originator)."""
    with transaction.atomic():
        return Status(201, services.answer_request(request.user, pk, payload.body))
