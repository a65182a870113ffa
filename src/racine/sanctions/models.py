"""Official sanctions lists, their imported versions and their entries.

Regimes and their designations (below the lists) are Racine's own: adopted designations
are published as the regime's list, a :class:`SanctionsList` like the official ones.

Each entry is stored as a FollowTheMoney entity (``schema`` + ``properties``, the format
of OpenSanctions) so every list reads the same way, plus the columns screening and
pages query: names with their quality, identifiers, birth years, programmes, listing date.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from racine.core.validation import ERA_VALIDATORS, within_era
from racine.sanctions.choices import (
    DesignationEventKind,
    DesignationStatus,
    EntrySchema,
    IdentifierKind,
    ListFormat,
    NameQuality,
    RegimeStage,
    TargetSchema,
)


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


# --- regimes and designations ------------------------------------------------------------


class Regime(models.Model):
    """A sanctions regime Racine prepares designations for (the European regime against
    organised crime); its adopted designations are published as the list ``code``."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=300)
    name_es = models.CharField(_("name (Spanish)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    stage = models.PositiveSmallIntegerField(
        _("stage"), choices=RegimeStage.choices, null=True, blank=True
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("sanctions regime")
        verbose_name_plural = _("sanctions regimes")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """Return the regime's name in the reader's language (French by default)."""
        language = (get_language() or "fr")[:2]
        return getattr(self, f"name_{language}", "") or self.name_fr


class RegimeStageChange(models.Model):
    """A stage a regime reached, on a date, with its evidence: the regime's history."""

    regime = models.ForeignKey(
        Regime, on_delete=models.PROTECT, related_name="stage_changes", verbose_name=_("regime")
    )
    stage = models.PositiveSmallIntegerField(_("stage"), choices=RegimeStage.choices)
    on = models.DateField(_("date"), validators=ERA_VALIDATORS)
    evidence = models.TextField(_("evidence"))
    reference = models.CharField(_("reference"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["regime", "on", "pk"]
        verbose_name = _("stage of a regime")
        verbose_name_plural = _("stages of a regime")
        constraints = [within_era("on", name="regime_stage_in_era")]

    def __str__(self) -> str:
        return f"{self.regime.code} {self.on}: {self.get_stage_display()}"


ADOPTED_STATES = (DesignationStatus.ADOPTED, DesignationStatus.AMENDED, DesignationStatus.DELISTED)


class Designation(models.Model):
    """A person, company, organisation or vessel proposed for a regime's list, with the
    statement of reasons and evidence behind it; listed once adopted."""

    regime = models.ForeignKey(
        Regime, on_delete=models.PROTECT, related_name="designations", verbose_name=_("regime")
    )
    schema = models.CharField(_("kind"), max_length=20, choices=TargetSchema.choices)
    name = models.CharField(_("name"), max_length=300)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    birth_date = models.CharField(
        _("date or year of birth"), max_length=10, blank=True, help_text=_("YYYY or YYYY-MM-DD")
    )
    countries = models.JSONField(_("nationalities or countries"), default=list, blank=True)
    passport_number = models.CharField(_("passport number"), max_length=100, blank=True)
    national_id = models.CharField(_("national identity number"), max_length=100, blank=True)
    tax_number = models.CharField(_("tax number"), max_length=100, blank=True)
    registration_number = models.CharField(_("registration number"), max_length=100, blank=True)
    imo_number = models.CharField(_("IMO number"), max_length=20, blank=True)
    addresses = models.JSONField(_("addresses"), default=list, blank=True)
    statement_of_reasons = models.TextField(_("statement of reasons"))
    evidence = models.TextField(_("evidence"))
    evidence_references = models.JSONField(_("evidence references"), default=list, blank=True)
    proposing_organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("proposing organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Ids of exchange items, resolved through racine.exchange.services for each reader.
    exchange_items = models.JSONField(_("linked exchange items"), default=list, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DesignationStatus.choices,
        default=DesignationStatus.DRAFT,
    )
    legal_act_reference = models.CharField(_("legal act"), max_length=300, blank=True)
    legal_act_date = models.DateField(
        _("date of the legal act"), null=True, blank=True, validators=ERA_VALIDATORS
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["regime", "name", "pk"]
        verbose_name = _("designation")
        verbose_name_plural = _("designations")
        constraints = [
            within_era("legal_act_date", name="designation_act_in_era"),
            # An adopted (then amended or delisted) designation always names its legal act.
            models.CheckConstraint(
                condition=~models.Q(status__in=[str(s) for s in ADOPTED_STATES])
                | (models.Q(legal_act_date__isnull=False) & ~models.Q(legal_act_reference="")),
                name="designation_adopted_has_legal_act",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.regime.code})"

    @property
    def entity_id(self) -> str:
        """Return the designation's identifier on the regime's list (``eu-oc-12``)."""
        return f"{self.regime.code}-{self.pk}"


class DesignationEvent(models.Model):
    """One step of a designation's history: its creation, an edit (each field's before and
    after) or a transition (from, to, comment, legal act)."""

    designation = models.ForeignKey(
        Designation, on_delete=models.PROTECT, related_name="events", verbose_name=_("designation")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DesignationEventKind.choices)
    from_status = models.CharField(
        _("from"), max_length=20, choices=DesignationStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("to"), max_length=20, choices=DesignationStatus.choices, blank=True
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)  # {field: [before, after]}
    comment = models.TextField(_("comment"), blank=True)
    legal_act_reference = models.CharField(_("legal act"), max_length=300, blank=True)
    legal_act_date = models.DateField(
        _("date of the legal act"), null=True, blank=True, validators=ERA_VALIDATORS
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["designation", "at", "pk"]
        verbose_name = _("designation event")
        verbose_name_plural = _("designation events")
        constraints = [within_era("legal_act_date", name="designation_event_act_in_era")]

    def __str__(self) -> str:
        return f"{self.designation_id} {self.kind} {self.at:%Y-%m-%d}"
