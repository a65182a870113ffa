"""Countries' roles in the cocaine chain, and the cooperation agreements with them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from racine.core.choices import HandlingCode
from racine.core.models import Country, Organisation
from racine.partners.choices import (
    AgreementKind,
    AgreementStatus,
    ChainRole,
    DocumentKind,
    InformationCategory,
)


class CountryRole(models.Model):
    """A country's role in the cocaine chain over a period, with the source that says so."""

    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="chain_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=ChainRole.choices)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["country__name_fr", "role", "since"]
        verbose_name = _("country role")
        verbose_name_plural = _("country roles")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "role", "since"], name="unique_country_role_since"
            )
        ]

    def __str__(self) -> str:
        return f"{self.country} — {self.get_role_display()}"


class Agreement(models.Model):
    """A cooperation agreement between France and partner countries or agencies."""

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AgreementStatus.choices,
        default=AgreementStatus.DRAFT,
        editable=False,  # changes only through a recorded transition
    )
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("lead French organisation"),
        on_delete=models.PROTECT,
        related_name="led_agreements",
    )
    partner_countries = models.ManyToManyField(
        Country, verbose_name=_("partner countries"), related_name="agreements"
    )
    partner_organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("partner organisations"),
        related_name="agreements",
        blank=True,
    )
    summary = models.TextField(_("summary"), blank=True)
    signed_on = models.DateField(_("signature date"), null=True, blank=True, editable=False)
    in_force_on = models.DateField(_("entry into force"), null=True, blank=True, editable=False)
    counts_for_plan = models.BooleanField(
        _("counts towards the plan"),
        default=True,
        help_text=_("Counted in the plan's objective of new cooperation agreements once signed."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-signed_on", "title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return self.title


class AgreementEvent(models.Model):
    """One dated move of an agreement through its lifecycle."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(
        _("from"), max_length=20, choices=AgreementStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=AgreementStatus.choices)
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["on", "recorded_at"]
        verbose_name = _("agreement event")
        verbose_name_plural = _("agreement events")

    def __str__(self) -> str:
        return f"{self.agreement}: {self.from_status or '—'} → {self.to_status} ({self.on})"


class SharingProvision(models.Model):
    """A category of information the agreement lets parties share, under one handling code."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="sharing_provisions"
    )
    category = models.CharField(_("category"), max_length=20, choices=InformationCategory.choices)
    handling_code = models.CharField(
        _("handling code"), max_length=20, choices=HandlingCode.choices
    )

    class Meta:
        ordering = ["category", "handling_code"]
        verbose_name = _("sharing provision")
        verbose_name_plural = _("sharing provisions")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "category", "handling_code"], name="unique_provision"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} / {self.get_handling_code_display()}"


def document_path(document: AgreementDocument, filename: str) -> str:
    # The stored name is ours, not the uploader's: no path tricks, no clashes.
    return f"agreements/{document.agreement_id}/{timezone.now():%Y%m%d%H%M%S}-{document.kind}"


class AgreementDocument(models.Model):
    """A file attached to an agreement (its text, an annex, minutes)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("type"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=document_path)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")

    def __str__(self) -> str:
        return self.name
