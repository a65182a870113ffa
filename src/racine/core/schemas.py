"""API input and output models of the core, and the page shape every list endpoint answers."""

from datetime import datetime
from typing import Annotated, Any

from django.core.paginator import Paginator
from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import Field, model_validator

# The key of a record: a positive signed 64-bit integer (a longer number is no record).
RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]

PAGE_SIZE = 50


class InputSchema(Schema):
    """A request body, validated straight from its parsed JSON.

    ninja's :class:`~ninja.Schema` wraps every value it validates, nested ones included,
    in a getter that reads Django objects; a body is a plain dict, and that wrapping cost
    more than the validation itself (a bulk import validates 20,000 bodies). An input
    schema declares no resolver, so the result is the same.
    """

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values: Any, handler, info) -> Any:
        if isinstance(values, dict):
            return handler(values)
        if cls.model_config.get("extra") == "forbid":
            handler(values)
        return handler(DjangoGetter(values, cls, info.context))


def paginated(queryset, page: int) -> dict:
    """Return page ``page`` of ``queryset`` as ``{count, page, pages, results}``, 50 a page.

    A page number past the end gives the last page, as the list pages do.
    """
    paginator = Paginator(queryset, PAGE_SIZE)
    current = paginator.get_page(page)
    return {
        "count": paginator.count,
        "page": current.number,
        "pages": paginator.num_pages,
        "results": list(current.object_list),
    }


class CountryOut(Schema):
    iso2: str
    iso3: str
    name_fr: str
    name_es: str
    name_en: str
    region: str


class OrganisationIn(Schema):
    name: str
    kind: str
    country: str
    acronym: str = ""
    french_state: bool = False
    active: bool = True


class OrganisationOut(Schema):
    id: int
    name: str
    acronym: str
    kind: str
    country: str
    french_state: bool
    active: bool

    @staticmethod
    def resolve_country(obj) -> str:
        return obj.country_id


class UserIn(Schema):
    username: str
    organisation: int | None = None
    roles: list[str]
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    is_active: bool = True
    password: str | None = None


class UserOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    email: str
    organisation: int | None
    roles: list[str]
    is_active: bool

    @staticmethod
    def resolve_organisation(obj) -> int | None:
        return obj.organisation_id

    @staticmethod
    def resolve_roles(obj) -> list[str]:
        return sorted(role.code for role in obj.roles.all())


class TokenIn(Schema):
    name: str


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    last_used_from: str | None
    revoked_at: datetime | None


class TokenCreated(TokenOut):
    secret: str


class OrganisationPage(Schema):
    count: int
    page: int
    pages: int
    results: list[OrganisationOut]


class UserPage(Schema):
    count: int
    page: int
    pages: int
    results: list[UserOut]


class CountryPage(Schema):
    count: int
    page: int
    pages: int
    results: list[CountryOut]


class JobOut(Schema):
    """A background job: poll it until `status` is `successful` (see `result`) or `failed`
    (see `error`)."""

    id: str
    task: str
    status: str = Field(description="ready, running, successful or failed")
    enqueued_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    stage: str = Field(description="what the job is doing, e.g. reading, writing")
    done: int = Field(description="items of the stage done so far")
    total: int = Field(description="items of the stage in all")
    result: dict | None = Field(description="what the job returned, once successful")
    error: str = Field(description="why the job failed, for its owner")
