from django.urls import path

from racine.partners import views

app_name = "partners"

urlpatterns = [
    path("", views.index, name="index"),
    path("pays/", views.country_roles, name="country-roles"),
    path("pays/nouveau/", views.country_role_new, name="country-role-new"),
    path("accords/", views.agreements, name="agreements"),
    path("accords/nouveau/", views.agreement_edit, name="agreement-new"),
    path("accords/<id:pk>/", views.agreement_detail, name="agreement"),
    path("accords/<id:pk>/modifier/", views.agreement_edit, name="agreement-edit"),
    path("accords/<id:pk>/etape/", views.agreement_transition, name="agreement-transition"),
    path("accords/<id:pk>/documents/", views.agreement_document, name="agreement-document"),
    path("documents/<id:pk>/", views.document_download, name="document"),
]
