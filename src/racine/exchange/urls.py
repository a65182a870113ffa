from django.urls import path

from racine.exchange import views

app_name = "exchange"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("nouveau/<str:kind>/", views.compose_item, name="compose"),
    path("<id:pk>/", views.item_detail, name="item"),
    path("<id:pk>/reponses/", views.answer, name="answer"),
    path("<id:pk>/diffusions/", views.dissemination_request, name="dissemination-request"),
    path("diffusions/<id:pk>/decision/", views.dissemination_decision, name="decision"),
]
