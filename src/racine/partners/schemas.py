"""API input and output models of the partners app: countries' roles, agreements, documents."""

from datetime import date, datetime

from ninja import Schema

from racine.core.schemas import RecordId
from racine.partners import services


class CountryRoleIn(Schema):
    country: str
    role: str
    since: date
    source: str
    until: date | None = None

    def to_data(self) -> services.CountryRoleData:
        return services.CountryRoleData(**self.dict())


class CountryRoleOut(Schema):
    id: int
    country: str
    role: str
    since: date
    until: date | None
    source: str

    @staticmethod
    def resolve_country(obj) -> str:
        return obj.country_id


class CountryRolePage(Schema):
    count: int
    page: int
    pages: int
    results: list[CountryRoleOut]


class SharingProvisionSchema(Schema):
    category: str
    handling_code: str


class AgreementIn(Schema):
    title: str
    kind: str
    lead_organisation: RecordId
    partner_countries: list[str]
    partner_organisations: list[RecordId] = []
    summary: str = ""
    counts_for_plan: bool = True
    sharing: list[SharingProvisionSchema] = []

    def to_data(self) -> services.AgreementData:
        fields = self.dict(exclude={"sharing"})
        sharing = [(item.category, item.handling_code) for item in self.sharing]
        return services.AgreementData(**fields, sharing=sharing)


class AgreementOut(Schema):
    id: int
    title: str
    kind: str
    status: str
    lead_organisation: int
    partner_countries: list[str]
    signed_on: date | None
    in_force_on: date | None
    counts_for_plan: bool

    @staticmethod
    def resolve_lead_organisation(obj) -> int:
        return obj.lead_organisation_id

    @staticmethod
    def resolve_partner_countries(obj) -> list[str]:
        return sorted(country.pk for country in obj.partner_countries.all())


class AgreementPage(Schema):
    count: int
    page: int
    pages: int
    results: list[AgreementOut]


class EventOut(Schema):
    from_status: str
    to_status: str
    on: date
    note: str


class DocumentOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    content_type: str
    uploaded_at: datetime


class AgreementDetail(AgreementOut):
    summary: str
    partner_organisations: list[int]
    sharing_provisions: list[SharingProvisionSchema]
    allowed_transitions: list[str]
    events: list[EventOut]
    documents: list[DocumentOut]
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_partner_organisations(obj) -> list[int]:
        return sorted(organisation.pk for organisation in obj.partner_organisations.all())

    @staticmethod
    def resolve_sharing_provisions(obj) -> list:
        return list(obj.sharing_provisions.all())

    @staticmethod
    def resolve_allowed_transitions(obj) -> list[str]:
        return [str(status) for status in services.allowed_transitions(obj)]

    @staticmethod
    def resolve_events(obj) -> list:
        return list(obj.events.all())

    @staticmethod
    def resolve_documents(obj) -> list:
        return list(obj.documents.all())


class TransitionIn(Schema):
    to_status: str
    on: date
    note: str = ""
