"""API input and output models of the resources app.

Amounts of money are exact decimal strings in the record's currency ("12500.00"); other
numbers (full-time equivalents, shares) are JSON numbers.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from ninja import Schema

from racine.core.schemas import RecordId
from racine.resources import services


def money(amount: Decimal) -> str:
    """Return an amount as an exact decimal string with cents: "12500.00"."""
    return f"{Decimal(amount):.2f}"


class PostIn(Schema):
    embassy: RecordId
    kind: str
    title: str
    fte: Decimal
    starts_on: dt.date
    ends_on: dt.date | None = None

    def to_data(self) -> services.PostData:
        return services.PostData(**self.dict())


class PostOut(Schema):
    id: int
    embassy: int
    embassy_name: str
    kind: str
    title: str
    fte: float
    starts_on: dt.date
    ends_on: dt.date | None

    @staticmethod
    def resolve_embassy(obj) -> int:
        return obj.embassy_id

    @staticmethod
    def resolve_embassy_name(obj) -> str:
        return obj.embassy.name


class PostPage(Schema):
    count: int
    page: int
    pages: int
    results: list[PostOut]


class BudgetLineIn(Schema):
    embassy: RecordId
    year: int
    category: str
    committed: Decimal
    spent: Decimal = Decimal(0)
    replace: bool = False

    def to_data(self) -> services.BudgetData:
        return services.BudgetData(**self.dict())


class BudgetLineOut(Schema):
    id: int
    embassy: int
    embassy_name: str
    year: int
    category: str
    committed: str
    spent: str

    @staticmethod
    def resolve_embassy(obj) -> int:
        return obj.embassy_id

    @staticmethod
    def resolve_committed(obj) -> str:
        return money(obj.committed)

    @staticmethod
    def resolve_spent(obj) -> str:
        return money(obj.spent)

    @staticmethod
    def resolve_embassy_name(obj) -> str:
        return obj.embassy.name


class BudgetLinePage(Schema):
    count: int
    page: int
    pages: int
    results: list[BudgetLineOut]


class AidActivityOut(Schema):
    id: int
    identifier: str
    title: str
    reporting_org: str
    counter_narcotics_share: float
    last_updated: dt.datetime | None
    source: str


class AidActivityPage(Schema):
    count: int
    page: int
    pages: int
    results: list[AidActivityOut]


class RecipientCountryOut(Schema):
    code: str
    percentage: float


class SectorOut(Schema):
    code: str
    vocabulary: str
    percentage: float


class AidTransactionOut(Schema):
    type: str
    date: dt.date
    value: str
    currency: str
    counter_narcotics_value: str

    @staticmethod
    def resolve_value(obj) -> str:
        return money(obj.value)

    @staticmethod
    def resolve_counter_narcotics_value(obj) -> str:
        return money(obj.counter_narcotics_value)


class AidActivityDetail(AidActivityOut):
    recipient_countries: list[RecipientCountryOut]
    sectors: list[SectorOut]
    transactions: list[AidTransactionOut]

    @staticmethod
    def resolve_transactions(obj) -> list:
        return list(obj.transactions.all())


class AcademyIn(Schema):
    name: str
    site: str = ""
    country: str | None = None
    decided_on: dt.date | None = None
    site_chosen_on: dt.date | None = None
    opened_on: dt.date | None = None

    def to_data(self) -> services.AcademyData:
        return services.AcademyData(**self.dict())


class TraineeIn(Schema):
    session: RecordId
    full_name: str
    organisation: RecordId
    completed: bool = False


class TraineeOut(Schema):
    id: int
    full_name: str
    organisation: int
    country: str
    completed: bool

    @staticmethod
    def resolve_organisation(obj) -> int:
        return obj.organisation_id

    @staticmethod
    def resolve_country(obj) -> str:
        return obj.country_id


class SessionIn(Schema):
    course: RecordId
    starts_on: dt.date
    ends_on: dt.date
    place: str


class SessionOut(Schema):
    id: int
    course: int
    starts_on: dt.date
    ends_on: dt.date
    place: str
    trainees: list[TraineeOut]

    @staticmethod
    def resolve_course(obj) -> int:
        return obj.course_id

    @staticmethod
    def resolve_trainees(obj) -> list:
        return list(obj.trainees.all())


class CourseIn(Schema):
    title: str
    topic: str = ""


class CourseOut(Schema):
    id: int
    title: str
    topic: str
    sessions: list[SessionOut]

    @staticmethod
    def resolve_sessions(obj) -> list:
        return list(obj.sessions.all())


class AcademyOut(Schema):
    name: str
    site: str
    country: str | None
    decided_on: dt.date | None
    site_chosen_on: dt.date | None
    opened_on: dt.date | None
    stage: int
    courses: list[CourseOut]

    @staticmethod
    def resolve_country(obj) -> str | None:
        return obj.country_id

    @staticmethod
    def resolve_stage(obj) -> int:
        return services.academy_stage_at(timezone.localdate())

    @staticmethod
    def resolve_courses(obj) -> list:
        return list(obj.courses.prefetch_related("sessions__trainees"))
