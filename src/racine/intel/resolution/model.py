"""The Splink model: comparisons and blocking chosen from the columns present, trained unlabelled.

Training follows Splink's own examples (the fake_1000 tutorial and the historical_50k
example): the prior from a few near-certain rules, u probabilities by random sampling,
m probabilities by expectation-maximisation on two blocking rules that leave each other's
columns free (names, then date of birth or another column). A step that has too few pairs
to learn from (a small file) keeps Splink's default m probabilities instead of failing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on

log = logging.getLogger(__name__)
NAME_CONCAT = "first_name_surname"
MIN_TRAINING_PAIRS = 50  # fewer pairs under a rule teach the model nothing reliable


def comparisons(columns: Sequence[str]) -> list:
    """Return Splink comparisons for the normalised columns present."""
    present = set(columns)
    found = []
    if {"first_name", "surname"} <= present:
        found.append(
            cl.ForenameSurnameComparison(
                "first_name", "surname", forename_surname_concat_col_name=NAME_CONCAT
            )
        )
    else:
        found += [cl.NameComparison(c) for c in ("first_name", "surname") if c in present]
    optional = {
        "birth_date": lambda: cl.DateOfBirthComparison("birth_date", input_is_string=True),
        "nationality": lambda: cl.ExactMatch("nationality"),
        "city": lambda: cl.ExactMatch("city").configure(term_frequency_adjustments=True),
        "address": lambda: cl.JaroWinklerAtThresholds("address", [0.95, 0.88]),
        "postcode": lambda: cl.PostcodeComparison("postcode"),
        "email": lambda: cl.EmailComparison("email"),
        "phone": lambda: cl.LevenshteinAtThresholds("phone", [1]),
        "passport": lambda: cl.LevenshteinAtThresholds("passport", [1]),
    }
    return found + [make() for column, make in optional.items() if column in present]


# Pairs compared at prediction: each rule cheap at a million records (no single low-variety
# column), together covering a typo in any one field.
PREDICTION_RULES = (
    ("first_name", "surname"),
    ("surname", "birth_date"),
    ("first_name", "birth_date"),
    ("birth_date", "postcode"),
    ("surname", "postcode"),
    ("surname", "city"),
    ("email",),
    ("phone",),
    ("passport",),
)
# Expectation-maximisation: one rule on names, one on another strong column.
TRAINING_RULES = (
    ("first_name", "surname"),
    ("birth_date",),
    ("email",),
    ("postcode",),
    ("phone",),
    ("city",),
)


def _rules(candidates, columns: Sequence[str]) -> list[tuple[str, ...]]:
    return [rule for rule in candidates if set(rule) <= set(columns)]


def settings(columns: Sequence[str]) -> SettingsCreator:
    """Return the Splink settings for the normalised columns present."""
    rules = _rules(PREDICTION_RULES, columns) or [
        (c,)
        for c in columns[:1]  # a lone column: exact matches on it
    ]
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons(columns),
        blocking_rules_to_generate_predictions=[block_on(*rule) for rule in rules],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )


def pair_count(frame, rule: Sequence[str]) -> int:
    """Return how many record pairs agree exactly on every column of ``rule``."""
    sizes = frame.dropna(subset=list(rule)).groupby(list(rule)).size()
    return int((sizes * (sizes - 1) // 2).sum())


def train(linker: Linker, frame, columns: Sequence[str], max_pairs: float, step: Callable) -> None:
    """Estimate the model's parameters without labels (prior, u, then m by EM).

    A step is skipped when its rules find too few pairs to learn from (a small file):
    Splink then keeps its default prior and the comparisons' default m probabilities. The
    check is made here because a failed EM run leaves Splink's linker unusable.
    """
    prior_rules = _rules(PREDICTION_RULES[:3], columns)
    if sum(pair_count(frame, rule) for rule in prior_rules) >= MIN_TRAINING_PAIRS:
        step("estimating the prior")
        linker.training.estimate_probability_two_random_records_match(
            [block_on(*rule) for rule in prior_rules], recall=0.7
        )
    step("estimating u by random sampling")
    linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=1)
    for rule in _rules(TRAINING_RULES, columns)[:2]:
        if pair_count(frame, rule) < MIN_TRAINING_PAIRS:
            log.info("EM on %s skipped: too few pairs", rule)
            continue
        step(f"estimating m by expectation-maximisation on {' + '.join(rule)}")
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on(*rule), estimate_without_term_frequencies=True
        )


def predicted_pairs(linker: Linker, threshold: float) -> list[tuple[int, int]]:
    """Return the (unique_id_l, unique_id_r) pairs at or above ``threshold`` probability."""
    frame = linker.inference.predict(threshold_match_probability=threshold).as_pandas_dataframe()
    return list(zip(frame["unique_id_l"].tolist(), frame["unique_id_r"].tolist(), strict=True))
