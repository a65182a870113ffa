from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntelConfig(AppConfig):
    """Entity resolution over the exchange's named entities, within the sharing policy."""

    name = "racine.intel"
    label = "intel"
    verbose_name = _("Intelligence")

    def ready(self) -> None:
        from racine.core import audit
        from racine.intel import models

        # Runs and links are written by the command in bulk (a run names its counts);
        # analysts' decisions are tracked one by one.
        for model in (models.Run, models.Decision, models.DecisionRevision):
            audit.track(model)
