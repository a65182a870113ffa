"""Pages of the partners app: directory, countries' roles, agreements and their lifecycle."""

from __future__ import annotations

from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from racine.core.choices import RoleCode
from racine.core.pages import posted, record_table, save_form
from racine.core.permissions import has_role, require_role
from racine.partners import services
from racine.partners.choices import AgreementKind, AgreementStatus, ChainRole
from racine.partners.forms import AgreementForm, CountryRoleForm, DocumentForm, TransitionForm


def index(request):
    return render(
        request,
        "partners/index.html",
        {"title": _("Partners"), "directory": services.directory(request.user)},
    )


# --- countries' roles -----------------------------------------------------------------------


def _roles_page(request, form, status=200):
    role = request.GET.get("role", "")
    roles = services.list_country_roles(request.user, role=role)
    columns = [_("ISO code"), _("Country"), _("Role"), _("Since"), _("Until"), _("Source")]

    def row(item):
        return [
            item.country_id,
            item.country.name,
            item.get_role_display(),
            item.since,
            item.until,
            item.source,
        ]

    response = record_table(
        request,
        title=_("Countries in the cocaine chain"),
        columns=columns,
        records=roles,
        row=row,
        export_name="country-roles",
        heading=_("Partners"),
        tabs="partners/_tabs.html",
        template="partners/country_roles.html",
        page_size=50,
        form=form,
        filters=[{"name": "role", "label": _("Role"), "options": ChainRole.choices, "value": role}],
    )
    response.status_code = status
    return response


def country_roles(request):
    coordinator = has_role(request.user, RoleCode.PLAN_COORDINATOR)
    return _roles_page(request, CountryRoleForm() if coordinator else None)


@require_POST
def country_role_new(request):
    require_role(request.user, RoleCode.PLAN_COORDINATOR)
    form = CountryRoleForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data, country=form.cleaned_data["country"].pk)
        if save_form(
            request,
            form,
            lambda: services.save_country_role(request.user, services.CountryRoleData(**data)),
            _("Role recorded."),
        ):
            return redirect("partners:country-roles")
    return _roles_page(request, form, status=400)


# --- agreements -----------------------------------------------------------------------------


def agreements(request):
    status, kind = request.GET.get("status", ""), request.GET.get("kind", "")
    country = request.GET.get("country", "")
    queryset = services.list_agreements(request.user, status, kind, country)
    columns = [
        _("Title"),
        _("Kind"),
        _("Status"),
        _("Partner countries"),
        _("Lead French organisation"),
        _("Signature date"),
        _("Entry into force"),
    ]

    def row(a):
        return [
            {"text": a.title, "url": reverse("partners:agreement", args=[a.pk])},
            a.get_kind_display(),
            a.get_status_display(),
            ", ".join(c.name for c in a.partner_countries.all()),
            a.lead_organisation.name,
            a.signed_on,
            a.in_force_on,
        ]

    return record_table(
        request,
        title=_("Agreements"),
        columns=columns,
        records=queryset,
        row=row,
        export_name="agreements",
        heading=_("Partners"),
        tabs="partners/_tabs.html",
        filters=[
            {
                "name": "status",
                "label": _("Status"),
                "options": AgreementStatus.choices,
                "value": status,
            },
            {"name": "kind", "label": _("Kind"), "options": AgreementKind.choices, "value": kind},
        ],
        new_url=reverse("partners:agreement-new") if services.can_edit(request.user, None) else "",
        new_label=_("New agreement"),
    )


def agreement_detail(request, pk: int):
    return _detail_page(request, services.get_agreement(request.user, pk))


def _detail_page(request, agreement, transition_form=None, document_form=None, status=200):
    """Render an agreement; a refused form comes back bound, its errors on its fields."""
    editable = services.can_edit(request.user, agreement)
    allowed = [(s, AgreementStatus(s).label) for s in services.allowed_transitions(agreement)]
    if transition_form is None and editable and allowed:
        transition_form = TransitionForm(allowed=allowed, initial={"on": timezone.localdate()})
    if document_form is None and editable:
        document_form = DocumentForm()
    return render(
        request,
        "partners/agreement_detail.html",
        {
            "title": agreement.title,
            "agreement": agreement,
            "editable": editable,
            "events": agreement.events.select_related("recorded_by"),
            "documents": agreement.documents.all(),
            "provisions": agreement.sharing_provisions.all(),
            "transition_form": transition_form,
            "document_form": document_form,
        },
        status=status,
    )


def _agreement_data(form) -> services.AgreementData:
    data = form.cleaned_data
    return services.AgreementData(
        title=data["title"],
        kind=data["kind"],
        lead_organisation=data["lead_organisation"].pk,
        partner_countries=[c.pk for c in data["partner_countries"]],
        partner_organisations=[o.pk for o in data["partner_organisations"]],
        summary=data["summary"],
        counts_for_plan=data["counts_for_plan"],
        sharing=[tuple(item.split(":", 1)) for item in data["sharing"]],
    )


@require_http_methods(["GET", "POST"])
def agreement_edit(request, pk: int | None = None):
    agreement = services.get_agreement(request.user, pk) if pk else None
    services.require_edit(request.user, agreement)
    initial = {"counts_for_plan": True, "lead_organisation": request.user.organisation_id}
    if agreement:
        initial = {
            "title": agreement.title,
            "kind": agreement.kind,
            "lead_organisation": agreement.lead_organisation_id,
            "partner_countries": list(agreement.partner_countries.all()),
            "partner_organisations": list(agreement.partner_organisations.all()),
            "summary": agreement.summary,
            "counts_for_plan": agreement.counts_for_plan,
            "sharing": [
                f"{p.category}:{p.handling_code}" for p in agreement.sharing_provisions.all()
            ],
        }
    form = AgreementForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        if agreement:

            def save():
                return services.update_agreement(request.user, pk, _agreement_data(form))
        else:

            def save():
                return services.create_agreement(request.user, _agreement_data(form))

        saved = save_form(request, form, save, _("Agreement saved."))
        if saved:
            return redirect("partners:agreement", pk=saved.pk)
    title = _("Edit the agreement") if agreement else _("New agreement")
    return render(
        request,
        "partners/agreement_form.html",
        {"title": title, "form": form, "agreement": agreement},
        status=400 if form.errors else 200,
    )


@require_POST
def agreement_transition(request, pk: int):
    agreement = services.get_agreement(request.user, pk)
    services.require_edit(request.user, agreement)
    allowed = [(s, AgreementStatus(s).label) for s in services.allowed_transitions(agreement)]
    form = TransitionForm(request.POST, allowed=allowed)
    if form.is_valid():
        data = form.cleaned_data
        if save_form(
            request,
            form,
            lambda: services.transition(
                request.user, pk, data["to_status"], data["on"], data["note"]
            ),
            _("Status changed."),
        ):
            return redirect("partners:agreement", pk=pk)
    return _detail_page(request, agreement, transition_form=form, status=400)


@require_POST
def agreement_document(request, pk: int):
    agreement = services.get_agreement(request.user, pk)
    services.require_edit(request.user, agreement)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid() and save_form(
        request,
        form,
        lambda: services.attach_document(
            request.user, pk, form.cleaned_data["kind"], form.cleaned_data["file"]
        ),
        _("Document attached."),
    ):
        return redirect("partners:agreement", pk=pk)
    return _detail_page(request, agreement, document_form=form, status=400)


def document_download(request, pk: int):
    document = services.get_document(request.user, pk)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.name,
        content_type=document.content_type,
    )
