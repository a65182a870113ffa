"""Pages of the exchange: the inbox, composing, item pages, requests and disseminations.

Every page reads through :mod:`racine.exchange.services`, whose one filter applies the
sharing policy inside the query; an item the user may not see is a 404 page.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from racine.core.choices import AuditAction, HandlingCode
from racine.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied, RacineError
from racine.core.pages import export_format, flash_errors, posted, record_table, save_form
from racine.core.permissions import require_role
from racine.exchange import attachments, compose, notify, services
from racine.exchange.choices import DisseminationStatus, ItemKind, RequestStatus
from racine.exchange.forms import (
    FORMS,
    AnswerForm,
    AttachmentForm,
    DisseminationForm,
    NotificationPreferenceForm,
)
from racine.exchange.formsets import Composer


def inbox(request):
    """What is shared with me: filters, search, unread marks, exports (audited)."""
    search = request.GET.get("q", "")
    kind, handling = request.GET.get("kind", ""), request.GET.get("handling", "")
    only_unread = request.GET.get("unread", "") == "1"
    # Whether each item was read is asked for the rows of the page only.
    items = services.with_read_marks(
        request.user, services.list_items(request.user, search, kind, handling)
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
            "" if item.was_read else "●",
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
    """Compose an item; a seizure's drugs, transits and entities are lines of the same page.

    « Add a line » posts the page back with one more empty line (no JavaScript needed);
    a refusal shows the page again with each error on its line and field (400).
    """
    if kind not in FORMS:
        raise NotFound(_("This page does not exist."))
    if not compose.may_compose(request.user):  # no form for who could never send it
        raise PermissionDenied(_("Only members of an organisation share items."))
    composer = Composer(kind, request.user, posted(request))
    status = 200
    if request.method == "POST" and "add_line" in request.POST:
        composer.add_line(request.POST["add_line"])
    elif request.method == "POST":
        status = 400
        if composer.is_valid():
            try:
                with transaction.atomic():
                    item = compose.create_item(request.user, composer.to_data())
            except RacineError as error:
                composer.add_service_error(error)
            else:
                messages.success(request, _("Item shared."))
                return redirect("exchange:item", pk=item.pk)
    return render(
        request,
        "exchange/compose.html",
        {
            "title": _("New item: %(kind)s") % {"kind": ItemKind(kind).label},
            "form": composer.form,
            "lines": composer.lines,
            "back_url": reverse("exchange:inbox"),
        },
        status=status,
    )


def item_detail(request, pk: int):
    with transaction.atomic():
        item = services.get_item(request.user, pk)
        services.record_read(request.user, item)
    return _detail_page(request, item)


def _detail_page(request, item, attachment_form=None, status: int = 200):
    pk = item.pk
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
            "attachments": item.attachments.all(),
            "attachment_form": attachment_form
            or (AttachmentForm() if attachments.may_attach(request.user, item) else None),
        },
        status=status,
    )


@require_POST
def attachment_upload(request, pk: int):
    """Attach a file to an item; a refusal shows the item page with the form's errors (400)."""
    item = services.get_item(request.user, pk)
    if not attachments.may_attach(request.user, item):
        raise PermissionDenied(
            _("Only the author and the officers of the originating organisation attach files.")
        )
    form = AttachmentForm(*posted(request, files=True))
    if form.is_valid() and save_form(
        request,
        form,
        lambda: attachments.attach(
            request.user, pk, form.cleaned_data["file"], form.cleaned_data["description"]
        ),
        _("File attached."),
    ):
        return redirect("exchange:item", pk=pk)
    return _detail_page(request, item, attachment_form=form, status=400)


def attachment_download(request, pk: int):
    """Send an attachment as a download, never to be shown or guessed by the browser."""
    with transaction.atomic():
        attachment, stream = attachments.open_for_download(request.user, pk)
    return download_response(attachment, stream)


def download_response(attachment, stream) -> FileResponse:
    """Return the answer that sends an attachment: a download under Racine's name, no sniffing."""
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=attachment.display_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


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


@require_http_methods(["GET", "POST"])
def notification_settings(request):
    """Turn the exchange's e-mails on or off, and choose their language (exchange roles)."""
    require_role(request.user, *services.EXCHANGE_ROLES)
    preference = notify.preference_of(request.user)
    form = NotificationPreferenceForm(
        posted(request),
        initial={"email": preference.email, "language": preference.language},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if save_form(
            request,
            form,
            lambda: notify.save_preference(request.user, data["email"], data["language"]),
            _("Preferences saved."),
        ):
            return redirect("exchange:notifications")
    return render(
        request,
        "core/form_page.html",
        {
            "title": _("E-mail notifications"),
            "intro": _(
                "E-mails leave the platform: they name the kind of item and give a link, "
                "never a title, a text or a name."
            ),
            "form": form,
            "back_url": reverse("exchange:inbox"),
        },
        status=400 if request.method == "POST" else 200,
    )
