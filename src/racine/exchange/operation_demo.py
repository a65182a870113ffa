"""Demo data of joint operations: two operations along the routes of the plan.

- A France–Mexico container operation between Manzanillo and Le Havre, led by the French
  embassy in Mexico with the Mexican customs (ANAM), the French customs and OFAST, under
  the France–Mexico customs framework.
- A Colombia–Ecuador–France maritime operation on the Pacific route (Buenaventura,
  Guayaquil), led by the Colombian anti-narcotics police with the Ecuadorian customs and
  the French embassies, under the trilateral maritime arrangement.

Written through the services, as officers would: every participant passes the policy's
legal-basis check and every linked item is one its linker may see. Loading twice changes
nothing (operations are found by their code).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from racine.core.models import Organisation, User
from racine.exchange import operation_writes, services
from racine.exchange.models import Item, JointOperation
from racine.exchange.operation_writes import OperationData, OutcomeData
from racine.partners import services as partners


@dataclass(frozen=True)
class DemoOperation:
    """An operation, who leads it, and what its participants add."""

    code: str
    name: str
    leader: str  # username of the officer who starts it
    participants: tuple[str, ...]  # organisation names
    agreement: str
    starts_on: str
    ends_on: str
    objectives: str
    ports: tuple[str, ...]  # places of the seizure reports its officers link
    linkers: tuple[str, ...]  # usernames linking their organisations' reports
    log: tuple[tuple[str, str], ...]  # (username, text)
    outcomes: tuple[tuple[str, OutcomeData], ...]  # (username, outcome)


OPERATIONS = (
    DemoOperation(
        code="FR-MX-2026-01",
        name="Opération Pacifique–Manche : conteneurs Manzanillo – Le Havre",
        leader="attache.mexique",
        participants=(
            "Agencia Nacional de Aduanas de México",
            "Direction générale des douanes et droits indirects",
            "Office anti-stupéfiants",
        ),
        agreement="Cadre de coopération douanière France–Mexique",
        starts_on="2026-03-01",
        ends_on="2026-12-31",
        objectives=(
            "Cibler les conteneurs frigorifiques chargés à Manzanillo et Lázaro Cárdenas "
            "à destination du Havre ; échanger les profils de risque ; coordonner les "
            "contrôles à l'arrivée et les livraisons surveillées."
        ),
        ports=("MXZLO", "MXLZC"),
        linkers=("aduana.mexico",),
        log=(
            ("attache.mexique", "Lancement de l'opération ; points de contact désignés."),
            ("aduana.mexico", "Profil de risque transmis : bananes et avocats, 12 navires."),
            ("attache.mexique", "Le Havre confirme le contrôle renforcé des escales ciblées."),
        ),
        outcomes=(
            (
                "aduana.mexico",
                OutcomeData(
                    "seizure",
                    dt.date(2026, 4, 14),
                    drug="cocaine_hydrochloride",
                    quantity="1250",
                    unit="kg",
                ),
            ),
            ("aduana.mexico", OutcomeData("arrest", dt.date(2026, 4, 15), arrests=4, country="MX")),
            (
                "attache.mexique",
                OutcomeData("arrest", dt.date(2026, 5, 2), arrests=2, country="FR"),
            ),
            (
                "attache.mexique",
                OutcomeData(
                    "asset",
                    dt.date(2026, 5, 20),
                    description="Entrepôt, deux camions et espèces",
                    value_eur="640000",
                ),
            ),
        ),
    ),
    DemoOperation(
        code="CO-EC-FR-2026-02",
        name="Opération Pacífico Sur : route maritime Buenaventura – Guayaquil",
        leader="diran.colombia",
        participants=(
            "Servicio Nacional de Aduana del Ecuador",
            "Ambassade de France en Colombie",
            "Ambassade de France en Équateur",
        ),
        agreement="Arrangement trilatéral de coopération maritime Colombie–Équateur–France",
        starts_on="2026-05-01",
        ends_on="2026-12-15",
        objectives=(
            "Suivre les semi-submersibles et les navires de pêche ravitailleurs entre "
            "Buenaventura et Guayaquil ; partager les positions ; préparer les "
            "interceptions en haute mer avec l'appui de la Marine nationale."
        ),
        ports=("COBUN", "COTRB", "ECGYE", "ECPSJ"),
        linkers=("diran.colombia", "senae.ecuador"),
        log=(
            ("diran.colombia", "Ouverture de l'opération ; cellule commune à Buenaventura."),
            ("senae.ecuador", "Trois navires de pêche signalés au large de Manta."),
            ("diran.colombia", "Interception d'un semi-submersible : 2 t à bord."),
        ),
        outcomes=(
            (
                "diran.colombia",
                OutcomeData(
                    "seizure",
                    dt.date(2026, 6, 9),
                    drug="cocaine_hydrochloride",
                    quantity="2",
                    unit="t",
                ),
            ),
            ("diran.colombia", OutcomeData("arrest", dt.date(2026, 6, 9), arrests=3, country="CO")),
            ("senae.ecuador", OutcomeData("arrest", dt.date(2026, 7, 1), arrests=5, country="EC")),
            (
                "senae.ecuador",
                OutcomeData(
                    "asset",
                    dt.date(2026, 7, 1),
                    description="Navire de pêche « Demo Mar »",
                    value_eur="350000",
                ),
            ),
        ),
    ),
)


def _load_one(spec: DemoOperation, people: dict[str, User]) -> bool:
    agreement = partners.agreements_in_force().filter(title=spec.agreement).first()
    leader = people[spec.leader]
    if agreement is None or not partners.provisions_cover(agreement, "joint_operations", "amber"):
        return False  # a demo loaded before operations existed: no legal basis, no operation
    data = OperationData(
        code=spec.code,
        name=spec.name,
        starts_on=dt.date.fromisoformat(spec.starts_on),
        ends_on=dt.date.fromisoformat(spec.ends_on),
        objectives=spec.objectives,
        handling="amber",
        status="active",
        agreement=agreement.pk,
        participants=list(
            Organisation.objects.filter(name__in=spec.participants).values_list("pk", flat=True)
        ),
    )
    operation = operation_writes.create_operation(leader, data)
    for username in spec.linkers:
        linker = people[username]
        reports = (
            services.visible_items(linker)
            .filter(originator=linker.organisation, kind="seizure", seizure__place__in=spec.ports)
            .order_by("created_at", "id")[:3]
        )
        for item in reports:
            operation_writes.link_item(linker, operation.pk, item.pk)
    for username, text in spec.log:
        operation_writes.add_log_entry(people[username], operation.pk, text)
    for username, outcome in spec.outcomes:
        if outcome.kind == "seizure":
            report = Item.objects.filter(
                operation_links__operation=operation, originator=people[username].organisation
            ).first()
            outcome = dataclasses.replace(outcome, item=report.pk if report else None)
        operation_writes.record_outcome(people[username], operation.pk, outcome)
    return True


def load(rng) -> dict[str, int]:
    """Create the demo's joint operations once; return how many were created."""
    usernames = {spec.leader for spec in OPERATIONS}
    usernames |= {name for spec in OPERATIONS for name, _text in spec.log}
    people = {u.username: u for u in User.objects.filter(username__in=usernames)}
    created = 0
    for spec in OPERATIONS:
        if len(people) < len(usernames) or JointOperation.objects.filter(code=spec.code).exists():
            continue
        created += _load_one(spec, people)
    return {"joint operations": created}
