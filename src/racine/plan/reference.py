"""The plan of November 2025 as reference data: four axes, six quantified objectives.

Facts from the ministry's announcement of the plan (November 2025) and the minister's
interview of 8 November 2025. Loading creates what is missing and never overwrites what
coordinators have since edited.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from racine.plan.models import Axis, Milestone, Objective, Plan, Stage

ANNOUNCEMENT = "MEAE, présentation du plan international contre le narcotrafic, novembre 2025"
INTERVIEW = "Entretien du ministre de l'Europe et des Affaires étrangères, 8 novembre 2025"
# The objective on the European regime reads the regime's stage (Sanctions → Regimes).
REGIME_INDICATOR = "Étape atteinte par le régime européen, enregistrée avec ses preuves"
START, DEADLINE = dt.date(2025, 11, 7), dt.date(2026, 11, 30)

AXES = [
    (
        "accords",
        "Accords de coopération sécuritaire avec les pays de production, de transit et de rebond",
    ),
    ("effectifs", "Renforcement des effectifs spécialisés et des moyens dans les pays concernés"),
    ("aide", "Réorientation de l'aide au développement vers la lutte contre le narcotrafic"),
    ("sanctions", "Sanctions internationales contre les criminels"),
]

# (axis, code, title, indicator, unit, baseline, target, rule, source, milestones, stages)
OBJECTIVES = [
    (
        "accords",
        "accords-region",
        "12 nouveaux accords de coopération avec les pays de la région",
        "Accords signés avec l'Amérique latine et les Caraïbes depuis le lancement du plan",
        "count",
        "0",
        "12",
        "new_agreements_region",
        ANNOUNCEMENT,
        [("2026-03-31", "4"), ("2026-06-30", "7"), ("2026-09-30", "10")],
        [],
    ),
    (
        "accords",
        "academie-regionale",
        "Une académie régionale de lutte contre la criminalité organisée",
        "Étape atteinte par l'académie",
        "stage",
        "0",
        "3",
        "academy_stage",
        ANNOUNCEMENT,
        [("2026-01-31", "1"), ("2026-05-31", "2")],
        ["Création décidée", "Site choisi", "Académie ouverte"],
    ),
    (
        "effectifs",
        "effectifs-specialises",
        "+20 % d'effectifs spécialisés dans les ambassades",
        "Hausse des équivalents temps plein des postes spécialisés depuis le lancement du plan",
        "percent",
        "0",
        "20",
        "specialised_staff_growth",
        f"{ANNOUNCEMENT} ; {INTERVIEW}",
        [("2026-05-31", "10")],
        [],
    ),
    (
        "effectifs",
        "moyens-intervention",
        "Tripler les moyens d'intervention des ambassades",
        "Moyens engagés dans l'année, en multiple de ceux de 2025",
        "ratio",
        "1",
        "3",
        "means_ratio",
        f"{ANNOUNCEMENT} ; {INTERVIEW}",
        [],
        [],
    ),
    (
        "aide",
        "aide-narcotrafic",
        "Doubler les crédits d'aide au développement consacrés à la lutte contre le narcotrafic",
        "Engagements d'aide française (part « lutte contre les stupéfiants », CAD 16063) sur "
        "12 mois, en multiple des 12 mois précédant le plan",
        "ratio",
        "1",
        "2",
        "counter_narcotics_aid_ratio",
        ANNOUNCEMENT,
        [],
        [],
    ),
    (
        "sanctions",
        "regime-sanctions-ue",
        "Un régime de sanctions européen contre la criminalité organisée",
        REGIME_INDICATOR,
        "stage",
        "0",
        "4",
        "sanctions_regime_stage",
        ANNOUNCEMENT,
        [("2026-03-31", "1"), ("2026-07-31", "2")],
        [
            "Proposition française présentée aux partenaires européens",
            "Examen par le groupe de travail du Conseil (RELEX)",
            "Accord politique au Conseil",
            "Régime adopté par le Conseil de l'Union européenne",
        ],
    ),
]


def load() -> dict[str, int]:
    """Create the plan, its axes and objectives where missing; return how many objectives."""
    plan, _created = Plan.objects.get_or_create(
        code="plan-international-narcotrafic-2025",
        defaults={
            "title": "Plan international contre le narcotrafic — « éradiquer le mal à la racine »",
            "starts_on": START,
            "ends_on": DEADLINE,
            "source": ANNOUNCEMENT,
        },
    )
    axes = {}
    for order, (code, title) in enumerate(AXES):
        axes[code], _created = Axis.objects.get_or_create(
            plan=plan, code=code, defaults={"title": title, "order": order}
        )
    created = 0
    for order, (
        axis,
        code,
        title,
        indicator,
        unit,
        baseline,
        target,
        rule,
        source,
        milestones,
        stages,
    ) in enumerate(OBJECTIVES):
        if Objective.objects.filter(code=code).exists():
            continue
        objective = Objective.objects.create(
            axis=axes[axis],
            code=code,
            title=title,
            indicator=indicator,
            unit=unit,
            baseline_value=Decimal(baseline),
            baseline_date=START,
            target_value=Decimal(target),
            deadline=DEADLINE,
            rule=rule,
            source=source,
            order=order,
        )
        for day, value in milestones:
            Milestone.objects.create(
                objective=objective, on=dt.date.fromisoformat(day), value=Decimal(value)
            )
        for number, label in enumerate(stages, start=1):
            Stage.objects.create(objective=objective, number=number, label=label)
        created += 1
    return {"objectives": created}
