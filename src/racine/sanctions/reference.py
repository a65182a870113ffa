"""Reference data of the sanctions app: the regime Racine prepares designations for.

The plan's objective « un régime de sanctions européen contre la criminalité organisée »
reads this regime's stage. Loading creates it when missing and never changes it after.
"""

from __future__ import annotations

from racine.sanctions import designations

EU_REGIME = "eu-oc"
NAMES = {
    "fr": "Régime de sanctions de l'Union européenne contre la criminalité organisée",
    "es": "Régimen de sanciones de la Unión Europea contra la delincuencia organizada",
    "en": "European Union sanctions regime against organised crime",
}
DESCRIPTION = (
    "Régime proposé par la France dans le plan international contre le narcotrafic de "
    "novembre 2025 : geler les avoirs des criminels et de leurs réseaux, et leur interdire "
    "l'entrée dans l'Union."
)


def load() -> dict[str, int]:
    """Create the European regime against organised crime if it is missing."""
    existed = designations.Regime.objects.filter(code=EU_REGIME).exists()
    designations.ensure_regime(EU_REGIME, NAMES, DESCRIPTION)
    return {"sanctions regimes": 0 if existed else 1}
