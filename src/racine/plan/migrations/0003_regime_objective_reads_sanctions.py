"""The objective on the European regime reads the regime's stage instead of proposals.

Its validated proposals become the regime's stage history (same dates, same stages, the
proposal's evidence and author), so the value on any past day is what it was: the stored
snapshots keep their values and the next one continues from the regime's stage.
"""

from django.db import migrations

OBJECTIVE, REGIME = "regime-sanctions-ue", "eu-oc"
OLD_INDICATOR = (
    "Étape de la négociation à Bruxelles, proposée avec ses preuves et validée par la "
    "coordination"
)
NEW_INDICATOR = "Étape atteinte par le régime européen, enregistrée avec ses preuves"
NAMES = {
    "name_fr": "Régime de sanctions de l'Union européenne contre la criminalité organisée",
    "name_es": "Régimen de sanciones de la Unión Europea contra la delincuencia organizada",
    "name_en": "European Union sanctions regime against organised crime",
}


def switch_to_regime(apps, schema_editor):
    Objective = apps.get_model("plan", "Objective")
    Regime = apps.get_model("sanctions", "Regime")
    RegimeStageChange = apps.get_model("sanctions", "RegimeStageChange")
    objective = Objective.objects.filter(code=OBJECTIVE, rule="validated_stage").first()
    if objective is None:  # a new database: the reference data creates it with the new rule
        return
    regime, _created = Regime.objects.get_or_create(code=REGIME, defaults=NAMES)
    validated = objective.proposals.filter(status="validated").order_by("on", "pk")
    for proposal in validated:
        RegimeStageChange.objects.get_or_create(
            regime=regime,
            stage=int(proposal.value),
            on=proposal.on,
            defaults={
                "evidence": proposal.evidence,
                "reference": "",
                "recorded_by_id": proposal.decided_by_id or proposal.proposed_by_id,
                "recorded_at": proposal.decided_at or proposal.proposed_at,
            },
        )
    latest = RegimeStageChange.objects.filter(regime=regime).order_by("-on", "-pk").first()
    if latest is not None:
        regime.stage = latest.stage
        regime.save(update_fields=["stage"])
    objective.rule = "sanctions_regime_stage"
    if objective.indicator == OLD_INDICATOR:
        objective.indicator = NEW_INDICATOR
    objective.save(update_fields=["rule", "indicator"])


def back_to_proposals(apps, schema_editor):
    Objective = apps.get_model("plan", "Objective")
    Objective.objects.filter(code=OBJECTIVE, rule="sanctions_regime_stage").update(
        rule="validated_stage"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("plan", "0002_record_bounds"),
        ("sanctions", "0003_regimes_designations"),
    ]

    operations = [migrations.RunPython(switch_to_regime, back_to_proposals)]
