"""The racine command: help, clear one-line errors, createuser, idempotent demo loading."""

import subprocess
import sys

import pytest

from racine import cli
from racine.core.demo import DEMO_PASSWORD, USERS
from racine.core.models import AuditEntry, Organisation, User


def run(*args, stdin=""):
    return subprocess.run(
        [sys.executable, "-m", "racine.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_help_lists_the_commands():
    result = run("--help")
    assert result.returncode == 0
    for command in ("demo", "serve", "migrate", "createuser", "audit"):
        assert command in result.stdout


def test_wrong_arguments_give_a_usage_line_and_exit_2():
    result = run("serve", "--port", "eighty")
    assert result.returncode == 2
    assert "invalid int value" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_command_is_refused():
    result = run("launch")
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_createuser_reads_the_password_from_stdin(reference, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("a long enough passphrase\n"))
    code = cli.main(
        ["createuser", "lucia", "--role", "viewer", "--role", "analyst", "--password-stdin"]
    )
    assert code == 0
    user = User.objects.get(username="lucia")
    assert user.check_password("a long enough passphrase")
    assert user.role_codes() == {"viewer", "analyst"}


def test_createuser_with_a_weak_password_fails_in_one_line_and_writes_nothing(
    reference, monkeypatch, capsys
):
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("123\n"))
    code = cli.main(["createuser", "lucia", "--role", "viewer", "--password-stdin"])
    assert code == 1
    error = capsys.readouterr().err
    assert error.startswith("racine: error: ") and error.count("\n") == 1
    assert not User.objects.filter(username="lucia").exists()


def test_createuser_for_an_unknown_organisation_fails(reference, capsys):
    code = cli.main(["createuser", "lucia", "--role", "viewer", "--organisation", "Nowhere"])
    assert code == 1
    assert "no organisation named 'Nowhere'" in capsys.readouterr().err


@pytest.mark.django_db
def test_loading_the_demo_twice_changes_nothing(capsys):
    assert cli.main(["demo", "--load-only"]) == 0
    counts = (Organisation.objects.count(), User.objects.count(), AuditEntry.objects.count())
    assert cli.main(["demo", "--load-only"]) == 0
    assert (
        Organisation.objects.count(),
        User.objects.count(),
        AuditEntry.objects.count(),
    ) == counts
    output = capsys.readouterr().out
    assert "created now: 0 organisations, 0 users" in output
    for person in USERS:
        assert person.username in output
        assert User.objects.get(username=person.username).check_password(DEMO_PASSWORD)


@pytest.mark.django_db
def test_the_demo_has_one_user_per_role_and_the_embassies_of_the_region(capsys):
    cli.main(["demo", "--load-only"])
    roles = {code for user in User.objects.all() for code in user.role_codes()}
    assert roles == {
        "administrator",
        "plan_coordinator",
        "embassy_officer",
        "partner_officer",
        "analyst",
        "sanctions_officer",
        "viewer",
    }
    embassies = set(Organisation.objects.filter(kind="embassy").values_list("country", flat=True))
    assert {"MX", "CO", "PE", "BO", "EC", "BR", "PA", "DO"} <= embassies
    assert Organisation.objects.filter(french_state=False, kind="customs").exists()


def test_every_command_is_documented():
    from pathlib import Path

    documented = (Path(__file__).parents[1] / "docs" / "cli.md").read_text()
    parser = cli.build_parser()
    commands = parser._subparsers._group_actions[0].choices
    for name in commands:
        assert f"`racine {name}" in documented, name


FIXTURES = __import__("pathlib").Path(__file__).resolve().parent / "fixtures"


def test_import_iati_writes_the_activities_and_a_bad_file_writes_nothing(
    reference, capsys, tmp_path
):
    from racine.resources.models import AidActivity

    good = FIXTURES / "aid-meae-16063.xml"
    bad = tmp_path / "bad.xml"
    bad.write_bytes(good.read_bytes().replace(b"3000000", b"trois millions"))

    assert cli.main(["import", "iati", str(bad), str(good)]) == 1
    assert "bad.xml: line 14: transaction value" in capsys.readouterr().err
    assert not AidActivity.objects.exists()

    assert cli.main(["import", "iati", str(good)]) == 0
    assert "1 activities created" in capsys.readouterr().out
    assert cli.main(["import", "iati", str(good)]) == 0
    assert "1 unchanged" in capsys.readouterr().out


def test_plan_status_prints_every_objective_as_json(reference, capsys):
    import json

    assert cli.main(["plan", "status", "--at", "2026-03-01", "--format", "json"]) == 0
    objectives = json.loads(capsys.readouterr().out)
    assert len(objectives) == 6
    for objective in objectives:
        assert {
            "code",
            "title",
            "unit",
            "baseline",
            "value",
            "target",
            "deadline",
            "status",
            "as_of",
        } <= objective.keys()
        assert objective["status"] in {"achieved", "on_track", "at_risk", "off_track"}
        assert objective["as_of"] == "2026-03-01"


def test_plan_status_refuses_a_malformed_date():
    result = run("plan", "status", "--at", "2026-13-01")
    assert result.returncode == 2 and "not a date" in result.stderr


def test_a_directory_given_as_a_file_is_named_a_directory(db, tmp_path, capsys):
    assert cli.main(["import", "iati", str(tmp_path)]) == 1
    error = capsys.readouterr().err
    assert "is a directory" in error and "no such file" not in error


def test_the_command_speaks_one_language_per_run(reference, capsys, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert cli.main(["createuser", "bob", "--role", "viewer", "--password-stdin"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("racine: error: ")
    french = ("caractères", "mot de passe", "trop court", "est ", "doit ")
    assert not any(word in error for word in french), error


def test_plan_status_table_shows_units_and_rounded_figures(reference, capsys):
    import re

    from racine.core import demo

    demo.load()
    assert cli.main(["plan", "status", "--at", "2026-11-22"]) == 0
    table = capsys.readouterr().out
    lines = {line.split()[0]: line for line in table.splitlines()[1:]}

    assert re.search(r"\s\+\d+\.\d%\s", lines["effectifs-specialises"])
    assert "+20.0%" in lines["effectifs-specialises"]
    assert "×3.05" in lines["moyens-intervention"] and "×3.00" in lines["moyens-intervention"]
    assert not re.search(r"\d\.\d{3,}", table), table  # no unrounded floats
