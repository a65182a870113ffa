from django.urls import path

from racine.plan import views

app_name = "plan"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("carte.svg", views.map_svg, name="map"),
    path("note/", views.briefing, name="briefing"),
    path("note.pdf", views.briefing_pdf, name="briefing-pdf"),
    path("propositions/", views.proposals, name="proposals"),
    path("objectifs/<slug:code>/", views.objective_detail, name="objective"),
    path("objectifs/<slug:code>/modifier/", views.objective_edit, name="objective-edit"),
    path("objectifs/<slug:code>/jalons/", views.milestone_add, name="milestone-add"),
    path(
        "objectifs/<slug:code>/jalons/<id:pk>/supprimer/",
        views.milestone_remove,
        name="milestone-remove",
    ),
    path("objectifs/<slug:code>/propositions/", views.propose, name="propose"),
    path("objectifs/<slug:code>/propositions/<id:pk>/", views.decide, name="decide"),
]
