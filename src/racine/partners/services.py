"""Partner directory: who works with whom, country by country."""

from itertools import groupby

from racine.core import services as core_services


def directory(user) -> list[tuple[object, list]]:
    """Return (country, organisations) pairs: the French posts and partner agencies per country."""
    organisations = (
        core_services.list_organisations(user)
        .filter(active=True)
        .exclude(kind="ministry")
        .order_by("country__name_fr", "-french_state", "name")
    )
    return [
        (country, list(group)) for country, group in groupby(organisations, key=lambda o: o.country)
    ]
