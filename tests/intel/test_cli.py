"""`racine intel dedupe`: the file contract, its refusals, and its quality on a labelled file."""

import csv
import itertools
from collections import defaultdict

import pytest

from racine import cli
from tests.shared_data import shared_file

# Measured F1 on fake_1000 at the default threshold was 0.753 (precision 1.000, recall 0.604;
# bench/intel_resolution.py); the floor leaves room for DuckDB's sampling, not for a regression.
F1_FLOOR = 0.72


def write(path, header, rows):
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read(path):
    with path.open(newline="") as handle:
        return list(csv.reader(handle))


PEOPLE = [
    ("p1", "Marie", "Dubois", "1980-02-11", "Paris", "marie.dubois@example.fr", "x"),
    ("p2", "Marie", "Duboís", "1980-02-11", "Paris", "", "y"),
    ("p3", "Jean", "Moreau", "1975-07-30", "Lyon", "jm@example.fr", ""),
    ("p4", "Carlos", "Ruiz", "1990-01-01", "Madrid", "jm@example.fr", ""),
    ("p5", "Ana", "Silva", "", "Lisboa", "", ""),
]
HEADER = ("id", "first_name", "surname", "birth_date", "city", "email", "notes")


def test_every_row_comes_out_once_with_its_cluster(tmp_path, capsys):
    source = write(tmp_path / "people.csv", HEADER, PEOPLE)
    target = tmp_path / "clusters.csv"
    assert cli.main(["intel", "dedupe", "--input", str(source), "--output", str(target)]) == 0
    rows = read(target)
    assert rows[0] == ["id", "cluster_id"]
    clusters = dict(rows[1:])
    assert [row[0] for row in rows[1:]] == [p[0] for p in PEOPLE]
    assert clusters["p3"] == clusters["p4"] == "p3"  # the same e-mail address
    assert clusters["p5"] == "p5"
    captured = capsys.readouterr()
    assert "reading" in captured.err and "clustering" in captured.err
    assert "5 record(s)" in captured.out


@pytest.mark.parametrize(
    ("header", "rows", "message"),
    [
        (("name", "surname"), [("a", "b")], "no 'id' column"),
        (("id", "surname"), [("1", "a"), ("2", "b"), ("1", "c")], "row 4: id '1' already on row 2"),
        (("id", "colour"), [("1", "red")], "no usable column"),
        (("id", "surname"), [("1", "a"), ("", "b")], "row 3: empty id"),
    ],
)
def test_bad_input_stops_in_one_line_and_writes_nothing(tmp_path, capsys, header, rows, message):
    source = write(tmp_path / "people.csv", header, rows)
    target = tmp_path / "clusters.csv"
    assert cli.main(["intel", "dedupe", "--input", str(source), "--output", str(target)]) == 1
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error.startswith("racine: error: ") and message in error
    assert not target.exists() and not list(tmp_path.glob("clusters*"))


def test_an_unreadable_file_is_refused(tmp_path, capsys):
    source = tmp_path / "people.csv"
    source.write_bytes(b"id,surname\n1,\xff\xfe\n")
    target = tmp_path / "clusters.csv"
    assert cli.main(["intel", "dedupe", "--input", str(source), "--output", str(target)]) == 1
    assert "unreadable" in capsys.readouterr().err
    assert (
        cli.main(
            ["intel", "dedupe", "--input", str(tmp_path / "none.csv"), "--output", str(target)]
        )
        == 1
    )
    assert not target.exists()


def test_spark_selected_without_pyspark_stops_with_a_clear_message(tmp_path, capsys, settings):
    settings.RACINE_INTEL_BACKEND = "spark"
    source = write(tmp_path / "people.csv", HEADER, PEOPLE)
    target = tmp_path / "clusters.csv"
    assert cli.main(["intel", "dedupe", "--input", str(source), "--output", str(target)]) == 1
    assert "RACINE_INTEL_BACKEND=spark needs pyspark" in capsys.readouterr().err
    assert not target.exists()


def pairs(clusters):
    groups = defaultdict(list)
    for identifier, cluster in clusters.items():
        groups[cluster].append(identifier)
    return {frozenset(p) for g in groups.values() for p in itertools.combinations(g, 2)}


def test_quality_on_splink_fake_1000_stays_above_the_measured_floor(tmp_path):
    with shared_file("entity_resolution", "splink_fake_1000.csv").open() as handle:
        source = list(csv.DictReader(handle))
    renamed = [
        (r["unique_id"], r["first_name"], r["surname"], r["dob"], r["city"], r["email"], "")
        for r in source
    ]
    records = write(tmp_path / "fake.csv", HEADER, renamed)
    target = tmp_path / "clusters.csv"
    assert cli.main(["intel", "dedupe", "--input", str(records), "--output", str(target)]) == 0
    found = pairs(dict(read(target)[1:]))
    truth = pairs({r["unique_id"]: r["cluster"] for r in source})
    precision = len(found & truth) / len(found)
    recall = len(found & truth) / len(truth)
    assert 2 * precision * recall / (precision + recall) > F1_FLOOR
