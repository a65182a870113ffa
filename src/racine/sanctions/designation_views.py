"""Pages of the regimes and their designations: lists, details with history, the workflow.

Sanctions officers and plan coordinators read them (others get 403, on GET too); the
services decide who may draft, review, adopt, amend and delist.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from racine.core.choices import RoleCode
from racine.core.pages import export_table, posted, record_table, save_form
from racine.core.permissions import role_required
from racine.sanctions import designations as service
from racine.sanctions import workflow
from racine.sanctions.choices import DesignationStatus
from racine.sanctions.designation_forms import (
    AmendmentForm,
    DesignationForm,
    StageForm,
    TransitionForm,
)

TABS = "sanctions/_tabs.html"
readers = role_required(RoleCode.SANCTIONS_OFFICER, RoleCode.PLAN_COORDINATOR)
drafters = role_required(RoleCode.SANCTIONS_OFFICER)
reviewers = role_required(RoleCode.PLAN_COORDINATOR)


@readers
def regimes(request):
    records = service.list_regimes(request.user)
    return record_table(
        request,
        title=_("Regimes"),
        heading=_("Sanctions"),
        tabs=TABS,
        columns=[_("Code"), _("Regime"), _("Stage"), _("Designations")],
        records=records,
        row=lambda r: [
            {"text": r.code, "url": reverse("sanctions:regime", args=[r.code])},
            r.name,
            r.get_stage_display() or _("Not yet proposed"),
            r.designations.count(),
        ],
        export_name="sanctions-regimes",
    )


@readers
def regime_detail(request, code: str):
    regime = service.get_regime(request.user, code)
    counts = {
        status.label: regime.designations.filter(status=status).count()
        for status in DesignationStatus
    }
    return render(
        request,
        "sanctions/regime.html",
        {
            "title": regime.name,
            "regime": regime,
            "history": service.stage_history(request.user, regime),
            "counts": counts,
            "may_record_stage": service.may_review(request.user),
            "may_draft": service.may_draft(request.user),
        },
    )


@reviewers
def record_stage(request, code: str):
    regime = service.get_regime(request.user, code)
    form = StageForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = service.StageData(**form.cleaned_data)
        saved = save_form(
            request,
            form,
            lambda: service.record_stage(request.user, code, data),
            _("Stage recorded."),
        )
        if saved is not None:
            return redirect("sanctions:regime", code)
    return _form_page(
        request,
        form,
        _("Record a stage of %(regime)s") % {"regime": regime.code},
        reverse("sanctions:regime", args=[code]),
        status=400 if form.errors else 200,
    )


@readers
def export_list(request, code: str, fmt: str):
    """The regime's list (adopted designations) as FollowTheMoney JSON lines or CSV."""
    if fmt not in ("ftm", "csv"):
        raise Http404
    if fmt == "ftm":
        response = HttpResponse(
            service.export_ftm(request.user, code), content_type="application/x-ndjson"
        )
        response["Content-Disposition"] = f'attachment; filename="{code}.ftm.json"'
        return response
    return export_table("csv", code, service.CSV_COLUMNS, service.export_rows(request.user, code))


@readers
def designation_list(request):
    search = request.GET.get("q", "").strip()[:200]
    status = request.GET.get("status", "")
    status = status if status in DesignationStatus.values else ""
    records = service.list_designations(request.user, status=status, search=search)
    return record_table(
        request,
        title=_("Designations"),
        heading=_("Sanctions"),
        tabs=TABS,
        columns=[
            _("Name"),
            _("Kind"),
            _("Regime"),
            _("Status"),
            _("Proposing organisation"),
            _("Legal act"),
            _("Date of the legal act"),
        ],
        records=records,
        row=lambda d: [
            {"text": d.name, "url": reverse("sanctions:designation", args=[d.pk])},
            d.get_schema_display(),
            d.regime.code,
            d.get_status_display(),
            d.proposing_organisation.name,
            d.legal_act_reference,
            d.legal_act_date,
        ],
        export_name="sanctions-designations",
        filters=[
            {"name": "q", "label": _("Name contains"), "value": search},
            {
                "name": "status",
                "label": _("Status"),
                "value": status,
                "options": DesignationStatus.choices,
            },
        ],
        new_url=reverse("sanctions:designation-new") if service.may_draft(request.user) else "",
        new_label=_("Draft a designation"),
    )


@readers
def designation_detail(request, pk: int):
    designation = service.get_designation(request.user, pk)
    steps = service.available_steps(request.user, designation)
    return render(
        request,
        "sanctions/designation.html",
        {
            "title": designation.name,
            "designation": designation,
            "history": service.history(request.user, designation),
            "items": service.linked_items(request.user, designation),
            "steps": [(step, STEP_LABELS[step.action]) for step in steps if step.action != "amend"],
            "may_amend": any(step.action == "amend" for step in steps),
            "may_edit": designation.status == "draft" and service.may_draft(request.user),
            "transition_form": TransitionForm(),
        },
    )


STEP_LABELS = {
    "propose": _("Propose"),
    "review": _("Take under review"),
    "send_back": _("Send back to draft"),
    "adopt": _("Adopt"),
    "amend": _("Amend"),
    "delist": _("Delist"),
}


@drafters
def designation_new(request):
    regime = request.GET.get("regime", "eu-oc")
    form = DesignationForm(posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.to_data()
        saved = save_form(
            request,
            form,
            lambda: service.create_designation(request.user, regime, data),
            _("Draft saved."),
        )
        if saved is not None:
            return redirect("sanctions:designation", saved.pk)
    return _form_page(
        request,
        form,
        _("Draft a designation"),
        reverse("sanctions:designations"),
        status=400 if form.errors else 200,
    )


@drafters
def designation_edit(request, pk: int):
    designation = service.get_designation(request.user, pk)
    initial = DesignationForm.initial_of(service.data_of(designation))
    form = DesignationForm(posted(request), user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.to_data()
        saved = save_form(
            request,
            form,
            lambda: service.update_draft(request.user, pk, data),
            _("Draft saved."),
        )
        if saved is not None:
            return redirect("sanctions:designation", pk)
    return _form_page(
        request,
        form,
        _("Edit the draft"),
        reverse("sanctions:designation", args=[pk]),
        status=400 if form.errors else 200,
    )


@reviewers
def designation_amend(request, pk: int):
    designation = service.get_designation(request.user, pk)
    initial = DesignationForm.initial_of(service.data_of(designation))
    form = AmendmentForm(posted(request), user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = service.TransitionData(
            "amend",
            form.cleaned_data["comment"],
            form.cleaned_data["legal_act_reference"],
            form.cleaned_data["legal_act_date"],
            form.to_data(),
        )
        saved = save_form(
            request,
            form,
            lambda: service.transition(request.user, pk, data),
            _("Designation amended."),
        )
        if saved is not None:
            return redirect("sanctions:designation", pk)
    return _form_page(
        request,
        form,
        _("Amend the designation"),
        reverse("sanctions:designation", args=[pk]),
        status=400 if form.errors else 200,
    )


@readers
def designation_step(request, pk: int, action: str):
    """Take one step of the workflow (the buttons of the detail page post here)."""
    designation = service.get_designation(request.user, pk)
    if action not in workflow.STEPS or action == "amend":
        return redirect("sanctions:designation", pk)
    step = workflow.STEPS[action]
    if step.actor == workflow.DRAFTER:
        service.require_drafter(request.user)
    else:
        service.require_reviewer(request.user)
    form = TransitionForm(posted(request))
    if not step.needs_legal_act:
        del form.fields["legal_act_reference"], form.fields["legal_act_date"]
    if request.method == "POST" and form.is_valid():
        data = service.TransitionData(action, **form.cleaned_data)
        saved = save_form(
            request,
            form,
            lambda: service.transition(request.user, pk, data),
            _("The designation is now %(status)s.")
            % {"status": DesignationStatus(step.target).label.lower()},
        )
        if saved is not None:
            return redirect("sanctions:designation", pk)
    return _form_page(
        request,
        form,
        f"{STEP_LABELS[action]} — {designation.name}",
        reverse("sanctions:designation", args=[pk]),
        status=400 if form.errors else 200,
        submit_label=STEP_LABELS[action],
    )


def _form_page(request, form, title, back_url, status=200, submit_label=None):
    return render(
        request,
        "core/form_page.html",
        {"title": title, "form": form, "back_url": back_url, "submit_label": submit_label},
        status=status,
    )
