"""Rules for partner countries, agreements and their lifecycle.

Who sees an agreement is decided by :func:`visible_agreements`, the one query every
read goes through: staff of French State services see every agreement; anyone else
(a partner agency's officer) sees only the agreements their organisation is party to.
Coordinators edit every agreement; embassy officers edit those their embassy leads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from racine.core import services as core_services
from racine.core.choices import HandlingCode, RoleCode
from racine.core.errors import (
    Conflict,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
)
from racine.core.models import Country, Organisation
from racine.core.permissions import has_role, require_role
from racine.core.validation import validate
from racine.partners.choices import (
    TRANSITIONS,
    AgreementKind,
    AgreementStatus,
    ChainRole,
    DocumentKind,
    InformationCategory,
)
from racine.partners.models import (
    Agreement,
    AgreementDocument,
    AgreementEvent,
    CountryRole,
    SharingProvision,
)

# --- partner directory ----------------------------------------------------------------


def directory(user) -> list[tuple[object, list]]:
    """Return (country, organisations) pairs: the French posts and partner agencies per country."""
    organisations = (
        core_services.list_organisations(user)
        .filter(active=True)
        .exclude(kind="ministry")
        .order_by("country__name_fr", "-french_state", "name")
    )
    return [
        (country, list(group)) for country, group in groupby(organisations, lambda o: o.country)
    ]


# --- country roles ----------------------------------------------------------------------


@dataclass
class CountryRoleData:
    country: str
    role: str
    since: dt.date
    source: str
    until: dt.date | None = None


def list_country_roles(user, country: str = "", role: str = "", at: dt.date | None = None):
    """Return countries' roles in the chain, optionally those valid at a date."""
    if not user.is_authenticated:
        raise NotAuthenticated(_("Authentication is required."))
    roles = CountryRole.objects.select_related("country")
    if country:
        roles = roles.filter(country_id=country.upper())
    if role:
        roles = roles.filter(role=role)
    if at:
        roles = roles.filter(since__lte=at).filter(Q(until__isnull=True) | Q(until__gte=at))
    return roles


def save_country_role(user, data: CountryRoleData, pk: int | None = None) -> CountryRole:
    """Create or change a country's role (plan coordinators)."""
    require_role(user, RoleCode.PLAN_COORDINATOR)
    if data.role not in ChainRole.values:
        raise InvalidInput(_("Unknown role: %(role)s.") % {"role": data.role}, field="role")
    if not data.source.strip():
        raise InvalidInput(_("Say where this role comes from."), field="source")
    if data.until and data.until < data.since:
        raise InvalidInput(_("The end date is before the start date."), field="until")
    country = Country.objects.filter(pk=data.country.upper()).first()
    if country is None:
        raise InvalidInput(
            _("Unknown country code: %(code)s.") % {"code": data.country}, field="country"
        )
    record = CountryRole() if pk is None else list_country_roles(user).filter(pk=pk).first()
    if record is None:
        raise NotFound(_("No country role with id %(id)s.") % {"id": pk})
    same = CountryRole.objects.filter(country=country, role=data.role, since=data.since)
    if same.exclude(pk=record.pk).exists():
        raise Conflict(
            _("This role is already recorded for this country from that date."), field="since"
        )
    record.country, record.role, record.since = country, data.role, data.since
    record.until, record.source = data.until, data.source.strip()
    validate(record)
    record.save()
    return record


# --- agreements: who sees and edits -------------------------------------------------------


def visible_agreements(user) -> QuerySet[Agreement]:
    """Return the agreements ``user`` may see: the one sharing rule for agreements."""
    if user is None or not user.is_authenticated:
        raise NotAuthenticated(_("Authentication is required."))
    agreements = Agreement.objects.select_related("lead_organisation").prefetch_related(
        "partner_countries", "partner_organisations"
    )
    organisation = user.organisation
    if organisation is not None and organisation.french_state:
        return agreements
    if organisation is None:
        return agreements.none()
    return agreements.filter(partner_organisations=organisation).distinct()


def list_agreements(
    user, status: str = "", kind: str = "", country: str = ""
) -> QuerySet[Agreement]:
    """Return the agreements ``user`` may see, optionally of one status, kind or partner country."""
    agreements = visible_agreements(user)
    if status:
        agreements = agreements.filter(status=status)
    if kind:
        agreements = agreements.filter(kind=kind)
    if country:
        agreements = agreements.filter(partner_countries=country.upper())
    return agreements


def get_agreement(user, pk: int) -> Agreement:
    """Return one agreement the user may see, or raise :class:`NotFound`."""
    agreement = visible_agreements(user).filter(pk=pk).first()
    if agreement is None:
        raise NotFound(_("No agreement with id %(id)s.") % {"id": pk})
    return agreement


def can_edit(user, agreement: Agreement | None) -> bool:
    """Coordinators edit every agreement; embassy officers those their organisation leads."""
    if has_role(user, RoleCode.PLAN_COORDINATOR):
        return True
    if not has_role(user, RoleCode.EMBASSY_OFFICER) or user.organisation_id is None:
        return False
    return agreement is None or agreement.lead_organisation_id == user.organisation_id


def require_edit(user, agreement: Agreement | None) -> None:
    """Raise unless ``user`` may edit ``agreement`` (or record a new one, when None)."""
    require_role(user, RoleCode.PLAN_COORDINATOR, RoleCode.EMBASSY_OFFICER)
    if not can_edit(user, agreement):
        raise PermissionDenied(_("Only the coordinators and the lead embassy edit this agreement."))


# --- agreements: content ------------------------------------------------------------------


@dataclass
class AgreementData:
    """The editable content of an agreement (its status moves through :func:`transition`)."""

    title: str
    kind: str
    lead_organisation: int
    partner_countries: list[str]
    partner_organisations: list[int] = field(default_factory=list)
    summary: str = ""
    counts_for_plan: bool = True
    sharing: list[tuple[str, str]] = field(default_factory=list)  # (category, handling code)


def _apply(user, agreement: Agreement, data: AgreementData) -> Agreement:
    if not data.title.strip():
        raise InvalidInput(_("A title is required."), field="title")
    if data.kind not in AgreementKind.values:
        raise InvalidInput(
            _("Unknown agreement kind: %(kind)s.") % {"kind": data.kind}, field="kind"
        )
    lead = Organisation.objects.filter(pk=data.lead_organisation, french_state=True).first()
    if lead is None:
        raise InvalidInput(
            _("The lead organisation must be a French State service."), field="lead_organisation"
        )
    if not has_role(user, RoleCode.PLAN_COORDINATOR) and lead.pk != user.organisation_id:
        raise InvalidInput(
            _("An embassy officer records the agreements of their own embassy."),
            field="lead_organisation",
        )
    codes = {code.upper() for code in data.partner_countries}
    countries = list(Country.objects.filter(pk__in=codes))
    if not codes or len(countries) != len(codes):
        raise InvalidInput(
            _("Name at least one partner country, by its ISO code."), field="partner_countries"
        )
    organisations = list(
        Organisation.objects.filter(pk__in=data.partner_organisations, french_state=False)
    )
    if len(organisations) != len(set(data.partner_organisations)):
        raise InvalidInput(_("Unknown partner organisation."), field="partner_organisations")
    levels = _sharing_levels(data.sharing)
    agreement.title, agreement.kind, agreement.lead_organisation = (
        data.title.strip(),
        data.kind,
        lead,
    )
    agreement.summary, agreement.counts_for_plan = data.summary.strip(), data.counts_for_plan
    validate(agreement)
    agreement.save()
    agreement.partner_countries.set(countries)
    agreement.partner_organisations.set(organisations)
    current = {p.category: p for p in agreement.sharing_provisions.all()}
    for category in current.keys() - levels.keys():
        current[category].delete()
    for category, code in levels.items():
        provision = current.get(category) or SharingProvision(
            agreement=agreement, category=category
        )
        if provision.pk is None or provision.handling_code != code:
            provision.handling_code = code
            provision.save()
    return agreement


def _sharing_levels(sharing: list[tuple[str, str]]) -> dict[str, str]:
    """Return the one handling code of each category; refuse unknown or contradictory ones."""
    levels: dict[str, str] = {}
    for category, code in sharing:
        if category not in InformationCategory.values or code not in HandlingCode.values:
            raise InvalidInput(
                _("Unknown sharing provision: %(category)s / %(code)s.")
                % {"category": category, "code": code},
                field="sharing",
            )
        if levels.get(category, code) != code:
            raise InvalidInput(
                _(
                    "Choose one level for “%(category)s”: a level already covers every "
                    "stricter handling code."
                )
                % {"category": InformationCategory(category).label},
                field="sharing",
            )
        levels[category] = code
    return levels


# From the least to the most restrictive (Traffic Light Protocol 2.0).
HANDLING_ORDER = (
    HandlingCode.CLEAR,
    HandlingCode.GREEN,
    HandlingCode.AMBER,
    HandlingCode.AMBER_STRICT,
    HandlingCode.RED,
)


def provisions_cover(agreement: Agreement, category: str, handling_code: str) -> bool:
    """Return whether ``agreement`` lets ``category`` be shared under ``handling_code``.

    The one rule of the sharing levels: a provision at code X covers X and every
    stricter code (CLEAR < GREEN < AMBER < AMBER+STRICT < RED), so an agreement allowing
    alerts at AMBER carries AMBER, AMBER+STRICT and RED alerts, never GREEN nor CLEAR
    ones. Unknown categories or codes are covered by nothing.
    """
    if handling_code not in HANDLING_ORDER:
        return False
    wanted = HANDLING_ORDER.index(handling_code)
    return any(
        provision.category == category
        and provision.handling_code in HANDLING_ORDER
        and HANDLING_ORDER.index(provision.handling_code) <= wanted
        for provision in agreement.sharing_provisions.all()
    )


def create_agreement(user, data: AgreementData, created_on: dt.date | None = None) -> Agreement:
    """Record a new agreement as a draft (coordinators, or embassy officers for their embassy)."""
    require_edit(user, None)
    agreement = _apply(user, Agreement(), data)
    event = AgreementEvent(
        agreement=agreement,
        from_status="",
        to_status=AgreementStatus.DRAFT,
        on=created_on or timezone.localdate(),
        recorded_by=user,
    )
    validate(event)
    event.save()
    return agreement


def update_agreement(user, pk: int, data: AgreementData) -> Agreement:
    """Change an agreement's content."""
    agreement = get_agreement(user, pk)
    require_edit(user, agreement)
    return _apply(user, agreement, data)


def allowed_transitions(agreement: Agreement) -> tuple[str, ...]:
    """Return the statuses an agreement may move to next."""
    return TRANSITIONS[agreement.status]


def transition(user, pk: int, to_status: str, on: dt.date, note: str = "") -> Agreement:
    """Move an agreement to ``to_status`` on date ``on``; refuse moves the lifecycle forbids."""
    agreement = get_agreement(user, pk)
    require_edit(user, agreement)
    if to_status not in AgreementStatus.values:
        raise InvalidInput(
            _("Unknown status: %(status)s.") % {"status": to_status}, field="to_status"
        )
    if to_status not in allowed_transitions(agreement):
        raise Conflict(
            _("An agreement cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": AgreementStatus(agreement.status).label,
                "to": AgreementStatus(to_status).label
                if to_status in AgreementStatus.values
                else to_status,
            },
            field="status",
        )
    if on > timezone.localdate():
        raise InvalidInput(_("A transition cannot be dated in the future."), field="on")
    last = agreement.events.order_by("-on", "-recorded_at").first()
    if last is not None and on < last.on:
        raise InvalidInput(
            _("The date is before the agreement's previous step (%(date)s).")
            % {"date": last.on.isoformat()},
            field="on",
        )
    event = AgreementEvent(
        agreement=agreement,
        from_status=agreement.status,
        to_status=to_status,
        on=on,
        note=note.strip(),
        recorded_by=user,
    )
    validate(event)
    event.save()
    agreement.status = to_status
    if to_status == AgreementStatus.SIGNED:
        agreement.signed_on = on
    elif to_status == AgreementStatus.IN_FORCE and agreement.in_force_on is None:
        agreement.in_force_on = on
    agreement.save()
    return agreement


# --- documents ------------------------------------------------------------------------------

# Office and PDF documents only: what ministries exchange, and nothing executable.
ALLOWED_DOCUMENTS = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".odt": ("application/vnd.oasis.opendocument.text", b"PK\x03\x04"),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04",
    ),
}


def attach_document(user, pk: int, kind: str, upload) -> AgreementDocument:
    """Attach a PDF, ODT or DOCX file of at most RACINE_MAX_UPLOAD_MB to an agreement."""
    agreement = get_agreement(user, pk)
    require_edit(user, agreement)
    if kind not in DocumentKind.values:
        raise InvalidInput(_("Unknown document type."), field="kind")
    name = upload.name.rsplit("/", 1)[-1][:200]
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if extension not in ALLOWED_DOCUMENTS:
        raise InvalidInput(_("Only PDF, ODT and DOCX files are accepted."), field="file")
    limit = settings.RACINE_MAX_UPLOAD_MB * 1024 * 1024
    if upload.size > limit:
        raise InvalidInput(
            _("The file is larger than %(mb)s MB.") % {"mb": settings.RACINE_MAX_UPLOAD_MB},
            field="file",
        )
    content_type, magic = ALLOWED_DOCUMENTS[extension]
    head = upload.read(len(magic))
    upload.seek(0)
    if head != magic:
        raise InvalidInput(_("The file's content does not match its type."), field="file")
    return AgreementDocument.objects.create(
        agreement=agreement,
        kind=kind,
        file=upload,
        name=name,
        content_type=content_type,
        size=upload.size,
        uploaded_by=user,
    )


def get_document(user, pk: int) -> AgreementDocument:
    """Return a document of an agreement the user may see."""
    document = AgreementDocument.objects.filter(
        pk=pk, agreement__in=visible_agreements(user)
    ).first()
    if document is None:
        raise NotFound(_("No document with id %(id)s.") % {"id": pk})
    return document


# --- what the plan counts -------------------------------------------------------------------


def concluded_agreements(since: dt.date, at: dt.date, region: str = "") -> QuerySet[Agreement]:
    """Return agreements counted by the plan: signed between ``since`` and ``at``.

    For the plan's indicators, which speak for the whole ministry: not filtered by user.
    An agreement later suspended or expired still counts (it was concluded); a
    terminated one counts only if it had been signed before ``at``.
    """
    agreements = Agreement.objects.filter(
        counts_for_plan=True, signed_on__gte=since, signed_on__lte=at
    )
    if region:
        agreements = agreements.filter(partner_countries__region=region).distinct()
    return agreements


def status_at(agreement: Agreement, at: dt.date) -> str:
    """Return the status an agreement had on a date, from its recorded events."""
    status = ""
    for event in agreement.events.all():
        if event.on <= at:
            status = event.to_status
    return status
