from django.urls import path

from racine.intel import views

app_name = "intel"

urlpatterns = [
    path("", views.review_queue, name="review"),
    path("paires/<id:left>/<id:right>/decision/", views.decide, name="decide"),
    path("entites/<id:pk>/", views.entity_detail, name="entity"),
    path("entites/<id:pk>/separer/", views.separate, name="separate"),
]
