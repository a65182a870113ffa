from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    """Specialised staff, means of intervention, development aid (IATI) and the academy."""

    name = "racine.resources"
    label = "resources"
    verbose_name = _("Resources")

    def ready(self) -> None:
        from racine.core import audit
        from racine.resources import models

        for model in (
            models.StaffPost,
            models.BudgetLine,
            models.AidActivity,
            models.Academy,
            models.Course,
            models.CourseSession,
            models.Trainee,
        ):
            audit.track(model)
