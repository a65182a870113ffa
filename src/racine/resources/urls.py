from django.urls import path

from racine.resources import views

app_name = "resources"

urlpatterns = [
    path("", views.posts, name="posts"),
    path("postes/nouveau/", views.post_edit, name="post-new"),
    path("postes/<id:pk>/", views.post_edit, name="post-edit"),
    path("moyens/", views.budget, name="budget"),
    path("moyens/nouveau/", views.budget_edit, name="budget-new"),
    path("aide/", views.aid, name="aid"),
    path("aide/import/", views.aid_import, name="aid-import"),
    path("aide/import/<uuid:job_id>/", views.aid_import_job, name="aid-import-job"),
    path("aide/<id:pk>/", views.aid_activity, name="aid-activity"),
    path("academie/", views.academy, name="academy"),
    path("academie/enregistrer/", views.academy_save, name="academy-save"),
    path("academie/cours/", views.course_new, name="course-new"),
    path("academie/sessions/", views.session_new, name="session-new"),
    path("academie/stagiaires/", views.trainee_new, name="trainee-new"),
]
