"""The registry of indicator rules: how each objective's value is computed from records.

An objective names its rule by key; rules are code reviewed here, never free-form
formulas typed in a form. Each rule returns the value at a date, when the records
behind it last changed (for the freshness mark), and the records themselves (the
drill-down: "9 / 12 agreements" lists those 9).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from racine.core.regions import Region
from racine.partners import services as partners
from racine.plan.translations import localized
from racine.resources import services as resources
from racine.sanctions import services as sanctions

YEAR = dt.timedelta(days=365)


@dataclass
class Measure:
    """An objective's value at a date, and the records it was computed from."""

    value: Decimal | None
    last_changed: dt.datetime | None = None
    columns: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # cells: text, or {"text": …, "url": …}
    note: str = ""


@dataclass(frozen=True)
class Rule:
    key: str
    label: str
    explanation: str
    measure: Callable[[object, dt.date], Measure]
    reads: tuple[str, ...] | None = None  # models ("app.Model") the rule reads; None: any
    # A count of things done that never goes back (see ``ObjectiveSpec.cumulative``).
    cumulative: bool = False


PARTNERS = ("partners.Agreement", "partners.AgreementEvent", "core.Country")


REGISTRY: dict[str, Rule] = {}


def rule(
    key: str, label, explanation, reads: tuple[str, ...] | None = None, cumulative: bool = False
):
    """Register an indicator function under ``key``; ``reads`` names the models it reads,
    so that its cached figure is recomputed when one of their records changes."""

    def register(function):
        REGISTRY[key] = Rule(key, label, explanation, function, reads, cumulative)
        return function

    return register


def choices() -> list[tuple[str, str]]:
    return [(key, r.label) for key, r in REGISTRY.items()]


def _ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    return (numerator / denominator).quantize(Decimal("0.0001")) if denominator else None


@rule(
    "new_agreements_region",
    _("New cooperation agreements with Latin America and the Caribbean"),
    _(
        "Agreements counted towards the plan, with at least one partner country of Latin America "
        "and the Caribbean, signed between the baseline date and the day of the figure."
    ),
    reads=PARTNERS,
    cumulative=True,
)
def new_agreements(objective, at: dt.date) -> Measure:
    agreements = partners.concluded_agreements(
        objective.baseline_date, at, Region.LATIN_AMERICA_CARIBBEAN
    ).order_by("signed_on")
    rows = [
        [
            {"text": a.title, "url": reverse("partners:agreement", args=[a.pk])},
            ", ".join(c.name for c in a.partner_countries.all()),
            a.signed_on,
            a.get_status_display(),
        ]
        for a in agreements
    ]
    return Measure(
        Decimal(len(rows)),
        agreements.aggregate(last=Max("updated_at"))["last"],
        [_("Agreement"), _("Partner countries"), _("Signature date"), _("Status")],
        rows,
    )


@rule(
    "specialised_staff_growth",
    _("Growth of specialised staff in embassies"),
    _(
        "Full-time equivalents of the specialised posts open on the day, compared with those "
        "open on the baseline date, as a percentage increase."
    ),
    reads=("resources.StaffPost", "core.Organisation"),
)
def staff_growth(objective, at: dt.date) -> Measure:
    now, before = (
        resources.specialised_fte_at(at),
        resources.specialised_fte_at(objective.baseline_date),
    )
    ratio = _ratio(now, before)
    posts = resources.posts_open_at(at).order_by("embassy__name", "starts_on")
    return Measure(
        None if ratio is None else ((ratio - 1) * 100).quantize(Decimal("0.01")),
        resources.last_changed("posts"),
        [_("Embassy"), _("Post"), _("Full-time equivalent"), _("Start"), _("End")],
        [[p.embassy.name, p.title, p.fte, p.starts_on, p.ends_on] for p in posts],
        _("%(now)s FTE on the day, %(before)s FTE on the baseline date.")
        % {"now": number_format(now, 2), "before": number_format(before, 2)},
    )


@rule(
    "means_ratio",
    _("Means of intervention of the embassies, as a multiple of the baseline year"),
    _(
        "Means committed by all embassies for the year of the figure, divided by those "
        "committed for the year of the baseline date."
    ),
    reads=("resources.BudgetLine", "core.Organisation"),
)
def means_ratio(objective, at: dt.date) -> Measure:
    now, before = (
        resources.means_committed(at.year),
        resources.means_committed(objective.baseline_date.year),
    )
    lines = resources.list_budget_lines_for_plan(at.year)
    return Measure(
        _ratio(now, before),
        resources.last_changed("budget"),
        [_("Embassy"), _("Year"), _("Category"), _("Committed (EUR)")],
        [
            [
                line.embassy.name,
                line.year,
                line.get_category_display(),
                line.committed,
            ]
            for line in lines
        ],
        _("%(now)s EUR for %(year)s, %(before)s EUR for %(base)s.")
        % {
            "now": number_format(now, 0, force_grouping=True),
            "year": at.year,
            "before": number_format(before, 0, force_grouping=True),
            "base": objective.baseline_date.year,
        },
    )


@rule(
    "counter_narcotics_aid_ratio",
    _("French counter-narcotics aid, as a multiple of the year before the plan"),
    _(
        "Counter-narcotics part (sector share) of French aid commitments in EUR over the 12 "
        "months before the day, divided by the same over the 12 months before the baseline date."
    ),
    reads=("resources.AidActivity", "resources.AidTransaction"),
)
def aid_ratio(objective, at: dt.date) -> Measure:
    base = objective.baseline_date
    now = resources.counter_narcotics_commitments(at - YEAR + dt.timedelta(days=1), at)
    before = resources.counter_narcotics_commitments(base - YEAR + dt.timedelta(days=1), base)
    transactions = resources.counter_narcotics_transactions(
        at - YEAR + dt.timedelta(days=1), at
    ).order_by("date")
    return Measure(
        _ratio(now, before),
        resources.last_changed("aid"),
        [_("Activity"), _("Date"), _("Commitment (EUR)"), _("Counter-narcotics part (EUR)")],
        [
            [
                {
                    "text": t.activity.title,
                    "url": reverse("resources:aid-activity", args=[t.activity_id]),
                },
                t.date,
                t.value,
                t.counter_narcotics_value,
            ]
            for t in transactions
        ],
        _(
            "%(now)s EUR over the last 12 months, %(before)s EUR over the 12 months before the "
            "baseline."
        )
        % {
            "now": number_format(now, 0, force_grouping=True),
            "before": number_format(before, 0, force_grouping=True),
        },
    )


@rule(
    "academy_stage",
    _("Stage reached by the regional academy"),
    _("Milestones of the academy reached by the day: decided (1), site chosen (2), opened (3)."),
    reads=("resources.Academy", "core.Country"),
    cumulative=True,
)
def academy_stage(objective, at: dt.date) -> Measure:
    academy = resources.the_academy()
    rows = []
    if academy:
        for number, (label, day) in enumerate(
            [
                (_("Decided"), academy.decided_on),
                (_("Site chosen"), academy.site_chosen_on),
                (_("Opened"), academy.opened_on),
            ],
            start=1,
        ):
            rows.append(
                [
                    number,
                    {"text": label, "url": reverse("resources:academy")},
                    day if day and day <= at else None,
                ]
            )
    return Measure(
        Decimal(resources.academy_stage_at(at)),
        resources.last_changed("academy"),
        [_("Stage"), _("Milestone"), _("Reached on")],
        rows,
    )


@rule(
    "validated_stage",
    _("Stage validated by a coordinator"),
    _(
        "The most recent value proposed with its evidence and validated by a coordinator, for "
        "figures no record can give (for example the stage of a negotiation in Brussels)."
    ),
    reads=("plan.Proposal",),
)
def validated_stage(objective, at: dt.date) -> Measure:
    proposals = objective.proposals.filter(status="validated", on__lte=at).order_by("on", "pk")
    latest = proposals.last()
    stages = {s.number: localized(s.label) for s in objective.stages.all()}
    rows = [
        [
            p.on,
            stages.get(int(p.value), number_format(p.value)),
            p.evidence,
            p.proposed_by.get_full_name() or p.proposed_by.username,
            p.decided_by.get_full_name() if p.decided_by else "",
        ]
        for p in proposals.select_related("proposed_by", "decided_by")
    ]
    return Measure(
        latest.value if latest else objective.baseline_value,
        latest.decided_at if latest else None,
        [_("Date"), _("Stage"), _("Evidence"), _("Proposed by"), _("Validated by")],
        rows,
    )


# The regime Racine prepares designations for: the European regime against organised crime.
EU_REGIME = "eu-oc"


@rule(
    "sanctions_regime_stage",
    _("Stage reached by the European sanctions regime against organised crime"),
    _(
        "The latest stage the regime reached by the day, as recorded with its evidence in "
        "Sanctions → Regimes: proposed (1), under negotiation (2), political agreement (3), "
        "adopted (4)."
    ),
    reads=("sanctions.Regime", "sanctions.RegimeStageChange"),
)
def sanctions_regime_stage(objective, at: dt.date) -> Measure:
    changes = sanctions.regime_stage_history(EU_REGIME, at)
    url = reverse("sanctions:regime", args=[EU_REGIME])
    rows = [
        [
            change.on,
            {"text": change.label, "url": url},
            change.evidence,
            change.reference,
            change.recorded_by,
        ]
        for change in changes
    ]
    return Measure(
        Decimal(changes[-1].stage) if changes else objective.baseline_value,
        max((c.recorded_at for c in changes), default=None),
        [_("Date"), _("Stage"), _("Evidence"), _("Reference"), _("Recorded by")],
        rows,
        "" if changes else _("The regime has reached no stage yet."),
    )
