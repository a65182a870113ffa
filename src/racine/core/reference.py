"""Reference data every installation needs: countries (ISO 3166-1) and roles.

Loading is idempotent: a second run changes nothing and writes no audit entry.
Country names come from pycountry's ISO 3166 translations, so they stay official.
"""

from __future__ import annotations

import gettext
import importlib

import pycountry
from django.apps import apps

from racine.core.models import Country
from racine.core.regions import region_of
from racine.core.services import ensure_roles


def _translator(language: str):
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=language == "en"
    ).gettext


def _localised(translate, country) -> str:
    # Prefer the common name ("Bolivie") to the formal one ("Bolivie, État plurinational de").
    common = getattr(country, "common_name", None)
    if common and translate(common) != common:
        return translate(common)
    return translate(country.name)


def country_rows() -> list[dict[str, str]]:
    """Return one row per ISO 3166-1 country with its names in French, Spanish and English."""
    french, spanish = _translator("fr"), _translator("es")
    rows = []
    for country in pycountry.countries:
        english = getattr(country, "common_name", None) or country.name
        rows.append(
            {
                "iso2": country.alpha_2,
                "iso3": country.alpha_3,
                "numeric": country.numeric,
                "name_fr": _localised(french, country),
                "name_es": _localised(spanish, country),
                "name_en": english,
                "region": region_of(country.alpha_2),
            }
        )
    return rows


def load_countries() -> int:
    """Create or correct every country; return how many rows changed."""
    existing = {c.iso2: c for c in Country.objects.all()}
    changed = 0
    for row in country_rows():
        country = existing.get(row["iso2"])
        if country is None:
            Country.objects.create(**row)
            changed += 1
        elif any(getattr(country, key) != value for key, value in row.items()):
            for key, value in row.items():
                setattr(country, key, value)
            country.save()
            changed += 1
    return changed


def load() -> dict[str, int]:
    """Load all reference data, the core's then each app's; return counts for the CLI."""
    ensure_roles()
    counts = {"countries": load_countries()}
    for module in app_modules("reference"):
        counts.update(module.load())
    return counts


def app_modules(name: str):
    """Yield the ``<app>.<name>`` module of every Racine app that has one, in app order.

    Apps contribute reference and demo data this way, so the core never imports them.
    """
    for config in apps.get_app_configs():
        if not config.name.startswith("racine.") or config.label == "core":
            continue
        try:
            yield importlib.import_module(f"{config.name}.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.{name}":
                raise
