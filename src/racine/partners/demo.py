"""Demo data of the partners app: countries' roles and agreements at every stage.

The roles follow the public picture of the cocaine trade (UNODC World Drug Report
2024; the ministry's announcement of November 2025). The agreements are invented,
except the customs cooperation framework signed with Mexico during the state visit
of November 2025, which the plan cites.
"""

from __future__ import annotations

import datetime as dt

from racine.core.models import Organisation, User
from racine.partners import services
from racine.partners.choices import ChainRole as R
from racine.partners.models import Agreement, CountryRole

UNODC = "UNODC, World Drug Report 2024"
MINISTRY = "MEAE, annonce du plan international contre le narcotrafic, novembre 2025"
PLAN_START = dt.date(2025, 11, 1)

ROLES = [
    *[(code, R.PRODUCTION, UNODC) for code in ("CO", "PE", "BO")],
    *[
        (code, R.TRANSIT, UNODC)
        for code in (
            "EC",
            "PA",
            "MX",
            "DO",
            "BR",
            "VE",
            "CR",
            "GT",
            "HN",
            "JM",
            "TT",
            "GY",
            "SR",
            "GF",
            "MQ",
            "GP",
        )
    ],
    *[(code, R.REBOUND, UNODC) for code in ("GW", "GN", "SN", "CI", "GH", "NG", "BJ", "TG")],
    *[(code, R.REBOUND, MINISTRY) for code in ("BE", "NL", "ES", "DE")],
    *[(code, R.CONSUMPTION, MINISTRY) for code in ("FR", "BE", "NL", "ES", "DE", "IT", "GB")],
]

# (title, kind, lead embassy or service, partner countries, partner agency acronyms,
#  lifecycle [(status, date)], sharing [(category, handling code)])
AGREEMENTS = [
    (
        "Cadre de coopération douanière France–Mexique",
        "customs",
        "Ambassade de France au Mexique",
        ["MX"],
        ["ANAM"],
        [("negotiation", "2025-09-15"), ("signed", "2025-11-07"), ("in_force", "2026-01-15")],
        [
            ("seizure_reports", "amber"),
            ("alerts", "amber"),
            ("requests", "amber_strict"),
            ("joint_operations", "amber"),
        ],
    ),
    (
        "Accord de coopération de sécurité France–Colombie",
        "security",
        "Ambassade de France en Colombie",
        ["CO"],
        ["DIRAN", "FGN"],
        [("negotiation", "2025-11-20"), ("signed", "2026-02-12"), ("in_force", "2026-04-01")],
        [("seizure_reports", "amber"), ("alerts", "green"), ("personal_data", "red")],
    ),
    (
        "Arrangement administratif de coopération policière France–Pérou",
        "security",
        "Ambassade de France au Pérou",
        ["PE"],
        ["DIRANDRO"],
        [("negotiation", "2025-12-03"), ("signed", "2026-03-18")],
        [("alerts", "green"), ("seizure_reports", "amber")],
    ),
    (
        "Protocole douanier France–Équateur (port de Guayaquil)",
        "customs",
        "Ambassade de France en Équateur",
        ["EC"],
        ["SENAE"],
        [("negotiation", "2026-01-10"), ("signed", "2026-05-06"), ("in_force", "2026-07-01")],
        [("seizure_reports", "amber"), ("alerts", "amber")],
    ),
    (
        "Coopération maritime contre le narcotrafic France–République dominicaine",
        "security",
        "Ambassade de France en République dominicaine",
        ["DO"],
        ["DNCD"],
        [("negotiation", "2026-02-02"), ("signed", "2026-06-24")],
        [("alerts", "green")],
    ),
    (
        "Accord de formation des douaniers caribéens",
        "training",
        "Ambassade de France en République dominicaine",
        ["DO", "JM", "TT"],
        [],
        [("negotiation", "2026-03-09"), ("signed", "2026-09-14")],
        [],
    ),
    (
        "Accord de coopération maritime France–Panama",
        "security",
        "Ambassade de France au Panama",
        ["PA"],
        ["SENAN"],
        [("negotiation", "2026-04-20"), ("signed", "2026-11-05")],
        [("alerts", "amber")],
    ),
    (
        "Accord de coopération de sécurité France–Costa Rica",
        "security",
        "Ministère de l'Europe et des Affaires étrangères",
        ["CR"],
        [],
        [("negotiation", "2026-05-04"), ("signed", "2026-10-05")],
        [("alerts", "green")],
    ),
    (
        "Arrangement douanier France–Guatemala",
        "customs",
        "Direction générale des douanes et droits indirects",
        ["GT"],
        [],
        [("negotiation", "2026-06-01"), ("signed", "2026-10-20")],
        [("seizure_reports", "amber")],
    ),
    (
        "Entraide judiciaire renforcée France–Brésil",
        "judicial",
        "Ambassade de France au Brésil",
        ["BR"],
        ["PF"],
        [("negotiation", "2026-05-11")],
        [("requests", "amber_strict")],
    ),
    (
        "Arrangement trilatéral de coopération maritime Colombie–Équateur–France",
        "security",
        "Ambassade de France en Colombie",
        ["CO", "EC"],
        ["DIRAN", "SENAE"],
        [("negotiation", "2025-12-01"), ("signed", "2026-02-20"), ("in_force", "2026-03-01")],
        [("joint_operations", "amber"), ("alerts", "amber")],
    ),
    (
        "Programme de formation antidrogue France–Bolivie",
        "training",
        "Ambassade de France en Bolivie",
        ["BO"],
        ["FELCN"],
        [],
        [],
    ),
]


# Operational arrangements that the plan's count of new agreements leaves out.
NOT_COUNTED = {"Arrangement trilatéral de coopération maritime Colombie–Équateur–France"}


def load_roles() -> int:
    created = 0
    for code, role, source in ROLES:
        _record, was_created = CountryRole.objects.get_or_create(
            country_id=code, role=role, since=dt.date(2024, 1, 1), defaults={"source": source}
        )
        created += was_created
    return created


def load_agreements() -> int:
    coordinator = User.objects.get(username="coordination")
    created = 0
    for title, kind, lead, countries, acronyms, lifecycle, sharing in AGREEMENTS:
        if Agreement.objects.filter(title=title).exists():
            continue
        data = services.AgreementData(
            title=title,
            kind=kind,
            lead_organisation=Organisation.objects.get(name=lead).pk,
            partner_countries=countries,
            partner_organisations=list(
                Organisation.objects.filter(acronym__in=acronyms).values_list("pk", flat=True)
            ),
            sharing=sharing,
            counts_for_plan=title not in NOT_COUNTED,
        )
        first_step = dt.date.fromisoformat(lifecycle[0][1]) if lifecycle else PLAN_START
        agreement = services.create_agreement(
            coordinator, data, created_on=first_step - dt.timedelta(days=30)
        )
        for status, day in lifecycle:
            services.transition(coordinator, agreement.pk, status, dt.date.fromisoformat(day))
        created += 1
    return created


def load(rng) -> dict[str, int]:
    """Load the partners' demo data; ``rng`` is unused: these records are fixed facts."""
    return {"country roles": load_roles(), "agreements": load_agreements()}
