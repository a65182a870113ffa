"""Benchmark: screening quality, side by side with nomenklatura's matchers (issue 8).

Two measures, every matcher in the same run:

1. **Pairs** — nomenklatura's own labelled name pairs (contrib/name_bench/cases.csv, 826
   pairs): precision, recall and accuracy of each matcher's yes/no at its threshold.
2. **Screening** — an evaluation set built from the real lists (OFAC SDN 2024 with the 2025
   aliases, UN SC, OFAC consolidated): queries made from listed names (another alias,
   reordered, lower-cased without accents, a typo, transliterated to Cyrillic, truncated:
   a middle word of a name of three words or more), plus non-listed people from
   OpenSanctions' negatives (synthetic names in many scripts, global and US).
   Recall@1: the expected entry comes first at or above the threshold; false-positive
   rate: a non-listed name gets any result at or above the threshold.
   **Ambiguous queries are left out, and counted**: a query whose normalised tokens are
   exactly a name of another entry, or — when the expected entry's name only contains
   them (a truncated name) — contained in another entry's name too, says nothing about
   which entry is meant (UN and OFAC list the same people; "LABIN Viktorovich" is in two
   brothers' names). The test uses exact tokens, never a matcher's answer (see
   :func:`evaluation_set`). An entry tied with the first result still counts as first,
   for every matcher alike. Two draws that share nothing: a development one (even
   entries and negatives, seed 8; its misses were looked at while tuning) and a held-out
   one (odd ones, seed 2026; never tuned on), reported apart.
   Every matcher sees the same candidates (our index's, grouped by entry, the best
   ``NK_CANDIDATES`` by rapidfuzz), so the comparison is of the scoring; our engine's own
   end-to-end figures (its index, its threshold) are printed too.
   **Speed**, two ways, both stated on their line: (a) like for like — each matcher's
   q/s in one process on the same queries, candidate gathering included for all (the
   matchers' lines); (b) as deployed (:func:`speed_as_deployed`) — Racine's ``screen``
   and its batch ``screen_many`` on every core, against logic-v1 as yente runs it
   (50 candidates a query, one process).

Matchers: Racine's engine (threshold 0.80), nomenklatura logic-v1 and logic-v2 (the
matchers behind yente, at yente's default threshold 0.70), and a plain rapidfuzz baseline
(token_sort_ratio ≥ 0.85). nomenklatura is a dev dependency, used only here.
3. **yente's sets** — OpenSanctions' own screening fixtures (``yente_positives_*``,
   ``yente_negatives_*``), each reported apart and split into a development half and a
   held-out half (see :func:`yente_sets` for the labels).

Run with `make bench-sanctions-quality` (POSITIVES=…, NEGATIVES=…, YENTE_ROWS=… to change
sizes).
"""

from __future__ import annotations

import csv
import os
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import icu  # noqa: E402
from followthemoney import model  # noqa: E402
from nomenklatura.matching import get_algorithm  # noqa: E402
from nomenklatura.matching.types import ScoringConfig  # noqa: E402
from normality import ascii_text  # noqa: E402
from rapidfuzz import fuzz, process  # noqa: E402
from rigour.names import remove_org_types  # noqa: E402
from sanctions_lists import DATA, real_records  # noqa: E402

from racine.sanctions.matching import (  # noqa: E402
    DEFAULT_THRESHOLD,
    Query,
    Record,
    ScreeningIndex,
    screen_many,
)
from racine.sanctions.matching.normalise import latin, name_tokens  # noqa: E402
from racine.sanctions.matching.scoring import best_name, explain  # noqa: E402

POSITIVES = int(os.environ.get("POSITIVES", "300"))
NEGATIVES = int(os.environ.get("NEGATIVES", "300"))
YENTE_ROWS = int(os.environ.get("YENTE_ROWS", "250"))  # per half of each yente set; 0: none
NK_CANDIDATES = 10
YENTE_CANDIDATES = 50  # yente's /match: a page of 5 results × MATCH_CANDIDATES 10
BATCH_REPEAT = 4
YENTE_SPEED_QUERIES = int(os.environ.get("YENTE_SPEED_QUERIES", "200"))
NK_THRESHOLD = 0.70  # yente's default SCORE_THRESHOLD
RAPIDFUZZ_THRESHOLD = 0.85
VARIANTS = ("alias", "reordered", "no_accents", "typo", "cyrillic", "truncated")
TO_CYRILLIC = icu.Transliterator.createInstance("Latin-Cyrillic")
CONFIG = ScoringConfig.defaults()


# --- the evaluation set ------------------------------------------------------------------


def variant(kind: str, record: Record, rng: random.Random) -> str | None:
    names = [n for n, q in record.names if q in ("primary", "strong")]
    name = names[0]
    words = name.replace(",", " ").split()
    if kind == "alias":
        return names[1] if len(names) > 1 else None
    if kind == "reordered":
        if "," in name:
            last, first = name.split(",", 1)
            return f"{first.strip()} {last.strip()}"
        return " ".join(reversed(words)) if len(words) > 1 else None
    if kind == "no_accents":
        return latin(name)
    if kind == "typo":
        longest = max(range(len(words)), key=lambda i: len(words[i]))
        word = words[longest]
        if len(word) < 5:
            return None
        at = rng.randrange(1, len(word) - 2)
        words[longest] = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
        return " ".join(words)
    if kind == "cyrillic":
        return TO_CYRILLIC.transliterate(name.title())
    if kind == "truncated":
        # A middle word of the name itself goes (not a legal form, particle or title), and
        # two of its words at least remain: "EMC SUD LIMITED" reduced to "EMC LIMITED"
        # keeps one word of the name, which is another name rather than a shorter one.
        core = core_words(name, record.schema)
        if len(core) < 3:
            return None
        dropped = [i for i, word in enumerate(words) if latin(word) == core[1]]
        return " ".join(words[: dropped[0]] + words[dropped[0] + 1 :]) if dropped else None
    raise ValueError(kind)


def evaluation_set(records, rng, parity):
    """Return (positives [(query, expected key, kind)], negatives [query], dropped {why: n}).

    The development draw (parity 0) takes entries and non-listed people of even positions,
    the held-out draw (parity 1) those of odd positions: the two share none.

    A query that names another listed entry at least as exactly as the expected one is left
    out (counted in ``dropped``): its tokens, after normalisation, are exactly a name of
    another entry ("equal"), or — when the expected entry's name only contains them, as a
    truncated name does — contained in a name of another entry too ("contained"). Such a
    query is ambiguous by construction: nothing in it says which entry is meant, so ranking
    the expected one first would be luck. The test is on exact tokens, the same for every
    matcher, and never looks at any matcher's answer.
    """
    exact = NameTable(records)
    people_and_companies = [
        r
        for i, r in enumerate(records)
        if i % 2 == parity and r.schema in ("Person", "LegalEntity", "Organization")
    ]
    positives, dropped = [], defaultdict(int)
    while len(positives) < POSITIVES:
        record = rng.choice(people_and_companies)
        kind = VARIANTS[len(positives) % len(VARIANTS)]
        text = variant(kind, record, rng)
        if text:
            schema = "Person" if record.schema == "Person" else ""
            query = Query(f"p{len(positives)}", text, schema)
            ambiguous = exact.ambiguous(query, record.key)
            if ambiguous:
                dropped[f"{kind}, {ambiguous}"] += 1
                continue
            positives.append((query, record.key, kind))
    negatives = []
    for name in ("yente_negatives_global_1k.csv", "yente_negatives_us_1k.csv"):
        with (DATA / "name_matching" / name).open(encoding="utf-8") as handle:
            for i, row in enumerate(csv.DictReader(handle)):
                if i % 2 == parity:
                    negatives.append(
                        Query(
                            f"n{len(negatives)}",
                            row["full_name"],
                            "Person",
                            row["date_of_birth"][:4],
                        )
                    )
    rng.shuffle(negatives)
    return positives, negatives[:NEGATIVES], dict(dropped)


# The evaluation set is built with its own fixed reading of names (normality and rigour, no
# part of the engine under test), so that every version of the engine, and every matcher,
# is measured on the same queries.
BENCH_PARTICLES = frozenset(
    [
        "de",
        "del",
        "la",
        "las",
        "los",
        "el",
        "da",
        "das",
        "do",
        "dos",
        "di",
        "du",
        "y",
        "e",
        "van",
        "von",
        "der",
        "al",
        "el",
        "bin",
        "ibn",
        "bint",
        "ben",
        "abd",
    ]
)


# Words of legal forms rigour leaves when they are not written as its forms ("JOZA INDUSTRIAL
# COMPANY"): a truncation keeps two words of the name itself, not one and a legal form.
BENCH_LEGAL = frozenset(
    """company co corp corporation limited ltd llc llp inc incorporated plc pvt private pte
    pty gmbh ag kg sa sas sarl srl spa bv nv jsc ojsc cjsc pjsc ooo oao zao pao eood ood doo
    joint stock public open closed ltda cv""".split()  # noqa: SIM905
)


def core_words(name: str, schema: str) -> tuple[str, ...]:
    """Return the words that name the person or company: no legal form, particle or initial."""
    text = name if schema == "Person" else remove_org_types((ascii_text(name) or "").lower())
    words = [w for w in latin(text).split() if len(w) > 1 and w not in BENCH_PARTICLES]
    return tuple(words if schema == "Person" else [w for w in words if w not in BENCH_LEGAL])


class NameTable:
    """Every listed name as its set of normalised tokens, to tell an ambiguous query."""

    def __init__(self, records):
        self.equal: dict[frozenset, set[int]] = defaultdict(set)
        self.holding: dict[str, set[int]] = defaultdict(set)
        self.names: dict[int, list[frozenset]] = defaultdict(list)
        for record in records:
            for name, _quality in record.names:
                tokens = frozenset(core_words(name, record.schema))
                self.equal[tokens].add(record.key)
                self.names[record.key].append(tokens)
                for token in tokens:
                    self.holding[token].add(record.key)

    def ambiguous(self, query: Query, expected: int) -> str:
        """Return why ``query`` is ambiguous ("equal" or "contained"), or ""."""
        tokens = frozenset(core_words(query.name, query.schema or "LegalEntity"))
        if not tokens:
            return ""
        if self.equal.get(tokens, set()) - {expected}:
            return "equal to another entry's name"
        if any(tokens == name for name in self.names[expected]):
            return ""
        holders = set.intersection(*(self.holding.get(t, set()) for t in tokens))
        if holders - {expected} and expected in holders:
            return "contained in another entry's name"
        return ""


# --- matchers on a shared candidate set ---------------------------------------------------


def candidates(index: ScreeningIndex, query: Query, limit: int = NK_CANDIDATES) -> list[int]:
    """Record positions our index proposes, the best ``limit`` by rapidfuzz."""
    tokens, _ = name_tokens(query.name, query.schema)
    if not tokens:
        return []
    rows = index.candidate_rows(tokens)
    ranked = process.extract(
        " ".join(tokens),
        [index.row_text[r] for r in rows],
        scorer=fuzz.token_set_ratio,
        limit=limit * 3,
    )
    positions = []
    for _text, _score, at in ranked:
        position = index.row_record[rows[at]]
        if position not in positions:
            positions.append(position)
    return positions[:limit]


def ftm_query(query: Query):
    proxy = model.make_entity(query.schema or "LegalEntity")
    proxy.id = query.id
    proxy.add("name", query.name)
    if query.birth_date and proxy.schema.is_a("Person"):
        proxy.add("birthDate", query.birth_date)
    return proxy


def ftm_entry(record: Record, entity):
    proxy = model.make_entity(entity.schema)
    proxy.id = f"e{record.key}"
    for prop, values in entity.properties.items():
        if prop in proxy.schema.properties and proxy.schema.properties[prop].type.name != "entity":
            proxy.add(prop, values, quiet=True)
    return proxy


def racine_score(query, record):
    tokens, _ = name_tokens(query.name, query.schema)
    best = best_name(tokens, record)
    return explain(query, record, *best, DEFAULT_THRESHOLD).score if best else 0.0


def rapidfuzz_score(query, record):
    return max(fuzz.token_sort_ratio(latin(query.name), latin(n)) for n, _q in record.names) / 100


def nomenklatura_scorer(name):
    algorithm = get_algorithm(name)

    def scorer(query, record, entity, cache={}):  # noqa: B006 — a per-run cache on purpose
        key = (query.name, query.schema, query.birth_date, query.country, record.key)
        if key not in cache:
            cache[key] = algorithm.compare(
                ftm_query(query), ftm_entry(record, entity), CONFIG
            ).score
        return cache[key]

    return scorer


def speed_as_deployed(index, records, entities, queries) -> None:
    """Print each engine's throughput as it is run in production, on the same queries.

    Racine: ``screen`` in one process, and ``screen_many`` (the batch of ``racine screen``
    and the batch API) on every core of this machine, the queries repeated ``BATCH_REPEAT``
    times (a batch of a few thousand names: starting the workers is part of the time).
    nomenklatura's logic-v1 as yente runs it: the candidates of an index (ours here, in the
    same process, cheaper than yente's Elasticsearch round trip: this favours logic-v1),
    ``YENTE_CANDIDATES`` of them per query (yente's default page of 5 results × its
    ``MATCH_CANDIDATES`` of 10), each
    scored by logic-v1 in one process, no cache.
    """
    started = time.perf_counter()
    for query in queries:
        index.screen(query, DEFAULT_THRESHOLD, 5)
    single = len(queries) / (time.perf_counter() - started)
    batch_queries = queries * BATCH_REPEAT  # a file of a few thousand names, as racine screen
    started = time.perf_counter()
    screen_many(index, batch_queries, DEFAULT_THRESHOLD, 5)
    batch = len(batch_queries) / (time.perf_counter() - started)
    algorithm = get_algorithm("logic-v1")
    sample = queries[:YENTE_SPEED_QUERIES]
    started = time.perf_counter()
    for query in sample:
        proxy = ftm_query(query)
        for position in candidates(index, query, YENTE_CANDIDATES):
            algorithm.compare(proxy, ftm_entry(records[position], entities[position][1]), CONFIG)
    logic_v1 = len(sample) / (time.perf_counter() - started)
    cores = os.cpu_count() or 1
    print(
        f"speed as deployed: racine screen (1 process) {single:,.0f} q/s, racine screen_many "
        f"({cores} processes) {batch:,.0f} q/s; logic-v1 as yente runs it ({YENTE_CANDIDATES} "
        f"candidates a query, 1 process, {len(sample)} queries) {logic_v1:,.1f} q/s: racine "
        f"{single / logic_v1:.0f}× (1 process), {batch / logic_v1:.0f}× (batch)",
        flush=True,
    )


def run_matcher(
    label, scorer, threshold, index, records, entities, positives, negatives, needs_entity
):
    hits, by_kind, false_positives = 0, defaultdict(lambda: [0, 0]), 0
    started = time.perf_counter()
    for queries, positive in ((positives, True), (negatives, False)):
        for item in queries:
            query, expected, kind = item if positive else (item, None, None)
            expected = expected if isinstance(expected, frozenset) else frozenset([expected])
            scored = []
            for position in candidates(index, query):
                record = records[position]
                args = (query, record, entities[position][1]) if needs_entity else (query, record)
                scored.append((scorer(*args), record.key))
            scored.sort(key=lambda s: (-s[0], s[1]))
            top = scored[0] if scored and scored[0][0] >= threshold else None
            if positive:
                # Lists repeat names (the UN and OFAC list the same people, OFAC lists a
                # company under two entries): an entry tied with the first counts as first.
                found = top is not None and any(
                    key in expected and score == top[0] for score, key in scored
                )
                hits += found
                by_kind[kind][0] += found
                by_kind[kind][1] += 1
            elif top is not None:
                false_positives += 1
    elapsed = time.perf_counter() - started
    total = len(positives) + len(negatives)
    kinds = ", ".join(f"{k} {v[0] / v[1]:.3f}" for k, v in sorted(by_kind.items()))
    recall = f"recall@1 {hits / len(positives):.3f}" if positives else "recall@1   —  "
    fp = f"{false_positives / len(negatives):.2%}" if negatives else "—"
    print(
        f"{label:22} {recall}  false positives {fp}  {total / elapsed:8.1f} q/s  ({kinds})",
        flush=True,
    )


# --- pairs ---------------------------------------------------------------------------------


def pairs():
    with (DATA / "name_matching" / "nomenklatura_name_bench_cases.csv").open(
        encoding="utf-8"
    ) as handle:
        rows = list(csv.DictReader(handle))
    print(f"\n1. nomenklatura's labelled name pairs ({len(rows)} pairs)")
    matchers = [
        ("racine", DEFAULT_THRESHOLD, lambda q, r, e: racine_score(q, r)),
        ("nomenklatura logic-v1", NK_THRESHOLD, nomenklatura_scorer("logic-v1")),
        ("nomenklatura logic-v2", NK_THRESHOLD, nomenklatura_scorer("logic-v2")),
        ("rapidfuzz baseline", RAPIDFUZZ_THRESHOLD, lambda q, r, e: rapidfuzz_score(q, r)),
    ]
    for label, threshold, scorer in matchers:
        tp = fp = fn = tn = 0
        started = time.perf_counter()
        for i, row in enumerate(rows):
            schema = (
                row["schema"]
                if row["schema"] in ("Person", "Company", "Organization", "Vessel")
                else ""
            )
            query = Query(f"pair{i}", row["name1"], schema)
            record = Record(
                i,
                row["schema"] if row["schema"] != "LegalEntity" else "Company",
                ((row["name2"], "primary"),),
            )
            entity = _Entity(row["schema"], {"name": [row["name2"]]})
            predicted = scorer(query, record, entity) >= threshold
            actual = row["is_match"].strip().lower() == "true"
            tp += predicted and actual
            fp += predicted and not actual
            fn += actual and not predicted
            tn += not predicted and not actual
        elapsed = time.perf_counter() - started
        precision = tp / (tp + fp) if tp + fp else 0
        recall = tp / (tp + fn) if tp + fn else 0
        print(
            f"{label:22} precision {precision:.3f}  recall {recall:.3f}  accuracy "
            f"{(tp + tn) / len(rows):.3f}  {len(rows) / elapsed:8.0f} pairs/s",
            flush=True,
        )


class _Entity:
    def __init__(self, schema, properties):
        self.schema, self.properties = schema, properties


# --- yente's screening sets --------------------------------------------------------------


def yente_rows(name: str) -> list[dict]:
    with (DATA / "name_matching" / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def yente_query(qid: str, row: dict) -> Query:
    """A query as a user would type it: the name, the year of birth, the nationality."""
    year = row["date_of_birth"][:4]
    country = row["nationality"].strip()
    return Query(
        qid,
        row["full_name"],
        "Person",
        year if year.isdigit() else "",
        country.upper() if len(country) == 2 else "",
    )


def yente_sets(records, entities, rng):
    """Return {set name: (positives, negatives)} built from yente's files.

    The UN positives come unlabelled; row i of the "treated" file (perturbed: letters
    swapped, dates shifted, names reordered) is row i of the "untreated" one, which is a
    UN SC name as listed. The label of row i is the entries holding that name (same
    normalised tokens, any order) — the UN's, and OFAC's entries of the same people; rows
    whose name is in no UN entry of our 2026 copy are left out (counted). The US Congress
    "positives" are positives for a list of members of
    Congress we do not have: against sanctions lists they are real, prominent non-listed
    names, so they count as negatives. Each set is split by row parity into a development
    half (even rows: misses looked at while tuning) and a held-out half (odd rows: never
    looked at), reported apart.
    """
    by_name: dict[tuple, set[int]] = defaultdict(set)
    on_un: set[tuple] = set()
    for record, (code, _entity) in zip(records, entities, strict=True):
        for name, _quality in record.names:
            tokens = tuple(sorted(name_tokens(name, "Person")[0]))
            by_name[tokens].add(record.key)
            if code == "un-sc":
                on_un.add(tokens)
    by_name = {tokens: keys for tokens, keys in by_name.items() if tokens in on_un}
    untreated = yente_rows("yente_positives_un_untreated.csv")
    treated = yente_rows("yente_positives_un_treated.csv")
    labels = [
        frozenset(by_name.get(tuple(sorted(name_tokens(row["full_name"], "Person")[0])), ()))
        for row in untreated
    ]
    unlabelled = sum(not label for label in labels)
    sets = {}
    for title, rows in (("UN untreated", untreated), ("UN treated", treated)):
        for half, parity in (("dev", 0), ("held-out", 1)):
            positives = [
                (yente_query(f"{title}:{i}", row), labels[i], "un")
                for i, row in enumerate(rows)
                if labels[i] and i % 2 == parity
            ][:YENTE_ROWS]
            sets[f"{title} ({half})"] = (positives, [])
    for title, name in (
        ("negatives global", "yente_negatives_global_1k.csv"),
        ("negatives US", "yente_negatives_us_1k.csv"),
        ("US Congress (not listed)", "yente_positives_us_congress_untreated.csv"),
    ):
        rows = yente_rows(name)
        for half, parity in (("dev", 0), ("held-out", 1)):
            negatives = [
                yente_query(f"{title}:{i}", row) for i, row in enumerate(rows) if i % 2 == parity
            ][:YENTE_ROWS]
            sets[f"{title} ({half})"] = ([], negatives)
    return sets, unlabelled, len(untreated)


def end_to_end(index, positives, negatives) -> str:
    hits = 0
    for query, expected, _kind in positives:
        expected = expected if isinstance(expected, frozenset) else frozenset([expected])
        found = index.screen(query, DEFAULT_THRESHOLD, 20)
        hits += any(m.key in expected and m.score == found[0].score for m in found)
    false_positives = sum(bool(index.screen(q, DEFAULT_THRESHOLD, 1)) for q in negatives)
    recall = f"recall@1 {hits / len(positives):.3f}" if positives else "recall@1   —  "
    fp = f"{false_positives / len(negatives):.2%}" if negatives else "—"
    return f"{'racine end to end':22} {recall}  false positives {fp}"


def main() -> int:
    rng = random.Random(8)
    pairs()
    records, entities = real_records()
    index = ScreeningIndex.build(records)
    matchers = (
        ("racine", racine_score, DEFAULT_THRESHOLD, False),
        ("nomenklatura logic-v1", nomenklatura_scorer("logic-v1"), NK_THRESHOLD, True),
        ("nomenklatura logic-v2", nomenklatura_scorer("logic-v2"), NK_THRESHOLD, True),
        ("rapidfuzz baseline", rapidfuzz_score, RAPIDFUZZ_THRESHOLD, False),
    )
    # Development draw (seed 8: its misses were looked at while tuning) and a held-out draw
    # (seed 2026: other variants of other entries, never looked at), reported apart.
    for half, seed in (("development", 8), ("held-out", 2026)):
        positives, negatives, dropped = evaluation_set(
            records, random.Random(seed), 0 if half == "development" else 1
        )
        print(
            f"\n2. screening the real lists, {half} draw ({len(records):,} entries, "
            f"{len(index):,} names): {len(positives)} listed-name variants, "
            f"{len(negatives)} non-listed people; left out as ambiguous: "
            + (", ".join(f"{n} ({why})" for why, n in sorted(dropped.items())) or "none")
        )
        started = time.perf_counter()
        line = end_to_end(index, positives, negatives)
        elapsed = time.perf_counter() - started
        print(f"{line}  {(len(positives) + len(negatives)) / elapsed:8.1f} q/s (its own index)")
        for label, scorer, threshold, needs_entity in matchers:
            run_matcher(
                label,
                scorer,
                threshold,
                index,
                records,
                entities,
                positives,
                negatives,
                needs_entity,
            )
        queries = [query for query, _key, _kind in positives] + negatives
        speed_as_deployed(index, records, entities, queries)
    if YENTE_ROWS <= 0:
        return 0
    sets, unlabelled, total = yente_sets(records, entities, rng)
    print(
        f"\n3. yente's screening sets (at most {YENTE_ROWS} rows per half; {total - unlabelled}"
        f" of {total} UN rows labelled from our UN SC copy): queries with name, year of "
        "birth and nationality"
    )
    for title, (set_positives, set_negatives) in sets.items():
        print(f"-- {title}: {len(set_positives) or len(set_negatives)} queries", flush=True)
        print(end_to_end(index, set_positives, set_negatives), flush=True)
        for label, scorer, threshold, needs_entity in matchers:
            run_matcher(
                label,
                scorer,
                threshold,
                index,
                records,
                entities,
                set_positives,
                set_negatives,
                needs_entity,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
