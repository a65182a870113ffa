"""Pages of the plan: dashboard, drill-down, objective editing, proposals, briefing note."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from racine.core import services as core_services
from racine.core.choices import RoleCode
from racine.core.pages import export_format, export_table, flash_errors, save_form
from racine.core.permissions import has_role
from racine.partners import services as partners
from racine.partners.choices import AgreementStatus, ChainRole
from racine.plan import charts, forms, indicators, services, worldmap
from racine.plan.choices import Status, Unit
from racine.plan.engine.status import AT_RISK_SHARE, FORECAST_WINDOW_DAYS
from racine.plan.formatting import figure, progress_percent

STATUS_BADGES = {
    "achieved": "success",
    "on_track": "info",
    "at_risk": "warning",
    "off_track": "error",
}
MAP_FILLS = {
    AgreementStatus.IN_FORCE: "#18753c",
    AgreementStatus.SIGNED: "#000091",
    AgreementStatus.NEGOTIATION: "#b34000",
    AgreementStatus.SUSPENDED: "#ce614a",
}
ROLE_FILL = "#bfccfb"  # a role in the chain, no agreement concluded yet


# The engine's rule (racine.plan.engine.status.RULE), in words the translators can reach.
RULE = gettext_lazy(
    "Achieved: the value has reached the target. On track: progress since the baseline is at "
    "least what the planned path expects today, or the trend of the last %(days)s days reaches "
    "the target by the deadline. At risk: progress is at least %(share)s of what is expected, "
    "or the trend gets at least %(share)s of the way to the target. Off track: otherwise, and "
    "whenever the deadline has passed without the target reached."
)


def rule_text() -> str:
    return RULE % {"days": FORECAST_WINDOW_DAYS, "share": f"{AT_RISK_SHARE:.0%}"}


def chosen_date(request) -> dt.date:
    """Return the ``?at=`` date of the figures, today when absent or malformed."""
    try:
        return dt.date.fromisoformat(request.GET.get("at", ""))
    except ValueError:
        return timezone.localdate()


def locale() -> str:
    return {"fr": "fr-FR", "es": "es-ES"}.get(get_language() or "fr", "en-GB")


def card(evaluation: services.Evaluation) -> dict:
    """Return what the dashboard and the briefing show of one objective."""
    objective = evaluation.objective
    stages = {s.number: s.label for s in objective.stages.all()}
    stage = (
        stages.get(int(evaluation.value))
        if objective.unit == Unit.STAGE and evaluation.value
        else None
    )
    chart = charts.history_chart(
        [(p.date, p.value) for p in evaluation.history],
        target=float(objective.target_value),
        deadline=objective.deadline,
        forecast=None if objective.unit == Unit.STAGE else evaluation.forecast,
        title=_("History of “%(objective)s”") % {"objective": objective.title},
        value_label=_("Value"),
        date_label=_("Date"),
        target_label=_("Target"),
        locale=locale(),
    )
    return {
        "objective": objective,
        "evaluation": evaluation,
        "value": figure(evaluation.value, objective.unit),
        "target": figure(objective.target_value, objective.unit),
        "baseline": figure(objective.baseline_value, objective.unit),
        "stage": stage,
        "forecast": None
        if evaluation.forecast is None or objective.unit == Unit.STAGE
        else figure(round(evaluation.forecast, 2), objective.unit),
        "progress": progress_percent(evaluation.progress),
        "status_label": Status(evaluation.status).label,
        "badge": STATUS_BADGES[evaluation.status],
        "chart": chart,
        "rule": evaluation.rule,
    }


def _summary_table(request, evaluations, at):
    headers = [
        _("Objective"),
        _("Value"),
        _("Target"),
        _("Deadline"),
        _("Status"),
        _("Date of the figures"),
    ]
    rows = [
        (
            e.objective.title,
            figure(e.value, e.objective.unit),
            figure(e.objective.target_value, e.objective.unit),
            e.objective.deadline,
            Status(e.status).label,
            at,
        )
        for e in evaluations
    ]
    return export_table(export_format(request), f"plan-{at}", headers, rows)


def dashboard(request):
    at = chosen_date(request)
    evaluations = services.status_report(request.user, at)
    if export_format(request):  # a table needs no chart: skip drawing them
        return _summary_table(request, evaluations, at)
    cards = [card(e) for e in evaluations]
    agreements = partners.visible_agreements(request.user).prefetch_related("events")
    timeline = charts.timeline_chart(
        [
            (a.title[:60], a.signed_on or events[-1].on, a.status)
            for a in agreements
            if (events := list(a.events.all()))  # prefetched: no query per agreement
        ],
        title=_("Timeline of agreements"),
        date_label=_("Date"),
        status_label=_("Status"),
        status_labels={code: str(label) for code, label in AgreementStatus.choices},
        locale=locale(),
    )
    return render(
        request,
        "plan/dashboard.html",
        {
            "title": _("Steering of the plan"),
            "plan": services.current_plan(),
            "cards": cards,
            "at": at,
            "today": timezone.localdate(),
            "rule": rule_text(),
            "timeline": timeline,
            "partner_countries": map_legend(request.user, at),
            "pending": services.pending_proposals(request.user).count()
            if has_role(request.user, RoleCode.PLAN_COORDINATOR)
            else 0,
        },
    )


def map_legend(user, at: dt.date) -> list[dict]:
    """Return, per partner country, its roles and its most advanced agreement at ``at``."""
    order = [
        AgreementStatus.IN_FORCE,
        AgreementStatus.SIGNED,
        AgreementStatus.SUSPENDED,
        AgreementStatus.NEGOTIATION,
    ]
    countries: dict[str, dict] = {}
    for role in partners.list_country_roles(user, at=at):
        entry = countries.setdefault(
            role.country_id, {"country": role.country, "roles": [], "status": None}
        )
        entry["roles"].append(ChainRole(role.role).label)
    for agreement in partners.visible_agreements(user).prefetch_related("events"):
        status = partners.status_at(agreement, at)
        for country in agreement.partner_countries.all():
            entry = countries.setdefault(
                country.pk, {"country": country, "roles": [], "status": None}
            )
            if status in order and (
                entry["status"] is None or order.index(status) < order.index(entry["status"])
            ):
                entry["status"] = status
    for entry in countries.values():
        entry["status_label"] = AgreementStatus(entry["status"]).label if entry["status"] else ""
        entry["fill"] = MAP_FILLS.get(entry["status"], ROLE_FILL)
    return sorted(countries.values(), key=lambda e: e["country"].name)


def map_svg(request):
    """The partner countries' map, as an SVG image (cached by the browser for an hour)."""
    services.require_reader(request.user)  # the plan is reserved to French State services
    at = chosen_date(request)
    styles = {
        code: worldmap.CountryStyle(
            "racine-map-partner",
            " — ".join(
                filter(
                    None,
                    [e["country"].name, ", ".join(map(str, e["roles"])), str(e["status_label"])],
                )
            ),
            e["fill"],
        )
        for e in map_legend(request.user, at)
        for code in [e["country"].pk]
    }
    svg = worldmap.world_map(
        styles,
        title=_("Partner countries"),
        description=_(
            "Countries coloured by their most advanced agreement with France; "
            "the list below the map gives the same information."
        ),
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response


def objective_detail(request, code: str):
    objective = services.get_objective(request.user, code)
    at = chosen_date(request)
    evaluation = services.evaluate(objective, at)
    measure = evaluation.measure
    if fmt := export_format(request):
        rows = [[c.get("text") if isinstance(c, dict) else c for c in row] for row in measure.rows]
        return export_table(fmt, f"{code}-{at}", measure.columns, rows)
    coordinator = has_role(request.user, RoleCode.PLAN_COORDINATOR)
    proposer = has_role(request.user, *services.PROPOSER_ROLES)
    return render(
        request,
        "plan/objective.html",
        {
            "title": objective.title,
            "card": card(evaluation),
            "measure": measure,
            "at": at,
            "page": {"query": f"at={at.isoformat()}&"},
            "milestones": objective.milestones.all(),
            "coordinator": coordinator,
            "proposals": objective.proposals.select_related("proposed_by", "decided_by"),
            "proposal_form": forms.ProposalForm(objective=objective)
            if proposer and objective.rule == "validated_stage"
            else None,
            "milestone_form": forms.MilestoneForm() if coordinator else None,
        },
    )


@require_http_methods(["GET", "POST"])
def objective_edit(request, code: str):
    objective = services.get_objective(request.user, code)
    fields = (
        "title",
        "indicator",
        "baseline_value",
        "baseline_date",
        "target_value",
        "deadline",
        "direction",
        "rule",
        "source",
    )
    form = forms.ObjectiveForm(
        request.POST or None, initial={f: getattr(objective, f) for f in fields}
    )
    if request.method == "POST" and form.is_valid():
        data = services.ObjectiveData(**form.cleaned_data)
        if save_form(
            request,
            form,
            lambda: services.update_objective(request.user, code, data),
            _("Objective saved."),
        ):
            return redirect("plan:objective", code=code)
    return render(
        request,
        "core/form_page.html",
        {
            "title": _("Edit the objective"),
            "form": form,
            "back_url": reverse("plan:objective", args=[code]),
        },
    )


def _post_and_return(request, code, form, save, message):
    if form.is_valid():
        save_form(request, form, lambda: save(form.cleaned_data), message)
    flash_errors(request, form)
    return redirect("plan:objective", code=code)


@require_POST
def milestone_add(request, code: str):
    return _post_and_return(
        request,
        code,
        forms.MilestoneForm(request.POST),
        lambda d: services.add_milestone(request.user, code, d["on"], d["value"]),
        _("Milestone added."),
    )


@require_POST
def milestone_remove(request, code: str, pk: int):
    with transaction.atomic():
        services.remove_milestone(request.user, pk)
    return redirect("plan:objective", code=code)


@require_POST
def propose(request, code: str):
    objective = services.get_objective(request.user, code)
    return _post_and_return(
        request,
        code,
        forms.ProposalForm(request.POST, objective=objective),
        lambda d: services.propose(request.user, code, d["value"], d["on"], d["evidence"]),
        _("Proposal recorded: it counts once a coordinator validates it."),
    )


@require_POST
def decide(request, code: str, pk: int):
    accept = request.POST.get("decision") == "validate"
    form = forms.DecisionForm(request.POST)
    return _post_and_return(
        request,
        code,
        form,
        lambda d: services.decide(request.user, pk, accept, d["note"]),
        _("Proposal validated.") if accept else _("Proposal refused."),
    )


def _briefing_context(request):
    at = chosen_date(request)
    cards = [card(e) for e in services.status_report(request.user, at)]
    return {
        "title": _("Briefing note on the plan"),
        "plan": services.current_plan(),
        "cards": cards,
        "at": at,
        "rule": rule_text(),
        "author": request.user.get_full_name() or request.user.username,
        "generated": timezone.localtime(),
        # Printed on paper, the chain's latest signed head outlives any rewrite of the database.
        "audit_checkpoint": core_services.latest_audit_checkpoint(),
    }


def briefing(request):
    return render(request, "plan/briefing.html", _briefing_context(request))


def briefing_pdf(request):
    """The briefing note as a dated PDF (WeasyPrint, fonts and charts embedded)."""
    from racine.plan.briefing import render_pdf  # needs Pango: imported for PDFs only

    context = _briefing_context(request)
    html = render(request, "plan/briefing.html", dict(context, pdf=True)).content.decode()
    pdf = render_pdf(html)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="note-plan-{context["at"]}.pdf"'
    return response


def proposals(request):
    return render(
        request,
        "plan/proposals.html",
        {
            "title": _("Proposals awaiting validation"),
            "proposals": services.pending_proposals(request.user),
            "rules": indicators.REGISTRY,
        },
    )
