from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SanctionsConfig(AppConfig):
    """Official sanctions lists, their versions, and name screening against them."""

    name = "racine.sanctions"
    label = "sanctions"
    verbose_name = _("Sanctions")

    def ready(self) -> None:
        from racine.core import audit
        from racine.sanctions import models

        # Entries, names and identifiers are not tracked one by one: an import writes tens
        # of thousands of them, and its ListVersion (tracked) records the whole diff.
        for model in (models.SanctionsList, models.ListVersion):
            audit.track(model)
