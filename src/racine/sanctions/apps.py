from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SanctionsConfig(AppConfig):
    """Official sanctions lists, their versions, name screening, and the designations
    prepared for a new regime (published as its list)."""

    name = "racine.sanctions"
    label = "sanctions"
    verbose_name = _("Sanctions")

    def ready(self) -> None:
        from racine.core import audit
        from racine.sanctions import models

        # Entries, names and identifiers are not tracked one by one: an import writes tens
        # of thousands of them, and its ListVersion (tracked) records the whole diff.
        for model in (
            models.SanctionsList,
            models.ListVersion,
            models.Regime,
            models.RegimeStageChange,
            models.Designation,
            models.DesignationEvent,
        ):
            audit.track(model)
        from django.apps import apps

        if apps.is_installed("racine.exchange"):
            from racine.exchange import services as exchange
            from racine.sanctions import tasks

            # The names of each item shared are screened after the commit (in the background).
            exchange.after_items_shared(tasks.queue_item_screening)
