"""API input and output models of the core."""

from datetime import datetime

from ninja import Schema


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
