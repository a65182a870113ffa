"""The resolution engine without Django: records, strong identifiers, clusters, backends."""

import pytest

from racine.config import ConfigError, load
from racine.intel.resolution import ResolutionError, records, resolve
from racine.intel.resolution.backends import database_api
from racine.intel.resolution.clusters import cluster_ids
from racine.intel.resolution.deterministic import linked_pairs


def test_normalise_plain_values_and_splits_a_full_name():
    row = {"full_name": "  Élodie  DUPONT-Martin ", "birth_date": "19/03/1981", "phone": "06 12"}
    values = records.normalise(row, ["full_name", "birth_date", "phone"])
    assert values == {
        "first_name": "elodie",
        "surname": "dupont-martin",
        "birth_date": "1981-03-19",
        "phone": "612",
    }
    assert records.model_columns(["full_name", "email"]) == ["first_name", "surname", "email"]


def test_an_unreadable_date_is_missing_not_an_error():
    assert records.normalise({"birth_date": "31/02/1981"}, ["birth_date"]) == {"birth_date": None}


def test_a_passport_links_only_with_the_same_issuing_country():
    people = [
        {"passport": "12AB34567", "nationality": "FR"},
        {"passport": "12 ab 34567", "nationality": "ES"},
        {"passport": "12AB34567", "nationality": "FR"},
        {"email": "x@example.org"},
        {"email": "x@example.org"},
    ]
    normalised = [records.normalise(p, ["passport", "nationality", "email"]) for p in people]
    assert linked_pairs(normalised) == [(0, 2), (3, 4)]


def test_clusters_are_connected_components_named_by_their_first_record():
    assert cluster_ids(["a", "b", "c", "d", "e"], [(3, 1), (4, 3)]) == ["a", "b", "c", "b", "b"]


def test_strong_identifiers_link_even_when_the_names_differ():
    ids = ["1", "2", "3"]
    rows = [
        {"first_name": "Ana", "surname": "Lopez", "email": "a.lopez@mail.es"},
        {"first_name": "Jean", "surname": "Martin", "email": "A.Lopez@mail.es"},
        {"first_name": "Paul", "surname": "Durand", "email": "p@d.fr"},
    ]
    columns = ["first_name", "surname", "email"]
    normalised = [records.normalise(r, columns) for r in rows]
    assert resolve(ids, normalised, columns) == ["1", "1", "3"]


def test_selecting_spark_without_pyspark_is_refused_clearly():
    with pytest.raises(ResolutionError, match="RACINE_INTEL_BACKEND=spark needs pyspark"):
        database_api("spark")


def test_the_backend_is_read_from_the_configuration():
    assert load({}).intel_backend == "duckdb"
    assert load({"RACINE_INTEL_BACKEND": "Spark"}).intel_backend == "spark"
    with pytest.raises(ConfigError, match="RACINE_INTEL_BACKEND must be one of duckdb, spark"):
        load({"RACINE_INTEL_BACKEND": "postgres"})


def test_a_threshold_outside_zero_and_one_is_refused():
    with pytest.raises(ResolutionError, match="between 0 and 1"):
        resolve(["1"], [{"surname": "x"}], ["surname"], threshold=1.5)
