"""The demo dataset: clearly fictional people in realistic institutions, always the same.

``racine demo`` calls :func:`load`. Each app may add a ``demo.py`` with a function
``load(rng)``; they run after the core's part, in the order of ``INSTALLED_APPS``,
with one :class:`random.Random` seeded from ``--seed``, so the same seed always
yields the same data. Loading is idempotent: records are found by their natural key
and only created when missing, so running the demo twice changes nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from racine.core.choices import OrganisationKind as Kind
from racine.core.choices import RoleCode
from racine.core.models import Country, Organisation, User
from racine.core.reference import app_modules
from racine.core.services import UserData, create_user_unchecked

DEFAULT_SEED = 2025
DEMO_PASSWORD = "racine-demo-2025"  # noqa: S105  (printed for the demo; never for production)

# (name, acronym, kind, country, French State service)
ORGANISATIONS = [
    ("Ministère de l'Europe et des Affaires étrangères", "MEAE", Kind.MINISTRY, "FR", True),
    ("Direction générale des douanes et droits indirects", "DGDDI", Kind.CUSTOMS, "FR", True),
    ("Office anti-stupéfiants", "OFAST", Kind.POLICE, "FR", True),
    ("Parquet national anti-criminalité organisée", "PNACO", Kind.PROSECUTOR, "FR", True),
    ("Ambassade de France au Mexique", "", Kind.EMBASSY, "MX", True),
    ("Ambassade de France en Colombie", "", Kind.EMBASSY, "CO", True),
    ("Ambassade de France au Pérou", "", Kind.EMBASSY, "PE", True),
    ("Ambassade de France en Bolivie", "", Kind.EMBASSY, "BO", True),
    ("Ambassade de France en Équateur", "", Kind.EMBASSY, "EC", True),
    ("Ambassade de France au Brésil", "", Kind.EMBASSY, "BR", True),
    ("Ambassade de France au Panama", "", Kind.EMBASSY, "PA", True),
    ("Ambassade de France en République dominicaine", "", Kind.EMBASSY, "DO", True),
    ("Agencia Nacional de Aduanas de México", "ANAM", Kind.CUSTOMS, "MX", False),
    ("Fiscalía General de la República (México)", "FGR", Kind.PROSECUTOR, "MX", False),
    ("Policía Nacional de Colombia — Dirección Antinarcóticos", "DIRAN", Kind.POLICE, "CO", False),
    ("Dirección de Impuestos y Aduanas Nacionales (Colombia)", "DIAN", Kind.CUSTOMS, "CO", False),
    ("Fiscalía General de la Nación (Colombia)", "FGN", Kind.PROSECUTOR, "CO", False),
    ("Policía Nacional del Perú — DIRANDRO", "DIRANDRO", Kind.POLICE, "PE", False),
    (
        "Fuerza Especial de Lucha Contra el Narcotráfico (Bolivia)",
        "FELCN",
        Kind.POLICE,
        "BO",
        False,
    ),
    ("Servicio Nacional de Aduana del Ecuador", "SENAE", Kind.CUSTOMS, "EC", False),
    ("Policía Nacional del Ecuador — Antinarcóticos", "", Kind.POLICE, "EC", False),
    ("Receita Federal do Brasil — Aduana", "RFB", Kind.CUSTOMS, "BR", False),
    ("Polícia Federal (Brasil)", "PF", Kind.POLICE, "BR", False),
    ("Servicio Nacional Aeronaval (Panamá)", "SENAN", Kind.POLICE, "PA", False),
    (
        "Dirección Nacional de Control de Drogas (República Dominicana)",
        "DNCD",
        Kind.POLICE,
        "DO",
        False,
    ),
    ("Académie régionale de lutte contre la criminalité organisée", "", Kind.ACADEMY, "DO", True),
    (
        "Office des Nations unies contre la drogue et le crime",
        "ONUDC",
        Kind.INTERNATIONAL,
        "AT",
        False,
    ),
]

MINISTRY = ORGANISATIONS[0][0]
EMBASSY_MEXICO = "Ambassade de France au Mexique"
CUSTOMS_MEXICO = "Agencia Nacional de Aduanas de México"


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    organisation: str
    role: RoleCode


# At least one demo user per role; the people are invented.
USERS = [
    DemoUser("admin", "Alice", "Fictive", MINISTRY, RoleCode.ADMINISTRATOR),
    DemoUser("coordination", "Camille", "Exemple", MINISTRY, RoleCode.PLAN_COORDINATOR),
    DemoUser("attache.mexique", "Bruno", "Démo", EMBASSY_MEXICO, RoleCode.EMBASSY_OFFICER),
    DemoUser("aduana.mexico", "Lucía", "Ficticia", CUSTOMS_MEXICO, RoleCode.PARTNER_OFFICER),
    DemoUser("analyste", "Nora", "Modèle", MINISTRY, RoleCode.ANALYST),
    DemoUser("sanctions", "Hugo", "Spécimen", MINISTRY, RoleCode.SANCTIONS_OFFICER),
    DemoUser("lecteur", "Inès", "Témoin", MINISTRY, RoleCode.VIEWER),
    # Officers of other agencies, so that the exchange's demo shows different inboxes.
    DemoUser(
        "diran.colombia",
        "Mateo",
        "Ficticio",
        "Policía Nacional de Colombia — Dirección Antinarcóticos",
        RoleCode.PARTNER_OFFICER,
    ),
    DemoUser(
        "senae.ecuador",
        "Valeria",
        "Inventada",
        "Servicio Nacional de Aduana del Ecuador",
        RoleCode.PARTNER_OFFICER,
    ),
    DemoUser(
        "douane.havre",
        "Yann",
        "Imaginaire",
        "Direction générale des douanes et droits indirects",
        RoleCode.ANALYST,
    ),
]


def load_organisations() -> int:
    """Create the demo organisations that are missing; return how many were created."""
    created = 0
    countries = Country.objects.in_bulk([row[3] for row in ORGANISATIONS])
    for name, acronym, kind, country, french_state in ORGANISATIONS:
        _organisation, was_created = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "acronym": acronym,
                "kind": kind,
                "country": countries[country],
                "french_state": french_state,
            },
        )
        created += was_created
    return created


def load_users() -> int:
    """Create the demo users that are missing; return how many were created."""
    created = 0
    for person in USERS:
        if User.objects.filter(username=person.username).exists():
            continue
        organisation = Organisation.objects.get(name=person.organisation)
        data = UserData(
            username=person.username,
            organisation=organisation.pk,
            roles=[person.role],
            first_name=person.first_name,
            last_name=person.last_name,
            email=f"{person.username}@demo.racine.invalid",
        )
        create_user_unchecked(data, DEMO_PASSWORD)
        created += 1
    return created


def load(seed: int = DEFAULT_SEED) -> dict[str, int]:
    """Load the core's demo data, then every app's; return what was created."""
    rng = random.Random(seed)
    counts = {"organisations": load_organisations(), "users": load_users()}
    for module in app_modules("demo"):
        counts.update(module.load(rng))
    return counts


def logins() -> list[tuple[str, str, str]]:
    """Return (username, password, role label) for every demo user, to print."""
    return [(p.username, DEMO_PASSWORD, str(p.role.label)) for p in USERS]
