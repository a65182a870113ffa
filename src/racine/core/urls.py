from django.contrib.auth import views as auth_views
from django.urls import path

from racine.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("echanges/", views.section, {"name": "exchange"}, name="section-exchange"),
    path("renseignement/", views.section, {"name": "intel"}, name="section-intel"),
    path("compte/jetons/", views.tokens, name="tokens"),
    path("compte/jetons/<int:pk>/revoquer/", views.token_revoke, name="token-revoke"),
    path("administration/", views.admin_home, name="admin-home"),
    path("administration/organisations/", views.organisations, name="organisations"),
    path(
        "administration/organisations/nouvelle/", views.organisation_edit, name="organisation-new"
    ),
    path(
        "administration/organisations/<int:pk>/", views.organisation_edit, name="organisation-edit"
    ),
    path("administration/utilisateurs/", views.users, name="users"),
    path("administration/utilisateurs/nouveau/", views.user_edit, name="user-new"),
    path("administration/utilisateurs/<int:pk>/", views.user_edit, name="user-edit"),
    path("administration/utilisateurs/<int:pk>/debloquer/", views.user_unlock, name="user-unlock"),
    path("administration/journal/", views.audit_log, name="audit"),
]
