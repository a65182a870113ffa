"""REST endpoints of the exchange: items shared under the policy, disseminations, answers.

Every answer goes through :func:`racine.exchange.services.visible_items`: a list, a count
or a search never includes an item the caller may not see, and such an item answers 404
exactly like one that does not exist.
"""

from django.db import transaction
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from racine.core.schemas import paginated
from racine.exchange import attachments, compose, ingest, ingest_files, operation_api, services
from racine.exchange.schemas import (
    AnswerIn,
    AnswerOut,
    AttachmentOut,
    DecisionIn,
    DisseminationIn,
    DisseminationOut,
    ImportDefaultsIn,
    ImportOut,
    ItemIn,
    ItemOut,
    ItemPage,
    SharingIn,
)
from racine.exchange.views import download_response

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
    items = services.list_items(request.user, q, kind, handling)
    # Summaries name the originator and author by id: no need to load either row.
    return paginated(items.select_related(None), page)


@router.get("/exchange/items/{pk}", response=ItemOut)
def get_item(request, pk: int):
    """Return one item with its content; 404 for an item you may not see or that does not exist.

    Reading an item under TLP:AMBER, AMBER+STRICT or RED is written to the audit log.
    """
    # The item is read before the transaction: under SQLite a transaction holds the one
    # write lock from its start, and the reading is the long part.
    item = services.get_item(request.user, pk)
    with transaction.atomic():
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


@router.post("/exchange/imports", response={201: ImportOut})
def import_seizures(request, file: File[UploadedFile], defaults: Form[ImportDefaultsIn]):
    """Store a whole file of seizure reports at once, or none of it.

    Send the file as `multipart/form-data` (field `file`): JSON Lines (`.jsonl`, each
    line an object shaped like the body of `POST /api/exchange/items` for a seizure),
    or the flat template as CSV (UTF-8) or XLSX (`/echanges/importer/modele.csv`,
    `modele.xlsx`; see docs/exchange.md). The other form fields are sharing defaults
    for every row: `handling`, `distribution`, `agreement`, `organisations` and
    `recipients` (ids separated by semicolons), `source_reliability`,
    `information_accuracy`, `handling_conditions`; a row's own value wins.

    Every row is checked as a report sent alone (codes, IMO and ISO 6346 check
    digits, UN/LOCODE, dates, sharing and legal basis) before anything is written.
    A refusal answers 400 with `rows`, one `{row, field, detail}` per problem (the
    first 200; `problems` counts them all), and stores nothing. Otherwise every report,
    its entities and its audit entries are stored in one transaction: 201 with
    `created` and the `ids`. Send an `Idempotency-Key` header to retry safely.
    """
    file_format = defaults.format or ingest_files.guess_format(file.name or "")
    sharing = ingest.FileDefaults(
        handling=defaults.handling,
        distribution=defaults.distribution,
        agreement=(ingest.parse_ids(defaults.agreement, "agreement") or [None])[0],
        organisations=ingest.parse_ids(defaults.organisations, "organisations"),
        recipients=ingest.parse_ids(defaults.recipients, "recipients"),
        source_reliability=defaults.source_reliability,
        information_accuracy=defaults.information_accuracy,
        handling_conditions=defaults.handling_conditions,
    )
    checked = ingest.check_file(request.user, file, file_format, sharing)
    with transaction.atomic():
        report = ingest.store(checked)
    return Status(201, {"created": report.created, "ids": report.ids})


@router.post("/exchange/items/{pk}/attachments", response={201: AttachmentOut})
def attach_file(request, pk: int, file: File[UploadedFile], description: Form[str] = ""):
    """Attach a file to an item (multipart form: `file`, optional `description`).

    The item's author and the officers of its originating organisation attach files.
    Accepted, whatever the file's name or declared type says, by its content: PDF, PNG,
    JPEG, plain text or CSV (UTF-8), XLSX, DOCX, ODT, ODS; up to RACINE_MAX_ATTACHMENT_MB.
    The file's name is never kept: Racine names it `piece-jointe-<n>.<extension>`.
    An empty, oversized, unrecognised, ambiguous (polyglot) file or an archive unpacking
    beyond reason answers 400 naming `file`.
    """
    with transaction.atomic():
        return Status(201, attachments.attach(request.user, pk, file, description))


@router.get("/exchange/items/{pk}/attachments", response=list[AttachmentOut])
def list_attachments(request, pk: int):
    """List an item's attachments; 404 for an item you may not see or that does not exist."""
    return list(attachments.list_attachments(request.user, pk))


@router.get(
    "/exchange/attachments/{pk}",
    response={200: None},
    openapi_extra={
        "responses": {
            200: {
                "description": "The file, as a download (`Content-Disposition: attachment`)",
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        }
    },
)
def download_attachment(request, pk: int):
    """Download an attachment; 404 when its item is hidden from you, exactly as when missing.

    Sent as a download under Racine's name with its detected type and
    `X-Content-Type-Options: nosniff`. Downloading from an item under TLP:AMBER,
    AMBER+STRICT or RED is written to the audit log.
    """
    with transaction.atomic():
        attachment, stream = attachments.open_for_download(request.user, pk)
    return download_response(attachment, stream)
