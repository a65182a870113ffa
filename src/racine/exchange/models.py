"""Exchanged items (seizure reports, alerts, requests), what they name, and their sharing.

Who sees an item is never decided here: every read goes through
:func:`racine.exchange.services.visible_items`, the one filter of the sharing policy.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.sql.where import AND, OR, WhereNode
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from racine.core.choices import HandlingCode
from racine.core.models import Country, Organisation
from racine.exchange.choices import (
    Conveyance,
    DisseminationStatus,
    Distribution,
    Drug,
    EntityKind,
    HandlingCondition,
    InformationAccuracy,
    ItemKind,
    QuantityUnit,
    RequestStatus,
    SourceReliability,
)


class CompiledSlice(WhereNode):
    """A resolved slice of the sharing policy, shared by queries, that writes its SQL once.

    The policy's filter is the same for every request of a reader while the facts it is
    built from stay the same (:func:`racine.exchange.services.visible_items` keeps it),
    and having Django resolve and compile it for every query cost more than the
    database's own work on an inbox. So the node is never changed in place: a query's
    copy shares it, and where Django renames tables (a subquery, a combination) it takes
    a renamed plain copy (:meth:`relabeled_clone`), which compiles afresh.
    """

    @classmethod
    def of(cls, query) -> CompiledSlice:
        """Keep the WHERE clause of ``query``, resolved, and the alias prefixes of its subqueries.

        A query the slice is moved into must know those prefixes: when Django then
        renames its tables for a subquery (``bump_prefix``), it would otherwise pick the
        prefix the slice's own subqueries use (``U``), and a correlated reference to the
        item would be renamed into the subquery's table — the filter would no longer
        test the item at hand.
        """
        compiled = cls.create([query.where], AND)
        compiled.sql = {}
        compiled.subq_aliases = query.subq_aliases
        return compiled

    def as_sql(self, compiler, connection):
        if connection.alias not in self.sql:
            self.sql[connection.alias] = super().as_sql(compiler, connection)
        return self.sql[connection.alias]

    def clone(self):
        return self  # never changed in place, so a copy may share it

    def relabeled_clone(self, change_map):
        copy = WhereNode.create(connector=self.connector, negated=self.negated)
        copy.children = [c.clone() if hasattr(c, "clone") else c for c in self.children]
        copy.relabel_aliases(change_map)
        return copy

    @property
    def relabel_aliases(self):
        # Absent, so that a parent node replaces this one by relabeled_clone() instead.
        raise AttributeError("relabel_aliases")


class ItemQuerySet(models.QuerySet):
    """Items; when filtered by a union of disjoint slices, counted slice by slice.

    A filter that ORs conditions on different columns (the sharing policy's) leaves the
    databases no index range to read: SQLite and PostgreSQL test it against every item,
    which at a million items takes a quarter of a second per count. Each slice alone is
    one range of an index, so the sum of one count per slice reads only those ranges.
    Rows are still fetched with the one OR filter (the first page walks the date index).
    """

    _parts: tuple = ()  # the slices, each compiled once
    _union = None  # their union's node in the WHERE clause, to find it in later copies
    _union_at = -1  # its position among the clause's terms

    def resolve_slices(self, slices) -> tuple[CompiledSlice, ...]:
        """Return ``slices`` (Q objects on this table) resolved, to pass to :meth:`union_of`."""
        return tuple(CompiledSlice.of(self.model.objects.filter(s).query) for s in slices)

    def union_of(self, parts: tuple[CompiledSlice, ...]) -> ItemQuerySet:
        """Return the items in any of ``parts`` (from :meth:`resolve_slices`): filters on
        this table's own columns (and subqueries) that no item satisfies two of."""
        chosen = self._chain()
        for part in parts:  # see CompiledSlice.of
            chosen.query.subq_aliases = chosen.query.subq_aliases | part.subq_aliases
        where = chosen.query.where
        if len(parts) == 1 or where.connector != AND or where.negated:
            where.add(WhereNode(list(parts), OR), AND)
            return chosen
        chosen._parts, chosen._union_at = parts, len(where.children)
        chosen._union = WhereNode(list(parts), OR)
        where.children.append(chosen._union)
        return chosen

    def _clone(self):
        clone = super()._clone()
        clone._parts, clone._union, clone._union_at = self._parts, self._union, self._union_at
        return clone

    def count(self) -> int:
        """Return the number of items, summing the slices' counts when there are slices.

        The union is replaced, in a copy of this query with every other filter kept,
        by each slice in turn. Only rows add up so: a query that counts groups or
        distinct values (which two slices may share), or is sliced, already fetched, or
        where the union is no longer found as it was put, is counted whole — slower,
        the same number.
        """
        where, query = self.query.where, self.query
        if (
            not self._parts
            or self._result_cache is not None
            or query.is_sliced
            or query.distinct
            or query.group_by is not None
            or query.combinator
            or where.connector != AND
            or where.negated
            or len(where.children) <= self._union_at
            or where.children[self._union_at] != self._union
        ):
            return super().count()
        total = 0
        for part in self._parts:
            one = self._chain()
            one._parts = ()
            one.query.where.children[self._union_at] = part
            total += one.count()
        return total


class Item(models.Model):
    """A seizure report, an alert or a request for information, shared under the policy."""

    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    originator = models.ForeignKey(
        Organisation,
        verbose_name=_("originator"),
        on_delete=models.PROTECT,
        related_name="originated_items",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="authored_items",
    )
    # The agreement category the kind falls under (partners' InformationCategory value),
    # stored so that the policy's filter compares it with provisions in the database.
    category = models.CharField(_("category"), max_length=20, editable=False)
    personal_data = models.BooleanField(
        _("personal data"),
        default=False,
        editable=False,
        help_text=_("Set by Racine when the item names people, addresses or phones."),
    )
    handling = models.CharField(_("handling code"), max_length=20, choices=HandlingCode.choices)
    distribution = models.CharField(_("distribution"), max_length=20, choices=Distribution.choices)
    organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("listed organisations"),
        related_name="listed_items",
        blank=True,
    )
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("named recipients"),
        related_name="named_items",
        blank=True,
    )
    agreement = models.ForeignKey(
        "partners.Agreement",
        verbose_name=_("legal basis"),
        on_delete=models.PROTECT,
        related_name="exchanged_items",
        null=True,
        blank=True,
    )
    source_reliability = models.CharField(
        _("source evaluation"),
        max_length=1,
        choices=SourceReliability.choices,
        default=SourceReliability.X,
    )
    information_accuracy = models.CharField(
        _("information evaluation"),
        max_length=1,
        choices=InformationAccuracy.choices,
        default=InformationAccuracy.UNCERTAIN,
    )
    handling_conditions = models.CharField(
        _("handling conditions"), max_length=2, choices=HandlingCondition.choices, blank=True
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("exchanged item")
        verbose_name_plural = _("exchanged items")
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="exchange_item_recent"),
            # One index per slice of the sharing policy (services.visibility_slices),
            # led by the column the slice is a range of and holding every column it
            # tests: a count reads each range from its index alone. CLEAR items:
            models.Index(fields=["handling"], name="exchange_item_handling"),
            # the reader's own:
            models.Index(fields=["author", "handling"], name="exchange_item_author_code"),
            # the reader's state's, without the reader's own (an author range):
            models.Index(
                fields=["originator", "author", "handling", "distribution", "agreement", "id"],
                name="exchange_item_originator_slice",
            ),
            # one agreement's (the author before the category, so that no planner
            # prefers one range per covered category and then reads the rows):
            models.Index(
                fields=[
                    "agreement",
                    "originator",
                    "author",
                    "handling",
                    "category",
                    "personal_data",
                    "distribution",
                    "id",
                ],
                name="exchange_item_agreement_slice",
            ),
        ]

    # The audit log records that content changed, never the content itself: it is read by
    # administrators who may not see the item.
    audit_masked_fields = ("title", "body")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class Entity(models.Model):
    """A person, company, vessel, container, vehicle, address, phone or shipment an item names.

    ``identifier`` holds the checked number of the kind (IMO number, ISO 6346 container
    number, plate, phone in international form, bill of lading); ``country`` the
    nationality, flag or country of registration.
    """

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="entities")
    kind = models.CharField(_("kind"), max_length=20, choices=EntityKind.choices)
    name = models.CharField(_("name"), max_length=300, blank=True)
    identifier = models.CharField(_("identifier"), max_length=60, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, null=True, blank=True
    )

    class Meta:
        ordering = ["item", "kind", "id"]
        verbose_name = _("named entity")
        verbose_name_plural = _("named entities")

    audit_masked_fields = ("name", "identifier", "birth_date", "country")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class Seizure(models.Model):
    """The facts of a seizure report: when, where, how, along which route."""

    item = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="seizure")
    seized_on = models.DateField(_("date of seizure"))
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(
        _("place (UN/LOCODE)"), max_length=5, blank=True, help_text=_("Port or airport code.")
    )
    place_name = models.CharField(_("place"), max_length=200, blank=True)
    conveyance = models.CharField(
        _("conveyance"), max_length=20, choices=Conveyance.choices, blank=True
    )
    concealment = models.CharField(_("concealment"), max_length=300, blank=True)
    origin = models.ForeignKey(
        Country, verbose_name=_("origin"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    transits = models.JSONField(_("transit countries, in order"), default=list, blank=True)
    destination = models.ForeignKey(
        Country,
        verbose_name=_("destination"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("seizure")
        verbose_name_plural = _("seizures")

    audit_masked_fields = ("place_name", "concealment")

    def __str__(self) -> str:
        return f"{self.seized_on} {self.country_id}"


class SeizedDrug(models.Model):
    """One drug of a seizure, as reported and normalised to kilograms or units."""

    seizure = models.ForeignKey(Seizure, on_delete=models.CASCADE, related_name="drugs")
    drug = models.CharField(_("drug"), max_length=30, choices=Drug.choices)
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=5, choices=QuantityUnit.choices)
    normalised_quantity = models.DecimalField(
        _("normalised quantity"), max_digits=16, decimal_places=4
    )
    normalised_unit = models.CharField(_("normalised unit"), max_length=5)

    class Meta:
        ordering = ["seizure", "id"]
        verbose_name = _("seized drug")
        verbose_name_plural = _("seized drugs")

    def __str__(self) -> str:
        return f"{self.get_drug_display()} {self.normalised_quantity} {self.normalised_unit}"


class Alert(models.Model):
    """An alert: what it is about (an entity of the item), why, and until when it holds."""

    item = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="alert")
    subject_kind = models.CharField(_("subject"), max_length=20, choices=EntityKind.choices)
    reason = models.TextField(_("reason"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")

    audit_masked_fields = ("reason",)

    def __str__(self) -> str:
        return f"{self.item} ({self.valid_from} – {self.valid_until})"


class InformationRequest(models.Model):
    """A request for information addressed to one organisation, with a deadline."""

    item = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="request")
    question = models.TextField(_("question"))
    addressed_to = models.ForeignKey(
        Organisation,
        verbose_name=_("addressed to"),
        on_delete=models.PROTECT,
        related_name="information_requests",
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )

    class Meta:
        verbose_name = _("request for information")
        verbose_name_plural = _("requests for information")

    audit_masked_fields = ("question",)

    def __str__(self) -> str:
        return str(self.item)

    def current_status(self, today) -> str:
        """Return the status, ``overdue`` for an open request past its deadline."""
        if self.status == RequestStatus.OPEN and self.deadline < today:
            return RequestStatus.OVERDUE
        return self.status


class Answer(models.Model):
    """One message in the thread of a request for information."""

    request = models.ForeignKey(
        InformationRequest, on_delete=models.CASCADE, related_name="answers"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    audit_masked_fields = ("body",)

    def __str__(self) -> str:
        return f"{self.author} — {self.created_at:%Y-%m-%d %H:%M}"


class Dissemination(models.Model):
    """A recipient's request that the originator pass an item on to another organisation."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="disseminations")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="disseminations",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DisseminationStatus.choices,
        default=DisseminationStatus.REQUESTED,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("dissemination")
        verbose_name_plural = _("disseminations")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "organisation"],
                condition=models.Q(status__in=["requested", "accepted"]),
                name="one_live_dissemination_per_organisation",
            )
        ]
        # The sharing policy's dissemination slice reads an organisation's accepted ones.
        indexes = [
            models.Index(
                fields=["organisation", "status", "item"], name="exchange_dissemination_to"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} → {self.organisation}"


class ReadMark(models.Model):
    """When a user first opened an item (the inbox's unread marks)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="read_marks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "user"], name="unique_read_mark")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.item_id}"


class Attachment(models.Model):
    """A file attached to an item, stored outside the database under a name Racine makes.

    The file lives at ``<RACINE_DATA_DIR>/attachments/<stored_name[:2]>/<stored_name>``, a
    random UUID: nothing the uploader typed or sent (file name, path, content type) is
    ever used. The type is detected from the bytes (``exchange.filetypes``), the shown
    name is ``piece-jointe-<number>.<extension of that type>``. Who may download it is the
    item's business: the sharing policy, through ``services.visible_items``.
    """

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments")
    number = models.PositiveIntegerField(_("number"), editable=False)
    stored_name = models.CharField(max_length=32, unique=True, editable=False)
    content_type = models.CharField(_("content type"), max_length=100, editable=False)
    extension = models.CharField(max_length=5, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"), editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["item", "number"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="unique_attachment_number")
        ]

    audit_masked_fields = ("description",)

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """Return the name shown and given to downloads, made by Racine alone."""
        return f"piece-jointe-{self.number}.{self.extension}"


class NotificationPreference(models.Model):
    """Whether a user receives the exchange's e-mails, and in which language.

    Without a row a user receives them, in French (the platform's language).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exchange_preference"
    )
    email = models.BooleanField(_("e-mail notifications"), default=True)
    language = models.CharField(
        _("language of the e-mails"), max_length=5, choices=settings.LANGUAGES, default="fr"
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.email} {self.language}"


class Notified(models.Model):
    """That a user was told by e-mail that an item is shared with them (told once per item).

    A change of sharing mails only the readers it newly reaches: who was told before,
    or has opened the item, is not told again. A job run twice sends nothing twice.
    """

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "user"], name="unique_notified")]

    def __str__(self) -> str:
        return f"{self.user_id} told of {self.item_id}"


# Joint operations live in their own module; imported here so that Django registers them.
from racine.exchange.operation_models import (  # noqa: E402, F401
    JointOperation,
    LogEntry,
    OperationItem,
    OperationParticipant,
    OperationVisit,
    Outcome,
)
