"""Pages of the plan: dashboard, drill-down, objective editing, proposals, briefing note."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import logging
import re
from types import SimpleNamespace

from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_http_methods, require_POST

from racine.core.choices import RoleCode
from racine.core.errors import InvalidInput, RacineError
from racine.core.pages import export_format, export_table, posted, save_form
from racine.core.permissions import has_role
from racine.partners import services as partners
from racine.partners.choices import AgreementStatus, ChainRole
from racine.plan import charts, forms, indicators, records_cache, services, worldmap
from racine.plan.choices import Status, Unit
from racine.plan.engine.status import AT_RISK_SHARE, FORECAST_WINDOW_DAYS
from racine.plan.formatting import figure, progress_percent

logger = logging.getLogger(__name__)

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


def chosen_date(request) -> tuple[dt.date, str]:
    """Return the ``?at=`` date of the figures and the reason it was refused, if it was.

    A malformed or impossible date, or one before the plan, is said on the page, which
    then shows today's figures: never a silent fallback.
    """
    text = request.GET.get("at", "")
    try:
        return services.parse_figure_date(text), ""
    except RacineError as error:
        return timezone.localdate(), error.detail


def _refuse_date(request, error: str):
    """Answer a download asked for on a refused date: the reason, on the error page."""
    return render(request, "core/error.html", {"error": {"detail": error}}, status=400)


def locale() -> str:
    return {"fr": "fr-FR", "es": "es-ES"}.get(get_language() or "fr", "en-GB")


def card(evaluation: services.Evaluation) -> dict:
    """Return what the dashboard and the briefing show of one objective.

    An objective that cannot be shown (its rule failed, or a stored value is out of
    bounds) gets an error card naming it, and the other cards still show.
    """
    if not evaluation.error:
        try:
            return _card(evaluation)
        except Exception:  # noqa: BLE001 — one bad record must not take the page down
            logger.exception("objective %s could not be shown", evaluation.objective.code)
            evaluation.error = _(
                "This figure cannot be shown: a record behind it is invalid. "
                "Check the records counted by this objective, or the objective itself."
            )
    return {
        "objective": evaluation.objective,
        "evaluation": evaluation,
        "error": evaluation.error,
        "value": "—",
        "target": "—",
        "status_label": _("Cannot be computed"),
        "badge": "error",
    }


def _card(evaluation: services.Evaluation) -> dict:
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
    rows = []
    for e in evaluations:
        try:
            value, target = (
                figure(e.value, e.objective.unit),
                figure(e.objective.target_value, e.objective.unit),
            )
        except Exception:  # noqa: BLE001 — an out-of-bounds stored value: say so in the row
            logger.exception("objective %s could not be exported", e.objective.code)
            value, target, e.error = "", "", e.error or "invalid record"
        status = _("Cannot be computed") if e.error else Status(e.status).label
        rows.append((e.objective.title, value, target, e.objective.deadline, status, at))
    return export_table(export_format(request), f"plan-{at}", headers, rows)


# Every objective's figure also reads its own definition, milestones and history.
OBJECTIVE_READS = ("plan.Plan", "plan.Axis", "plan.Objective", "plan.Milestone", "plan.Stage")
OBJECTIVE_READS += ("plan.Snapshot",)
MAP_READS = (*indicators.PARTNERS, "partners.CountryRole", "core.Organisation")


def cached_cards(user, at: dt.date, html: bool = False, stamps=None) -> list:
    """Return every objective's card, each computed once per change of the records it reads.

    The figures speak for the whole ministry (any reader of the plan sees the same), so the
    cards are shared by every reader of one language (see :mod:`records_cache`). With
    ``html``, each card comes already rendered (the dashboard's), which is cheaper to read
    back from the cache than the objects it is drawn from.
    """
    services.require_reader(user)
    stamps = stamps or records_cache.table_stamps()
    cards = []
    for objective in services.objectives():
        # An unknown rule gives an error card, keyed on every table.
        rule = indicators.REGISTRY.get(objective.rule)
        reads = None if rule is None or rule.reads is None else (*OBJECTIVE_READS, *rule.reads)

        def compute(o=objective, reads=reads):
            key = records_cache.key("plan-card", stamps, reads, o.code, at.isoformat())
            return records_cache.remember(
                key, lambda: _cacheable(card(services.evaluate_safely(o, at)))
            )

        if html:
            key = records_cache.key("plan-card-html", stamps, reads, objective.code, at.isoformat())
            cards.append(
                records_cache.remember(
                    key,
                    lambda compute=compute: render_to_string(
                        "plan/_card.html", {"card": compute(), "at": at}
                    ),
                )
            )
        else:
            cards.append(compute())
    return cards


def _cacheable(shown: dict) -> dict:
    """Return a card without what the dashboard and briefing never show (the drill-down's
    rows) and with its lazy translations made plain text: unpickling lazy strings costs more
    than computing some of the figures. An error card is kept as it is said."""
    evaluation = shown["evaluation"]
    measure = evaluation.measure
    lean = indicators.Measure(measure.value, measure.last_changed, note=str(measure.note))
    plain = dict(
        shown,
        evaluation=dataclasses.replace(evaluation, measure=lean, error=str(evaluation.error)),
        status_label=str(shown["status_label"]),
    )
    if "error" in shown:
        plain["error"] = str(shown["error"])
    if "rule" in shown:
        rule = shown["rule"]
        plain["rule"] = dataclasses.replace(
            rule, label=str(rule.label), explanation=str(rule.explanation)
        )
    return plain


def _plain_legend(legend: list[dict]) -> list[dict]:
    """Return the map legend with plain text for its lazy labels and countries, to cache it
    (unpickling fifty Country instances costs more than the query that reads them)."""
    return [
        dict(
            entry,
            country=SimpleNamespace(pk=entry["country"].pk, name=str(entry["country"].name)),
            roles=[str(role) for role in entry["roles"]],
            status_label=str(entry["status_label"]),
        )
        for entry in legend
    ]


def visibility_scope(user) -> str:
    """Name the set of agreements ``user`` sees (see partners' ``visible_agreements``)."""
    organisation = user.organisation
    if organisation is not None and organisation.french_state:
        return "french-state"
    return f"organisation-{user.organisation_id}"


def _timeline(user) -> str:
    agreements = partners.visible_agreements(user).prefetch_related("events")
    return charts.timeline_chart(
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


def _cached_for_reader(kind: str, user, at: dt.date | None, compute, stamps=None):
    """Cache what depends on the agreements ``user`` sees, per visibility scope."""
    stamps = stamps or records_cache.table_stamps()
    key = records_cache.key(
        kind, stamps, MAP_READS, visibility_scope(user), at.isoformat() if at else ""
    )
    return records_cache.remember(key, compute)


@gzip_page
def dashboard(request):
    at, at_error = chosen_date(request)
    if at_error and export_format(request):
        return _refuse_date(request, at_error)
    if export_format(request):  # a table needs no chart: skip drawing them
        return _summary_table(request, services.status_report(request.user, at), at)
    user = request.user
    stamps = records_cache.table_stamps()  # read once for every part of the page
    cards = cached_cards(user, at, html=True, stamps=stamps)
    timeline = _cached_for_reader(
        "plan-timeline", user, None, lambda: _timeline(user), stamps=stamps
    )
    return render(
        request,
        "plan/dashboard.html",
        {
            "title": _("Steering of the plan"),
            "plan": services.current_plan(),
            "cards": cards,
            "at": at,
            "at_error": at_error,
            "today": timezone.localdate(),
            "rule": rule_text(),
            "timeline": timeline,
            "partner_countries": _cached_for_reader(
                "plan-legend",
                user,
                at,
                lambda: _plain_legend(map_legend(user, at)),
                stamps=stamps,
            ),
            "pending": services.pending_proposals(request.user).count()
            if has_role(request.user, RoleCode.PLAN_COORDINATOR)
            else 0,
        },
        status=400 if at_error else 200,
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


ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def map_svg(request):
    """The partner countries' map, as an SVG image (cached by the browser for an hour).

    Drawn once per change of the agreements and roles (per visibility scope and language),
    and kept compressed too: the drawing is about 670 KB, its gzip under 200 KB, and
    compressing it again for every request would cost more than serving it.
    """
    at, _error = chosen_date(request)
    user = request.user
    if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        body = _cached_for_reader(
            "plan-map-gzip", user, at, lambda: gzip.compress(_map(user, at).encode(), mtime=0)
        )
    else:
        body = _cached_for_reader("plan-map", user, at, lambda: _map(user, at))
    response = HttpResponse(body, content_type="image/svg+xml")
    if isinstance(body, bytes):
        response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ("Accept-Encoding",))
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _map(user, at: dt.date) -> str:
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
        for e in map_legend(user, at)
        for code in [e["country"].pk]
    }
    return worldmap.world_map(
        styles,
        title=_("Partner countries"),
        description=_(
            "Countries coloured by their most advanced agreement with France; "
            "the list below the map gives the same information."
        ),
    )


def objective_detail(request, code: str):
    objective = services.get_objective(request.user, code)
    at, at_error = chosen_date(request)
    if fmt := export_format(request):
        if at_error:
            return _refuse_date(request, at_error)
        measure = services.evaluate_safely(objective, at).measure
        rows = [[c.get("text") if isinstance(c, dict) else c for c in row] for row in measure.rows]
        return export_table(fmt, f"{code}-{at}", measure.columns, rows)
    return _objective_page(request, objective, at=at, at_error=at_error)


def _objective_page(request, objective, *, at=None, at_error="", status=None, **forms_given):
    """Render an objective's page; a refused form comes back bound, its errors on its fields."""
    at = at or timezone.localdate()
    evaluation = services.evaluate_safely(objective, at)
    coordinator = has_role(request.user, RoleCode.PLAN_COORDINATOR)
    proposer = has_role(request.user, *services.PROPOSER_ROLES)
    proposal_form = forms_given.get("proposal_form")
    if proposal_form is None and proposer and objective.rule == "validated_stage":
        proposal_form = forms.ProposalForm(objective=objective)
    milestone_form = forms_given.get("milestone_form")
    if milestone_form is None and coordinator:
        milestone_form = forms.MilestoneForm()
    decision_form = forms_given.get("decision_form")
    return render(
        request,
        "plan/objective.html",
        {
            "title": objective.title,
            "card": card(evaluation),
            "measure": evaluation.measure,
            "at": at,
            "at_error": at_error,
            "page": {"query": f"at={at.isoformat()}&"},
            "milestones": objective.milestones.all(),
            "coordinator": coordinator,
            "proposals": objective.proposals.select_related("proposed_by", "decided_by"),
            "proposal_form": proposal_form,
            "milestone_form": milestone_form,
            "decision_form": decision_form,
            "decision_pk": forms_given.get("decision_pk"),
        },
        status=status or (400 if at_error else 200),
    )


@require_http_methods(["GET", "POST"])
def objective_edit(request, code: str):
    services.require_editor(request.user)
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
    form = forms.ObjectiveForm(posted(request), initial={f: getattr(objective, f) for f in fields})
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
        status=400 if form.errors else 200,
    )


def _post_form(request, code, form, save, message, form_name, **extra):
    """Save a form posted from the objective's page; on refusal show the page again, bound."""
    objective = services.get_objective(request.user, code)
    if form.is_valid() and save_form(request, form, lambda: save(form.cleaned_data), message):
        return redirect("plan:objective", code=code)
    return _objective_page(request, objective, status=400, **{form_name: form}, **extra)


@require_POST
def milestone_add(request, code: str):
    return _post_form(
        request,
        code,
        forms.MilestoneForm(request.POST),
        lambda d: services.add_milestone(request.user, code, d["on"], d["value"]),
        _("Milestone added."),
        "milestone_form",
    )


@require_POST
def milestone_remove(request, code: str, pk: int):
    with transaction.atomic():
        services.remove_milestone(request.user, pk)
    return redirect("plan:objective", code=code)


@require_POST
def propose(request, code: str):
    objective = services.get_objective(request.user, code)
    return _post_form(
        request,
        code,
        forms.ProposalForm(request.POST, objective=objective),
        lambda d: services.propose(request.user, code, d["value"], d["on"], d["evidence"]),
        _("Proposal recorded: it counts once a coordinator validates it."),
        "proposal_form",
    )


@require_POST
def decide(request, code: str, pk: int):
    form = forms.DecisionForm(request.POST)
    accept = request.POST.get("decision") == "validate"
    return _post_form(
        request,
        code,
        form,
        lambda d: services.decide(request.user, pk, d["decision"] == "validate", d["note"]),
        _("Proposal validated.") if accept else _("Proposal refused."),
        "decision_form",
        decision_pk=pk,
    )


def _briefing_context(request):
    at, at_error = chosen_date(request)
    if at_error:
        raise InvalidInput(at_error, field="at")
    cards = cached_cards(request.user, at)
    return {
        "title": _("Briefing note on the plan"),
        "plan": services.current_plan(),
        "cards": cards,
        "at": at,
        "rule": rule_text(),
        "author": request.user.get_full_name() or request.user.username,
        "generated": timezone.localtime(),
    }


@gzip_page
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
