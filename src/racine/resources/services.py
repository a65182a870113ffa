"""Rules for the plan's means: staff posts, budget lines, aid imported from IATI, the academy.

These records are internal to the French State: only users of French State services
see them. Coordinators edit everything; embassy officers edit their own embassy's
posts and budget lines. The functions at the end compute what the plan's indicators
count, for the whole ministry, at any date.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from racine.core import audit, db
from racine.core.choices import AuditAction, OrganisationKind, RoleCode
from racine.core.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from racine.core.models import Country, Organisation
from racine.core.permissions import has_role, require_role
from racine.core.validation import validate
from racine.resources import iati
from racine.resources.choices import BudgetCategory, PostKind
from racine.resources.models import (
    Academy,
    AidActivity,
    AidTransaction,
    BudgetLine,
    Course,
    CourseSession,
    StaffPost,
    Trainee,
)


def require_french_state(user) -> None:
    """Raise unless ``user`` works for a French State service."""
    if user is None or not user.is_authenticated:
        raise NotAuthenticated(_("Authentication is required."))
    if user.organisation is None or not user.organisation.french_state:
        raise PermissionDenied(_("These records are reserved to French State services."))


def require_editor(user) -> None:
    """Raise unless ``user`` may record posts and budget lines (coordinators, embassy officers)."""
    require_french_state(user)
    require_role(user, RoleCode.PLAN_COORDINATOR, RoleCode.EMBASSY_OFFICER)


def require_coordinator(user) -> None:
    """Raise unless ``user`` may import aid and edit the academy (plan coordinators)."""
    require_french_state(user)
    require_role(user, RoleCode.PLAN_COORDINATOR)


def _require_embassy_editor(user, embassy: Organisation) -> None:
    require_role(user, RoleCode.PLAN_COORDINATOR, RoleCode.EMBASSY_OFFICER)
    if not has_role(user, RoleCode.PLAN_COORDINATOR) and embassy.pk != user.organisation_id:
        raise PermissionDenied(_("Embassy officers edit only their own embassy's records."))


def _embassy(pk: int) -> Organisation:
    embassy = Organisation.objects.filter(pk=pk, kind=OrganisationKind.EMBASSY).first()
    if embassy is None:
        raise InvalidInput(_("Choose an embassy."), field="embassy")
    return embassy


def can_edit_embassy(user, embassy_id: int | None = None) -> bool:
    """Return whether ``user`` may edit posts and budget lines (of that embassy, if given)."""
    if has_role(user, RoleCode.PLAN_COORDINATOR):
        return True
    return has_role(user, RoleCode.EMBASSY_OFFICER) and embassy_id in (None, user.organisation_id)


# --- staff posts ----------------------------------------------------------------------------


@dataclass
class PostData:
    embassy: int
    kind: str
    title: str
    fte: Decimal
    starts_on: dt.date
    ends_on: dt.date | None = None


def list_posts(user, embassy: int | None = None, at: dt.date | None = None) -> QuerySet:
    """Return specialised staff posts, optionally one embassy's or those open at a date."""
    require_french_state(user)
    posts = StaffPost.objects.select_related("embassy")
    if embassy:
        posts = posts.filter(embassy_id=embassy)
    return posts_open_at(at, posts) if at else posts


def get_post(user, pk: int) -> StaffPost:
    """Return one staff post, or raise :class:`NotFound`."""
    post = list_posts(user).filter(pk=pk).first()
    if post is None:
        raise NotFound(_("No staff post with id %(id)s.") % {"id": pk})
    return post


def save_post(user, data: PostData, pk: int | None = None) -> StaffPost:
    """Create or change a staff post (coordinators; embassy officers for their embassy)."""
    embassy = _embassy(data.embassy)
    _require_embassy_editor(user, embassy)
    post = StaffPost() if pk is None else list_posts(user).filter(pk=pk).first()
    if post is None:
        raise NotFound(_("No staff post with id %(id)s.") % {"id": pk})
    if pk is not None:
        _require_embassy_editor(user, post.embassy)
    if data.kind not in PostKind.values:
        raise InvalidInput(_("Unknown post kind."), field="kind")
    post.embassy, post.kind, post.title = embassy, data.kind, data.title.strip()
    post.fte, post.starts_on, post.ends_on = data.fte, data.starts_on, data.ends_on
    validate(post)
    post.save()
    return post


def posts_open_at(at: dt.date, posts: QuerySet | None = None) -> QuerySet:
    """Return the posts open on ``at`` (started, and not ended before)."""
    posts = StaffPost.objects.select_related("embassy") if posts is None else posts
    return posts.filter(starts_on__lte=at).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=at))


def specialised_fte_at(at: dt.date) -> Decimal:
    """Return the full-time equivalents of specialised staff in embassies on ``at``."""
    return posts_open_at(at).aggregate(total=Sum("fte"))["total"] or Decimal(0)


# --- means of intervention ------------------------------------------------------------------


@dataclass
class BudgetData:
    embassy: int
    year: int
    category: str
    committed: Decimal
    spent: Decimal = Decimal(0)
    replace: bool = False  # say yes to replacing the line already recorded


def list_budget_lines(user, year: int | None = None, embassy: int | None = None) -> QuerySet:
    """Return budget lines, optionally of one year or one embassy."""
    require_french_state(user)
    lines = BudgetLine.objects.select_related("embassy")
    if year:
        lines = lines.filter(year=year)
    if embassy:
        lines = lines.filter(embassy_id=embassy)
    return lines


def get_budget_line(user, pk: int) -> BudgetLine:
    """Return one budget line, or raise :class:`NotFound`."""
    line = list_budget_lines(user).filter(pk=pk).first()
    if line is None:
        raise NotFound(_("No budget line with id %(id)s.") % {"id": pk})
    return line


def save_budget_line(user, data: BudgetData) -> BudgetLine:
    """Record the line of an embassy, year and category; replace one only when told to.

    A line exists once per embassy, year and category. Without ``replace``, a line
    already recorded is never overwritten: the caller is told what it holds and asked.
    """
    embassy = _embassy(data.embassy)
    _require_embassy_editor(user, embassy)
    if data.category not in BudgetCategory.values:
        raise InvalidInput(_("Unknown budget category."), field="category")
    line = BudgetLine(embassy=embassy, year=data.year, category=data.category)
    line.committed, line.spent = data.committed, data.spent
    validate(line)
    existing = (
        BudgetLine.objects.select_for_update()
        .filter(embassy=embassy, year=data.year, category=data.category)
        .first()
    )
    if existing is not None:
        if not data.replace:
            raise Conflict(
                _(
                    "%(embassy)s already has a line for %(year)s in this category "
                    "(%(committed)s EUR committed). Tick “Replace the existing line” to "
                    "replace it."
                )
                % {
                    "embassy": embassy.name,
                    "year": data.year,
                    "committed": number_format(existing.committed, 2, force_grouping=True),
                },
                field="category",
            )
        line.pk = existing.pk
    line.save()
    return line


def list_budget_lines_for_plan(year: int) -> QuerySet:
    """Return every embassy's budget lines of ``year`` (for the plan's drill-down)."""
    return (
        BudgetLine.objects.filter(year=year)
        .select_related("embassy")
        .order_by("embassy__name", "category")
    )


def means_committed(year: int) -> Decimal:
    """Return the means of intervention committed by all embassies for ``year`` (EUR)."""
    lines = BudgetLine.objects.filter(year=year)
    return lines.aggregate(total=Sum("committed"))["total"] or Decimal(0)


# --- development aid (IATI) -----------------------------------------------------------------


def counter_narcotics_codes() -> frozenset[str]:
    """Return the DAC codes counted as counter-narcotics (RACINE_COUNTER_NARCOTICS_SECTORS)."""
    return frozenset(settings.RACINE_COUNTER_NARCOTICS_SECTORS)


def list_aid_activities(user, search: str = "", counter_narcotics: bool = False) -> QuerySet:
    """Return imported aid activities, optionally only those with a counter-narcotics part."""
    require_french_state(user)
    activities = AidActivity.objects.all()
    if search:
        activities = activities.filter(Q(identifier__icontains=search) | Q(title__icontains=search))
    if counter_narcotics:
        activities = activities.filter(transactions__counter_narcotics_value__gt=0).distinct()
    return activities


def get_aid_activity(user, pk: int) -> AidActivity:
    """Return one imported aid activity."""
    activity = list_aid_activities(user).filter(pk=pk).first()
    if activity is None:
        raise NotFound(_("No aid activity with id %(id)s.") % {"id": pk})
    return activity


@dataclass(frozen=True)
class ImportReport:
    """What an IATI import did."""

    files: int
    created: int
    updated: int
    unchanged: int


Progress = Callable[[str, int, int], None]
"""Told ``(stage, done, total)`` as an import goes: stage "reading" counts files, "writing"
counts activities."""

WRITE_CHUNK = 500  # activities looked up and written per round trip


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def start_iati_import(user, uploads) -> str:
    """Keep uploaded IATI files in the data folder and queue their import; return the job id.

    Answers at once: parsing and writing happen in the background job
    (:func:`racine.resources.tasks.import_iati_files`), which removes the files when it ends.
    ``uploads`` are Django uploaded files, copied to disk chunk by chunk.
    """
    require_french_state(user)
    require_role(user, RoleCode.PLAN_COORDINATOR)
    if not uploads:
        raise InvalidInput(_("Choose at least one IATI file."), field="files")
    from racine.resources.tasks import import_iati_files  # the task calls this module

    folder = Path(settings.RACINE_IMPORTS_DIR) / uuid.uuid4().hex
    folder.mkdir(parents=True)
    names = []
    try:
        for index, upload in enumerate(uploads):
            with (folder / f"{index:03d}.xml").open("wb") as stored:
                for chunk in upload.chunks():
                    stored.write(chunk)
            names.append(Path(upload.name or f"{index}.xml").name[:200])
        result = import_iati_files.enqueue(owner_id=user.pk, folder=str(folder), names=names)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return str(result.id)


def import_iati(
    user, files: list[tuple[str, bytes]], progress: Progress = _no_progress
) -> ImportReport:
    """Import IATI activity files: every file is validated before anything is written.

    ``user`` is None for the CLI (an operator with shell access); otherwise a
    coordinator. Activities are keyed by IATI identifier: a re-import updates them
    and replaces their transactions, so importing the same file twice changes nothing.

    Parsing and validating take most of the time and touch no table, so they run before
    the transaction; the write is then one short bulk transaction (SQLite holds its
    single write lock only that long, and other requests wait for it rather than fail).
    """
    if user is not None:
        require_french_state(user)
        require_role(user, RoleCode.PLAN_COORDINATOR)
    if not files:
        raise InvalidInput(_("Choose at least one IATI file."), field="files")
    parsed: list[tuple[str, list[iati.Activity]]] = []
    problems: list[str] = []
    for done, (name, content) in enumerate(files):
        progress("reading", done, len(files))
        try:
            parsed.append((name, iati.parse(content)))
        except iati.IatiError as error:
            problems.extend(f"{name}: {problem}" for problem in error.problems)
    progress("reading", len(files), len(files))
    if problems:
        raise InvalidInput("\n".join(problems), field="file")
    codes = counter_narcotics_codes()
    rows = [_row(activity, source, codes) for activity, source in _latest_versions(parsed).values()]
    with transaction.atomic():
        created, updated, unchanged = _write(rows, progress)
        # Rows are written in bulk (no per-row signal): one audit entry names what changed.
        if created or updated:
            _audit_import(files, created, updated, unchanged)
    return ImportReport(len(files), len(created), len(updated), len(unchanged))


def _audit_import(files, created: list[str], updated: list[str], unchanged: list[str]) -> None:
    audit.record(
        AuditAction.UPDATE,
        None,
        {
            "iati_import": {
                "files": [Path(name).name for name, _content in files],
                "created": created,
                "updated": updated,
                "unchanged": len(unchanged),
            }
        },
        object_repr=_("IATI import"),
    )


def _latest_versions(parsed) -> dict[str, tuple[iati.Activity, str]]:
    """Keep one version of each activity: the most recently updated by its publisher.

    Portals page their exports, so one activity can appear in several files of an
    import, at different dates; keeping the newest makes re-imports change nothing.
    """
    latest: dict[str, tuple[iati.Activity, str]] = {}
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
    for name, activities in parsed:
        for activity in activities:
            kept = latest.get(activity.identifier)
            newer = _aware(activity.last_updated) or oldest
            if kept is None or newer >= (_aware(kept[0].last_updated) or oldest):
                latest[activity.identifier] = (activity, Path(name).name)
    return latest


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    # IATI datetimes often carry no zone; publishers mean UTC.
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment


@dataclass
class _Row:
    """An activity as it will be stored: its fields and its transactions' tuples."""

    identifier: str
    fields: dict
    transactions: list[tuple]


def _row(activity: iati.Activity, source: str, codes: frozenset[str]) -> _Row:
    fields = {
        "title": activity.title[:500],
        "reporting_org": activity.reporting_org or "",
        "recipient_countries": [
            {"code": c.code, "percentage": str(c.percentage)} for c in activity.recipient_countries
        ],
        "sectors": [
            {"code": s.code, "vocabulary": s.vocabulary, "percentage": str(s.percentage)}
            for s in activity.sectors
        ],
        "counter_narcotics_share": activity.counter_narcotics_share(codes).quantize(
            Decimal("0.000001")
        ),
        "last_updated": _aware(activity.last_updated),
        "source": source[:300],
    }
    transactions = [
        (
            t.type,
            t.date,
            t.value.quantize(Decimal("0.01")),
            t.currency,
            (t.value * activity.transaction_share(t, codes)).quantize(Decimal("0.01")),
        )
        for t in activity.transactions
    ]
    return _Row(activity.identifier, fields, transactions)


def _insert_activities(rows: list[_Row], now: dt.datetime) -> None:
    """Insert new activities without the ORM's per-value preparation (see ``insert_rows``)."""
    columns = ["identifier", *WRITTEN, "updated_at"]
    values = []
    for row in rows:
        fields = row.fields
        values.append(
            (
                row.identifier,
                fields["title"],
                fields["reporting_org"],
                json.dumps(fields["recipient_countries"]),
                json.dumps(fields["sectors"]),
                fields["counter_narcotics_share"],
                db.datetime_value(fields["last_updated"]),
                fields["source"],
                db.datetime_value(now),
            )
        )
    db.insert_rows(AidActivity, columns, values)


COMPARED = ("title", "reporting_org", "recipient_countries", "sectors")
COMPARED += ("counter_narcotics_share", "last_updated")  # the source file name is not a change
WRITTEN = (*COMPARED, "source")
TRANSACTION_FIELDS = ("type", "date", "value", "currency", "counter_narcotics_value")


def _write(rows: list[_Row], progress: Progress) -> tuple[list[str], list[str], list[str]]:
    """Create, update or leave each activity; return the identifiers of each outcome.

    A chunk of activities costs a few queries whatever its size: one to read the stored
    versions, one for their transactions, then bulk inserts and updates.
    """
    created: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    for start in range(0, len(rows), WRITE_CHUNK):
        chunk = rows[start : start + WRITE_CHUNK]
        stored = {
            values["identifier"]: values
            for values in AidActivity.objects.filter(
                identifier__in=[row.identifier for row in chunk]
            ).values("pk", "identifier", *COMPARED)
        }
        stored_transactions: dict[int, list[tuple]] = {}
        for activity_id, *values in (
            AidTransaction.objects.filter(activity_id__in=[v["pk"] for v in stored.values()])
            .order_by("activity_id", "pk")
            .values_list("activity_id", *TRANSACTION_FIELDS)
        ):
            stored_transactions.setdefault(activity_id, []).append(tuple(values))
        new: list[_Row] = []
        changed: list[tuple[int, _Row]] = []
        for row in chunk:
            values = stored.get(row.identifier)
            if values is None:
                new.append(row)
            elif (
                values["last_updated"]
                and row.fields["last_updated"]
                and row.fields["last_updated"] < values["last_updated"]
            ):
                unchanged.append(row.identifier)  # stored is newer: an old export never wins
            elif all(values[key] == row.fields[key] for key in COMPARED) and (
                stored_transactions.get(values["pk"], []) == row.transactions
            ):
                unchanged.append(row.identifier)
            else:
                changed.append((values["pk"], row))
        now = timezone.now()
        _insert_activities(new, now)
        new_pks = dict(
            AidActivity.objects.filter(identifier__in=[row.identifier for row in new]).values_list(
                "identifier", "pk"
            )
        )
        AidActivity.objects.bulk_update(
            [AidActivity(pk=pk, updated_at=now, **row.fields) for pk, row in changed],
            [*WRITTEN, "updated_at"],
        )
        AidTransaction.objects.filter(activity_id__in=[pk for pk, _row in changed]).delete()
        targets = [(new_pks[row.identifier], row) for row in new] + changed
        db.insert_rows(
            AidTransaction,
            ["activity_id", *TRANSACTION_FIELDS],
            [(pk, *values) for pk, row in targets for values in row.transactions],
        )
        created += [row.identifier for row in new]
        updated += [row.identifier for _pk, row in changed]
        progress("writing", start + len(chunk), len(rows))
    return created, updated, unchanged


FRENCH_PUBLISHERS = "FR-"  # IATI organisation identifiers of the French State (AFD FR-3, MEAE FR-6)


def counter_narcotics_transactions(start: dt.date, end: dt.date) -> QuerySet:
    """Return French counter-narcotics commitments (EUR) dated in [start, end]."""
    return AidTransaction.objects.filter(
        activity__reporting_org__startswith=FRENCH_PUBLISHERS,
        type="2",
        currency="EUR",
        counter_narcotics_value__gt=0,
        date__gte=start,
        date__lte=end,
    ).select_related("activity")


def counter_narcotics_commitments(start: dt.date, end: dt.date) -> Decimal:
    """Return the counter-narcotics part of French aid committed between two dates (EUR)."""
    total = counter_narcotics_transactions(start, end).aggregate(t=Sum("counter_narcotics_value"))
    return total["t"] or Decimal(0)


# --- the academy ----------------------------------------------------------------------------

ACADEMY_STAGES = ("decided_on", "site_chosen_on", "opened_on")


def the_academy() -> Academy | None:
    """Return the regional academy, if recorded."""
    return Academy.objects.select_related("country").first()


def academy_stage_at(at: dt.date) -> int:
    """Return how many of the academy's milestones (decided, site chosen, opened) are reached."""
    academy = the_academy()
    if academy is None:
        return 0
    return sum(1 for stage in ACADEMY_STAGES if (day := getattr(academy, stage)) and day <= at)


@dataclass
class AcademyData:
    name: str
    site: str = ""
    country: str | None = None
    decided_on: dt.date | None = None
    site_chosen_on: dt.date | None = None
    opened_on: dt.date | None = None


def save_academy(user, data: AcademyData) -> Academy:
    """Record the academy and the dates of its milestones (coordinators)."""
    require_french_state(user)
    require_role(user, RoleCode.PLAN_COORDINATOR)
    if not data.name.strip():
        raise InvalidInput(_("A name is required."), field="name")
    country = None
    if data.country:
        country = Country.objects.filter(pk=data.country.upper()).first()
        if country is None:
            raise InvalidInput(
                _("Unknown country code: %(code)s.") % {"code": data.country}, field="country"
            )
    dates = [data.decided_on, data.site_chosen_on, data.opened_on]
    reached = [day for day in dates if day]
    if reached != sorted(reached) or any(
        later and not earlier for earlier, later in zip(dates, dates[1:], strict=False)
    ):
        raise InvalidInput(
            _("Milestones come in order: decided, site chosen, opened."), field="opened_on"
        )
    academy = the_academy() or Academy()
    academy.name, academy.site = data.name.strip(), data.site.strip()
    academy.country = country
    academy.decided_on, academy.site_chosen_on, academy.opened_on = dates
    validate(academy)
    academy.save()
    return academy


def add_course(user, academy: Academy | None, title: str, topic: str = "") -> Course:
    """Add a course to the academy (coordinators)."""
    require_french_state(user)
    require_role(user, RoleCode.PLAN_COORDINATOR)
    if academy is None:
        raise NotFound(_("The academy is not recorded yet."))
    if not title.strip():
        raise InvalidInput(_("A title is required."), field="title")
    course = Course(academy=academy, title=title.strip(), topic=topic.strip())
    validate(course)
    course.save()
    return course


def add_session(user, course_id: int, starts_on: dt.date, ends_on: dt.date, place: str):
    """Add a session of a course (coordinators)."""
    require_french_state(user)
    require_role(user, RoleCode.PLAN_COORDINATOR)
    if ends_on < starts_on:
        raise InvalidInput(_("The end date is before the start date."), field="ends_on")
    course = Course.objects.filter(pk=course_id).first()
    if course is None:
        raise NotFound(_("No course with id %(id)s.") % {"id": course_id})
    session = CourseSession(
        course=course, starts_on=starts_on, ends_on=ends_on, place=place.strip()
    )
    validate(session)
    session.save()
    return session


def add_trainee(user, session_id: int, full_name: str, organisation: int, completed=False):
    """Add a partner officer trained in a session (coordinators)."""
    require_french_state(user)
    require_role(user, RoleCode.PLAN_COORDINATOR)
    if not full_name.strip():
        raise InvalidInput(_("A name is required."), field="full_name")
    session = CourseSession.objects.filter(pk=session_id).first()
    if session is None:
        raise InvalidInput(_("Unknown session."), field="session")
    agency = Organisation.objects.filter(pk=organisation, french_state=False).first()
    if agency is None:
        raise InvalidInput(_("Choose a partner agency."), field="organisation")
    trainee = Trainee(
        session=session,
        full_name=full_name.strip(),
        organisation=agency,
        country=agency.country,
        completed=completed,
    )
    validate(trainee)
    trainee.save()
    return trainee


# --- freshness ------------------------------------------------------------------------------


def last_changed(kind: str):
    """Return when the records of ``kind`` (posts, budget, aid, academy) last changed."""
    model = {"posts": StaffPost, "budget": BudgetLine, "aid": AidActivity, "academy": Academy}[kind]
    return model.objects.aggregate(last=Max("updated_at"))["last"]
