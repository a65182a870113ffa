from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    """The plan: axes, objectives computed from live records, dashboard and briefings."""

    name = "racine.plan"
    label = "plan"
    verbose_name = _("Plan")

    def ready(self) -> None:
        from racine.core import audit
        from racine.plan import models, records_cache

        for model in (
            models.Plan,
            models.Axis,
            models.Objective,
            models.Stage,
            models.Milestone,
            models.Proposal,
        ):
            audit.track(model)
        records_cache.connect()
