"""Pages of the resources app: staff posts, means, development aid and the academy."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from racine.core import jobs
from racine.core.choices import RoleCode
from racine.core.errors import PermissionDenied
from racine.core.pages import posted, record_table, save_form
from racine.core.permissions import has_role
from racine.resources import forms, services
from racine.resources.choices import BudgetCategory
from racine.resources.models import BudgetLine

TABS = "resources/_tabs.html"


def _parse_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _table(request, title, columns, records, row, export_name, **context):
    return record_table(
        request,
        title=title,
        columns=columns,
        records=records,
        row=row,
        export_name=export_name,
        heading=_("Resources"),
        tabs=TABS,
        **context,
    )


def embassy_options():
    return [(e.pk, e.name) for e in forms.embassies()]


# --- staff posts ----------------------------------------------------------------------------


def posts(request):
    embassy = request.GET.get("embassy", "")
    at = _parse_date(request.GET.get("at", ""))
    records = services.list_posts(request.user, int(embassy) if embassy.isdigit() else None, at)
    total = sum(post.fte for post in records)
    columns = [_("Embassy"), _("Kind"), _("Title"), _("Full-time equivalent"), _("Start"), _("End")]

    def row(post):
        title = (
            {"text": post.title, "url": reverse("resources:post-edit", args=[post.pk])}
            if services.can_edit_embassy(request.user, post.embassy_id)
            else post.title
        )
        return [
            post.embassy.name,
            post.get_kind_display(),
            title,
            post.fte,
            post.starts_on,
            post.ends_on,
        ]

    return _table(
        request,
        _("Specialised staff posts"),
        columns,
        records,
        row,
        "staff-posts",
        filters=[
            {
                "name": "embassy",
                "label": _("Embassy"),
                "options": embassy_options(),
                "value": embassy,
            },
            {"name": "at", "label": _("Open on"), "type": "date", "value": at or ""},
        ],
        summary=_("%(fte)s full-time equivalents") % {"fte": number_format(total, 2)},
        new_url=reverse("resources:post-new") if services.can_edit_embassy(request.user) else "",
        new_label=_("New post"),
    )


@require_http_methods(["GET", "POST"])
def post_edit(request, pk: int | None = None):
    services.require_editor(request.user)
    post = services.get_post(request.user, pk) if pk else None
    if post is not None and not services.can_edit_embassy(request.user, post.embassy_id):
        raise PermissionDenied(_("Embassy officers edit only their own embassy's records."))
    initial = {"embassy": request.user.organisation_id}
    if post:
        initial = {f: getattr(post, f) for f in ("kind", "title", "fte", "starts_on", "ends_on")}
        initial["embassy"] = post.embassy_id
    form = forms.PostForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = services.PostData(**dict(form.cleaned_data, embassy=form.cleaned_data["embassy"].pk))
        if save_form(
            request, form, lambda: services.save_post(request.user, data, pk), _("Post saved.")
        ):
            return redirect("resources:posts")
    return render(
        request,
        "core/form_page.html",
        {
            "title": _("Edit the post") if post else _("New post"),
            "form": form,
            "back_url": reverse("resources:posts"),
        },
        status=400 if form.errors else 200,
    )


# --- means of intervention ------------------------------------------------------------------


def budget(request):
    year = request.GET.get("year", "")
    records = services.list_budget_lines(request.user, int(year) if year.isdigit() else None)
    columns = [_("Embassy"), _("Year"), _("Category"), _("Committed (EUR)"), _("Spent (EUR)")]
    years = sorted(set(BudgetLine.objects.values_list("year", flat=True)), reverse=True)
    total = sum(line.committed for line in records)
    return _table(
        request,
        _("Means of intervention"),
        columns,
        records,
        lambda line: [
            line.embassy.name,
            line.year,
            line.get_category_display(),
            number_format(line.committed, 2, force_grouping=True),
            number_format(line.spent, 2, force_grouping=True),
        ],
        "means",
        filters=[
            {"name": "year", "label": _("Year"), "options": [(y, y) for y in years], "value": year}
        ],
        summary=_("%(amount)s EUR committed")
        % {"amount": number_format(total, 0, force_grouping=True)},
        new_url=reverse("resources:budget-new") if services.can_edit_embassy(request.user) else "",
        new_label=_("Record a budget line"),
    )


@require_http_methods(["GET", "POST"])
def budget_edit(request):
    services.require_editor(request.user)
    form = forms.BudgetLineForm(
        posted(request),
        initial={"embassy": request.user.organisation_id, "year": dt.date.today().year},
    )
    if request.method == "POST" and form.is_valid():
        data = services.BudgetData(
            **dict(form.cleaned_data, embassy=form.cleaned_data["embassy"].pk)
        )
        if save_form(
            request,
            form,
            lambda: services.save_budget_line(request.user, data),
            _("Budget line saved."),
        ):
            return redirect("resources:budget")
    return render(
        request,
        "core/form_page.html",
        {
            "title": _("Record a budget line"),
            "form": form,
            "back_url": reverse("resources:budget"),
            "intro": _(
                "A line exists once per embassy, year and category: to change one already "
                "recorded, tick “Replace the existing line”."
            ),
            "categories": BudgetCategory.choices,
        },
        status=400 if form.errors else 200,
    )


# --- development aid ------------------------------------------------------------------------


def aid(request):
    search = request.GET.get("q", "")
    only_cn = request.GET.get("cn", "") == "1"
    records = services.list_aid_activities(request.user, search, only_cn)
    columns = [
        _("IATI identifier"),
        _("Title"),
        _("Reporting organisation"),
        _("Counter-narcotics share"),
    ]
    return _table(
        request,
        _("Development aid"),
        columns,
        records,
        lambda a: [
            {"text": a.identifier, "url": reverse("resources:aid-activity", args=[a.pk])},
            a.title,
            a.reporting_org,
            f"{a.counter_narcotics_share * 100:.0f} %",
        ],
        "aid-activities",
        filters=[
            {"name": "q", "label": _("Search"), "value": search},
            {
                "name": "cn",
                "label": _("Counter-narcotics"),
                "value": "1" if only_cn else "",
                "options": [("1", _("Only with a counter-narcotics part"))],
            },
        ],
        new_url=reverse("resources:aid-import")
        if has_role(request.user, RoleCode.PLAN_COORDINATOR)
        else "",
        new_label=_("Import IATI files"),
    )


def aid_import_job(request, job_id: str):
    """Follow an import: the page asks again every two seconds (htmx) until the job ends."""
    services.require_french_state(request.user)
    job = jobs.get_job(request.user, job_id)
    return render(request, "resources/aid_import_job.html", {"title": _("IATI import"), "job": job})


def aid_activity(request, pk: int):
    activity = services.get_aid_activity(request.user, pk)
    return render(
        request,
        "resources/aid_activity.html",
        {
            "title": activity.identifier,
            "activity": activity,
            "transactions": activity.transactions.all(),
        },
    )


@require_http_methods(["GET", "POST"])
def aid_import(request):
    services.require_coordinator(request.user)
    form = forms.IatiUploadForm(*posted(request, files=True))
    if request.method == "POST" and form.is_valid():
        job_id = save_form(
            request,
            form,
            lambda: services.start_iati_import(request.user, form.cleaned_data["files"]),
            _("The import has started: this page follows it."),
        )
        if job_id:
            return redirect("resources:aid-import-job", job_id=job_id)
    return render(
        request,
        "core/form_page.html",
        {
            "title": _("Import IATI files"),
            "form": form,
            "back_url": reverse("resources:aid"),
            "submit_label": _("Import"),
        },
        status=400 if form.errors else 200,
    )


# --- the academy ----------------------------------------------------------------------------


def academy(request):
    return _academy_page(request)


def _academy_page(request, status=200, **forms_given):
    """Render the academy; a refused form comes back bound, its errors on its fields."""
    services.require_french_state(request.user)
    the_academy = services.the_academy()
    editor = has_role(request.user, RoleCode.PLAN_COORDINATOR)
    initial = {}
    if the_academy:
        initial = {
            f: getattr(the_academy, f)
            for f in ("name", "site", "decided_on", "site_chosen_on", "opened_on")
        }
        initial["country"] = the_academy.country_id
    academy_form = forms_given.get("academy_form")
    if academy_form is None and editor:
        academy_form = forms.AcademyForm(initial=initial)
    course_form = forms_given.get("course_form")
    if course_form is None and editor and the_academy:
        course_form = forms.CourseForm()
    return render(
        request,
        "resources/academy.html",
        {
            "title": _("Regional academy"),
            "heading": _("Resources"),
            "tabs": TABS,
            "academy": the_academy,
            "editor": editor,
            "courses": the_academy.courses.prefetch_related("sessions__trainees__organisation")
            if the_academy
            else [],
            "academy_form": academy_form,
            "course_form": course_form,
            "session_form": forms_given.get("session_form"),
            "trainee_form": forms_given.get("trainee_form"),
            "trainee_organisations": forms.TraineeForm.base_fields["organisation"].queryset,
            "refused_forms": list(forms_given.values()),
        },
        status=status,
    )


def _academy_post(request, form_class, save, message, form_name):
    services.require_coordinator(request.user)
    form = form_class(request.POST)
    if form.is_valid() and save_form(request, form, lambda: save(form.cleaned_data), message):
        return redirect("resources:academy")
    return _academy_page(request, status=400, **{form_name: form})


@require_POST
def academy_save(request):
    def save(data):
        data = dict(data, country=data["country"].pk if data["country"] else None)
        return services.save_academy(request.user, services.AcademyData(**data))

    return _academy_post(request, forms.AcademyForm, save, _("Academy saved."), "academy_form")


@require_POST
def course_new(request):
    return _academy_post(
        request,
        forms.CourseForm,
        lambda d: services.add_course(request.user, services.the_academy(), d["title"], d["topic"]),
        _("Course added."),
        "course_form",
    )


@require_POST
def session_new(request):
    return _academy_post(
        request,
        forms.SessionForm,
        lambda d: services.add_session(
            request.user, d["course"], d["starts_on"], d["ends_on"], d["place"]
        ),
        _("Session added."),
        "session_form",
    )


@require_POST
def trainee_new(request):
    return _academy_post(
        request,
        forms.TraineeForm,
        lambda d: services.add_trainee(
            request.user, d["session"], d["full_name"], d["organisation"].pk, d["completed"]
        ),
        _("Trainee added."),
        "trainee_form",
    )
