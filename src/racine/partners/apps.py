from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    """Partner countries, partner agencies and cooperation agreements."""

    name = "racine.partners"
    label = "partners"
    verbose_name = _("Partners")

    def ready(self) -> None:
        from racine.core import audit
        from racine.partners import models

        for model in (
            models.CountryRole,
            models.Agreement,
            models.AgreementEvent,
            models.SharingProvision,
            models.AgreementDocument,
        ):
            audit.track(model)
