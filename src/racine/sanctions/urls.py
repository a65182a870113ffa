from django.urls import path

from racine.sanctions import views

app_name = "sanctions"

urlpatterns = [
    path("", views.index, name="index"),
    path("importer/", views.import_list, name="import"),
    path("listes/<str:code>/", views.list_detail, name="list"),
    path("listes/<str:code>/versions/<int:number>/", views.version_detail, name="version"),
    path("entrees/", views.entries, name="entries"),
    path("entrees/<int:pk>/", views.entry_detail, name="entry"),
    path("criblage/", views.screen, name="screen"),
    path("criblage/fichier/", views.screen_batch, name="screen-batch"),
    path("correspondances/", views.hits, name="hits"),
]
