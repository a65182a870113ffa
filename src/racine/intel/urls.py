from django.urls import path

from racine.intel import views

app_name = "intel"

urlpatterns = [
    path("", views.review_queue, name="review"),
    path("paires/<id:left>/<id:right>/decision/", views.decide, name="decide"),
    path("entites/<id:pk>/", views.entity_detail, name="entity"),
    path("entites/<id:pk>/separer/", views.separate, name="separate"),
    path("entites/<id:pk>/reseau/", views.entity_network, name="network"),
    path(
        "entites/<id:pk>/reseau/graphml/",
        views.entity_network_graphml,
        name="network_graphml",
    ),
]
