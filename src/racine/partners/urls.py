from django.urls import path

from racine.partners import views

app_name = "partners"

urlpatterns = [
    path("", views.index, name="index"),
    path("pays/", views.country_roles, name="country-roles"),
    path("pays/nouveau/", views.country_role_new, name="country-role-new"),
    path("accords/", views.agreements, name="agreements"),
    path("accords/nouveau/", views.agreement_edit, name="agreement-new"),
    path("accords/<int:pk>/", views.agreement_detail, name="agreement"),
    path("accords/<int:pk>/modifier/", views.agreement_edit, name="agreement-edit"),
    path("accords/<int:pk>/etape/", views.agreement_transition, name="agreement-transition"),
    path("accords/<int:pk>/documents/", views.agreement_document, name="agreement-document"),
    path("documents/<int:pk>/", views.document_download, name="document"),
]
