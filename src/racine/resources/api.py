"""REST endpoints of the resources app: staff posts, budget lines, IATI aid, the academy.

These records are internal to the French State: callers from partner agencies get 403.
"""

import datetime as dt

from django.db import transaction
from django.http import Http404
from ninja import File, Router, Status, UploadedFile

from racine.core import jobs
from racine.core.schemas import JobOut, paginated
from racine.resources import services
from racine.resources.schemas import (
    AcademyIn,
    AcademyOut,
    AidActivityDetail,
    AidActivityPage,
    BudgetLineIn,
    BudgetLineOut,
    BudgetLinePage,
    CourseIn,
    CourseOut,
    PostIn,
    PostOut,
    PostPage,
    SessionIn,
    SessionOut,
    TraineeIn,
    TraineeOut,
)

router = Router(tags=["resources"])


# --- staff posts ----------------------------------------------------------------------------


@router.get("/staff-posts", response=PostPage)
def list_staff_posts(request, embassy: int | None = None, at: dt.date | None = None, page: int = 1):
    """List the specialised staff posts of the embassies, 50 a page.

    Filter by `embassy` (organisation id) and `at` (YYYY-MM-DD: only the posts open that
    day). `fte` is the post's full-time equivalent, above 0 and at most 1.
    """
    return paginated(services.list_posts(request.user, embassy, at), page)


@router.get("/staff-posts/{pk}", response=PostOut)
def get_staff_post(request, pk: int):
    """Return one staff post."""
    return services.get_post(request.user, pk)


@router.post("/staff-posts", response={201: PostOut})
def create_staff_post(request, payload: PostIn):
    """Create a staff post (coordinators; embassy officers for their own embassy)."""
    with transaction.atomic():
        return Status(201, services.save_post(request.user, payload.to_data()))


@router.put("/staff-posts/{pk}", response=PostOut)
def update_staff_post(request, pk: int, payload: PostIn):
    """Replace a staff post's fields (coordinators; embassy officers for their own embassy)."""
    with transaction.atomic():
        return services.save_post(request.user, payload.to_data(), pk)


# --- means of intervention ------------------------------------------------------------------


@router.get("/budget-lines", response=BudgetLinePage)
def list_budget_lines(request, year: int | None = None, embassy: int | None = None, page: int = 1):
    """List the embassies' means of intervention, 50 a page, newest year first.

    Filter by `year` and `embassy` (organisation id). `committed` and `spent` are exact
    amounts in euros, as decimal strings ("12500.00").
    """
    return paginated(services.list_budget_lines(request.user, year, embassy), page)


@router.get("/budget-lines/{pk}", response=BudgetLineOut)
def get_budget_line(request, pk: int):
    """Return one budget line."""
    return services.get_budget_line(request.user, pk)


@router.post("/budget-lines", response=BudgetLineOut)
def save_budget_line(request, payload: BudgetLineIn):
    """Record the line of an embassy, year and category.

    There is one line per embassy, year and `category` (`operations`, `equipment`,
    `training`, `travel`). When that line exists, this answers 409 (`field` = `category`,
    with what the line holds) unless `replace` is true, which replaces its amounts.
    Amounts are in euros, as numbers or decimal strings, from 0 to 999 999 999 999.99;
    `spent` is at most `committed`; `year` runs from 2000 to 2099. Coordinators record
    any embassy's lines, embassy officers their own.
    """
    with transaction.atomic():
        return services.save_budget_line(request.user, payload.to_data())


# --- development aid ------------------------------------------------------------------------


@router.get("/aid-activities", response=AidActivityPage)
def list_aid_activities(request, q: str = "", counter_narcotics: bool = False, page: int = 1):
    """List the development-aid activities imported from IATI, 50 a page.

    `q` searches the IATI identifier and the title; `counter_narcotics=true` keeps the
    activities with a counter-narcotics part. `counter_narcotics_share` is the share
    (0 to 1) of the activity's sectors that fight narcotics (DAC codes set by
    RACINE_COUNTER_NARCOTICS_SECTORS).
    """
    return paginated(services.list_aid_activities(request.user, q, counter_narcotics), page)


# `int:` so that this path does not swallow /aid-activities/import.
@router.get("/aid-activities/{int:pk}", response=AidActivityDetail)
def get_aid_activity(request, pk: int):
    """Return one aid activity with its recipient countries, sectors and transactions.

    A transaction's `type` is the IATI TransactionType code (`2` is a commitment);
    `value` and `counter_narcotics_value` are decimal strings in its `currency`.
    """
    return services.get_aid_activity(request.user, pk)


@router.post("/aid-activities/import", response={202: JobOut})
def import_aid_activities(request, files: File[list[UploadedFile]]):
    """Queue an import of IATI activity files (multipart form, one or more `files`; plan
    coordinators); answers 202 at once with the job to poll at `GET /api/jobs/{id}`.

    The job checks every file before writing anything: one bad file fails the job, its
    `error` naming one problem per line (file, line, reason), and nothing is written.
    Activities are keyed by their IATI identifier, so importing the same file again
    changes nothing; the job's `result` counts the activities created, updated and
    unchanged.
    """
    job_id = services.start_iati_import(request.user, files)
    return Status(202, jobs.get_job(request.user, job_id))


# --- the academy ----------------------------------------------------------------------------


def _the_academy(request):
    services.require_french_state(request.user)
    academy = services.the_academy()
    if academy is None:
        raise Http404  # nothing recorded yet: PUT /academy first
    return academy


@router.get("/academy", response=AcademyOut)
def get_academy(request):
    """Return the regional academy, its milestones and its courses, sessions and trainees.

    `stage` is the number of milestones reached today: decided (1), site chosen (2),
    opened (3). Answers 404 until the academy is recorded.
    """
    return _the_academy(request)


@router.put("/academy", response=AcademyOut)
def save_academy(request, payload: AcademyIn):
    """Record the academy and the dates of its milestones (plan coordinators).

    The milestones come in order: a site is chosen after the decision, the academy opens
    after the site is chosen. `country` is an ISO alpha-2 code.
    """
    with transaction.atomic():
        return services.save_academy(request.user, payload.to_data())


@router.post("/academy/courses", response={201: CourseOut})
def add_course(request, payload: CourseIn):
    """Add a course to the academy (plan coordinators)."""
    with transaction.atomic():
        academy = _the_academy(request)
        return Status(201, services.add_course(request.user, academy, payload.title, payload.topic))


@router.post("/academy/sessions", response={201: SessionOut})
def add_session(request, payload: SessionIn):
    """Add a session of a course, at a place between two dates (plan coordinators)."""
    with transaction.atomic():
        return Status(
            201,
            services.add_session(
                request.user, payload.course, payload.starts_on, payload.ends_on, payload.place
            ),
        )


@router.post("/academy/trainees", response={201: TraineeOut})
def add_trainee(request, payload: TraineeIn):
    """Add a partner officer to a session (plan coordinators).

    `organisation` is the id of the officer's agency; their country is the agency's.
    """
    with transaction.atomic():
        return Status(
            201,
            services.add_trainee(
                request.user,
                payload.session,
                payload.full_name,
                payload.organisation,
                payload.completed,
            ),
        )
