"""Benchmark: person-record resolution quality and speed, beside Splink's own example models.

Datasets (``../shared/data/entity_resolution/``, see its SOURCES.md):

- **fake_1000** — Splink's 1,000 synthetic records (251 true clusters). Reference model:
  Splink 4's tutorial on this file (docs/demos/tutorials, "Estimating model parameters" and
  "Predicting results"): NameComparison(first_name), JaroAtThresholds(surname),
  DateOfBirthComparison(dob), ExactMatch(city) with term frequencies, EmailComparison(email);
  prediction blocking on (first_name, dob) and (surname); prior from (first_name, dob),
  (first_name + surname within Levenshtein 2), (email) at recall 0.7; u by random sampling
  (1e6 pairs); EM on (first_name, surname) then (dob); clusters at probability 0.95.
- **historical_50k** — 50,578 records of historical figures with errors (5,156 clusters).
  Reference model: Splink 4's example "deduplicate_50k_synthetic" (docs/demos/examples/
  duckdb): ForenameSurnameComparison, DateOfBirthComparison, PostcodeComparison,
  ExactMatch(birth_place) and ExactMatch(occupation) with term frequencies; blocking on
  (first_name, surname) and (surname, dob); prior from (first_name, surname, dob),
  (first two letters of first name, surname, postcode area), (dob, postcode) at recall 0.6;
  u from 5e6 pairs; EM on (first_name, surname) then (dob); clusters at probability 0.95.
  Racine's engine gets the columns of its CSV interface only: it does not see occupation
  or gender (the reference does).
- **FEBRL 1-3** — Racine's engine only (no Splink example is reproduced for them).

The two reference models are written from Splink 4's documentation of those examples as
far as it could be consulted here; they were not checked line by line against the
notebooks, so a small difference in their settings is possible. Both engines run on DuckDB
in the same process, one after the other. Figures: pairwise
precision, recall and F1 of the clusters against the truth, and wall time.

``BENCH_RECORDS=1000000`` instead measures scale: that many records generated from the
historical_50k distribution (names, birth places and postcodes drawn from the file, true
people with 1-6 records each and the file's kinds of error), resolved by Racine's engine
alone; time and the process's peak memory (ru_maxrss). ``BENCH_DATASETS=fake_1000,...``
picks the quality datasets.

Run with ``make bench-intel-resolution``.
"""

from __future__ import annotations

import csv
import itertools
import os
import random
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from racine.intel.resolution import records as racine_records  # noqa: E402
from racine.intel.resolution import resolve  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "entity_resolution"


def true_pairs(clusters: dict[str, str]) -> set[tuple[str, str]]:
    """Return every unordered pair of ids in the same cluster."""
    groups = defaultdict(list)
    for identifier, cluster in clusters.items():
        groups[cluster].append(identifier)
    return {
        (a, b) if a < b else (b, a)
        for members in groups.values()
        for a, b in itertools.combinations(members, 2)
    }


def scores(found: dict[str, str], truth: dict[str, str]) -> tuple[float, float, float]:
    """Return pairwise precision, recall and F1 of ``found`` clusters against ``truth``."""
    predicted, expected = true_pairs(found), true_pairs(truth)
    hits = len(predicted & expected)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(expected) if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def run_racine(rows: list[dict[str, str]]) -> dict[str, str]:
    """Resolve rows given in Racine's CSV columns; return id → cluster id."""
    usable = [c for c in racine_records.COLUMNS if c in rows[0]]
    ids = [row["id"] for row in rows]
    normalised = [racine_records.normalise(row, usable) for row in rows]
    clusters = resolve(ids, normalised, racine_records.model_columns(usable))
    return dict(zip(ids, clusters, strict=True))


# --- the datasets, in Racine's columns (rows) and as Splink's examples read them (frame) ---


def fake_1000():
    with (DATA / "splink_fake_1000.csv").open() as handle:
        source = list(csv.DictReader(handle))
    rows = [
        {
            "id": r["unique_id"],
            "first_name": r["first_name"],
            "surname": r["surname"],
            "birth_date": r["dob"],
            "city": r["city"],
            "email": r["email"],
        }
        for r in source
    ]
    return rows, {r["unique_id"]: r["cluster"] for r in source}


def historical_50k():
    import pandas as pd

    frame = pd.read_parquet(DATA / "splink_historical_figures_with_errors_50k.parquet")
    frame = frame.astype({"unique_id": str}).replace({float("nan"): None})
    rows = [
        {
            "id": r["unique_id"],
            "first_name": r["first_name"] or "",
            "surname": r["surname"] or "",
            "birth_date": r["dob"] or "",
            "city": r["birth_place"] or "",
            "postcode": r["postcode_fake"] or "",
        }
        for r in frame.to_dict("records")
    ]
    return rows, dict(zip(frame["unique_id"], frame["cluster"].astype(str), strict=True))


def febrl(number: int):
    with (DATA / "febrl" / f"dataset{number}.csv").open() as handle:
        reader = csv.reader(handle, skipinitialspace=True)  # the files put a space after commas
        header = next(reader)
        source = [dict(zip(header, row, strict=True)) for row in reader]
    rows = [
        {
            "id": r["rec_id"],
            "first_name": r["given_name"],
            "surname": r["surname"],
            "birth_date": r["date_of_birth"],
            "address": f"{r['street_number']} {r['address_1']} {r['address_2']}",
            "city": r["suburb"],
            "postcode": r["postcode"],
        }
        for r in source
    ]
    return rows, {r["rec_id"]: r["rec_id"].split("-")[1] for r in source}


# --- Splink's example models, reproduced ---


def splink_clusters(frame, settings, prior_rules, recall, u_pairs, em_rules):
    """Train and cluster as Splink's examples do; return unique_id → cluster id."""
    import logging

    from splink import DuckDBAPI, Linker

    logging.getLogger("splink").setLevel(logging.WARNING)
    linker = Linker(frame, settings, db_api=DuckDBAPI(), set_up_basic_logging=False)
    linker.training.estimate_probability_two_random_records_match(prior_rules, recall=recall)
    linker.training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=1)
    for rule in em_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True
        )
    predictions = linker.inference.predict(threshold_match_probability=0.2)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=0.95
    ).as_pandas_dataframe()
    return dict(
        zip(clusters["unique_id"].astype(str), clusters["cluster_id"].astype(str), strict=True)
    )


def splink_fake_1000() -> dict[str, str]:
    import pandas as pd
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    frame = pd.read_csv(DATA / "splink_fake_1000.csv")
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.JaroAtThresholds("surname"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
            cl.EmailComparison("email"),
        ],
        blocking_rules_to_generate_predictions=[block_on("first_name", "dob"), block_on("surname")],
    )
    prior = [
        block_on("first_name", "dob"),
        "l.first_name = r.first_name and levenshtein(r.surname, l.surname) <= 2",
        block_on("email"),
    ]
    em = [block_on("first_name", "surname"), block_on("dob")]
    return splink_clusters(frame, settings, prior, 0.7, 1e6, em)


def splink_historical_50k() -> dict[str, str]:
    import pandas as pd
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    frame = pd.read_parquet(DATA / "splink_historical_figures_with_errors_50k.parquet")
    frame["first_name_surname_concat"] = frame["first_name"] + " " + frame["surname"]
    settings = SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "surname"),
            block_on("surname", "dob"),
        ],
        comparisons=[
            cl.ForenameSurnameComparison(
                "first_name",
                "surname",
                forename_surname_concat_col_name="first_name_surname_concat",
            ),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.PostcodeComparison("postcode_fake"),
            cl.ExactMatch("birth_place").configure(term_frequency_adjustments=True),
            cl.ExactMatch("occupation").configure(term_frequency_adjustments=True),
        ],
    )
    prior = [
        block_on("first_name", "surname", "dob"),
        block_on("substr(first_name,1,2)", "surname", "substr(postcode_fake,1,2)"),
        block_on("dob", "postcode_fake"),
    ]
    em = [block_on("first_name", "surname"), block_on("dob")]
    return splink_clusters(frame, settings, prior, 0.6, 5e6, em)


REFERENCES = {"fake_1000": splink_fake_1000, "historical_50k": splink_historical_50k}
DATASETS = {
    "fake_1000": fake_1000,
    "historical_50k": historical_50k,
    "febrl1": lambda: febrl(1),
    "febrl2": lambda: febrl(2),
    "febrl3": lambda: febrl(3),
}


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


def quality(names: list[str]) -> None:
    print(f"load average: {os.getloadavg()[0]:.2f}")
    print(f"{'dataset':15} {'engine':22} {'precision':>9} {'recall':>7} {'F1':>6} {'time':>7}")
    for name in names:
        rows, truth = DATASETS[name]()
        engines = [("racine", lambda rows=rows: run_racine(rows))]
        if name in REFERENCES:
            engines.append(("splink example", REFERENCES[name]))
        for engine, run in engines:
            found, seconds = timed(run)
            precision, recall, f1 = scores(found, truth)
            print(
                f"{name:15} {engine:22} {precision:9.3f} {recall:7.3f} {f1:6.3f} {seconds:6.1f}s",
                flush=True,
            )


def generated(count: int, seed: int = 10) -> tuple[list[dict[str, str]], dict[str, str]]:
    """Return ``count`` records drawn from historical_50k's values, with true clusters."""
    rows_50k, _truth = historical_50k()
    pick = random.Random(seed)
    values = {c: [r[c] for r in rows_50k if r[c]] for c in ("first_name", "surname", "city")}
    postcodes = [r["postcode"] for r in rows_50k if r["postcode"]]

    def typo(text: str) -> str:
        if len(text) < 3:
            return text
        at = pick.randrange(len(text) - 1)
        return text[:at] + text[at + 1] + text[at] + text[at + 2 :]

    rows, truth = [], {}
    person = 0
    while len(rows) < count:
        person += 1
        base = {
            "first_name": pick.choice(values["first_name"]),
            "surname": pick.choice(values["surname"]),
            "birth_date": f"{pick.randint(1700, 1990)}-{pick.randint(1, 12):02d}-"
            f"{pick.randint(1, 28):02d}",
            "city": pick.choice(values["city"]),
            "postcode": pick.choice(postcodes),
        }
        for _copy in range(min(pick.choice((1, 1, 2, 2, 3, 4, 6)), count - len(rows))):
            row = dict(base, id=str(len(rows)))
            roll = pick.random()
            if roll < 0.15:
                row["first_name"] = typo(row["first_name"])
            elif roll < 0.3:
                row["surname"] = typo(row["surname"])
            elif roll < 0.4:
                row["birth_date"] = ""
            elif roll < 0.5:
                row["postcode"] = ""
            rows.append(row)
            truth[row["id"]] = str(person)
    return rows, truth


def scale(count: int) -> None:
    rows, truth = generated(count)
    print(f"{count} generated records; load average: {os.getloadavg()[0]:.2f}", flush=True)
    found, seconds = timed(run_racine, rows)
    precision, recall, f1 = scores(found, truth)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(
        f"racine: {seconds:.0f} s, peak memory {peak:.2f} GB (whole process, data included), "
        f"precision {precision:.3f} recall {recall:.3f} F1 {f1:.3f}; "
        f"load average after: {os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    if os.environ.get("BENCH_RECORDS"):
        scale(int(os.environ["BENCH_RECORDS"]))
    else:
        chosen = os.environ.get("BENCH_DATASETS") or ",".join(DATASETS)
        quality([name.strip() for name in chosen.split(",")])
