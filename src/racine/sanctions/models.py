"""Official sanctions lists, their imported versions and their entries.

Each entry is stored as a FollowTheMoney entity (``schema`` + ``properties``, the format
of OpenSanctions) so every list reads the same way, plus the columns screening and
pages query: names with their quality, identifiers, birth years, programmes, listing date.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from racine.sanctions.choices import EntrySchema, IdentifierKind, ListFormat, NameQuality


class SanctionsList(models.Model):
    """An official list (OFAC SDN, UN SC, EU FSF, an FtM dataset), known by its code."""

    code = models.CharField(_("code"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    current_version = models.ForeignKey(
        "ListVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("sanctions list")
        verbose_name_plural = _("sanctions lists")

    def __str__(self) -> str:
        return self.code


class ListVersion(models.Model):
    """One import of a list that changed it: what was added, removed and changed."""

    sanctions_list = models.ForeignKey(
        SanctionsList, verbose_name=_("list"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    source_format = models.CharField(_("format"), max_length=20, choices=ListFormat.choices)
    source_name = models.CharField(_("source file"), max_length=300)
    digest = models.CharField(_("SHA-256 of the source"), max_length=64)
    published = models.DateField(_("published"), null=True, blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entry_count = models.PositiveIntegerField(_("entries"))
    added = models.JSONField(_("added"), default=list)  # [[entity_id, caption], …]
    removed = models.JSONField(_("removed"), default=list)
    changed = models.JSONField(_("changed"), default=list)
    warnings = models.JSONField(_("warnings"), default=list)

    class Meta:
        ordering = ["sanctions_list", "-number"]
        verbose_name = _("list version")
        verbose_name_plural = _("list versions")
        constraints = [
            models.UniqueConstraint(
                fields=["sanctions_list", "number"], name="unique_list_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sanctions_list.code} v{self.number}"


class ListEntry(models.Model):
    """A person, company, organisation, vessel or aircraft on a list, as an FtM entity."""

    sanctions_list = models.ForeignKey(
        SanctionsList, verbose_name=_("list"), on_delete=models.CASCADE, related_name="entries"
    )
    entity_id = models.CharField(_("list identifier"), max_length=120)
    schema = models.CharField(_("kind"), max_length=20, choices=EntrySchema.choices)
    caption = models.CharField(_("name"), max_length=500)
    properties = models.JSONField(_("properties"), default=dict)
    programmes = models.JSONField(_("programmes"), default=list)
    listed_on = models.DateField(_("listed on"), null=True, blank=True)
    birth_years = models.JSONField(_("birth years"), default=list)
    countries = models.JSONField(_("countries"), default=list)
    fingerprint = models.CharField(max_length=64)
    first_version = models.PositiveIntegerField(_("listed since version"))
    last_changed_version = models.PositiveIntegerField(_("last changed in version"))

    class Meta:
        ordering = ["sanctions_list", "caption"]
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")
        constraints = [
            models.UniqueConstraint(
                fields=["sanctions_list", "entity_id"], name="unique_list_entity_id"
            )
        ]

    def __str__(self) -> str:
        return f"{self.caption} ({self.sanctions_list.code} {self.entity_id})"


class EntryName(models.Model):
    """A name or alias of a list entry, with its quality (weak aliases score less)."""

    entry = models.ForeignKey(ListEntry, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(_("name"), max_length=500)
    quality = models.CharField(_("quality"), max_length=10, choices=NameQuality.choices)

    class Meta:
        verbose_name = _("entry name")
        verbose_name_plural = _("entry names")
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name


class EntryIdentifier(models.Model):
    """An identity document or registration number of a list entry (passport, IMO…)."""

    entry = models.ForeignKey(ListEntry, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(_("kind"), max_length=20, choices=IdentifierKind.choices)
    number = models.CharField(_("number"), max_length=200)
    normalised = models.CharField(max_length=200, db_index=True)

    class Meta:
        verbose_name = _("entry identifier")
        verbose_name_plural = _("entry identifiers")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class ScreeningHit(models.Model):
    """A person, company or vessel named in an exchange item, found on a list by re-screening.

    Found once per (named entity, list entry): a later version of the list that still
    matches is no new hit. The item is kept by id, not by a foreign key, so the sanctions
    app stands without the exchange app; who may see a hit is decided by the item's
    visibility (``exchange.services.visible_items``), never stored here.
    """

    list_version = models.ForeignKey(
        ListVersion, verbose_name=_("found in version"), on_delete=models.CASCADE, related_name="+"
    )
    sanctions_list = models.ForeignKey(
        SanctionsList, verbose_name=_("list"), on_delete=models.CASCADE, related_name="+"
    )
    entry = models.ForeignKey(
        ListEntry,
        verbose_name=_("list entry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,  # the hit stays when a later version removes the entry
        related_name="+",
    )
    list_entity_id = models.CharField(_("list identifier"), max_length=120)
    item_id = models.PositiveBigIntegerField(_("item"))
    named_entity_id = models.PositiveBigIntegerField(_("named entity"))
    entity_kind = models.CharField(_("kind"), max_length=20)
    name = models.CharField(_("name screened"), max_length=300)
    matched_name = models.CharField(_("name matched"), max_length=500)
    score = models.FloatField(_("score"))
    explanation = models.JSONField(_("explanation"), default=dict)  # quality, threshold, features
    found_at = models.DateTimeField(_("found"), auto_now_add=True)

    class Meta:
        ordering = ["-found_at", "-id"]
        verbose_name = _("screening hit")
        verbose_name_plural = _("screening hits")
        constraints = [
            models.UniqueConstraint(
                fields=["named_entity_id", "sanctions_list", "list_entity_id"],
                name="unique_hit_per_entity_and_entry",
            )
        ]
        indexes = [models.Index(fields=["item_id"])]

    def __str__(self) -> str:
        return f"{self.name} → {self.matched_name} ({self.sanctions_list_id})"


class Rescreening(models.Model):
    """That the exchange's named entities were screened against a list version (done once)."""

    list_version = models.OneToOneField(
        ListVersion, verbose_name=_("list version"), on_delete=models.CASCADE, related_name="+"
    )
    screened = models.PositiveIntegerField(_("names screened"))
    new_hits = models.PositiveIntegerField(_("new hits"))
    finished_at = models.DateTimeField(_("finished"), auto_now_add=True)

    class Meta:
        verbose_name = _("re-screening")
        verbose_name_plural = _("re-screenings")

    def __str__(self) -> str:
        return f"{self.list_version}: {self.new_hits} new hit(s)"


class HitsSeen(models.Model):
    """Up to which hit an officer has looked at the hits page: later ones are new to them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    last_hit_id = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("hits seen")
        verbose_name_plural = _("hits seen")

    def __str__(self) -> str:
        return f"{self.user_id} ≤ {self.last_hit_id}"
