"""Helpers every app's pages share: pagination, service errors on forms, table exports."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render

from racine.core.errors import RacineError

PAGE_SIZE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def paginate(request, queryset, size: int = PAGE_SIZE):
    """Return the page of ``queryset`` asked for by ``?page=``, keeping the other filters."""
    page = Paginator(queryset, size).get_page(request.GET.get("page"))
    filters = request.GET.copy()
    filters.pop("page", None)
    page.query = filters.urlencode() + "&" if filters else ""
    return page


def posted(request, files: bool = False):
    """Return the data to bind a form to: the POST (even empty) on a POST, else None.

    ``request.POST or None`` would leave a form posted with every field empty unbound,
    so that it showed no error; with ``files``, return (data, files) for upload forms.
    """
    data = request.POST if request.method == "POST" else None
    if files:
        return data, (request.FILES if request.method == "POST" else None)
    return data


def save_form(request, form, save: Callable, success_message: str):
    """Run ``save`` in one transaction; show a service error on the form instead of a 500.

    Returns what ``save`` returned, or None when the service refused (nothing written).
    """
    try:
        with transaction.atomic():
            saved = save()
    except RacineError as error:
        if error.field and error.field in form.fields:
            form.add_error(error.field, error.detail)
        else:
            form.add_error(None, error.detail)
        return None
    messages.success(request, success_message)
    return saved


def export_table(
    export_format: str, filename: str, headers: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponse:
    """Return a table as a CSV or XLSX download (``export_format`` is "csv" or "xlsx")."""
    rows = [[("" if value is None else value) for value in row] for row in rows]
    if export_format == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.append([str(header) for header in headers])
        for row in rows:
            sheet.append([value if isinstance(value, int | float) else str(value) for value in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        extension = "xlsx"
    else:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow([str(header) for header in headers])
        writer.writerows(rows)
        # The BOM lets spreadsheet software open accented names correctly.
        response = HttpResponse("\ufeff" + text.getvalue(), content_type="text/csv; charset=utf-8")
        extension = "csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    return response


def export_format(request) -> str | None:
    """Return "csv" or "xlsx" when the page is asked for as a download, else None."""
    value = request.GET.get("format", "")
    return value if value in {"csv", "xlsx"} else None


def flash_errors(request, form) -> None:
    """Show a form's errors as messages on the page it redirects to."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def record_table(request, *, title, columns, records, row, export_name, **context):
    """Render a list of records with ``core/record_list.html``, or export it (``?format=``).

    ``row(record)`` returns the cells: text, or ``{"text": …, "url": …}`` for a link.
    Extra context (``heading``, ``tabs``, ``filters``, ``new_url``…) goes to the template.
    """
    if fmt := export_format(request):
        cells = ([c["text"] if isinstance(c, dict) else c for c in row(r)] for r in records)
        return export_table(fmt, export_name, columns, cells)
    page = paginate(request, records, context.pop("page_size", PAGE_SIZE))
    template = context.pop("template", "core/record_list.html")
    return render(
        request,
        template,
        {
            "title": title,
            "columns": columns,
            "rows": [row(record) for record in page],
            "page": page,
            **context,
        },
    )
