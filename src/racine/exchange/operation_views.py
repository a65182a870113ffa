"""Pages of joint operations: my operations, an operation, its forms.

Every page reads through :mod:`racine.exchange.operations`, whose one filter applies the
operations' sharing policy inside the query; an operation the user does not take part in
is a 404 page, and its linked items are those the user may see as items.
"""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from racine.core.choices import AuditAction, HandlingCode
from racine.core.errors import PermissionDenied
from racine.core.pages import export_format, posted, record_table, save_form
from racine.exchange import operation_writes, operations, services
from racine.exchange.choices import Drug, OperationStatus
from racine.exchange.operation_forms import LinkForm, LogEntryForm, OperationForm, OutcomeForm

TABS = "exchange/_tabs.html"


def operation_list(request):
    """The joint operations I take part in: filters, exports (audited), new log entries."""
    search, status = request.GET.get("q", ""), request.GET.get("status", "")
    records = operations.list_operations(request.user, search, status)
    if export_format(request):
        for operation in records.filter(handling__in=services.AUDITED_CODES):
            operations.record_view(request.user, operation, AuditAction.EXPORT)
    columns = [
        _("Code"),
        _("Name"),
        _("Leading organisation"),
        _("Status"),
        _("Handling code"),
        _("Start"),
        _("End"),
    ]

    def row(operation):
        return [
            operation.code,
            {"text": operation.name, "url": reverse("exchange:operation", args=[operation.pk])},
            operation.leader.name,
            operation.get_status_display(),
            operation.get_handling_display(),
            operation.starts_on,
            operation.ends_on,
        ]

    return record_table(
        request,
        title=_("Joint operations"),
        heading=_("Exchange"),
        tabs=TABS,
        columns=columns,
        records=records,
        row=row,
        export_name="joint-operations",
        template="exchange/operations.html",
        new_url=reverse("exchange:operation-new") if operations.may_create(request.user) else None,
        new_label=_("Start an operation"),
        notifications=operations.notifications(request.user),
        filters=[
            {"name": "q", "label": _("Search"), "value": search},
            {
                "name": "status",
                "label": _("Status"),
                "options": OperationStatus.choices,
                "value": status,
            },
        ],
    )


def _form_page(request, form, title, back_url):
    return render(
        request,
        "core/form_page.html",
        {"title": title, "form": form, "back_url": back_url},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def operation_new(request):
    if not operations.may_create(request.user):  # no form for who could never save it
        raise PermissionDenied(_("Only embassy and partner officers start an operation."))
    form = OperationForm(
        posted(request), user=request.user, initial={"handling": HandlingCode.AMBER}
    )
    if request.method == "POST" and form.is_valid():
        operation = save_form(
            request,
            form,
            lambda: operation_writes.create_operation(request.user, form.to_data()),
            _("Operation started."),
        )
        if operation:
            return redirect("exchange:operation", pk=operation.pk)
    return _form_page(request, form, _("New joint operation"), reverse("exchange:operations"))


@require_http_methods(["GET", "POST"])
def operation_edit(request, pk: int):
    operation = operations.get_operation(request.user, pk)
    if not operations.may_lead(request.user, operation):
        raise PermissionDenied(_("Only the leading organisation's officers edit the operation."))
    initial = {
        "code": operation.code,
        "name": operation.name,
        "starts_on": operation.starts_on,
        "ends_on": operation.ends_on,
        "objectives": operation.objectives,
        "status": operation.status,
        "handling": operation.handling,
        "agreement": operation.agreement_id,
        "participants": list(
            operation.participations.exclude(organisation_id=operation.leader_id).values_list(
                "organisation_id", flat=True
            )
        ),
    }
    form = OperationForm(posted(request), user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = save_form(
            request,
            form,
            lambda: operation_writes.update_operation(request.user, pk, form.to_data()),
            _("Operation saved."),
        )
        if saved:
            return redirect("exchange:operation", pk=pk)
    back = reverse("exchange:operation", args=[pk])
    return _form_page(request, form, _("Edit %(code)s") % {"code": operation.code}, back)


def _detail(request, operation, status=200, **forms):
    """Render an operation's page, with the participants' forms (bound ones when refused)."""
    writable = (
        operations.may_write(request.user, operation) and operation.status != OperationStatus.CLOSED
    )
    records = operations.outcomes(request.user, operation)
    items = operations.linked_items(request.user, operation)
    context = {
        "title": operation.name,
        "operation": operation,
        "participants": operations.participants(operation),
        "items": items,
        "item_count": items.count(),
        "outcomes": records,
        "totals": operations.totals(records),
        "drug_labels": Drug.choices,
        "log": operations.log_entries(operation),
        "may_lead": operations.may_lead(request.user, operation),
        "log_form": forms.get("log_form") or (LogEntryForm() if writable else None),
        "link_form": forms.get("link_form") or (LinkForm() if writable else None),
        "outcome_form": forms.get("outcome_form") or (OutcomeForm() if writable else None),
    }
    return render(request, "exchange/operation_detail.html", context, status=status)


def operation_detail(request, pk: int):
    operation = operations.get_operation(request.user, pk)
    operations.record_view(request.user, operation)
    return _detail(request, operation)


def _participant_post(request, pk, form_class, name, save, message):
    """Save a participant's form, or show the page again with its errors (400)."""
    operation = operations.get_operation(request.user, pk)
    if not operations.may_write(request.user, operation):
        raise PermissionDenied(_("Only embassy and partner officers write in an operation."))
    form = form_class(posted(request))
    if form.is_valid() and save_form(request, form, lambda: save(form), message):
        return redirect(reverse("exchange:operation", args=[pk]) + f"#{name}")
    return _detail(request, operation, status=400, **{f"{name}_form": form})


@require_POST
def operation_log(request, pk: int):
    return _participant_post(
        request,
        pk,
        LogEntryForm,
        "log",
        lambda form: operation_writes.add_log_entry(request.user, pk, form.cleaned_data["text"]),
        _("Log entry added."),
    )


@require_POST
def operation_link(request, pk: int):
    return _participant_post(
        request,
        pk,
        LinkForm,
        "link",
        lambda form: operation_writes.link_item(request.user, pk, form.cleaned_data["item"]),
        _("Item linked."),
    )


@require_POST
def operation_outcome(request, pk: int):
    return _participant_post(
        request,
        pk,
        OutcomeForm,
        "outcome",
        lambda form: operation_writes.record_outcome(request.user, pk, form.to_data()),
        _("Outcome recorded."),
    )
