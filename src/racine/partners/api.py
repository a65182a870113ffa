"""REST endpoints of the partners app: countries' roles in the chain, agreements, documents."""

import datetime as dt

from django.db import transaction
from django.http import FileResponse
from ninja import File, Form, Router, Status, UploadedFile

from racine.core.schemas import paginated
from racine.partners import services
from racine.partners.schemas import (
    AgreementDetail,
    AgreementIn,
    AgreementPage,
    CountryRoleIn,
    CountryRoleOut,
    CountryRolePage,
    DocumentOut,
    TransitionIn,
)

router = Router(tags=["partners"])


# --- countries' roles -----------------------------------------------------------------------


@router.get("/country-roles", response=CountryRolePage)
def list_country_roles(
    request, country: str = "", role: str = "", at: dt.date | None = None, page: int = 1
):
    """List countries' roles in the cocaine chain, 50 a page.

    Filter by `country` (ISO alpha-2 code), `role` (`production`, `transit`, `rebound`,
    `consumption`) and `at` (YYYY-MM-DD: only the roles valid that day).
    """
    return paginated(services.list_country_roles(request.user, country, role, at), page)


@router.post("/country-roles", response={201: CountryRoleOut})
def create_country_role(request, payload: CountryRoleIn):
    """Record a country's role from a date, with the source that says so (plan coordinators).

    `until` is optional: a role without an end date is still valid.
    """
    with transaction.atomic():
        return Status(201, services.save_country_role(request.user, payload.to_data()))


@router.put("/country-roles/{pk}", response=CountryRoleOut)
def update_country_role(request, pk: int, payload: CountryRoleIn):
    """Replace a country role's fields (plan coordinators)."""
    with transaction.atomic():
        return services.save_country_role(request.user, payload.to_data(), pk)


# --- agreements -------------------------------------------------------------------------------


@router.get("/agreements", response=AgreementPage)
def list_agreements(request, status: str = "", kind: str = "", country: str = "", page: int = 1):
    """List the agreements you may see, 50 a page, most recently signed first.

    Staff of French State services see every agreement; a partner agency's officer sees
    only those their agency is party to. Filter by `status` (`draft`, `negotiation`,
    `signed`, `in_force`, `suspended`, `expired`, `terminated`), `kind` or partner
    `country` (ISO alpha-2 code).
    """
    return paginated(services.list_agreements(request.user, status, kind, country), page)


@router.get("/agreements/{pk}", response=AgreementDetail)
def get_agreement(request, pk: int):
    """Return one agreement with its sharing provisions, its dated lifecycle and its documents.

    `allowed_transitions` lists the statuses it may move to next. An agreement you may
    not see answers 404, as one that does not exist.
    """
    return services.get_agreement(request.user, pk)


@router.post("/agreements", response={201: AgreementDetail})
def create_agreement(request, payload: AgreementIn):
    """Record a new agreement as a draft, dated today.

    Plan coordinators record any agreement; an embassy officer records those their
    embassy leads. `lead_organisation` is the id of a French State service,
    `partner_countries` ISO alpha-2 codes, `sharing` the categories of information the
    parties may share, each under a handling code.
    """
    with transaction.atomic():
        return Status(201, services.create_agreement(request.user, payload.to_data()))


@router.put("/agreements/{pk}", response=AgreementDetail)
def update_agreement(request, pk: int, payload: AgreementIn):
    """Replace an agreement's content (coordinators, or the lead embassy's officers).

    The status does not change here: use the transitions endpoint.
    """
    with transaction.atomic():
        return services.update_agreement(request.user, pk, payload.to_data())


@router.post("/agreements/{pk}/transitions", response=AgreementDetail)
def transition_agreement(request, pk: int, payload: TransitionIn):
    """Move an agreement to `to_status` on the date `on`, with an optional note.

    Only the lifecycle's moves are allowed (draft → negotiation → signed → in force…):
    any other answers 409. The date may not be in the future nor before the previous step.
    Signing an agreement counts it in the plan's objectives from that date.
    """
    with transaction.atomic():
        return services.transition(request.user, pk, payload.to_status, payload.on, payload.note)


@router.post("/agreements/{pk}/documents", response={201: DocumentOut})
def attach_document(request, pk: int, kind: Form[str], file: File[UploadedFile]):
    """Attach a file to an agreement (multipart form: `kind` and `file`).

    `kind` is `text`, `annex`, `minutes` or `other`. Only PDF, ODT and DOCX files are
    accepted, up to the size limit of the installation (RACINE_MAX_UPLOAD_MB).
    """
    with transaction.atomic():
        return Status(201, services.attach_document(request.user, pk, kind, file))


@router.get("/documents/{pk}")
def download_document(request, pk: int):
    """Download a document of an agreement you may see, as an attachment."""
    document = services.get_document(request.user, pk)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.name,
        content_type=document.content_type,
    )
