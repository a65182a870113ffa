from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    """Seizure reports, alerts and requests shared between French services and partners."""

    name = "racine.exchange"
    label = "exchange"
    verbose_name = _("Exchange")

    def ready(self) -> None:
        from racine.core import audit
        from racine.exchange import models

        for model in (
            models.Item,
            models.Entity,
            models.Seizure,
            models.SeizedDrug,
            models.Alert,
            models.InformationRequest,
            models.Answer,
            models.Dissemination,
            models.Attachment,
            models.JointOperation,
            models.OperationParticipant,
            models.OperationItem,
            models.Outcome,
            models.LogEntry,
        ):
            audit.track(model)
