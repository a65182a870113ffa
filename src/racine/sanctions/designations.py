"""Rules of the regimes and their designations: drafting, the workflow, the regime's list.

Sanctions officers draft designations and propose them; plan coordinators review, adopt,
amend and delist them, never their own (see :mod:`racine.sanctions.workflow`). Every step
is recorded (:class:`DesignationEvent`: who, when, the comment, the legal act, each changed
field) and, through the audit log, hash-chained. On each adoption, amendment or delisting
the regime's adopted designations are published as the list named by the regime's code:
FollowTheMoney entities read back by the FtM reader and imported by the same service as
official lists (a new :class:`ListVersion` with what was added, removed and changed), so
screening, ``racine screen``, the API and the lists pages see them like any list.

Callers own the transaction; a transition locks the designation's row first, so two
concurrent transitions from one state cannot both succeed.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from racine.core.choices import RoleCode
from racine.core.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from racine.core.models import Country, Organisation
from racine.core.permissions import has_role, require_role
from racine.core.validation import ERA_START, validate
from racine.sanctions import services, workflow
from racine.sanctions.choices import (
    DesignationEventKind,
    DesignationStatus,
    RegimeStage,
    TargetSchema,
)
from racine.sanctions.models import (
    Designation,
    DesignationEvent,
    Regime,
    RegimeStageChange,
    SanctionsList,
)
from racine.sanctions.sources import ftm
from racine.sanctions.sources.common import Listing, digest

OFFICIAL_CODES = ("ofac-sdn", "ofac-cons", "un-sc", "eu-fsf")
MAX_ITEMS = 50

# --- who may do what ----------------------------------------------------------------------


def require_reader(user) -> None:
    """Regimes and designations are read by sanctions officers and plan coordinators."""
    if user is None or not user.is_authenticated:
        raise NotAuthenticated(_("Authentication is required."))
    require_role(user, RoleCode.SANCTIONS_OFFICER, RoleCode.PLAN_COORDINATOR)
    if user.organisation is None or not user.organisation.french_state:
        raise PermissionDenied(_("Designations are reserved to French State services."))


def require_drafter(user) -> None:
    """Designations are drafted and proposed by sanctions officers."""
    require_reader(user)
    require_role(user, RoleCode.SANCTIONS_OFFICER)


def require_reviewer(user) -> None:
    """Designations are reviewed, adopted, amended and delisted by plan coordinators."""
    require_reader(user)
    require_role(user, RoleCode.PLAN_COORDINATOR)


def may_draft(user) -> bool:
    return has_role(user, RoleCode.SANCTIONS_OFFICER)


def may_review(user) -> bool:
    return has_role(user, RoleCode.PLAN_COORDINATOR)


def available_steps(user, designation: Designation) -> list[workflow.Step]:
    """Return the steps ``user`` may take on ``designation`` now (for the page's buttons)."""
    drafter = may_draft(user)
    reviewer = may_review(user) and designation.created_by_id != user.pk
    return [
        step
        for step in workflow.steps_from(designation.status)
        if (step.actor == workflow.DRAFTER and drafter)
        or (step.actor == workflow.REVIEWER and reviewer)
    ]


# --- regimes ------------------------------------------------------------------------------


def list_regimes(user) -> QuerySet[Regime]:
    require_reader(user)
    return Regime.objects.order_by("code")


def get_regime(user, code: str) -> Regime:
    """Return one regime by code, or raise NotFound."""
    regime = list_regimes(user).filter(code=code).first()
    if regime is None:
        raise NotFound(_("No sanctions regime %(code)s.") % {"code": code})
    return regime


def stage_history(user, regime: Regime) -> QuerySet[RegimeStageChange]:
    require_reader(user)
    return regime.stage_changes.select_related("recorded_by").order_by("on", "pk")


@dataclass
class StageData:
    stage: int
    on: dt.date
    evidence: str
    reference: str = ""


def record_stage(user, code: str, data: StageData) -> RegimeStageChange:
    """Record a stage the regime reached, with its evidence (plan coordinators).

    The regime's stage is then that of its latest change by date; the plan's objective
    reads it (``sanctions_regime_stage``).
    """
    require_reviewer(user)
    regime = Regime.objects.select_for_update().filter(code=code).first()
    if regime is None:
        raise NotFound(_("No sanctions regime %(code)s.") % {"code": code})
    if not data.evidence.strip():
        raise InvalidInput(_("Give the evidence for this stage."), field="evidence")
    if data.on > timezone.localdate():
        raise InvalidInput(_("The fact cannot be dated in the future."), field="on")
    change = RegimeStageChange(
        regime=regime,
        stage=data.stage,
        on=data.on,
        evidence=data.evidence.strip(),
        reference=data.reference.strip(),
        recorded_by=user,
    )
    validate(change)
    change.save()
    latest = regime.stage_changes.order_by("-on", "-pk").first()
    regime.stage = latest.stage
    regime.save()
    return change


def ensure_regime(code: str, names: dict[str, str], description: str = "") -> Regime:
    """Create a regime if it is missing (reference data); never overwrite an existing one."""
    check_regime_code(code)
    regime, _created = Regime.objects.get_or_create(
        code=code,
        defaults={
            "name_fr": names["fr"],
            "name_es": names["es"],
            "name_en": names["en"],
            "description": description,
        },
    )
    return regime


def check_regime_code(code: str) -> None:
    """A regime's code names its list: short, lower case, never an official list's code."""
    if not ftm.DATASET.match(code) or ":" in code or code in OFFICIAL_CODES:
        raise InvalidInput(
            _("%(code)s cannot name a regime's list.") % {"code": code}, field="code"
        )
    taken = SanctionsList.objects.filter(code=code).exclude(versions__source_format="designations")
    if taken.exists():
        raise Conflict(_("An imported list already has the code %(code)s.") % {"code": code})


# --- designations -------------------------------------------------------------------------


@dataclass
class DesignationData:
    """What a sanctions officer writes about a target (lists hold one value each)."""

    schema: str
    name: str
    statement_of_reasons: str
    evidence: str
    proposing_organisation: int
    aliases: list[str] = field(default_factory=list)
    birth_date: str = ""
    countries: list[str] = field(default_factory=list)
    passport_number: str = ""
    national_id: str = ""
    tax_number: str = ""
    registration_number: str = ""
    imo_number: str = ""
    addresses: list[str] = field(default_factory=list)
    evidence_references: list[str] = field(default_factory=list)
    exchange_items: list[int] = field(default_factory=list)


EDITABLE = [name for name in DesignationData.__dataclass_fields__ if name != "exchange_items"]


def list_designations(user, regime: Regime | None = None, status: str = "", search: str = ""):
    """Return designations, optionally of one regime, in one state, with a name like ``search``."""
    require_reader(user)
    found = Designation.objects.select_related("regime", "proposing_organisation")
    if regime is not None:
        found = found.filter(regime=regime)
    if status:
        found = found.filter(status=status)
    if search.strip():
        found = found.filter(Q(name__icontains=search.strip()))
    return found.order_by("regime__code", "name", "pk")


def get_designation(user, pk: int) -> Designation:
    """Return one designation, or raise NotFound."""
    found = list_designations(user).select_related("created_by").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No designation with id %(id)s.") % {"id": pk})
    return found


def history(user, designation: Designation) -> QuerySet[DesignationEvent]:
    require_reader(user)
    return designation.events.select_related("by").order_by("at", "pk")


def _clean(user, data: DesignationData) -> DesignationData:
    """Return ``data`` trimmed and checked; raise InvalidInput naming the field."""
    text = {name: getattr(data, name) for name in DesignationData.__dataclass_fields__}
    for name, value in text.items():
        if isinstance(value, str):
            setattr(data, name, value.strip())
        elif isinstance(value, list) and name != "exchange_items":
            setattr(data, name, [str(v).strip() for v in value if str(v).strip()])
    if data.schema not in TargetSchema.values:
        raise InvalidInput(
            _("Choose a person, a company, an organisation or a vessel."), field="schema"
        )
    for name in ("name", "statement_of_reasons", "evidence"):
        if not getattr(data, name):
            raise InvalidInput(_("This field is required."), field=name)
    if data.birth_date and not services._valid_birth_date(data.birth_date):
        raise InvalidInput(_("Give the date of birth as YYYY or YYYY-MM-DD."), field="birth_date")
    data.countries = [c.upper() for c in data.countries]
    unknown = set(data.countries) - set(
        Country.objects.filter(iso2__in=data.countries).values_list("iso2", flat=True)
    )
    if unknown:
        raise InvalidInput(
            _("Unknown country codes: %(codes)s.") % {"codes": ", ".join(sorted(unknown))},
            field="countries",
        )
    if len(data.aliases) > 50 or len(data.addresses) > 20 or len(data.evidence_references) > 50:
        raise InvalidInput(_("Too many lines."), field="aliases")
    if any(len(value) > 300 for value in data.aliases + data.addresses):
        raise InvalidInput(_("A line is longer than 300 characters."), field="aliases")
    organisation = Organisation.objects.filter(pk=data.proposing_organisation).first()
    if organisation is None or not organisation.french_state:
        raise InvalidInput(
            _("The proposing organisation is a French State service."),
            field="proposing_organisation",
        )
    data.exchange_items = _checked_items(user, data.exchange_items)
    return data


def _checked_items(user, ids: list[int]) -> list[int]:
    """Keep links to exchange items the author may see; refuse the others as unknown."""
    ids = sorted({int(i) for i in ids})
    if not ids:
        return []
    if len(ids) > MAX_ITEMS:
        raise InvalidInput(_("Too many linked items."), field="exchange_items")
    visible = set(_visible_item_ids(user, ids))
    missing = [i for i in ids if i not in visible]
    if missing:
        raise InvalidInput(
            _("No item with id %(id)s.") % {"id": missing[0]}, field="exchange_items"
        )
    return ids


def _visible_item_ids(user, ids: list[int]) -> list[int]:
    if not apps.is_installed("racine.exchange"):
        return []
    from racine.exchange import services as exchange

    return list(exchange.visible_items(user).filter(pk__in=ids).values_list("pk", flat=True))


def linked_items(user, designation: Designation) -> list:
    """Return the linked exchange items ``user`` may see; the others are not mentioned."""
    require_reader(user)
    if not designation.exchange_items or not apps.is_installed("racine.exchange"):
        return []
    from racine.exchange import services as exchange

    return list(
        exchange.visible_items(user).filter(pk__in=designation.exchange_items).order_by("pk")
    )


def _apply(designation: Designation, data: DesignationData) -> dict:
    """Copy ``data`` onto the designation; return {field: [before, after]} of what changed."""
    changes = {}
    for name in DesignationData.__dataclass_fields__:
        attribute = "proposing_organisation_id" if name == "proposing_organisation" else name
        before, after = getattr(designation, attribute), getattr(data, name)
        if before != after:
            changes[name] = [before, after]
            setattr(designation, attribute, after)
    return changes


def _event(designation, user, kind, **fields) -> DesignationEvent:
    return DesignationEvent.objects.create(
        designation=designation, kind=kind, by=user, at=timezone.now(), **fields
    )


def create_designation(user, regime_code: str, data: DesignationData) -> Designation:
    """Write a new draft designation (sanctions officers)."""
    require_drafter(user)
    regime = get_regime(user, regime_code)
    data = _clean(user, data)
    designation = Designation(regime=regime, created_by=user)
    changes = _apply(designation, data)
    validate(designation)
    designation.save()
    _event(designation, user, DesignationEventKind.CREATED, changes=_jsonable(changes))
    return designation


def update_draft(user, pk: int, data: DesignationData) -> Designation:
    """Change a draft (sanctions officers); anything later changes only by amendment."""
    require_drafter(user)
    designation = _locked(user, pk)
    if designation.status != DesignationStatus.DRAFT:
        raise Conflict(
            _("Only a draft can be edited; an adopted designation is amended."), field="status"
        )
    data = _clean(user, data)
    changes = _apply(designation, data)
    if changes:
        validate(designation)
        designation.save()
        _event(designation, user, DesignationEventKind.EDITED, changes=_jsonable(changes))
    return designation


@dataclass
class TransitionData:
    """A step of the workflow with its comment and, for adoption, amendment and delisting,
    the legal act; an amendment also carries the designation's new content."""

    action: str
    comment: str = ""
    legal_act_reference: str = ""
    legal_act_date: dt.date | None = None
    amendment: DesignationData | None = None


def transition(user, pk: int, data: TransitionData) -> Designation:
    """Move a designation one step through its workflow; refuse steps the state or the
    user does not allow. The regime's list is published again when it changes."""
    step = workflow.STEPS.get(data.action)
    if step is None:
        raise InvalidInput(_("Unknown step %(step)s.") % {"step": data.action[:40]}, field="action")
    if step.actor == workflow.DRAFTER:
        require_drafter(user)
    else:
        require_reviewer(user)
    designation = _locked(user, pk)
    if designation.status not in step.sources:
        raise Conflict(
            _("A designation that is %(status)s cannot be moved to %(target)s.")
            % {
                "status": designation.get_status_display().lower(),
                "target": DesignationStatus(step.target).label.lower(),
            },
            field="action",
        )
    if step.actor == workflow.REVIEWER and designation.created_by_id == user.pk:
        raise PermissionDenied(_("A designation is reviewed by someone other than its author."))
    reference, day = data.legal_act_reference.strip(), data.legal_act_date
    if step.needs_legal_act:
        if not reference:
            raise InvalidInput(
                _("Give the reference of the legal act."), field="legal_act_reference"
            )
        if day is None:
            raise InvalidInput(_("Give the date of the legal act."), field="legal_act_date")
        if day > timezone.localdate():
            raise InvalidInput(
                _("The legal act cannot be dated in the future."), field="legal_act_date"
            )
        if day < ERA_START:
            raise InvalidInput(
                _("Give a date from 1 January 2000 onwards."), field="legal_act_date"
            )
    if step.action == "adopt":
        _require_adopted_regime(designation.regime)
    changes = {}
    if step.action == "amend":
        if data.amendment is None:
            raise InvalidInput(_("An amendment changes the designation."), field="name")
        changes = _apply(designation, _clean(user, data.amendment))
    if step.action == "adopt":
        designation.legal_act_reference, designation.legal_act_date = reference, day
    before = designation.status
    designation.status = step.target
    validate(designation)
    designation.save()
    _event(
        designation,
        user,
        DesignationEventKind.TRANSITION,
        from_status=before,
        to_status=step.target,
        changes=_jsonable(changes),
        comment=data.comment.strip(),
        legal_act_reference=reference if step.needs_legal_act else "",
        legal_act_date=day if step.needs_legal_act else None,
    )
    if step.action in ("adopt", "amend", "delist"):
        publish(user, designation.regime)
    return designation


def _require_adopted_regime(regime: Regime) -> None:
    """Refuse to adopt a designation under a regime that is not adopted itself.

    A designation is an act taken under the regime's legal basis (the Council's decision
    and regulation): before that basis exists there is nothing to adopt it under, so the
    reviewer records the regime's adoption first (its stage, with the evidence).
    """
    if regime.stage != RegimeStage.ADOPTED:
        stage = RegimeStage(regime.stage).label.lower() if regime.stage else _("no stage yet")
        raise Conflict(
            _(
                "The regime %(code)s is not adopted (its stage: %(stage)s): record its "
                "adoption before adopting a designation under it."
            )
            % {"code": regime.code, "stage": stage},
            field="action",
        )


def _locked(user, pk: int) -> Designation:
    """Return the designation locked for this transaction (the second of two concurrent
    transitions waits here, then finds the state the first one left)."""
    require_reader(user)
    designation = Designation.objects.select_for_update().filter(pk=pk).first()
    if designation is None:
        raise NotFound(_("No designation with id %(id)s.") % {"id": pk})
    return designation


def _jsonable(changes: dict) -> dict:
    return json.loads(json.dumps(changes, default=str))


# --- the regime's list --------------------------------------------------------------------


def listed(regime: Regime) -> QuerySet[Designation]:
    """Return the designations on the regime's list (adopted or amended)."""
    return regime.designations.filter(status__in=workflow.LISTED).order_by("pk")


def ftm_records(regime: Regime) -> list[dict]:
    """Return the regime's list as FollowTheMoney entities: each target and its Sanction."""
    records = []
    for designation in listed(regime).select_related("regime"):
        entity_id = designation.entity_id
        records.append(
            {
                "id": entity_id,
                "schema": designation.schema,
                "properties": _properties(designation),
                "datasets": [regime.code],
            }
        )
        sanction = {
            "entity": [entity_id],
            "authority": [regime.name_en],
            "program": [regime.code.upper()],
            "reason": [designation.statement_of_reasons],
            "listingDate": [designation.legal_act_date.isoformat()],
            "sourceUrl": [],
            "summary": [designation.legal_act_reference],
        }
        records.append(
            {
                "id": f"{entity_id}-sanction",
                "schema": "Sanction",
                "properties": {k: v for k, v in sanction.items() if v},
                "datasets": [regime.code],
            }
        )
    return records


def _properties(designation: Designation) -> dict[str, list[str]]:
    person, vessel = designation.schema == "Person", designation.schema == "Vessel"
    country_property = "nationality" if person else "flag" if vessel else "country"
    properties = {
        "name": [designation.name],
        "alias": designation.aliases,
        "birthDate": [designation.birth_date] if person and designation.birth_date else [],
        country_property: [c.lower() for c in designation.countries],
        "passportNumber": [designation.passport_number] if person else [],
        "idNumber": [designation.national_id] if person else [],
        "taxNumber": [designation.tax_number] if not vessel else [],
        "registrationNumber": [designation.registration_number] if not vessel else [],
        "imoNumber": [designation.imo_number] if vessel else [],
        "address": designation.addresses,
        "topics": ["sanction"],
    }
    return {key: [v for v in values if v] for key, values in properties.items() if any(values)}


def _exported_regime(user, code: str) -> Regime:
    """Return the regime whose list is exported; ``None`` is the CLI's operator (who may)."""
    if user is not None:
        return get_regime(user, code)
    regime = Regime.objects.filter(code=code).first()
    if regime is None:
        raise NotFound(_("No sanctions regime %(code)s.") % {"code": code})
    return regime


def export_ftm(user, code: str) -> bytes:
    """Return the regime's list as FollowTheMoney JSON lines (the FtM reader reads it back)."""
    regime = _exported_regime(user, code)
    lines = [
        json.dumps(record, ensure_ascii=False, sort_keys=True) for record in ftm_records(regime)
    ]
    return ("\n".join(lines) + "\n").encode() if lines else b""


CSV_COLUMNS = [
    "entity_id",
    "schema",
    "name",
    "aliases",
    "birth_date",
    "countries",
    "identifiers",
    "addresses",
    "legal_act",
    "legal_act_date",
    "status",
    "statement_of_reasons",
]


def export_rows(user, code: str) -> list[list]:
    """Return the regime's list as table rows (``CSV_COLUMNS``), for the CSV export."""
    regime = _exported_regime(user, code)
    rows = []
    for d in listed(regime).select_related("regime"):
        identifiers = [
            f"{label} {value}"
            for label, value in (
                ("passport", d.passport_number),
                ("national_id", d.national_id),
                ("tax", d.tax_number),
                ("registration", d.registration_number),
                ("imo", d.imo_number),
            )
            if value
        ]
        rows.append(
            [
                d.entity_id,
                d.schema,
                d.name,
                "; ".join(d.aliases),
                d.birth_date,
                "; ".join(d.countries),
                "; ".join(identifiers),
                "; ".join(d.addresses),
                d.legal_act_reference,
                d.legal_act_date,
                d.status,
                d.statement_of_reasons,
            ]
        )
    return rows


def publish(user, regime: Regime) -> services.ImportReport | None:
    """Publish the regime's adopted designations as its list (a new version if they changed).

    The entities go through the FtM reader, as an imported file would, so the list, its
    export and a re-import of that export hold the same entries.
    """
    content = b"".join(
        (json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n").encode()
        for r in ftm_records(regime)
    )
    name = f"{regime.code}.ftm.json"
    if content:
        listing = ftm.parse(content, dataset=regime.code, file_name=name)
    else:
        if not SanctionsList.objects.filter(code=regime.code).exists():
            return None  # nothing was ever listed: no empty list to publish
        listing = Listing(code=regime.code, title="", published=None, entities=[])
    listing.code, listing.title = regime.code, regime.name_fr
    listing.digest, listing.warnings = digest(content), []
    listing.published = timezone.localdate()
    # The caller checked the role (a reviewer, not a sanctions officer): import as the
    # service itself, then name the reviewer on the version.
    report = services.import_list(None, "designations", Path(name), listing=listing)
    if report.version is not None:
        SanctionsList.objects.get(code=regime.code).versions.filter(number=report.version).update(
            imported_by=user
        )
    return report


def data_of(designation: Designation) -> DesignationData:
    """Return a designation's content as :class:`DesignationData` (to amend it)."""
    values = {
        name: getattr(
            designation,
            "proposing_organisation_id" if name == "proposing_organisation" else name,
        )
        for name in DesignationData.__dataclass_fields__
    }
    return DesignationData(**values)
