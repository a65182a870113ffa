"""Joint operations: who runs them, when, to what end, what they linked, achieved and logged.

Who sees an operation is never decided here: every read goes through
:func:`racine.exchange.operations.visible_operations`, the one filter of the operations'
sharing policy. The linked items keep their own sharing: an operation shows only those
the reader may see through :func:`racine.exchange.services.visible_items`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from racine.core.choices import HandlingCode
from racine.core.models import Country, Organisation
from racine.core.validation import (
    ERA_VALIDATORS,
    NOT_NEGATIVE,
    largest,
    not_before,
    within_era,
)
from racine.exchange.choices import (
    Drug,
    OperationStatus,
    OutcomeKind,
    QuantityUnit,
)

LARGEST_VALUE = largest(16, 2)


class JointOperation(models.Model):
    """An operation that several organisations run together against a trafficking network.

    The leading organisation edits it and chooses the participants; when they span
    states, ``agreement`` is the legal basis, whose provisions must cover joint
    operations at the operation's handling code.
    """

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    leader = models.ForeignKey(
        Organisation,
        verbose_name=_("leading organisation"),
        on_delete=models.PROTECT,
        related_name="led_operations",
    )
    participants = models.ManyToManyField(
        Organisation,
        verbose_name=_("participating organisations"),
        related_name="joint_operations",
        through="OperationParticipant",
    )
    starts_on = models.DateField(_("start"), validators=ERA_VALIDATORS)
    ends_on = models.DateField(_("end"), validators=ERA_VALIDATORS, null=True, blank=True)
    objectives = models.TextField(_("objectives"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OperationStatus.choices,
        default=OperationStatus.PLANNED,
    )
    handling = models.CharField(_("handling code"), max_length=20, choices=HandlingCode.choices)
    agreement = models.ForeignKey(
        "partners.Agreement",
        verbose_name=_("legal basis"),
        on_delete=models.PROTECT,
        related_name="joint_operations",
        null=True,
        blank=True,
    )
    items = models.ManyToManyField(
        "exchange.Item",
        verbose_name=_("linked items"),
        related_name="joint_operations",
        through="OperationItem",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("joint operation")
        verbose_name_plural = _("joint operations")
        constraints = [
            within_era("starts_on", name="operation_start_in_era"),
            within_era("ends_on", name="operation_end_in_era"),
            not_before("ends_on", "starts_on", name="operation_ends_after_start"),
        ]

    # Administrators read the audit log without taking part: they learn that an
    # operation changed, not what it is after.
    audit_masked_fields = ("name", "objectives")

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end is before the start.")})


class OperationParticipant(models.Model):
    """An organisation taking part in a joint operation (the leader is one of them)."""

    operation = models.ForeignKey(
        JointOperation, on_delete=models.CASCADE, related_name="participations"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="operation_participations"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["operation", "id"]
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["operation", "organisation"], name="one_participation_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.operation_id} ← {self.organisation_id}"


class OperationItem(models.Model):
    """An exchanged item linked to a joint operation, by whom and when.

    The link never widens the item's sharing: only readers who may see the item see it.
    """

    operation = models.ForeignKey(JointOperation, on_delete=models.CASCADE, related_name="links")
    item = models.ForeignKey(
        "exchange.Item", on_delete=models.CASCADE, related_name="operation_links"
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["operation", "-linked_at", "-id"]
        verbose_name = _("linked item")
        verbose_name_plural = _("linked items")
        constraints = [
            models.UniqueConstraint(fields=["operation", "item"], name="one_link_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.operation_id} ↔ {self.item_id}"


class Outcome(models.Model):
    """What an operation achieved: a seizure, arrests or assets, recorded by a participant.

    A seizure gives a drug and a quantity (normalised to kilograms or units as in a
    seizure report) and may link the seizure report it comes from; arrests a number and
    the country; assets a description and a value in euros.
    """

    operation = models.ForeignKey(JointOperation, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("kind"), max_length=10, choices=OutcomeKind.choices)
    on = models.DateField(_("date"), validators=ERA_VALIDATORS)
    item = models.ForeignKey(
        "exchange.Item",
        verbose_name=_("seizure report"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="operation_outcomes",
    )
    drug = models.CharField(_("drug"), max_length=30, choices=Drug.choices, blank=True)
    quantity = models.DecimalField(
        _("quantity"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=5, choices=QuantityUnit.choices, blank=True)
    normalised_quantity = models.DecimalField(
        _("normalised quantity"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    normalised_unit = models.CharField(_("normalised unit"), max_length=5, blank=True)
    arrests = models.PositiveIntegerField(_("people arrested"), null=True, blank=True)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    value_eur = models.DecimalField(
        _("value (EUR)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[NOT_NEGATIVE],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["operation", "on", "id"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = [within_era("on", name="outcome_in_era")]

    audit_masked_fields = ("description",)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class LogEntry(models.Model):
    """One dated entry of an operation's log: who, from which organisation, when, what.

    The log is append-only: an entry is never changed nor removed (the model refuses).
    """

    operation = models.ForeignKey(JointOperation, on_delete=models.CASCADE, related_name="log")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["operation", "created_at", "id"]
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        indexes = [models.Index(fields=["operation", "created_at"], name="operation_log_time")]

    audit_masked_fields = ("text",)

    def __str__(self) -> str:
        return f"{self.operation_id} — {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("An operation's log entries are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("An operation's log entries are never removed.")


class OperationVisit(models.Model):
    """When a user last opened an operation (its unread log entries are those after)."""

    operation = models.ForeignKey(JointOperation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["operation", "user"], name="one_visit_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} saw {self.operation_id}"
