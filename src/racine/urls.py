"""Top-level URLs: one include per app, the API, language switching and health."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from racine import api
from racine.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("api/", api.urls()),
    path("partenaires/", include("racine.partners.urls")),
    path("ressources/", include("racine.resources.urls")),
    path("plan/", include("racine.plan.urls")),
    path("echanges/", include("racine.exchange.urls")),  # before core's placeholder section
    path("sanctions/", include("racine.sanctions.urls")),
    path("renseignement/", include("racine.intel.urls")),  # before core's placeholder section
    path("", include("racine.core.urls")),
]

handler404 = "racine.api.not_found"
handler500 = "racine.api.server_error"
