"""What entity resolution stores: runs, the records it read, links, analysts' decisions.

Records are the exchange's named entities, kept here by id (like the sanctions app's hits)
so that nothing in this app joins the exchange's tables except through
``racine.exchange.services``. **Links are global and never shown as such**: what a reader
sees (clusters, the review queue, counts) is computed at read time from the links whose
two records both belong to items the reader may see (``intel.services``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from racine.intel.choices import Verdict


class Run(models.Model):
    """One run of ``racine intel resolve``: what it read, compared and linked."""

    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    records = models.PositiveIntegerField(_("records read"), default=0)
    compared = models.PositiveIntegerField(_("new or changed records compared"), default=0)
    removed = models.PositiveIntegerField(_("records gone"), default=0)
    links = models.PositiveIntegerField(_("links written"), default=0)
    # The highest entity id read: the run's watermark (changes are told by fingerprints).
    watermark = models.PositiveBigIntegerField(_("highest record id read"), default=0)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("resolution run")
        verbose_name_plural = _("resolution runs")

    def __str__(self) -> str:
        return f"run #{self.pk}"


class Record(models.Model):
    """A named entity as the last run read it; a changed fingerprint makes it fresh again."""

    entity_id = models.PositiveBigIntegerField(_("named entity"), primary_key=True)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    run = models.ForeignKey(Run, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("resolved record")
        verbose_name_plural = _("resolved records")

    def __str__(self) -> str:
        return f"record #{self.entity_id}"


class Link(models.Model):
    """Two named entities (``left_id`` < ``right_id``) found the same with ``probability``."""

    left_id = models.PositiveBigIntegerField(_("left record"))
    right_id = models.PositiveBigIntegerField(_("right record"), db_index=True)
    probability = models.FloatField(
        _("probability"), validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    reason = models.CharField(_("reason"), max_length=100)
    run = models.ForeignKey(Run, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["left_id", "right_id"]
        verbose_name = _("link")
        verbose_name_plural = _("links")
        constraints = [
            models.UniqueConstraint(fields=["left_id", "right_id"], name="intel_link_pair"),
            models.CheckConstraint(condition=Q(left_id__lt=F("right_id")), name="intel_link_order"),
            models.CheckConstraint(
                condition=Q(probability__gte=0, probability__lte=1),
                name="intel_link_probability",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.left_id}–{self.right_id}"


class Decision(models.Model):
    """An analyst's current verdict on a pair: one per pair, revised in place.

    Applied at every read, whatever later runs find: a pair judged the same is linked, a
    pair judged different is never in one cluster. Each verdict, the first and every
    revision (an un-merge is a revision to *different*), is kept in :class:`DecisionRevision`.
    """

    left_id = models.PositiveBigIntegerField(_("left record"))
    right_id = models.PositiveBigIntegerField(_("right record"), db_index=True)
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(fields=["left_id", "right_id"], name="intel_decision_pair"),
            models.CheckConstraint(
                condition=Q(left_id__lt=F("right_id")), name="intel_decision_order"
            ),
        ]

    audit_masked_fields = ("reason",)

    def __str__(self) -> str:
        return f"{self.left_id}–{self.right_id}: {self.verdict}"


class DecisionRevision(models.Model):
    """One verdict given on a pair, in order: the history of a :class:`Decision`."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        ordering = ["decision", "number"]
        verbose_name = _("decision revision")
        verbose_name_plural = _("decision revisions")
        constraints = [
            models.UniqueConstraint(fields=["decision", "number"], name="intel_revision_number"),
        ]

    audit_masked_fields = ("reason",)

    def __str__(self) -> str:
        return f"{self.decision} #{self.number}"
