"""`racine sanctions import` and `racine screen`: the contract of the issue, errors in one line."""

import csv

import pytest

from racine import cli
from racine.sanctions.models import ListEntry
from tests.sanctions.conftest import EU_SAMPLE

pytestmark = pytest.mark.django_db
HEADER = "query_id,rank,score,list,entity_id,matched_name"


def queries(tmp_path, text: str):
    path = tmp_path / "queries.csv"
    path.write_text(text, encoding="utf-8")
    return path


def screen(tmp_path, text: str, *options: str):
    output = tmp_path / "results.csv"
    code = cli.main(
        ["screen", "--input", str(queries(tmp_path, text)), "--output", str(output), *options]
    )
    return code, output


def test_import_then_reimport_prints_the_version_then_unchanged(reference, small_sdn, capsys):
    assert cli.main(["sanctions", "import", "--format", "ofac-csv", str(small_sdn)]) == 0
    out = capsys.readouterr()
    assert "ofac-sdn: version 1, 3 entries (3 added, 0 removed, 0 changed)" in out.out
    assert "racine: warning: alt.csv: 1 row(s)" in out.err
    assert cli.main(["sanctions", "import", "--format", "ofac-csv", str(small_sdn)]) == 0
    assert "ofac-sdn: unchanged (3 entries)" in capsys.readouterr().out


def test_a_bad_list_fails_in_one_line_per_problem_and_writes_nothing(reference, tmp_path, capsys):
    bad = tmp_path / "un.xml"
    bad.write_bytes(b"<CONSOLIDATED_LIST><INDIVIDUALS>")
    assert cli.main(["sanctions", "import", "--format", "un-xml", str(bad)]) == 1
    error = capsys.readouterr().err
    assert error.startswith("racine: error: UN list: not well-formed XML at line 1")
    assert error.count("\n") == 1 and not ListEntry.objects.exists()


def test_screen_writes_the_contract_columns_ranks_and_list_ids(reference, small_sdn, tmp_path):
    cli.main(["sanctions", "import", "--format", "ofac-csv", str(small_sdn)])
    cli.main(["sanctions", "import", "--format", "eu-xml", EU_SAMPLE])
    code, output = screen(
        tmp_path,
        "id,name,schema,birth_date,country,identifier\n"
        'a1,"RODRIGUEZ OREJUELA, Gilberto",Person,1939-01-31,co,\n'
        "a2,Nadie Conocido,,,,\n"
        "a3,Joaquin Ejemplar Muestrario,Person,1971,MX,G99887766\n"
        "a4,Ocean Star,Vessel,,,IMO 9187629\n",
        "--threshold",
        "0.7",
        "--limit",
        "2",
    )
    assert code == 0
    text = output.read_text(encoding="utf-8")
    assert text.splitlines()[0] == HEADER
    rows = list(csv.DictReader(text.splitlines()))
    by_query = {row["query_id"]: row for row in rows if row["rank"] == "1"}
    assert by_query["a1"]["list"] == "ofac-sdn" and by_query["a1"]["entity_id"] == "4107"
    assert by_query["a3"]["list"] == "eu-fsf" and by_query["a3"]["entity_id"] == "990101"
    assert by_query["a4"]["entity_id"] == "9001"
    assert "a2" not in {row["query_id"] for row in rows}
    for row in rows:
        assert 0 <= float(row["score"]) <= 1 and float(row["score"]) >= 0.7
        assert int(row["rank"]) in (1, 2)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # The command speaks English, one language per run (docs/cli.md), naming the row.
        ("identifier,name\n1,x\n", "missing column(s) id in the header"),
        ("id,name,birth_date\n1,Juan,1980-13-01\n", "row 2: invalid birth date"),
        ("id,name\n1,Juan\n2,\n", "row 3: the name is empty"),
        ("id,name,country\n1,Juan,France\n", "row 2: invalid country France"),
        ("id,name,schema\n1,Juan,Dragon\n", "row 2: unknown schema Dragon"),
        ("id,name\n1,Juan\n1,Pedro\n", "row 3: the id 1 appears twice"),
    ],
)
def test_bad_queries_stop_with_one_line_naming_the_row(reference, tmp_path, capsys, text, message):
    code, output = screen(tmp_path, text)
    error = capsys.readouterr().err
    assert code == 1 and message in error and error.count("\n") == 1
    assert error.startswith("racine: error: ") and not output.exists()


def test_an_unreadable_queries_file_is_one_line(reference, tmp_path, capsys):
    path = tmp_path / "queries.csv"
    path.write_bytes(b"id,name\n1,\xff\xfe\n")
    code = cli.main(["screen", "--input", str(path), "--output", str(tmp_path / "r.csv")])
    error = capsys.readouterr().err
    assert code == 1 and "cannot read the file" in error and error.count("\n") == 1
