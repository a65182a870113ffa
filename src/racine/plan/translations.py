"""The plan's reference texts in Spanish and English.

The plan, its axes, objectives, indicators, sources and stages are data written in French
(``plan/reference.py``), which coordinators may edit. A text still as the reference wrote it
reads in the reader's language; an edited one reads as edited (no stale translation).
"""

from __future__ import annotations

from django.utils.translation import get_language

from racine.plan import reference as fr

TRANSLATIONS: dict[str, dict[str, str]] = {
    "Plan international contre le narcotrafic — « éradiquer le mal à la racine »": {
        "es": "Plan internacional contra el narcotráfico: «erradicar el mal de raíz»",
        "en": "International plan against drug trafficking: “rooting out the evil”",
    },
    fr.ANNOUNCEMENT: {
        "es": "MEAE, presentación del plan internacional contra el narcotráfico, noviembre de 2025",
        "en": "French Ministry for Europe and Foreign Affairs, presentation of the "
        "international plan against drug trafficking, November 2025",
    },
    f"{fr.ANNOUNCEMENT} ; {fr.INTERVIEW}": {
        "es": "MEAE, presentación del plan internacional contra el narcotráfico, noviembre "
        "de 2025; entrevista del ministro de Europa y Asuntos Exteriores, 8 de noviembre de 2025",
        "en": "French Ministry for Europe and Foreign Affairs, presentation of the "
        "international plan against drug trafficking, November 2025; interview of the "
        "Minister for Europe and Foreign Affairs, 8 November 2025",
    },
    # Axes
    "Accords de coopération sécuritaire avec les pays de production, de transit et de rebond": {
        "es": "Acuerdos de cooperación en seguridad con los países de producción, tránsito y "
        "rebote",
        "en": "Security-cooperation agreements with production, transit and rebound countries",
    },
    "Renforcement des effectifs spécialisés et des moyens dans les pays concernés": {
        "es": "Refuerzo del personal especializado y de los medios en los países afectados",
        "en": "More specialised staff and means in the countries concerned",
    },
    "Réorientation de l'aide au développement vers la lutte contre le narcotrafic": {
        "es": "Reorientación de la ayuda al desarrollo hacia la lucha contra el narcotráfico",
        "en": "Development aid reoriented to the fight against drug trafficking",
    },
    "Sanctions internationales contre les criminels": {
        "es": "Sanciones internacionales contra los criminales",
        "en": "International sanctions against criminals",
    },
    # Objectives and their indicators
    "12 nouveaux accords de coopération avec les pays de la région": {
        "es": "12 nuevos acuerdos de cooperación con los países de la región",
        "en": "12 new cooperation agreements with the countries of the region",
    },
    "Accords signés avec l'Amérique latine et les Caraïbes depuis le lancement du plan": {
        "es": "Acuerdos firmados con América Latina y el Caribe desde el lanzamiento del plan",
        "en": "Agreements signed with Latin America and the Caribbean since the plan's launch",
    },
    "Une académie régionale de lutte contre la criminalité organisée": {
        "es": "Una academia regional de lucha contra la delincuencia organizada",
        "en": "A regional academy against organised crime",
    },
    "Étape atteinte par l'académie": {
        "es": "Etapa alcanzada por la academia",
        "en": "Stage reached by the academy",
    },
    "+20 % d'effectifs spécialisés dans les ambassades": {
        "es": "+20% de personal especializado en las embajadas",
        "en": "+20% specialised staff in embassies",
    },
    "Hausse des équivalents temps plein des postes spécialisés depuis le lancement du plan": {
        "es": "Aumento de los equivalentes a tiempo completo de los puestos especializados desde "
        "el lanzamiento del plan",
        "en": "Growth of the full-time equivalents of specialised posts since the plan's launch",
    },
    "Tripler les moyens d'intervention des ambassades": {
        "es": "Triplicar los medios de intervención de las embajadas",
        "en": "Triple the embassies' means of intervention",
    },
    "Moyens engagés dans l'année, en multiple de ceux de 2025": {
        "es": "Medios comprometidos en el año, como múltiplo de los de 2025",
        "en": "Means committed in the year, as a multiple of those of 2025",
    },
    "Doubler les crédits d'aide au développement consacrés à la lutte contre le narcotrafic": {
        "es": "Duplicar los créditos de ayuda al desarrollo dedicados a la lucha contra el "
        "narcotráfico",
        "en": "Double the development-aid credits devoted to the fight against drug trafficking",
    },
    "Engagements d'aide française (part « lutte contre les stupéfiants », CAD 16063) sur "
    "12 mois, en multiple des 12 mois précédant le plan": {
        "es": "Compromisos de ayuda francesa (parte «control de estupefacientes», CAD 16063) en "
        "12 meses, como múltiplo de los 12 meses anteriores al plan",
        "en": "French aid commitments (“narcotics control” part, DAC 16063) over 12 months, as "
        "a multiple of the 12 months before the plan",
    },
    "Un régime de sanctions européen contre la criminalité organisée": {
        "es": "Un régimen europeo de sanciones contra la delincuencia organizada",
        "en": "A European sanctions regime against organised crime",
    },
    "Étape de la négociation à Bruxelles, proposée avec ses preuves et validée par la "
    "coordination": {
        "es": "Etapa de la negociación en Bruselas, propuesta con sus pruebas y validada por la "
        "coordinación",
        "en": "Stage of the negotiation in Brussels, proposed with its evidence and validated by "
        "the coordination",
    },
    fr.REGIME_INDICATOR: {
        "es": "Etapa alcanzada por el régimen europeo, registrada con sus pruebas",
        "en": "Stage reached by the European regime, recorded with its evidence",
    },
    # Stages
    "Création décidée": {"es": "Creación decidida", "en": "Creation decided"},
    "Site choisi": {"es": "Sede elegida", "en": "Site chosen"},
    "Académie ouverte": {"es": "Academia abierta", "en": "Academy opened"},
    "Proposition française présentée aux partenaires européens": {
        "es": "Propuesta francesa presentada a los socios europeos",
        "en": "French proposal presented to the European partners",
    },
    "Examen par le groupe de travail du Conseil (RELEX)": {
        "es": "Examen por el grupo de trabajo del Consejo (RELEX)",
        "en": "Examination by the Council working party (RELEX)",
    },
    "Accord politique au Conseil": {
        "es": "Acuerdo político en el Consejo",
        "en": "Political agreement in the Council",
    },
    "Régime adopté par le Conseil de l'Union européenne": {
        "es": "Régimen adoptado por el Consejo de la Unión Europea",
        "en": "Regime adopted by the Council of the European Union",
    },
}


def localized(text: str, language: str | None = None) -> str:
    """Return a reference text of the plan in the reader's language, or as it is stored."""
    language = (language or get_language() or "fr")[:2]
    return TRANSLATIONS.get(text, {}).get(language, text)
