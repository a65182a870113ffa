from django.urls import path

from racine.sanctions import designation_views, views

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
    # regimes and their designations
    path("regimes/", designation_views.regimes, name="regimes"),
    path("regimes/<str:code>/", designation_views.regime_detail, name="regime"),
    path("regimes/<str:code>/etape/", designation_views.record_stage, name="regime-stage"),
    path(
        "regimes/<str:code>/export.<str:fmt>",
        designation_views.export_list,
        name="regime-export",
    ),
    path("designations/", designation_views.designation_list, name="designations"),
    path("designations/nouvelle/", designation_views.designation_new, name="designation-new"),
    path("designations/<id:pk>/", designation_views.designation_detail, name="designation"),
    path(
        "designations/<id:pk>/modifier/",
        designation_views.designation_edit,
        name="designation-edit",
    ),
    path(
        "designations/<id:pk>/amender/",
        designation_views.designation_amend,
        name="designation-amend",
    ),
    path(
        "designations/<id:pk>/<str:action>/",
        designation_views.designation_step,
        name="designation-step",
    ),
]
