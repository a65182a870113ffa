"""Demo data of the exchange: a few thousand fictional reports, alerts and requests.

They follow the cocaine routes of the plan (Andes → Caribbean, Central America, West
Africa → European ports) and are shared under the demo agreements in force (Mexico,
Colombia, Ecuador) or among French services, so that each demo account sees a different
inbox. Every item passes the policy's creation checks (the test of the demo checks it).
Written in bulk for speed: the demo's items have no creation entries in the audit log.

A few entities recur across organisations (:data:`RECURRING`), so that the intel app's
entity resolution finds certain merges and pairs to review on the demo.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from racine.core.models import Organisation, User
from racine.exchange import compose, identifiers, operation_demo, policy, services
from racine.exchange.choices import CATEGORY_OF_KIND, PERSONAL_KINDS
from racine.exchange.models import (
    Alert,
    Entity,
    InformationRequest,
    Item,
    SeizedDrug,
    Seizure,
)
from racine.partners import services as partners

SEIZURES, ALERTS, REQUESTS = 2400, 400, 200
PRODUCERS = ("CO", "PE", "BO")
TRANSITS = ("EC", "PA", "MX", "DO", "BR", "VE", "CR", "GT", "JM", "TT")
WEST_AFRICA = ("GW", "GN", "SN", "CI", "GH", "NG", "BJ", "TG")
DESTINATIONS = ("BE", "NL", "ES", "FR", "DE", "IT", "GB")
OWNERS = ("MSCU", "MAEU", "CMAU", "HLXU", "ONEU", "EGLU")
DRUGS = (
    ("cocaine_hydrochloride", 0.78),
    ("cocaine_base", 0.08),
    ("cannabis_resin", 0.06),
    ("mdma", 0.04),
    ("precursors", 0.04),
)


@dataclass(frozen=True)
class Sender:
    """Who sends which items, under which agreement, from which ports."""

    username: str
    agreement: str  # title of the agreement in force; "" among French services
    ports: tuple[str, ...]
    handling: str
    distribution: str
    recipients: tuple[str, ...] = ()  # organisation acronyms for "organisations"
    people: bool = False


SENDERS = (
    Sender(
        "aduana.mexico",
        "Cadre de coopération douanière France–Mexique",
        ("MXZLO", "MXLZC", "MXVER", "MXATM"),
        "amber",
        "agreement",
    ),
    Sender(
        "diran.colombia",
        "Accord de coopération de sécurité France–Colombie",
        ("COCTG", "COBUN", "COSMR", "COTRB"),
        "amber",
        "agreement",
    ),
    Sender(
        "senae.ecuador",
        "Protocole douanier France–Équateur (port de Guayaquil)",
        ("ECGYE", "ECPSJ"),
        "amber",
        "agreement",
    ),
    Sender(
        "douane.havre",
        "",
        ("FRLEH", "FRMRS", "FRDKK", "MQFDF", "GPPTP", "FRCDG"),
        "amber",
        "organisations",
        ("OFAST", "PNACO", "MEAE"),
        people=True,
    ),
)


def _container(rng) -> str:
    stem = rng.choice(OWNERS) + f"{rng.randrange(10**6):06d}"
    for digit in "0123456789":
        try:
            return identifiers.container_number(stem + digit)
        except identifiers.BadIdentifier:
            continue
    raise AssertionError("no check digit")  # ISO 6346 always has one


def _imo(rng) -> str:
    stem = f"9{rng.randrange(10**5):05d}"
    total = sum(int(d) * w for d, w in zip(stem, range(7, 1, -1), strict=True))
    return stem + str(total % 10)


def _drug(rng) -> str:
    roll, total = rng.random(), 0.0
    for drug, share in DRUGS:
        total += share
        if roll < total:
            return drug
    return "other"


def _route(rng, seizure_country: str) -> tuple[str, list[str], str]:
    origin = rng.choice(PRODUCERS)
    transits = rng.sample(TRANSITS, rng.randint(0, 2))
    if rng.random() < 0.3:
        transits.append(rng.choice(WEST_AFRICA))
    transits = [c for c in transits if c not in {origin, seizure_country}]
    destination = rng.choice(DESTINATIONS)
    if seizure_country in DESTINATIONS or seizure_country in {"MQ", "GP", "GF"}:
        destination = "FR" if seizure_country in {"MQ", "GP", "GF"} else seizure_country
    return origin, transits, destination


def _new_item(sender, author, agreement, kind, title, created, handling=None) -> Item:
    return Item(
        kind=kind,
        title=title,
        body="Données fictives de démonstration.",
        originator_id=author.organisation_id,
        author=author,
        category=CATEGORY_OF_KIND[kind],
        personal_data=False,
        handling=handling or sender.handling,
        distribution=sender.distribution,
        agreement=agreement,
        source_reliability="B",
        information_accuracy="2",
        created_at=created,
    )


def load(rng) -> dict[str, int]:
    """Create the exchange's demo items, then its joint operations; return what was created."""
    counts = load_items(rng)
    counts["recurring entities"] = load_recurring()
    counts.update(operation_demo.load(rng))
    return counts


def load_items(rng) -> dict[str, int]:
    """Create the exchange's demo items once; return how many were created."""
    authors = {
        u.username: u for u in User.objects.filter(username__in=[s.username for s in SENDERS])
    }
    if len(authors) < len(SENDERS) or Item.objects.filter(author__in=authors.values()).exists():
        return {"exchange items": 0}
    agreements = {
        s.agreement: partners.agreements_in_force().filter(title=s.agreement).first()
        for s in SENDERS
        if s.agreement
    }
    if not all(agreements.values()):
        return {"exchange items": 0}
    now = timezone.now()
    start = now - dt.timedelta(days=300)
    rows = []  # (item, details)
    for index in range(SEIZURES):
        sender = SENDERS[index % len(SENDERS)]
        author = authors[sender.username]
        port = rng.choice(sender.ports)
        created = start + dt.timedelta(seconds=rng.randrange(int((now - start).total_seconds())))
        drug = _drug(rng)
        kilos = Decimal(rng.choice((5, 12, 40, 120, 350, 800, 1500, 2600))) + rng.randrange(100)
        name = identifiers.unlocodes()[port]
        title = f"Saisie de {kilos} kg à {name}"
        item = _new_item(
            sender, author, agreements.get(sender.agreement), "seizure", title, created
        )
        origin, transits, destination = _route(rng, port[:2])
        details = {
            "seizure": Seizure(
                seized_on=(created - dt.timedelta(days=rng.randint(0, 6))).date(),
                country_id=port[:2],
                place=port,
                place_name=name,
                conveyance=rng.choice(("container", "container", "maritime", "air_cargo")),
                concealment=rng.choice(("bananes", "ananas", "crevettes congelées", "ferraille")),
                origin_id=origin,
                transits=transits,
                destination_id=destination,
            ),
            "drug": SeizedDrug(
                drug=drug,
                quantity=kilos,
                unit="kg",
                normalised_quantity=kilos,
                normalised_unit="kg",
            ),
            "entities": [
                Entity(kind="container", identifier=_container(rng)),
                Entity(kind="vessel", name=f"MV Demo {index % 97}", identifier=_imo(rng)),
            ],
        }
        if sender.people:
            item.personal_data = True
            details["entities"].append(
                Entity(kind="person", name=f"Personne fictive {index}", country_id="FR")
            )
        rows.append((item, details))
    alert_senders = [s for s in SENDERS if s.username != "diran.colombia"]
    for index in range(ALERTS):
        sender = alert_senders[index % len(alert_senders)]
        created = start + dt.timedelta(seconds=rng.randrange(int((now - start).total_seconds())))
        item = _new_item(
            sender,
            authors[sender.username],
            agreements.get(sender.agreement),
            "alert",
            f"Alerte : conteneur suspect n° {index}",
            created,
        )
        rows.append(
            (
                item,
                {
                    "alert": Alert(
                        subject_kind="container",
                        reason="Profil de risque : origine et marchandise.",
                        valid_from=created.date(),
                        valid_until=created.date() + dt.timedelta(days=90),
                    ),
                    "entities": [Entity(kind="container", identifier=_container(rng))],
                },
            )
        )
    embassy = Organisation.objects.get(name="Ambassade de France au Mexique")
    mexico = SENDERS[0]
    for index in range(REQUESTS):
        created = start + dt.timedelta(seconds=rng.randrange(int((now - start).total_seconds())))
        item = _new_item(
            mexico,
            authors[mexico.username],
            agreements[mexico.agreement],
            "request",
            f"Demande d'antécédents n° {index}",
            created,
            handling="amber_strict",
        )
        rows.append(
            (
                item,
                {
                    "request": InformationRequest(
                        question="Ce conteneur a-t-il déjà été contrôlé en Europe ?",
                        addressed_to=embassy,
                        deadline=created.date() + dt.timedelta(days=30),
                        status="answered"
                        if created.date() < now.date() - dt.timedelta(30)
                        else "open",
                    )
                },
            )
        )
    Item.objects.bulk_create([item for item, _ in rows], batch_size=500)
    listed = {
        s.username: list(Organisation.objects.filter(acronym__in=s.recipients))
        for s in SENDERS
        if s.recipients
    }
    links, seizures, entities, alerts, requests = [], [], [], [], []
    for item, details in rows:
        for organisation in listed.get(item.author.username, []):
            links.append(
                Item.organisations.through(item_id=item.pk, organisation_id=organisation.pk)
            )
        for entity in details.get("entities", []):
            entity.item = item
            entities.append(entity)
        if "seizure" in details:
            details["seizure"].item = item
            seizures.append(details["seizure"])
        if "alert" in details:
            details["alert"].item = item
            alerts.append(details["alert"])
        if "request" in details:
            details["request"].item = item
            requests.append(details["request"])
    Item.organisations.through.objects.bulk_create(links, batch_size=1000)
    Entity.objects.bulk_create(entities, batch_size=1000)
    Seizure.objects.bulk_create(seizures, batch_size=1000)
    drugs = []
    for (_item, details), seizure in zip(
        (r for r in rows if "seizure" in r[1]), seizures, strict=True
    ):
        details["drug"].seizure = seizure
        drugs.append(details["drug"])
    SeizedDrug.objects.bulk_create(drugs, batch_size=1000)
    Alert.objects.bulk_create(alerts, batch_size=1000)
    InformationRequest.objects.bulk_create(requests, batch_size=1000)
    return {"exchange items": len(rows)}


# Fictional entities named again in other reports (author, entity), for the intel demo:
# each group is one real-world entity seen several times. The demo's French analysts see
# every report of the French customs, and partners' reports only when they name nobody.
RECURRING = (
    # the same passport number and issuing country: certain merges; the Mexican report
    # names a person, so only the agreement's parties see that record
    (
        "douane.havre",
        compose.EntityData(
            "person", "Diego Ficticio Ramírez", "PA4471203", dt.date(1981, 3, 14), "CO"
        ),
    ),
    (
        "douane.havre",
        compose.EntityData("person", "Diego Ficticio RAMIREZ", "PA 4471203", country="CO"),
    ),
    (
        "aduana.mexico",
        compose.EntityData("person", "Diego Ficticio Ramirez", "PA4471203", country="CO"),
    ),
    # the same IMO number under two spellings of the vessel's name: a certain merge
    ("diran.colombia", compose.EntityData("vessel", "MV Ficticia Estrella", "IMO 9074729")),
    ("douane.havre", compose.EntityData("vessel", "FICTICIA ESTRELLA", "9074729")),
    # the same name with and without accents, nothing else in common: pairs to review
    ("douane.havre", compose.EntityData("person", "José Ejemplo Peña", country="VE")),
    ("douane.havre", compose.EntityData("person", "JOSE EJEMPLO PENA", country="EC")),
    (
        "aduana.mexico",
        compose.EntityData("company", "Exportadora Demo del Pacífico SA", country="MX"),
    ),
    (
        "senae.ecuador",
        compose.EntityData("company", "EXPORTADORA DEMO DEL PACIFICO, SA", country="EC"),
    ),
)


def _lawful_with_people(item: Item) -> bool:
    """Return whether ``item`` may name people for the organisations it reaches."""
    plain = dataclasses.replace(services.policy_item(item), personal_data=True)
    named = list(Organisation.objects.filter(pk__in=plain.organisations))
    if plain.agreement:
        named += list(Organisation.objects.filter(pk__in=plain.agreement.partner_organisations))
    orgs = [services.as_policy_org(o) for o in named]
    return policy.creation_refusals(plain, orgs) == []


def load_recurring() -> int:
    """Name the :data:`RECURRING` entities once, each in another of its author's reports.

    Each is checked as the composer checks it; a report that did not name people is only
    given one when the policy allows it for every organisation the report reaches.
    """
    if Entity.objects.filter(name=RECURRING[0][1].name).exists():
        return 0
    lookups = compose.Lookups()
    created = 0
    used: set[int] = set()
    for index, (username, data) in enumerate(RECURRING):
        entity = compose._checked_entity(index, data, lookups)  # noqa: SLF001 (the composer's check)
        seizures = Item.objects.filter(author__username=username, kind="seizure").order_by("pk")
        for item in seizures.exclude(pk__in=used)[:20]:
            if entity.kind in PERSONAL_KINDS and not item.personal_data:
                if not _lawful_with_people(item):
                    continue
                item.personal_data = True
                item.save(update_fields=["personal_data"])
            Entity(item=item, **vars(entity)).save()
            used.add(item.pk)
            created += 1
            break
    return created
