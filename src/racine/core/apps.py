from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Organisations, users, roles, audit, countries and the page layout."""

    name = "racine.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from racine.core import audit, signals  # noqa: F401  (connects the login events)
        from racine.core.models import ApiToken, Organisation, User

        audit.track(Organisation)
        audit.track(User, exclude=("last_login",))
        audit.track(ApiToken, exclude=("digest", "last_used_at", "last_used_from"))

        from django.urls import register_converter

        from racine.core.converters import RecordKeyConverter

        register_converter(RecordKeyConverter, "id")  # <id:pk> in the apps' URLs
