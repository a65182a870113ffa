"""Pages of the exchange: the inbox, composing, item pages, requests and disseminations.

Every page reads through :mod:`racine.exchange.services`, whose one filter applies the
sharing policy inside the query; an item the user may not see is a 404 page.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from racine.core.choices import AuditAction, HandlingCode
from racine.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from racine.core.pages import export_format, flash_errors, record_table, save_form
from racine.exchange import compose, services
from racine.exchange.choices import DisseminationStatus, ItemKind, RequestStatus
from racine.exchange.forms import FORMS, AnswerForm, DisseminationForm


def inbox(request):
    """What is shared with me: filters, search, unread marks, exports (audited)."""
    search = request.GET.get("q", "")
    kind, handling = request.GET.get("kind", ""), request.GET.get("handling", "")
    only_unread = request.GET.get("unread", "") == "1"
    items = services.list_items(request.user, search, kind, handling)
    unread_ids = set(
        services.unread(request.user, services.visible_items(request.user)).values_list(
            "pk", flat=True
        )[:10_000]
    )
    if only_unread:
        items = services.unread(request.user, items)
    if export_format(request):
        for item in items.filter(handling__in=services.AUDITED_CODES):
            services.record_read(request.user, item, AuditAction.EXPORT)
    columns = [
        _("Unread"),
        _("Title"),
        _("Kind"),
        _("Handling code"),
        _("Originator"),
        _("Date"),
        _("Source evaluation"),
        _("Information evaluation"),
        _("Handling conditions"),
    ]

    def row(item):
        return [
            "●" if item.pk in unread_ids else "",
            {"text": item.title, "url": reverse("exchange:item", args=[item.pk])},
            item.get_kind_display(),
            item.get_handling_display(),
            item.originator.name,
            timezone.localtime(item.created_at).date(),
            item.source_reliability,
            item.information_accuracy,
            item.handling_conditions,
        ]

    return record_table(
        request,
        title=_("Shared with me"),
        heading=_("Exchange"),
        tabs="exchange/_tabs.html",
        columns=columns,
        records=items,
        row=row,
        export_name="exchange-items",
        template="exchange/inbox.html",
        notifications=services.notifications(request.user),
        compose_kinds=ItemKind.choices if compose.may_compose(request.user) else [],
        filters=[
            {"name": "q", "label": _("Search"), "value": search},
            {"name": "kind", "label": _("Kind"), "options": ItemKind.choices, "value": kind},
            {
                "name": "handling",
                "label": _("Handling code"),
                "options": HandlingCode.choices,
                "value": handling,
            },
            {
                "name": "unread",
                "label": _("Unread only"),
                "options": [("1", _("Yes"))],
                "value": "1" if only_unread else "",
            },
        ],
    )


@require_http_methods(["GET", "POST"])
def compose_item(request, kind: str):
    if kind not in FORMS:
        raise NotFound(_("This page does not exist."))
    if not compose.may_compose(request.user):  # no form for who could never send it
        raise PermissionDenied(_("Only members of an organisation share items."))
    form = FORMS[kind](request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        item = save_form(
            request,
            form,
            lambda: compose.create_item(request.user, form.to_data()),
            _("Item shared."),
        )
        if item:
            return redirect("exchange:item", pk=item.pk)
    return render(
        request,
        "core/form_page.html",
        {
            "title": _("New item: %(kind)s") % {"kind": ItemKind(kind).label},
            "form": form,
            "back_url": reverse("exchange:inbox"),
            "submit_label": _("Share"),
        },
        status=400 if request.method == "POST" else 200,
    )


def item_detail(request, pk: int):
    item = services.get_item(request.user, pk)
    services.record_read(request.user, item)
    originator = request.user.organisation_id == item.originator_id
    request_details = getattr(item, "request", None) if item.kind == ItemKind.REQUEST else None
    can_answer = request_details is not None and (
        request.user.organisation_id in {request_details.addressed_to_id, item.originator_id}
        and request_details.status != RequestStatus.CLOSED
    )
    return render(
        request,
        "exchange/item_detail.html",
        {
            "title": item.title,
            "item": item,
            "originator": originator,
            "seizure": getattr(item, "seizure", None) if item.kind == ItemKind.SEIZURE else None,
            "alert": getattr(item, "alert", None) if item.kind == ItemKind.ALERT else None,
            "info_request": request_details,
            "request_status": RequestStatus(
                request_details.current_status(timezone.localdate())
            ).label
            if request_details
            else "",
            "entities": item.entities.select_related("country"),
            "answers": request_details.answers.select_related("author", "organisation")
            if request_details
            else [],
            "answer_form": AnswerForm() if can_answer else None,
            "disseminations": services.list_disseminations(request.user, pk),
            "dissemination_form": DisseminationForm(user=request.user)
            if not originator and services.may_be_disseminated(item)
            else None,
            "pending": DisseminationStatus.REQUESTED,
        },
    )


@require_POST
def answer(request, pk: int):
    form = AnswerForm(request.POST)
    if form.is_valid():
        save_form(
            request,
            form,
            lambda: services.answer_request(request.user, pk, form.cleaned_data["body"]),
            _("Answer sent."),
        )
    flash_errors(request, form)
    return redirect("exchange:item", pk=pk)


@require_POST
def dissemination_request(request, pk: int):
    form = DisseminationForm(request.POST, user=request.user)
    if form.is_valid():
        organisation = form.cleaned_data["organisation"].pk
        save_form(
            request,
            form,
            lambda: services.request_dissemination(request.user, pk, organisation),
            _("The originator has been asked."),
        )
    flash_errors(request, form)
    return redirect("exchange:item", pk=pk)


@require_POST
def dissemination_decision(request, pk: int):
    accept = request.POST.get("accept") == "1"
    try:
        with transaction.atomic():
            dissemination = services.decide_dissemination(request.user, pk, accept)
    except (InvalidInput, Conflict) as error:
        messages.error(request, error.detail)
        return redirect("exchange:inbox")
    messages.success(
        request, _("Dissemination accepted.") if accept else _("Dissemination refused.")
    )
    return redirect("exchange:item", pk=dissemination.item_id)
