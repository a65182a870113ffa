"""The ``racine`` console command.

Every sub-command sets Django up itself; wrong arguments, a broken configuration or a
service error end with one line on stderr and a non-zero exit code, never a traceback.

The command speaks English, one language per run: its own lines are English, so the
services' messages (translated with gettext) are given in English too, not in the
platform's default French.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence

EXIT_ERROR = 1
EXIT_USAGE = 2
LANGUAGE = "en"


class CommandError(Exception):
    """A failure to report on one stderr line."""


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "racine.settings")
    import django

    django.setup()


def _migrate(quiet: bool = True) -> None:
    from django.core.management import call_command
    from django.db import transaction

    from racine.core import reference

    call_command("migrate", interactive=False, verbosity=0 if quiet else 1)
    with transaction.atomic():
        counts = reference.load()
    details = ", ".join(f"{value} {name}" for name, value in counts.items())
    print(f"database ready; reference data added or corrected: {details}")


def cmd_migrate(args) -> None:
    """Create or upgrade the database schema and load the reference data."""
    _migrate(quiet=False)


def cmd_demo(args) -> None:
    """Prepare the database, load the demo data, print the logins, then serve."""
    from django.db import transaction

    from racine.core import demo

    _migrate()
    with transaction.atomic():
        counts = demo.load(args.seed)
    created = ", ".join(f"{value} {name}" for name, value in counts.items())
    print(f"demo data loaded (seed {args.seed}); created now: {created}")
    print("demo logins (username / password — role):")
    for username, password, role in demo.logins():
        print(f"  {username:18} {password}  — {role}")
    if not args.load_only:
        _serve(args.host, args.port, args.workers)


def _serve(host: str, port: int, workers: int) -> None:
    from gunicorn.app.base import BaseApplication

    from racine.wsgi import application

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("accesslog", "-")
            self.cfg.set("timeout", 60)

        def load(self):
            return application

    print(f"Racine is served at http://{host}:{port}/ (Ctrl+C stops it)", flush=True)
    Server().run()


def cmd_serve(args) -> None:
    """Serve the platform with gunicorn (a production server)."""
    _serve(args.host, args.port, args.workers)


def cmd_createuser(args) -> None:
    """Create a user account; the password is read from stdin or asked for."""
    from django.db import transaction

    from racine.core.models import Organisation
    from racine.core.services import UserData, create_user_unchecked

    organisation = None
    if args.organisation:
        organisation = Organisation.objects.filter(name=args.organisation).first()
        if organisation is None:
            raise CommandError(f"no organisation named {args.organisation!r}")
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
    data = UserData(
        username=args.username,
        organisation=organisation.pk if organisation else None,
        roles=args.role,
        email=args.email or "",
    )
    with transaction.atomic():
        user = create_user_unchecked(data, password)
    print(f"user {user.username} created with roles: {', '.join(args.role)}")


def cmd_token_create(args) -> None:
    """Create an API token for a user and print it alone on stdout (for partners' systems)."""
    from django.db import transaction

    from racine.core.models import User
    from racine.core.services import create_token

    user = User.objects.filter(username=args.username, is_active=True).first()
    if user is None:
        raise CommandError(f"no active user named {args.username!r}")
    with transaction.atomic():
        _token, secret = create_token(user, args.name)
    print(secret)


def cmd_audit_verify(args) -> int:
    """Walk the audit chain against its key and checkpoints; name the first break."""
    from racine.core import audit

    verification = audit.verify()
    verdict = verification.verdict
    for problem in verification.checkpoint_problems:
        print(f"racine: audit {problem}", file=sys.stderr)
    if not verdict.intact:
        print(f"racine: audit chain broken at {verdict.first_break}", file=sys.stderr)
    if not verification.intact:
        return EXIT_ERROR
    legacy = f", {verdict.legacy_entries} from before the key" if verdict.legacy_entries else ""
    print(
        f"audit chain intact: {verdict.entries} entries{legacy}, "
        f"{verdict.checkpoints} checkpoint(s) matched"
    )
    return 0


def cmd_import_iati(args) -> None:
    """Import IATI activity files: all validated first, then written in one transaction."""
    from pathlib import Path

    from racine.resources.services import import_iati

    files = []
    for name in args.files:
        path = Path(name)
        if path.is_dir():
            raise CommandError(f"{name} is a directory: give the XML files in it")
        if not path.is_file():
            raise CommandError(f"no such file: {name}")
        files.append((str(path), path.read_bytes()))
    report = import_iati(None, files)  # validates first, then writes in one transaction
    print(
        f"{report.files} file(s) imported: {report.created} activities created, "
        f"{report.updated} updated, {report.unchanged} unchanged"
    )


def _progress_bar(label: str):
    """Return a callback drawing a progress bar on stderr (only on a terminal)."""
    interactive = sys.stderr.isatty()

    def draw(done: int, total: int) -> None:
        if not interactive or not total:
            return
        filled = int(30 * done / total)
        end = "\n" if done >= total else ""
        print(
            f"\r{label} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}",
            end=end,
            file=sys.stderr,
            flush=True,
        )

    return draw


def cmd_sanctions_import(args) -> None:
    """Import an official sanctions list: checked whole first, then written in one transaction."""
    from django.db import transaction

    from racine.sanctions.services import import_list, read_list, rebuild_index

    listing = read_list(args.format, args.path, args.dataset)
    with transaction.atomic():
        report = import_list(
            None, args.format, args.path, args.dataset, _progress_bar("writing"), listing
        )
    for warning in report.warnings:
        print(f"racine: warning: {warning}", file=sys.stderr)
    if report.version is not None:
        rebuild_index()  # so that the next `racine screen` starts at once
    if report.version is None:
        print(f"{report.code}: unchanged ({report.entries} entries)")
    else:
        print(
            f"{report.code}: version {report.version}, {report.entries} entries "
            f"({report.added} added, {report.removed} removed, {report.changed} changed)"
        )


def cmd_sanctions_refresh(args) -> None:
    """Download the lists of RACINE_SANCTIONS_SOURCES now and import them."""
    from django.conf import settings

    from racine.sanctions.refresh import refresh_all

    if not settings.RACINE_SANCTIONS_SOURCES:
        raise CommandError("no source configured: set RACINE_SANCTIONS_SOURCES")
    failed = 0
    for outcome in refresh_all():
        report = outcome.report
        if outcome.error:
            failed += 1
            print(f"racine: error: {outcome.list_format}: {outcome.error}", file=sys.stderr)
        elif report.version is None:
            print(f"{report.code}: unchanged ({report.entries} entries)")
        else:
            print(
                f"{report.code}: version {report.version}, {report.entries} entries "
                f"({report.added} added, {report.removed} removed, {report.changed} changed)"
            )
    if failed:
        raise CommandError(f"{failed} source(s) not refreshed (nothing written for them)")


def cmd_sanctions_export(args) -> None:
    """Write a regime's list (its adopted designations) as FtM JSON lines or CSV.

    The same functions as the regime's page and ``GET /api/sanctions/regimes/{code}/export``
    produce the file, so the three give the same bytes.
    """
    from pathlib import Path

    from racine.core import exports
    from racine.sanctions import designations

    if args.format == "ftm":
        content = designations.export_ftm(None, args.regime)
    else:
        rows = designations.export_rows(None, args.regime)
        content = exports.csv_table(designations.CSV_COLUMNS, rows).encode()
    if args.output is None:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
        return
    try:
        Path(args.output).write_bytes(content)
    except OSError as error:
        raise CommandError(f"cannot write {args.output}: {error.strerror}") from None
    print(f"{args.regime}: list written to {args.output} ({args.format})", file=sys.stderr)


def cmd_exchange_import(args) -> None:
    """Import a file of seizure reports as a user: all checked first, then stored whole."""
    import hashlib
    import json as json_module
    from dataclasses import asdict
    from pathlib import Path

    from django.conf import settings
    from django.db import transaction

    from racine.core import audit, idempotency
    from racine.core.errors import RowErrors
    from racine.core.models import User
    from racine.exchange import ingest, ingest_files

    user = User.objects.filter(username=args.as_user, is_active=True).first()
    if user is None:
        raise CommandError(f"no active user named {args.as_user!r}")
    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"no such file: {args.file}")
    if path.stat().st_size > settings.RACINE_MAX_UPLOAD_MB * 1024 * 1024:
        raise CommandError(
            f"{args.file} is larger than RACINE_MAX_UPLOAD_MB ({settings.RACINE_MAX_UPLOAD_MB} MB)"
        )
    file_format = args.format or ingest_files.guess_format(path.name)
    defaults = ingest.FileDefaults(
        handling=args.handling or "",
        distribution=args.distribution or "",
        agreement=args.agreement,
        organisations=args.organisation or [],
        recipients=args.recipient or [],
    )
    draw = _progress_bar("writing")

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "writing":
            draw(done, total)
        elif sys.stderr.isatty():
            print(f"\rchecking {done} rows", end="", file=sys.stderr, flush=True)

    def work() -> str:
        with path.open("rb") as handle:
            checked = ingest.check_file(user, handle, file_format, defaults, progress)
        if sys.stderr.isatty():
            print(f"\rchecked {len(checked)} rows", file=sys.stderr, flush=True)
        report = ingest.store(checked, progress)
        return json_module.dumps({"created": report.created, "ids": report.ids})

    try:
        with audit.acting_as(audit.actor_for(user)), transaction.atomic():
            if args.idempotency_key:
                digest = hashlib.sha256(path.read_bytes())
                digest.update(json_module.dumps(asdict(defaults), sort_keys=True).encode())
                answer, replayed = idempotency.run_once(
                    user, args.idempotency_key, "exchange import", digest.hexdigest(), work
                )
            else:
                answer, replayed = work(), False
    except RowErrors as refusal:
        lines = refusal.lines()
        if refusal.total > len(lines):
            lines.append(f"... and {refusal.total - len(lines)} more problem(s)")
        raise CommandError("\n".join([refusal.detail, *lines])) from None
    created = json_module.loads(answer)["created"]
    if replayed:
        print(f"already imported with this idempotency key: {created} seizure report(s)")
    else:
        print(f"{created} seizure report(s) imported from {path.name}")


def cmd_screen(args) -> None:
    """Screen the names of a CSV file against every list; write the matches to a CSV file."""
    from racine.sanctions.screening_csv import read_queries, write_results
    from racine.sanctions.services import screen

    queries = read_queries(args.input)
    hits = screen(None, queries, threshold=args.threshold, limit=args.limit)
    write_results(args.output, hits)
    print(f"{len(queries)} name(s) screened, {len(hits)} match(es) written to {args.output}")


def cmd_intel_dedupe(args) -> None:
    """Resolve a CSV file of person records; write every id with its cluster id."""
    import csv
    import time
    from pathlib import Path

    from django.conf import settings

    from racine.intel.resolution import ResolutionError, records, resolve

    started = time.monotonic()

    def progress(stage: str) -> None:  # one line per stage: the stages take seconds to minutes
        print(f"racine: {time.monotonic() - started:6.1f} s  {stage}", file=sys.stderr, flush=True)

    output = Path(args.output)
    if not output.parent.is_dir():
        raise CommandError(f"{args.output}: no such directory {output.parent}")
    try:
        progress(f"reading {args.input}")
        ids, normalised, columns = records.read_csv(args.input)
        clusters = resolve(
            ids,
            normalised,
            columns,
            backend=settings.RACINE_INTEL_BACKEND,
            threshold=args.threshold,
            progress=progress,
        )
    except ResolutionError as error:
        raise CommandError(str(error)) from None
    partial = output.with_name(output.name + ".partial")  # a reader never sees half a file
    with partial.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(("id", "cluster_id"))
        writer.writerows(zip(ids, clusters, strict=True))
    partial.replace(output)
    print(f"{len(ids)} record(s) in {len(set(clusters))} cluster(s) written to {args.output}")


def cmd_intel_resolve(args) -> None:
    """Link the named entities of the exchange: new and changed ones against all the others."""
    import time

    from django.db import transaction

    from racine.intel import runs

    started = time.monotonic()

    def progress(stage: str) -> None:
        print(f"racine: {time.monotonic() - started:6.1f} s  {stage}", file=sys.stderr, flush=True)

    prepared = runs.prepare(progress)  # the long part, outside the transaction
    with transaction.atomic():
        run = runs.store(prepared, _progress_bar("writing"))
    print(
        f"run {run.pk}: {run.records} record(s) read, {run.compared} new or changed compared, "
        f"{run.removed} gone, {run.links} link(s) written"
    )


def _date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def cmd_plan_status(args) -> None:
    """Print every objective's value and status at a date, as a table or JSON."""
    from django.utils import timezone

    from racine.plan.schemas import ObjectiveStatus
    from racine.plan.services import check_figure_date, current_plan, evaluate_safely, objectives

    if current_plan() is None:
        raise CommandError("no plan loaded: run `racine migrate`")
    at = check_figure_date(args.at or timezone.localdate())
    # The same schema as GET /api/objectives: one definition of the JSON rows.
    rows = [
        ObjectiveStatus.from_orm(evaluate_safely(objective, at)).model_dump(mode="json")
        for objective in objectives()
    ]
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from racine.plan.formatting import figure

    def cell(row, key):
        # In the objective's unit, rounded as the dashboard shows it: "+19.6%", "×3.05", "9".
        value = row[key]
        if value is None or (key == "forecast" and row["unit"] == "stage"):
            return "—"
        return figure(value if key != "forecast" else round(value, 2), row["unit"])

    width = max(len(row["code"]) for row in rows)
    print(
        f"{'objective':{width}}  {'value':>10}  {'target':>10}  {'forecast':>10}  "
        f"status     (as of {at})"
    )
    for row in rows:
        print(
            f"{row['code']:{width}}  {cell(row, 'value'):>10}  {cell(row, 'target'):>10}  "
            f"{cell(row, 'forecast'):>10}  {row['status']}"
        )


def cmd_plan_snapshot(args) -> None:
    """Store today's (or a date's) value of every objective: the daily history job."""
    from django.db import transaction
    from django.utils import timezone

    from racine.plan.services import backfill, take_snapshots

    at = args.at or timezone.localdate()
    with transaction.atomic():
        count = backfill(args.since, at) if args.since else take_snapshots(at)
    print(f"{count} snapshot(s) stored up to {at}")
    cmd_audit_checkpoint(args)


def cmd_audit_checkpoint(args) -> None:
    """Append a signed checkpoint of the audit chain's head to the file outside the database."""
    from racine.core.services import write_audit_checkpoint

    checkpoint = write_audit_checkpoint()
    if checkpoint is None:
        print("audit chain empty: no checkpoint written")
    else:
        print(f"audit checkpoint written: entry #{checkpoint.sequence}")


def cmd_worker(args) -> None:
    """Run background jobs: each app's schedule, then the queued tasks, every interval."""
    import time

    from django.core.management import call_command

    from racine.core import tasks as core_tasks
    from racine.core.reference import app_modules

    print(f"worker started; checking every {args.interval} s (Ctrl+C stops it)", flush=True)
    while True:
        for module in (core_tasks, *app_modules("tasks")):
            module.schedule()
        call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=0)
        if args.once:
            return
        time.sleep(args.interval)


def cmd_manage(args) -> None:
    """Run a Django management command (for maintainers)."""
    from django.core.management import execute_from_command_line

    execute_from_command_line(["racine manage", *args.arguments])


def build_parser() -> argparse.ArgumentParser:
    from racine.core.choices import RoleCode

    parser = argparse.ArgumentParser(
        prog="racine",
        description="Racine: the platform of France's international plan against drug trafficking.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Callable, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    def server_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
        sub.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
        sub.add_argument("--workers", type=int, default=2, help="worker processes (2)")

    demo = add("demo", cmd_demo, "load the demo data and serve the platform")
    demo.add_argument("--load-only", action="store_true", help="load the demo data and exit")
    demo.add_argument("--seed", type=int, default=2025, help="seed of the demo generator (2025)")
    server_options(demo)
    server_options(add("serve", cmd_serve, "serve the platform with gunicorn"))
    add("migrate", cmd_migrate, "create or upgrade the database and load reference data")

    createuser = add("createuser", cmd_createuser, "create a user account")
    createuser.add_argument("username")
    createuser.add_argument(
        "--role",
        action="append",
        required=True,
        choices=RoleCode.values,
        help="a role of the user (repeat for several)",
    )
    createuser.add_argument("--organisation", help="exact name of the user's organisation")
    createuser.add_argument("--email")
    createuser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of stdin",
    )

    token = add("token", None, "manage API tokens")
    token_commands = token.add_subparsers(dest="token_command", required=True, metavar="ACTION")
    token_create = token_commands.add_parser(
        "create", help="create an API token for a user; prints the token alone"
    )
    token_create.add_argument("username")
    token_create.add_argument("--name", default="command line", help="name of the token")
    token_create.set_defaults(handler=cmd_token_create)

    audit = add("audit", None, "work with the audit log")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    verify = audit_commands.add_parser("verify", help="prove the audit chain untouched")
    verify.set_defaults(handler=cmd_audit_verify)
    checkpoint = audit_commands.add_parser(
        "checkpoint", help="write a signed checkpoint of the chain outside the database"
    )
    checkpoint.set_defaults(handler=cmd_audit_checkpoint)

    importer = add("import", None, "import data files")
    import_commands = importer.add_subparsers(dest="import_kind", required=True, metavar="KIND")
    iati_import = import_commands.add_parser(
        "iati", help="IATI activity XML (development aid); nothing is written if a file is bad"
    )
    iati_import.add_argument("files", nargs="+", metavar="FILE")
    iati_import.set_defaults(handler=cmd_import_iati)

    sanctions = add("sanctions", None, "official sanctions lists")
    sanctions_commands = sanctions.add_subparsers(
        dest="sanctions_command", required=True, metavar="ACTION"
    )
    list_import = sanctions_commands.add_parser(
        "import", help="import a list (a folder for ofac-csv); nothing is written if it is bad"
    )
    list_import.add_argument(
        "--format", required=True, choices=("ofac-csv", "ofac-xml", "un-xml", "eu-xml", "ftm")
    )
    list_import.add_argument("--dataset", help="dataset name of an ftm file (ftm:<dataset>)")
    list_import.add_argument("path", metavar="PATH")
    list_import.set_defaults(handler=cmd_sanctions_import)
    refresh = sanctions_commands.add_parser(
        "refresh", help="download the lists of RACINE_SANCTIONS_SOURCES now and import them"
    )
    refresh.set_defaults(handler=cmd_sanctions_refresh)
    export = sanctions_commands.add_parser(
        "export", help="write a regime's list (its adopted designations) as FtM JSON lines or CSV"
    )
    export.add_argument("regime", metavar="REGIME_CODE", help="the regime's code (eu-oc)")
    export.add_argument("--format", required=True, choices=("ftm", "csv"))
    export.add_argument("--output", metavar="FILE", help="the file to write (standard output)")
    export.set_defaults(handler=cmd_sanctions_export)

    exchange = add("exchange", None, "exchanges with partner agencies")
    exchange_commands = exchange.add_subparsers(
        dest="exchange_command", required=True, metavar="ACTION"
    )
    exchange_import = exchange_commands.add_parser(
        "import",
        help="import seizure reports (JSON Lines, CSV, XLSX); nothing is written if a row is bad",
    )
    exchange_import.add_argument("file", metavar="FILE")
    exchange_import.add_argument(
        "--as", dest="as_user", required=True, metavar="USERNAME", help="author of the reports"
    )
    exchange_import.add_argument(
        "--idempotency-key", metavar="KEY", help="a retry with the same key imports nothing twice"
    )
    exchange_import.add_argument("--format", choices=("jsonl", "csv", "xlsx"))
    exchange_import.add_argument("--handling", help="default handling code (amber…)")
    exchange_import.add_argument("--distribution", help="default distribution")
    exchange_import.add_argument("--agreement", type=int, help="default legal basis (id)")
    exchange_import.add_argument(
        "--organisation", type=int, action="append", help="default listed organisation (id)"
    )
    exchange_import.add_argument(
        "--recipient", type=int, action="append", help="default named recipient (user id)"
    )
    exchange_import.set_defaults(handler=cmd_exchange_import)

    screen = add("screen", cmd_screen, "screen names (CSV) against every sanctions list")
    screen.add_argument("--input", required=True, metavar="QUERIES.csv")
    screen.add_argument("--output", required=True, metavar="RESULTS.csv")
    screen.add_argument("--threshold", type=float, default=0.8, help="lowest score kept (0.8)")
    screen.add_argument("--limit", type=int, default=10, help="matches per name at most (10)")

    intel = add("intel", None, "intelligence: entity resolution")
    intel_commands = intel.add_subparsers(dest="intel_command", required=True, metavar="ACTION")
    dedupe = intel_commands.add_parser(
        "dedupe", help="resolve a CSV file of person records into clusters (id,cluster_id)"
    )
    dedupe.add_argument("--input", required=True, metavar="RECORDS.csv")
    dedupe.add_argument("--output", required=True, metavar="CLUSTERS.csv")
    dedupe.add_argument(
        "--threshold", type=float, help="lowest match probability linked (the engine's, 0.9)"
    )
    dedupe.set_defaults(handler=cmd_intel_dedupe)
    resolve = intel_commands.add_parser(
        "resolve",
        help="link the exchange's named entities (only new or changed ones are compared)",
    )
    resolve.set_defaults(handler=cmd_intel_resolve)

    plan = add("plan", None, "follow the plan's objectives")
    plan_commands = plan.add_subparsers(dest="plan_command", required=True, metavar="ACTION")
    status = plan_commands.add_parser("status", help="value and status of every objective")
    status.add_argument("--at", type=_date, help="date of the figures (today by default)")
    status.add_argument("--format", choices=("table", "json"), default="table")
    status.set_defaults(handler=cmd_plan_status)
    snapshot = plan_commands.add_parser("snapshot", help="store the day's values (run daily)")
    snapshot.add_argument("--at", type=_date, help="date (today by default)")
    snapshot.add_argument("--since", type=_date, help="also compute every week since this date")
    snapshot.set_defaults(handler=cmd_plan_snapshot)

    worker = add(
        "worker",
        cmd_worker,
        "run background jobs (daily snapshot, IATI imports, sanctions refresh and re-screening)",
    )
    worker.add_argument("--interval", type=int, default=5, help="seconds between checks (5)")
    worker.add_argument("--once", action="store_true", help="run what is due, then exit")

    manage = add("manage", cmd_manage, "run a Django management command (maintainers)")
    manage.add_argument("arguments", nargs=argparse.REMAINDER)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)  # exits 2 with a usage line on wrong arguments
    try:
        _setup()
    except Exception as error:  # configuration errors must read as one line, not a traceback
        print(f"racine: configuration error: {error}", file=sys.stderr)
        return EXIT_USAGE
    from django.db import DatabaseError
    from django.utils import translation

    from racine.core.errors import RacineError

    try:
        with translation.override(LANGUAGE):
            result = args.handler(args)
    except (CommandError, RacineError) as error:
        detail = str(getattr(error, "detail", error))
        first, *more = detail.splitlines() or [""]
        print(f"racine: error: {first}", file=sys.stderr)
        for line in more:  # an import names every bad line of every file
            print(f"racine: error: {line}", file=sys.stderr)
        return EXIT_ERROR
    except DatabaseError as error:
        print(f"racine: database error: {str(error).strip().splitlines()[0]}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    return result or 0


if __name__ == "__main__":
    sys.exit(main())
