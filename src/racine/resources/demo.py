"""Demo data of the resources app: posts, budget lines, French aid (as IATI) and the academy.

Figures are invented but plausible, and chosen so that the plan's objectives show
every status: staff up about 12 %, means more than doubled, counter-narcotics aid
close to doubled, the academy decided and its site chosen but not yet opened.
The aid is written as IATI XML and imported through the same importer as real files.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from xml.sax.saxutils import escape

from racine.core.models import Organisation
from racine.resources import services
from racine.resources.models import Academy, BudgetLine, Course, StaffPost

D = dt.date.fromisoformat
EMBASSIES = {
    "MX": "Ambassade de France au Mexique",
    "CO": "Ambassade de France en Colombie",
    "PE": "Ambassade de France au Pérou",
    "BO": "Ambassade de France en Bolivie",
    "EC": "Ambassade de France en Équateur",
    "BR": "Ambassade de France au Brésil",
    "PA": "Ambassade de France au Panama",
    "DO": "Ambassade de France en République dominicaine",
}
# (country, kind, title, FTE, start, end)
POSTS = [
    *[
        (c, "security_attache", "Attaché de sécurité intérieure", "1", "2019-09-01", None)
        for c in EMBASSIES
    ],
    *[
        (c, "customs_attache", "Attaché douanier", "1", "2020-09-01", None)
        for c in ("MX", "CO", "PE", "EC", "BR", "PA", "DO")
    ],
    *[
        (c, "liaison_officer", "Officier de liaison OFAST", "1", "2021-01-04", None)
        for c in ("CO", "EC", "BR", "DO", "MX")
    ],
    ("CO", "liaison_magistrate", "Magistrat de liaison", "1", "2018-09-01", None),
    ("MX", "liaison_magistrate", "Magistrat de liaison", "0.5", "2022-09-01", "2026-03-31"),
    ("PA", "other", "Analyste régional (flux maritimes)", "0.5", "2023-01-02", None),
    ("EC", "customs_attache", "Attaché douanier adjoint (Guayaquil)", "1", "2026-02-02", None),
    ("DO", "liaison_officer", "Officier de liaison Caraïbes", "1", "2026-04-01", None),
    ("PE", "liaison_officer", "Officier de liaison OFAST", "1", "2026-06-01", None),
    ("MX", "liaison_magistrate", "Magistrat de liaison", "1", "2026-09-01", None),
]
# Means committed per embassy (EUR) for 2025 and 2026, split over the four categories.
MEANS = {
    "MX": (180_000, 560_000),
    "CO": (220_000, 690_000),
    "PE": (120_000, 350_000),
    "BO": (60_000, 150_000),
    "EC": (150_000, 520_000),
    "BR": (140_000, 340_000),
    "PA": (90_000, 290_000),
    "DO": (100_000, 330_000),
}
SPLIT = {
    "operations": Decimal("0.4"),
    "equipment": Decimal("0.3"),
    "training": Decimal("0.2"),
    "travel": Decimal("0.1"),
}

# (identifier, publisher, title, country, sectors {code: %}, [(date, committed EUR)])
AID = [
    (
        "FR-6-DEMO-2024-001",
        "FR-6",
        "Appui à la police antidrogue colombienne (démo)",
        "CO",
        {"16063": 100},
        [("2024-12-10", 1_200_000)],
    ),
    (
        "FR-3-DEMO-2025-014",
        "FR-3",
        "Prévention et alternatives au narcotrafic, Pérou (démo)",
        "PE",
        {"16063": 40, "31191": 60},
        [("2025-03-20", 2_500_000)],
    ),
    (
        "FR-6-DEMO-2025-007",
        "FR-6",
        "Formation des douanes équatoriennes (démo)",
        "EC",
        {"16063": 100},
        [("2025-06-05", 800_000)],
    ),
    (
        "FR-6-DEMO-2026-002",
        "FR-6",
        "Contrôle des conteneurs à Guayaquil (démo)",
        "EC",
        {"16063": 100},
        [("2026-01-20", 1_400_000)],
    ),
    (
        "FR-3-DEMO-2026-009",
        "FR-3",
        "Coopération judiciaire régionale, Caraïbes (démo)",
        "DO",
        {"16063": 50, "15130": 50},
        [("2026-03-02", 3_000_000)],
    ),
    (
        "FR-6-DEMO-2026-011",
        "FR-6",
        "Appui à la FELCN bolivienne (démo)",
        "BO",
        {"16063": 100},
        [("2026-06-15", 900_000)],
    ),
    (
        "FR-6-DEMO-2026-015",
        "FR-6",
        "Renseignement maritime régional, Caraïbes (démo)",
        "DO",
        {"16063": 100},
        [("2026-09-10", 2_500_000)],
    ),
    (
        "FR-3-DEMO-2026-021",
        "FR-3",
        "Santé publique et réduction des risques, Brésil (démo)",
        "BR",
        {"12220": 100},
        [("2026-05-10", 2_000_000)],
    ),
]


def load_posts() -> int:
    created = 0
    for country, kind, title, fte, start, end in POSTS:
        embassy = Organisation.objects.get(name=EMBASSIES[country])
        _post, was_created = StaffPost.objects.get_or_create(
            embassy=embassy,
            kind=kind,
            title=title,
            starts_on=D(start),
            defaults={"fte": Decimal(fte), "ends_on": D(end) if end else None},
        )
        created += was_created
    return created


def load_budget() -> int:
    created = 0
    for country, amounts in MEANS.items():
        embassy = Organisation.objects.get(name=EMBASSIES[country])
        for year, total in zip((2025, 2026), amounts, strict=True):
            for category, share in SPLIT.items():
                committed = Decimal(total) * share
                spent = committed if year == 2025 else (committed * Decimal("0.7")).quantize(1)
                _line, was_created = BudgetLine.objects.get_or_create(
                    embassy=embassy,
                    year=year,
                    category=category,
                    defaults={"committed": committed, "spent": spent},
                )
                created += was_created
    return created


def iati_xml() -> bytes:
    """Return the demo aid as an IATI 2.03 activity file."""
    activities = []
    for identifier, publisher, title, country, sectors, transactions in AID:
        sector_xml = "".join(
            f'<sector vocabulary="1" code="{code}" percentage="{share}"/>'
            for code, share in sectors.items()
        )
        transaction_xml = "".join(
            f'<transaction><transaction-type code="2"/><transaction-date iso-date="{day}"/>'
            f'<value currency="EUR" value-date="{day}">{amount}</value></transaction>'
            for day, amount in transactions
        )
        activities.append(
            f'<iati-activity default-currency="EUR" xml:lang="fr" '
            f'last-updated-datetime="2026-10-01T00:00:00">'
            f"<iati-identifier>{identifier}</iati-identifier>"
            f'<reporting-org ref="{publisher}" type="10"><narrative>{publisher}</narrative>'
            f"</reporting-org><title><narrative>{escape(title)}</narrative></title>"
            f'<recipient-country code="{country}" percentage="100"/>{sector_xml}{transaction_xml}'
            f"</iati-activity>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><iati-activities version="2.03">'
        + "".join(activities)
        + "</iati-activities>"
    ).encode()


def load_academy(rng) -> int:
    if Academy.objects.exists():
        return 0
    academy = Academy.objects.create(
        name="Académie régionale de lutte contre la criminalité organisée",
        site="Saint-Domingue",
        country_id="DO",
        decided_on=D("2025-11-10"),
        site_chosen_on=D("2026-04-15"),
    )
    trainers = [
        ("Enquêtes financières et saisie des avoirs", "Blanchiment"),
        ("Ciblage et contrôle des conteneurs", "Douane"),
        ("Coopération judiciaire et entraide", "Justice"),
    ]
    agencies = list(Organisation.objects.filter(french_state=False).exclude(kind="international"))
    first_names = ["Ana", "Carlos", "María", "José", "Lucía", "Diego", "Paula", "Andrés"]
    last_names = ["Ejemplo", "Ficticio", "Modelo", "Prueba", "Muestra"]
    for number, (title, topic) in enumerate(trainers):
        course = Course.objects.create(academy=academy, title=title, topic=topic)
        start = D("2026-05-04") + dt.timedelta(weeks=6 * number)
        session = course.sessions.create(
            starts_on=start, ends_on=start + dt.timedelta(days=4), place="Saint-Domingue"
        )
        for _ in range(6):
            agency = rng.choice(agencies)
            session.trainees.create(
                full_name=f"{rng.choice(first_names)} {rng.choice(last_names)}",
                organisation=agency,
                country=agency.country,
                completed=rng.random() < 0.8,
            )
    return 1


def load(rng) -> dict[str, int]:
    """Load the resources' demo data."""
    report = services.import_iati(None, [("demo-aide-francaise.xml", iati_xml())])
    return {
        "staff posts": load_posts(),
        "budget lines": load_budget(),
        "aid activities": report.created,
        "academy": load_academy(rng),
    }
