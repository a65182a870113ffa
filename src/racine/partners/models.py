"""Countries' roles in the cocaine chain, and the cooperation agreements with them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from racine.core.choices import HandlingCode
from racine.core.models import Country, Organisation
from racine.core.validation import ERA_VALIDATORS, not_before, within_era
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
    since = models.DateField(_("since"), validators=ERA_VALIDATORS)
    until = models.DateField(_("until"), null=True, blank=True, validators=ERA_VALIDATORS)
    source = models.CharField(_("source"), max_length=300)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["country__name_fr", "role", "since"]
        verbose_name = _("country role")
        verbose_name_plural = _("country roles")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "role", "since"], name="unique_country_role_since"
            ),
            within_era("since", name="country_role_since_in_era"),
            within_era("until", name="country_role_until_in_era"),
            not_before("until", "since", name="country_role_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.country} — {self.get_role_display()}"

    def clean(self) -> None:
        if self.since and self.until and self.until < self.since:
            raise ValidationError({"until": _("The end date is before the start date.")})


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
    signed_on = models.DateField(
        _("signature date"), null=True, blank=True, editable=False, validators=ERA_VALIDATORS
    )
    in_force_on = models.DateField(
        _("entry into force"), null=True, blank=True, editable=False, validators=ERA_VALIDATORS
    )
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
        constraints = [
            within_era("signed_on", name="agreement_signed_in_era"),
            within_era("in_force_on", name="agreement_in_force_in_era"),
        ]

    def __str__(self) -> str:
        return self.title


class AgreementEvent(models.Model):
    """One dated move of an agreement through its lifecycle."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(
        _("from"), max_length=20, choices=AgreementStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=AgreementStatus.choices)
    on = models.DateField(_("date"), validators=ERA_VALIDATORS)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["on", "recorded_at"]
        verbose_name = _("agreement event")
        verbose_name_plural = _("agreement events")
        constraints = [within_era("on", name="agreement_event_in_era")]

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
            # One level per category: a level already covers every stricter code.
            models.UniqueConstraint(
                fields=["agreement", "category"],
                name="one_level_per_category",
                violation_error_message=_("An agreement sets one level per category."),
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
