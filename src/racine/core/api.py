"""REST endpoints of the core: the caller, countries, organisations, users, personal tokens."""

from django.db import transaction
from ninja import Router, Status

from racine.core import jobs, services
from racine.core.models import Country
from racine.core.schemas import (
    CountryPage,
    JobOut,
    OrganisationIn,
    OrganisationOut,
    OrganisationPage,
    TokenCreated,
    TokenIn,
    TokenOut,
    UserIn,
    UserOut,
    UserPage,
    paginated,
)

router = Router()


@router.get("/jobs/{job_id}", response=JobOut, tags=["jobs"])
def get_job(request, job_id: str):
    """Return a background job you started (an IATI import…): its status and progress.

    Poll it every second or two until `status` is `successful` (`result` holds what the job
    returned) or `failed` (`error` says why; nothing was written). Another user's job
    answers 404.
    """
    return jobs.get_job(request.user, job_id)


@router.get("/me", response=UserOut, tags=["account"])
def me(request):
    """Return the signed-in user (or the owner of the bearer token)."""
    return request.user


@router.get("/countries", response=CountryPage, tags=["countries"])
def list_countries(request, region: str = "", page: int = 1):
    """List countries (ISO 3166-1), named in French, Spanish and English, 50 a page.

    Filter by UN M49 `region` (for example `latin_america_caribbean`). Every other
    endpoint names countries by their `iso2` code.
    """
    # Reference data every signed-in user reads: no service rule to apply.
    countries = Country.objects.all()
    if region:
        countries = countries.filter(region=region)
    return paginated(countries, page)


@router.get("/organisations", response=OrganisationPage, tags=["organisations"])
def list_organisations(request, q: str = "", kind: str = "", page: int = 1):
    """List organisations, 50 a page; filter by name (`q`) or `kind`."""
    return paginated(services.list_organisations(request.user, q, kind), page)


@router.get("/organisations/{pk}", response=OrganisationOut, tags=["organisations"])
def get_organisation(request, pk: int):
    """Return one organisation."""
    return services.get_organisation(request.user, pk)


@router.post("/organisations", response={201: OrganisationOut}, tags=["organisations"])
def create_organisation(request, payload: OrganisationIn):
    """Create an organisation (administrators). `country` is an ISO 3166 alpha-2 code."""
    with transaction.atomic():
        return Status(
            201,
            services.create_organisation(request.user, services.OrganisationData(**payload.dict())),
        )


@router.put("/organisations/{pk}", response=OrganisationOut, tags=["organisations"])
def update_organisation(request, pk: int, payload: OrganisationIn):
    """Replace an organisation's fields (administrators)."""
    with transaction.atomic():
        return services.update_organisation(
            request.user, pk, services.OrganisationData(**payload.dict())
        )


@router.get("/users", response=UserPage, tags=["users"])
def list_users(request, q: str = "", role: str = "", page: int = 1):
    """List user accounts, 50 a page (administrators)."""
    return paginated(services.list_users(request.user, q, role), page)


@router.get("/users/{pk}", response=UserOut, tags=["users"])
def get_user(request, pk: int):
    """Return one user account (administrators)."""
    return services.get_user(request.user, pk)


def _user_data(payload: UserIn) -> tuple[services.UserData, str | None]:
    data = payload.dict()
    password = data.pop("password")
    return services.UserData(**data), password


@router.post("/users", response={201: UserOut}, tags=["users"])
def create_user(request, payload: UserIn):
    """Create a user account (administrators); `password` is required here."""
    data, password = _user_data(payload)
    with transaction.atomic():
        return Status(201, services.create_user(request.user, data, password or ""))


@router.put("/users/{pk}", response=UserOut, tags=["users"])
def update_user(request, pk: int, payload: UserIn):
    """Replace a user account's fields (administrators); a `password` replaces the old one."""
    data, password = _user_data(payload)
    with transaction.atomic():
        return services.update_user(request.user, pk, data, password)


@router.get("/tokens", response=list[TokenOut], tags=["account"])
def list_tokens(request):
    """List the caller's personal API tokens (never their secrets)."""
    return list(services.list_tokens(request.user))


@router.post("/tokens", response={201: TokenCreated}, tags=["account"])
def create_token(request, payload: TokenIn):
    """Create a personal API token. The `secret` is in this answer only: store it now."""
    with transaction.atomic():
        token, secret = services.create_token(request.user, payload.name)
    token.secret = secret
    return Status(201, token)


@router.delete("/tokens/{pk}", response=TokenOut, tags=["account"])
def revoke_token(request, pk: int):
    """Revoke one of the caller's tokens; it stops working at once."""
    with transaction.atomic():
        return services.revoke_token(request.user, pk)
