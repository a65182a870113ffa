from django.urls import path

from racine.exchange import ingest_views, operation_views, views

app_name = "exchange"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("notifications/", views.notification_settings, name="notifications"),
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
    path("<id:pk>/pieces-jointes/", views.attachment_upload, name="attachment-upload"),
    path("pieces-jointes/<id:pk>/", views.attachment_download, name="attachment"),
    path("diffusions/<id:pk>/decision/", views.dissemination_decision, name="decision"),
    path("operations/", operation_views.operation_list, name="operations"),
    path("operations/nouvelle/", operation_views.operation_new, name="operation-new"),
    path("operations/<id:pk>/", operation_views.operation_detail, name="operation"),
    path("operations/<id:pk>/modifier/", operation_views.operation_edit, name="operation-edit"),
    path("operations/<id:pk>/journal/", operation_views.operation_log, name="operation-log"),
    path("operations/<id:pk>/liens/", operation_views.operation_link, name="operation-link"),
    path(
        "operations/<id:pk>/resultats/", operation_views.operation_outcome, name="operation-outcome"
    ),
]
