from django.urls import path

from racine.exchange import ingest_views, views

app_name = "exchange"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("nouveau/<str:kind>/", views.compose_item, name="compose"),
    path("importer/", ingest_views.import_reports, name="import"),
    path(
        "importer/modele.<str:file_format>",
        ingest_views.import_template,
        name="import-template",
    ),
    path("<id:pk>/", views.item_detail, name="item"),
    path("<id:pk>/reponses/", views.answer, name="answer"),
    path("<id:pk>/diffusions/", views.dissemination_request, name="dissemination-request"),
    path("diffusions/<id:pk>/decision/", views.dissemination_decision, name="decision"),
]
