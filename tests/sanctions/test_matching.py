"""The screening engine alone (no database): normalisation, candidates, scores, explanations."""

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from racine.sanctions.matching import Query, Record, ScreeningIndex, screen_many
from racine.sanctions.matching.batch import PARALLEL_FROM
from racine.sanctions.matching.normalise import latin, name_tokens

RECORDS = [
    Record(
        1,
        "Person",
        (("GUZMAN LOERA, Joaquin", "primary"), ("EL CHAPO", "weak")),
        (1954,),
        ("mx",),
        ("G12345678",),
    ),
    Record(2, "Person", (("Иван Петрович Примеров", "primary"),), (1968,), ("ru",)),
    Record(
        3,
        "Organization",
        (("Transportes Ficticios del Pacífico, S.A. de C.V.", "primary"),),
        (),
        ("mx",),
        ("TFP010101AB1",),
    ),
    Record(4, "Person", (("Abdulrahman Al-Hassan", "primary"),), (1970,)),
    Record(5, "Vessel", (("OCEAN STAR", "primary"),), (), ("pa",), ("IMO9187629",)),
    Record(6, "Person", (("María de los Ángeles Santos Dos Reis", "primary"),)),
    Record(7, "Person", (("GUZMAN LOPEZ, Ovidio", "primary"),), (1990,)),
    Record(8, "Person", (("习近平", "primary"),)),
    Record(9, "Company", (("OBSHCHESTVO S OGRANICHENNOY OTVETSTVENNOSTYU KRIPTO", "primary"),)),
]


@pytest.fixture(scope="module")
def index():
    return ScreeningIndex.build(RECORDS)


def best(index, query, threshold=0.8):
    found = index.screen(query, threshold=threshold, limit=3)
    return found[0].key if found else None


@pytest.mark.parametrize(
    ("name", "schema", "expected"),
    [
        ("Joaquín Guzmán Loera", "Person", 1),  # accents, name order
        ("GUZMAN LOERA Joaquin", "", 1),
        ("Mr. Joaquin Guzman-Loera", "Person", 1),  # honorific, hyphen
        ("J. Guzman Loera", "Person", 1),  # initial
        ("Joaquin Guzman Lorea", "Person", 1),  # typo
        ("Joaquin Archivaldo Guzman Loera", "Person", 1),  # extra middle name
        ("Ivan Petrovich Primerov", "Person", 2),  # Cyrillic transliterated
        ("Ivan Primerov", "Person", 2),  # missing patronymic
        ("Transportes Ficticios del Pacifico SA de CV", "Company", 3),  # legal form
        ("Transportes Ficticios del Pacífico LTDA", "Company", 3),  # another legal form
        ("Abdul Rahman Al Hassan", "Person", 4),  # split spelling
        ("Maria de los Angeles Santos dos Reis", "Person", 6),  # particles
        ("Maria Santos Reis", "Person", 6),  # particles dropped
        ("Xi Jinping", "Person", 8),  # Chinese script
        ("Ocean Star", "Vessel", 5),
        ("Kripto OOO", "Company", 9),  # a legal form's short name
        ("Kripto Otvetstvennostyu Ogranichennoy S Obshchestvo", "Company", 9),  # any order
    ],
)
def test_variants_of_a_listed_name_are_found(index, name, schema, expected):
    assert best(index, Query("q", name, schema)) == expected


@pytest.mark.parametrize(
    "name",
    ["Jean Dupont", "Transportes Generales SA de CV", "Guzman", "SA de CV", "Ovidio Loera"],
)
def test_unrelated_or_too_thin_names_do_not_match(index, name):
    assert best(index, Query("q", name)) is None


def test_a_vessel_query_never_returns_a_person(index):
    assert best(index, Query("q", "Ocean Star", "Person"), threshold=0.1) is None


def test_birth_year_country_and_identifier_move_the_score_and_are_explained(index):
    plain = index.screen(Query("q", "Joaquin Guzman", "Person"), threshold=0)[0]
    born = index.screen(Query("q", "Joaquin Guzman", "Person", "1954-04-04"), threshold=0)[0]
    other = index.screen(Query("q", "Joaquin Guzman", "Person", "1980"), threshold=0)[0]
    passport = index.screen(
        Query("q", "Joaquin Guzman", "Person", identifier="g-1234 5678"), threshold=0
    )[0]
    assert born.score > plain.score > other.score
    assert passport.score > plain.score and passport.features["identifier"] > 0
    assert other.features["birth_year"] < 0
    assert plain.matched_name == "GUZMAN LOERA, Joaquin" and plain.quality == "primary"
    assert plain.threshold == 0 and set(plain.features) == {"name"}
    assert abs(sum(born.features.values()) - born.score) < 1e-3


def test_a_weak_alias_counts_less_than_the_name(index):
    match = index.screen(Query("q", "El Chapo", "Person"), threshold=0)[0]
    assert match.quality == "weak" and match.score < 1


def test_an_identifier_alone_brings_its_entry_as_a_candidate(index):
    found = index.screen(Query("q", "Fictitious Shipping", identifier="IMO 9187629"), threshold=0)
    assert 5 in {m.key for m in found}


def test_the_index_survives_a_round_trip_to_disk(index, tmp_path):
    path = tmp_path / "index.pickle"
    index.save(path)
    loaded = ScreeningIndex.load(path)
    assert len(loaded) == len(index)
    assert best(loaded, Query("q", "Joaquín Guzmán Loera")) == 1
    path.write_bytes(b"garbage")
    assert ScreeningIndex.load(path) is None
    assert ScreeningIndex.load(tmp_path / "missing") is None


def test_a_name_itself_is_scored_before_longer_names_holding_its_words():
    records = [
        Record(i, "Person", ((f"IBRAHIM, {middle} Muhammad", "primary"),))
        for i, middle in enumerate(f"Abd Al-Baqi{'x' * n}" for n in range(30))
    ]
    records.append(Record(99, "Person", (("IBRAHIM, Muhammad", "primary"),)))
    found = ScreeningIndex.build(records).screen(Query("q", "Ibrahim Muhammad", "Person"))
    assert found[0].key == 99 and found[0].score == 1.0


def test_a_large_batch_on_every_core_answers_as_one_process_in_the_same_order(index):
    names = ["Joaquín Guzmán Loera", "OCEAN STAR", "Jeanne Martin", "Ivan Primerov", "Guzman"]
    queries = [
        Query(str(i), names[i % len(names)], "Vessel" if i % 5 == 1 else "")
        for i in range(PARALLEL_FROM + 7)
    ]
    one = [index.screen(query) for query in queries]
    assert screen_many(index, queries, processes=2) == one
    assert screen_many(index, queries[:3], processes=2) == one[:3]  # small: in process
    assert [m.key for m in one[0]][:1] == [1] and one[2] == []


_PARENT = os.getpid()


def _dying_chunk(task):
    """Screen a chunk, except in a forked worker: it dies there (a crash, the OOM killer)."""
    from racine.sanctions.matching import batch

    if os.getpid() != _PARENT:
        os._exit(1)
    return [batch._shared.screen(query, task[1], task[2]) for query in task[0]]


def test_a_batch_whose_worker_dies_is_screened_in_one_process(index, monkeypatch, caplog):
    from racine.sanctions.matching import batch

    monkeypatch.setattr(batch, "_screen_chunk", _dying_chunk)
    queries = [Query(str(i), "Joaquín Guzmán Loera") for i in range(PARALLEL_FROM + 1)]
    assert screen_many(index, queries, processes=2) == [index.screen(q) for q in queries]
    assert "a screening worker died" in caplog.text


def test_normalisation():
    assert latin("Joaquín GUZMÁN-LOERA") == "joaquin guzman loera"
    strong, weak = name_tokens("Transportes del Pacífico, S.A. de C.V.", "Company")
    assert strong == ("transportes", "pacifico") and "del" in weak


@given(st.text(max_size=60), st.sampled_from(["", "Person", "Company", "Vessel"]))
def test_any_text_is_screened_without_error_and_scores_stay_in_range(text, schema):
    index = ScreeningIndex.build(RECORDS)
    for match in index.screen(Query("q", text, schema), threshold=0):
        assert 0 <= match.score <= 1
