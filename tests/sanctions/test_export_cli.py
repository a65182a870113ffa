"""`racine sanctions export REGIME --format {ftm,csv} [--output FILE]`: the regime's list as
the page and the API give it (the same export functions), errors in one line."""

import datetime as dt

import pytest

from racine import cli
from racine.sanctions import designations as d
from racine.sanctions.sources import ftm

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("adopted_regime")]


@pytest.fixture
def listed(officer, coordinator, ministry):
    """One adopted designation on eu-oc, and one still a draft (not on the list)."""

    def draft(name):
        return d.create_designation(
            officer,
            "eu-oc",
            d.DesignationData(
                schema="Person",
                name=name,
                statement_of_reasons="Dirige un réseau (fictif).",
                evidence="Jugement (fictif).",
                proposing_organisation=ministry.pk,
                aliases=["El Contador"],
            ),
        )

    adopted = draft("Aurelio Quintanar Pozo")
    d.transition(officer, adopted.pk, d.TransitionData("propose"))
    d.transition(coordinator, adopted.pk, d.TransitionData("review"))
    act = d.TransitionData("adopt", "", "Règlement 2026/101", dt.date(2026, 3, 2))
    d.transition(coordinator, adopted.pk, act)
    draft("Dragan Milošević Kovač")
    return adopted


def test_the_ftm_export_is_the_apis_and_reads_back(listed, login, officer, tmp_path, capsys):
    output = tmp_path / "eu-oc.ftm.json"
    assert (
        cli.main(["sanctions", "export", "eu-oc", "--format", "ftm", "--output", str(output)]) == 0
    )
    assert "eu-oc: list written to" in capsys.readouterr().err
    api = login(officer).get("/api/sanctions/regimes/eu-oc/export?format=ftm").content
    assert output.read_bytes() == api
    assert [e.entity_id for e in ftm.parse(output.read_bytes()).entities] == [listed.entity_id]


def test_the_csv_export_is_the_pages_on_standard_output(listed, login, officer, capsysbinary):
    assert cli.main(["sanctions", "export", "eu-oc", "--format", "csv"]) == 0
    written = capsysbinary.readouterr().out
    assert written == login(officer).get("/sanctions/regimes/eu-oc/export.csv").content
    lines = written.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("entity_id,schema,name,aliases")
    assert len(lines) == 2 and "Aurelio Quintanar Pozo" in lines[1]


def test_an_unknown_regime_or_format_fails_in_one_line_and_writes_nothing(tmp_path, capsys):
    output = tmp_path / "out.csv"
    assert (
        cli.main(["sanctions", "export", "xx-nope", "--format", "csv", "--output", str(output)])
        == 1
    )
    assert capsys.readouterr().err == "racine: error: No sanctions regime xx-nope.\n"
    assert not output.exists()
    with pytest.raises(SystemExit) as usage:
        cli.main(["sanctions", "export", "eu-oc", "--format", "xml"])
    assert usage.value.code == 2
    capsys.readouterr()
    unwritable = tmp_path / "missing" / "out.csv"
    assert (
        cli.main(["sanctions", "export", "eu-oc", "--format", "csv", "--output", str(unwritable)])
        == 1
    )
    assert capsys.readouterr().err.startswith(f"racine: error: cannot write {unwritable}")
