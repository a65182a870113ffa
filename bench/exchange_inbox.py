"""Benchmark: a partner officer's inbox with 1,000,000 exchanged items stored (issue 9).

For SQLite, then PostgreSQL: a database holding the demo data plus generated items up to
``BENCH_ITEMS`` (1,000,000) — originators from every demo organisation, every kind,
handling code and distribution, agreements in force, suspended and not yet in force,
listed organisations, accepted and refused disseminations, RED recipients, entities —
then ``BENCH_REQUESTS`` (200) times what the inbox page and ``GET /api/exchange/items``
do for the demo partner officer of the Mexican customs (``aduana.mexico``): the first
page of :func:`racine.exchange.services.list_items` and its count. Prints the 50th and
95th percentiles (target: p95 under 50 ms on each database).

The generated databases are kept between runs, named after :data:`GENERATOR` (change it
when the generator changes): ``var/bench/exchange-inbox-v<N>/`` for SQLite and
``<BENCH_POSTGRES_URL>_inbox_v<N>`` for PostgreSQL.

    make bench-exchange-inbox                                  # both databases
    make bench-exchange-inbox BENCH_DATABASES=sqlite           # SQLite only
    BENCH_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/racine_bench   (prefix)
    BENCH_ITEMS=1000000 BENCH_REQUESTS=200 BENCH_READER=aduana.mexico
"""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
GENERATOR = 1  # the version of the generated data: bump it when the generator changes
ITEMS = int(os.environ.get("BENCH_ITEMS", "1000000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
READER = os.environ.get("BENCH_READER", "aduana.mexico")
TARGET_MS = 50.0
BATCH = 20_000

# Who originates how much (acronym or name → weight): French services and the partner
# agencies of the routes Andes → Caribbean / Central America → European ports.
ORIGINATORS = {
    "DGDDI": 16,
    "OFAST": 9,
    "MEAE": 3,
    "PNACO": 2,
    "Ambassade de France au Mexique": 3,
    "Ambassade de France en Colombie": 3,
    "Ambassade de France en Équateur": 2,
    "Ambassade de France au Brésil": 1,
    "ANAM": 9,
    "FGR": 4,
    "DIRAN": 8,
    "DIAN": 4,
    "FGN": 2,
    "DIRANDRO": 4,
    "FELCN": 2,
    "SENAE": 6,
    "RFB": 4,
    "PF": 4,
    "SENAN": 2,
    "DNCD": 2,
}
KINDS = (("seizure", 70), ("alert", 20), ("request", 10))
CATEGORY = {"seizure": "seizure_reports", "alert": "alerts", "request": "requests"}
HANDLINGS = (("clear", 5), ("green", 20), ("amber", 55), ("amber_strict", 12), ("red", 8))
DISTRIBUTIONS = (("originator", 10), ("organisations", 25), ("agreement", 55), ("platform", 10))
SUSPENDED = "Accord de coopération policière France–Brésil (banc d'essai, suspendu)"
WORDS = ("cocaïne", "conteneur", "bananes", "Manzanillo", "Guayaquil", "Le Havre", "go-fast")


def weighted(rng: random.Random, pairs) -> str:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def setup(database: str) -> str:
    """Point Django at the cached database of this generator version; return its label."""
    data_dir = ROOT / "var" / "bench" / f"exchange-inbox-v{GENERATOR}"
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["RACINE_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "racine.settings")
    if database == "postgresql":
        base = os.environ.get(
            "BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/racine_bench"
        )
        url = urllib.parse.urlparse(base)
        name = f"{url.path.lstrip('/')}_inbox_v{GENERATOR}"
        import psycopg

        admin = url._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as connection:
            found = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if not found:
                connection.execute(f'CREATE DATABASE "{name}"')
        os.environ["RACINE_DATABASE_URL"] = url._replace(path=f"/{name}").geturl()
        return name
    os.environ["RACINE_DATABASE_URL"] = ""
    return str(data_dir / "racine.sqlite3")


def generate(rng: random.Random) -> None:
    """Add generated items (and their links) until ``ITEMS`` are stored; written in bulk."""
    from django.db import connection, transaction
    from django.utils import timezone

    from racine.core.db import datetime_value, insert_rows
    from racine.core.models import Organisation, Role, User
    from racine.exchange.models import Dissemination, Entity, Item
    from racine.partners.models import Agreement, SharingProvision

    if not User.objects.filter(username=READER).exists():  # reference and demo data first
        subprocess.run([str(ROOT / ".venv" / "bin" / "racine"), "demo", "--load-only"], check=True)
    stored = Item.objects.count()
    if stored >= ITEMS:
        return
    started = time.perf_counter()
    print(f"generating {ITEMS - stored:,} items (generator v{GENERATOR})…", flush=True)
    orgs = {}
    for organisation in Organisation.objects.all():
        orgs[organisation.acronym or organisation.name] = organisation
    with transaction.atomic():
        # One suspended agreement, so that some items lose their legal basis.
        suspended, created = Agreement.objects.get_or_create(
            title=SUSPENDED,
            defaults={
                "kind": "security",
                "status": "suspended",
                "lead_organisation": orgs["Ambassade de France au Brésil"],
                "signed_on": dt.date(2025, 6, 1),
                "in_force_on": dt.date(2025, 9, 1),
            },
        )
        if created:
            suspended.partner_countries.set(["BR"])
            suspended.partner_organisations.set([orgs["PF"], orgs["RFB"]])
            SharingProvision.objects.bulk_create(
                SharingProvision(agreement=suspended, category=c, handling_code="amber")
                for c in ("seizure_reports", "alerts", "requests", "personal_data")
            )
        agreements = list(
            Agreement.objects.filter(
                status__in=["in_force", "suspended", "signed"]
            ).prefetch_related("partner_organisations")
        )
        partner_of = {a.pk: {o.pk for o in a.partner_organisations.all()} for a in agreements}
        # One exchange officer per originating organisation that has none yet.
        role = Role.objects.get(code="partner_officer")
        authors: dict[int, list[int]] = {}
        for key in ORIGINATORS:
            organisation = orgs[key]
            members = list(
                User.objects.filter(
                    organisation=organisation,
                    roles__code__in=[
                        "partner_officer",
                        "embassy_officer",
                        "analyst",
                        "sanctions_officer",
                    ],
                ).values_list("pk", flat=True)
            )
            if not members:
                user = User.objects.create(
                    username=f"bench.{organisation.pk}", organisation=organisation
                )
                user.roles.add(role)
                members = [user.pk]
            authors[organisation.pk] = members
        reader = User.objects.get(username=READER)
        everyone = [u for members in authors.values() for u in members] + [reader.pk]
        org_ids = list(authors)
        french = {o.pk: o.french_state for o in orgs.values()}
        weights = [ORIGINATORS[k] for k in ORIGINATORS]
        next_id = (Item.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        now = timezone.now()
        span = int(dt.timedelta(days=3 * 365).total_seconds())
        item_columns = [
            "id", "kind", "title", "body", "originator_id", "author_id", "category",
            "personal_data", "handling", "distribution", "agreement_id", "source_reliability",
            "information_accuracy", "handling_conditions", "created_at", "updated_at",
        ]  # fmt: skip
        remaining = ITEMS - stored
        while remaining > 0:
            size = min(BATCH, remaining)
            items, listed, named, spread, entities = [], [], [], [], []
            for pk in range(next_id, next_id + size):
                originator = rng.choices(org_ids, weights)[0]
                kind = weighted(rng, KINDS)
                handling = weighted(rng, HANDLINGS)
                distribution = weighted(rng, DISTRIBUTIONS)
                personal = handling != "clear" and rng.random() < 0.3
                mine = [a for a in agreements if originator in partner_of[a.pk]]
                choices = mine or (agreements if french[originator] else [])
                agreement = rng.choice(choices).pk if choices and rng.random() < 0.85 else None
                created = now - dt.timedelta(seconds=rng.randrange(span))
                stamp = datetime_value(created)
                word = rng.choice(WORDS)
                items.append(
                    (
                        pk, kind, f"{word} n° {pk}", f"Données générées ({word}).", originator,
                        rng.choice(authors[originator]), CATEGORY[kind], personal, handling,
                        distribution, agreement, rng.choice("ABCX"), rng.choice("1234"),
                        rng.choice(("", "", "H0", "H1", "H2", "H3")), stamp, stamp,
                    )
                )  # fmt: skip
                if distribution == "organisations":
                    for target in rng.sample(org_ids, rng.randint(1, 3)):
                        listed.append((pk, target))
                if handling == "red":
                    for user in rng.sample(everyone, rng.randint(1, 3)):
                        named.append((pk, user))
                if rng.random() < 0.03:
                    target = rng.choice(org_ids)
                    status = weighted(rng, (("accepted", 6), ("refused", 2), ("requested", 2)))
                    spread.append((pk, target, status, rng.choice(authors[originator]), stamp))
                if personal or rng.random() < 0.1:
                    entity = "person" if personal else "container"
                    entities.append((pk, entity, f"Personne générée {pk}" if personal else ""))
            insert_rows(Item, item_columns, items)
            insert_rows(
                Item.organisations.through, ["item_id", "organisation_id"], sorted(set(listed))
            )
            insert_rows(Item.recipients.through, ["item_id", "user_id"], sorted(set(named)))
            insert_rows(
                Dissemination,
                ["item_id", "organisation_id", "status", "requested_by_id", "requested_at"],
                spread,
            )
            insert_rows(
                Entity, ["item_id", "kind", "name", "identifier"], [e + ("",) for e in entities]
            )
            next_id += size
            remaining -= size
            print(f"  {ITEMS - remaining:,} items", end="\r", flush=True)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # the identity sequence follows the ids we chose
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence('exchange_item', 'id'), "
                    "(SELECT max(id) FROM exchange_item))"
                )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")  # outside a transaction: autocommit here
    print(f"\ngenerated in {time.perf_counter() - started:.0f} s", flush=True)


def measure() -> tuple[list[float], int, int]:
    """Time the inbox's first page and count ``REQUESTS`` times; return ms, total, visible."""
    from django.db import connection, reset_queries

    from racine.core.models import User
    from racine.core.schemas import paginated
    from racine.exchange import services
    from racine.exchange.models import Item

    reader = User.objects.select_related("organisation").get(username=READER)
    times = []
    visible = 0
    for index in range(REQUESTS + 5):
        user = User.objects.select_related("organisation").get(pk=reader.pk)  # a new request
        started = time.perf_counter()
        answer = paginated(services.list_items(user), 1)
        elapsed = (time.perf_counter() - started) * 1000
        assert len(answer["results"]) == min(50, answer["count"])
        visible = answer["count"]
        if index >= 5:  # the first requests warm the caches
            times.append(elapsed)
        reset_queries()
    connection.close()
    return times, Item.objects.count(), visible


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def run(database: str) -> bool:
    """Prepare (or reuse) the database, measure; in a child process per database."""
    label = setup(database)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    generate(random.Random(GENERATOR))
    times, total, visible = measure()
    p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
    ok = p95 < TARGET_MS
    print(
        f"[{database}] {total:,} items; reader {READER} sees {visible:,}; "
        f"first page + count over {len(times)} requests: p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
        f"max {max(times):.1f} ms (target p95 < {TARGET_MS:g} ms) {'OK' if ok else 'MISSED'}"
        f"  [{label}]",
        flush=True,
    )
    return ok


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        return 0 if run(sys.argv[2]) else 1
    print(f"cores: {os.cpu_count()}; load {os.getloadavg()[0]:.1f} (figures are noisy when busy)")
    databases = os.environ.get("BENCH_DATABASES", "sqlite postgresql").split()
    # One process per database: Django's settings are read once per process.
    codes = [subprocess.call([PYTHON, __file__, "--one", db]) for db in databases]
    return max(codes)


if __name__ == "__main__":
    sys.exit(main())
