from django.urls import path

from racine.exchange import views

app_name = "exchange"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("nouveau/<str:kind>/", views.compose_item, name="compose"),
    path("<int:pk>/", views.item_detail, name="item"),
    path("<int:pk>/reponses/", views.answer, name="answer"),
    path("<int:pk>/diffusions/", views.dissemination_request, name="dissemination-request"),
    path("diffusions/<int:pk>/decision/", views.dissemination_decision, name="decision"),
]
