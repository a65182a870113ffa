"""Pages of the sanctions app: lists and their versions, entries, screening (one or a file)."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from racine.core.choices import RoleCode
from racine.core.errors import RacineError
from racine.core.pages import paginate, record_table, save_form
from racine.core.permissions import role_required
from racine.sanctions import forms, rescreening, services
from racine.sanctions.matching import DEFAULT_THRESHOLD, Query
from racine.sanctions.screening_csv import RESULT_COLUMNS, parse_queries, result_rows

TABS = "sanctions/_tabs.html"
officer_only = role_required(RoleCode.SANCTIONS_OFFICER)


@officer_only
def index(request):
    records = services.list_lists(request.user)

    def row(item):
        version = item.current_version
        return [
            {"text": item.code, "url": reverse("sanctions:list", args=[item.code])},
            item.title,
            item.size,
            version.number if version else "—",
            version.imported_at.date() if version else "—",
            version.published if version and version.published else "—",
        ]

    return record_table(
        request,
        title=_("Official lists"),
        heading=_("Sanctions"),
        tabs=TABS,
        columns=[_("List"), _("Title"), _("Entries"), _("Version"), _("Imported"), _("Published")],
        records=records,
        row=row,
        export_name="sanctions-lists",
        intro=_("Lists are imported here or with: racine sanctions import --format FORMAT PATH."),
        new_url=reverse("sanctions:import"),
        new_label=_("Import a list"),
    )


@officer_only
def import_list(request):
    form = forms.ListImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        files = [(f.name, f.read()) for f in form.cleaned_data["files"]]
        data = form.cleaned_data
        report = save_form(
            request,
            form,
            lambda: services.import_uploaded_list(
                request.user, data["format"], files, data["dataset"]
            ),
            _("List imported."),
        )
        if report is not None:
            for warning in report.warnings:
                messages.warning(request, warning)
            if report.version is None:
                messages.info(request, _("Nothing changed: this list was already imported."))
                return redirect("sanctions:list", report.code)
            return redirect("sanctions:version", report.code, report.version)
    return render(
        request,
        "core/form_page.html",
        {
            "title": _("Import a list"),
            "form": form,
            "back_url": reverse("sanctions:index"),
            "submit_label": _("Import"),
        },
    )


@officer_only
def list_detail(request, code: str):
    sanctions_list = services.get_list(request.user, code)
    versions = services.list_versions(request.user, sanctions_list)
    return render(
        request,
        "sanctions/list.html",
        {"title": sanctions_list.title, "sanctions_list": sanctions_list, "versions": versions},
    )


@officer_only
def version_detail(request, code: str, number: int):
    sanctions_list = services.get_list(request.user, code)
    version = services.get_version(request.user, sanctions_list, number)
    return render(
        request,
        "sanctions/version.html",
        {
            "title": f"{sanctions_list.code} — {_('version')} {number}",
            "sanctions_list": sanctions_list,
            "version": version,
        },
    )


@officer_only
def entries(request):
    search = request.GET.get("q", "").strip()
    code = request.GET.get("list", "")
    sanctions_list = services.get_list(request.user, code) if code else None
    records = services.list_entries(request.user, sanctions_list, search)
    lists = services.list_lists(request.user)
    return record_table(
        request,
        title=_("List entries"),
        heading=_("Sanctions"),
        tabs=TABS,
        columns=[
            _("Name"),
            _("Kind"),
            _("List"),
            _("List identifier"),
            _("Programmes"),
            _("Listed on"),
        ],
        records=records,
        row=lambda e: [
            {"text": e.caption, "url": reverse("sanctions:entry", args=[e.pk])},
            e.get_schema_display(),
            e.sanctions_list.code,
            e.entity_id,
            ", ".join(e.programmes),
            e.listed_on,
        ],
        export_name="sanctions-entries",
        filters=[
            {"name": "q", "label": _("Name contains"), "value": search},
            {
                "name": "list",
                "label": _("List"),
                "value": code,
                "options": [(item.code, item.code) for item in lists],
            },
        ],
    )


@officer_only
def entry_detail(request, pk: int):
    entry = services.get_entry(request.user, pk)
    properties = sorted(entry.properties.items())
    return render(
        request,
        "sanctions/entry.html",
        {"title": entry.caption, "entry": entry, "properties": properties},
    )


@officer_only
def screen(request):
    form = forms.ScreeningForm(request.GET or None)
    hits, threshold = None, DEFAULT_THRESHOLD
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        threshold = data["threshold"] if data["threshold"] is not None else DEFAULT_THRESHOLD
        query = Query(
            "query",
            data["name"],
            data["schema"],
            data["birth_date"].strip(),
            data["country"].strip(),
            data["identifier"].strip(),
        )
        try:
            services.validate_query(query)
            hits = services.screen(request.user, [query], threshold, 20)
        except RacineError as error:
            form.add_error(error.field if error.field in form.fields else None, error.detail)
    return render(
        request,
        "sanctions/screen.html",
        {"title": _("Screening"), "form": form, "hits": hits, "threshold": threshold},
    )


@officer_only
def screen_batch(request):
    form = forms.BatchScreeningForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        threshold = form.cleaned_data["threshold"]
        threshold = DEFAULT_THRESHOLD if threshold is None else threshold
        try:
            text = upload.read().decode("utf-8-sig")
            queries = parse_queries(text, upload.name)
            hits = services.screen(request.user, queries, threshold, 10)
        except UnicodeDecodeError:
            form.add_error("file", _("The file is not UTF-8 text."))
        except RacineError as error:
            form.add_error("file", error.detail)
        else:
            out = io.StringIO()
            writer = csv.writer(out)
            writer.writerow(RESULT_COLUMNS)
            writer.writerows(result_rows(hits))
            response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="screening-results.csv"'
            return response
    return render(
        request,
        "core/form_page.html",
        {
            "title": _("Screen a file of names"),
            "form": form,
            "back_url": reverse("sanctions:screen"),
            "submit_label": _("Screen"),
        },
    )


@officer_only
def hits(request):
    """Hits of re-screening on the items the officer may see; opening the page marks them seen."""
    found = rescreening.visible_hits(request.user)
    page = paginate(request, found)
    seen_before = rescreening.mark_hits_seen(request.user, found)
    return render(
        request,
        "sanctions/hits.html",
        {"title": _("Hits on shared items"), "page": page, "seen_before": seen_before},
    )
