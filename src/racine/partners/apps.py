from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    """Partner countries, partner agencies and cooperation agreements."""

    name = "racine.partners"
    label = "partners"
    verbose_name = _("Partners")
