"""Pages of the bulk ingest: upload a file of seizure reports, download the template.

The page checks the whole file with :mod:`racine.exchange.ingest`; a refusal shows the
row-by-row report and stores nothing, a file that passes is stored in one transaction.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from racine.core import exports
from racine.core.choices import HandlingCode
from racine.core.errors import InvalidInput, NotFound, PermissionDenied, RowErrors
from racine.core.forms import RacineForm
from racine.exchange import compose, ingest, ingest_files
from racine.exchange.choices import Distribution
from racine.partners import services as partners

FORMAT_CHOICES = [
    ("", gettext_lazy("From the file's name")),
    ("jsonl", "JSON Lines"),
    ("csv", "CSV"),
    ("xlsx", "XLSX"),
]


class ImportForm(RacineForm):
    """A file of seizure reports and the sharing every row takes unless it says otherwise."""

    organisation_choices = {"organisations": {"active": True}}

    file = forms.FileField(label=gettext_lazy("File (JSON Lines, CSV or XLSX)"))
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=FORMAT_CHOICES, required=False)
    handling = forms.ChoiceField(
        label=gettext_lazy("Handling code"),
        choices=[("", "—"), *HandlingCode.choices],
        required=False,
        help_text=gettext_lazy("For the rows that give none."),
    )
    distribution = forms.ChoiceField(
        label=gettext_lazy("Distribution"),
        choices=[("", "—"), *Distribution.choices],
        required=False,
        help_text=gettext_lazy("For the rows that give none."),
    )
    agreement = forms.ModelChoiceField(
        label=gettext_lazy("Legal basis (agreement)"), queryset=None, required=False
    )
    organisations = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Listed organisations"), queryset=None, required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["agreement"].queryset = partners.list_agreements(user)

    def defaults(self) -> ingest.FileDefaults:
        data = self.cleaned_data
        return ingest.FileDefaults(
            handling=data["handling"],
            distribution=data["distribution"],
            agreement=data["agreement"].pk if data["agreement"] else None,
            organisations=[o.pk for o in data["organisations"]],
        )


@require_http_methods(["GET", "POST"])
def import_reports(request):
    """Upload a file of seizure reports: stored whole, or refused with the row report."""
    if not compose.may_compose(request.user):
        raise PermissionDenied(_("Only members of an organisation share items."))
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    refusal, status = None, 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                file_format = form.cleaned_data["format"] or ingest_files.guess_format(upload.name)
                checked = ingest.check_file(request.user, upload, file_format, form.defaults())
                with transaction.atomic():
                    report = ingest.store(checked)
            except RowErrors as error:
                refusal = error
            except InvalidInput as error:
                form.add_error("format" if error.field == "format" else "file", error.detail)
            else:
                messages.success(
                    request,
                    _("%(count)s seizure reports imported.") % {"count": report.created},
                )
                return redirect("exchange:inbox")
    return render(
        request,
        "exchange/import.html",
        {"title": _("Import seizure reports"), "form": form, "refusal": refusal},
        status=status,
    )


def import_template(request, file_format: str):
    """Download the flat template (header and one example row) as CSV or XLSX."""
    if file_format not in ("csv", "xlsx"):
        raise NotFound(_("This page does not exist."))
    if file_format == "xlsx":
        content = exports.xlsx_table(
            "reports", ingest_files.TEMPLATE_COLUMNS, [ingest_files.template_row()]
        )
        response = HttpResponse(content, content_type=exports.XLSX)
    else:
        response = HttpResponse(ingest_files.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="racine-seizure-reports.{file_format}"'
    return response
