"""The steering rules, told as the plan's own examples."""

from datetime import date

import pytest

from racine.plan.engine.status import (
    AT_RISK_SHARE,
    FORECAST_WINDOW_DAYS,
    RULE,
    STATUSES,
    Milestone,
    ObjectiveSpec,
    Point,
    assess,
    expected_at,
    forecast,
)

# "12 new cooperation agreements by November 2026", with 8 expected by the end of August.
AGREEMENTS = ObjectiveSpec(
    baseline_value=0,
    baseline_date=date(2025, 11, 30),
    target_value=12,
    deadline=date(2026, 11, 30),
    milestones=(Milestone(date(2026, 8, 31), 8),),
)
# "Regional academy opened", in stages 0 → 3.
ACADEMY = ObjectiveSpec(
    baseline_value=0,
    baseline_date=date(2025, 1, 1),
    target_value=3,
    deadline=date(2026, 12, 31),
    milestones=(Milestone(date(2026, 6, 30), 2), Milestone(date(2025, 6, 30), 1)),
)
END_OF_AUGUST = date(2026, 8, 31)


def test_the_status_strings_are_the_api_contract():
    assert STATUSES == ("achieved", "on_track", "at_risk", "off_track")


def test_nine_of_twelve_agreements_in_august_is_on_track_when_the_path_expects_eight():
    verdict = assess(AGREEMENTS, 9, END_OF_AUGUST)

    assert verdict.status == "on_track"
    assert verdict.progress == pytest.approx(9 / 12)
    assert verdict.expected_progress == pytest.approx(8 / 12)
    assert verdict.forecast is None


def test_seven_when_eight_are_expected_is_at_risk():
    assert assess(AGREEMENTS, 7, END_OF_AUGUST).status == "at_risk"


def test_six_when_eight_are_expected_is_exactly_at_the_risk_threshold():
    assert AT_RISK_SHARE * 8 == 6
    assert assess(AGREEMENTS, 6, END_OF_AUGUST).status == "at_risk"


def test_five_when_eight_are_expected_is_off_track():
    assert assess(AGREEMENTS, 5, END_OF_AUGUST).status == "off_track"


def test_twelve_agreements_is_achieved_before_the_deadline():
    assert assess(AGREEMENTS, 12, date(2026, 5, 1)).status == "achieved"


def test_a_fast_trend_can_keep_a_lagging_objective_on_track():
    # 5 agreements at the end of August when the path expects 8: off track on progress alone.
    assert assess(AGREEMENTS, 5, END_OF_AUGUST).status == "off_track"

    # 5 since June at an even pace would give about 10 by the deadline: at risk.
    steady = [Point(date(2026, 5, 31), 0), Point(END_OF_AUGUST, 5)]
    verdict = assess(AGREEMENTS, 5, END_OF_AUGUST, steady)
    assert verdict.forecast == pytest.approx(5 + 5 * 91 / 92)
    assert verdict.status == "at_risk"

    # 3 signed in August alone would give about 14: on track.
    rushing = [Point(date(2026, 7, 31), 2), Point(END_OF_AUGUST, 5)]
    assert assess(AGREEMENTS, 5, END_OF_AUGUST, rushing).status == "on_track"


def test_past_the_deadline_without_the_target_is_off_track_whatever_the_trend():
    history = [Point(date(2026, 11, 1), 10), Point(date(2026, 12, 1), 11.9)]

    assert assess(AGREEMENTS, 11.9, date(2026, 12, 1), history).status == "off_track"


def test_a_value_that_falls_is_off_track_for_an_objective_to_increase():
    verdict = assess(AGREEMENTS, -1, END_OF_AUGUST)

    assert verdict.status == "off_track"
    assert verdict.progress < 0


def test_an_objective_to_decrease_is_achieved_at_or_below_its_target():
    # "Average delay to answer a mutual legal assistance request: from 120 days to 60."
    delay = ObjectiveSpec(120, date(2026, 1, 1), 60, date(2027, 1, 1), direction="decrease")

    assert assess(delay, 58, date(2026, 10, 1)).status == "achieved"
    assert assess(delay, 70, date(2027, 1, 1)).status == "at_risk"
    assert assess(delay, 90, date(2026, 7, 2)).status == "on_track"
    assert assess(delay, 110, date(2026, 7, 2)).status == "off_track"


def test_means_multiplied_by_three_counts_a_ratio_a_hair_off_as_achieved():
    means = ObjectiveSpec(1, date(2025, 1, 1), 3, date(2027, 1, 1))
    ratio = 6.6 / 2.2  # from 2.2 M€ to 6.6 M€

    assert ratio < 3
    assert assess(means, ratio, date(2026, 1, 1)).status == "achieved"


def test_holding_a_level_is_achieved_or_off_track_without_dividing_by_zero():
    hold = ObjectiveSpec(10, date(2026, 1, 1), 10, date(2027, 1, 1))

    assert assess(hold, 10, date(2026, 6, 1)).status == "achieved"
    assert assess(hold, 9, date(2026, 6, 1)).status == "off_track"


def test_the_path_starts_at_the_baseline_and_stays_at_the_target_after_the_deadline():
    assert expected_at(AGREEMENTS, date(2020, 1, 1)) == 0
    assert expected_at(AGREEMENTS, date(2030, 1, 1)) == 12
    assert expected_at(AGREEMENTS, END_OF_AUGUST) == 8


def test_the_path_goes_straight_between_milestones():
    # Half-way through September–November, between 8 and 12.
    assert expected_at(AGREEMENTS, date(2026, 10, 15)) == pytest.approx(10, abs=0.05)


def test_a_stage_objective_follows_its_milestones_in_date_order():
    assert ACADEMY.milestones[0].date == date(2025, 6, 30)
    assert expected_at(ACADEMY, date(2025, 6, 30)) == 1
    assert expected_at(ACADEMY, date(2026, 6, 30)) == 2
    assert assess(ACADEMY, 2, date(2026, 6, 30)).status == "on_track"
    assert assess(ACADEMY, 1, date(2026, 6, 30)).status == "off_track"


def test_forecast_extends_a_straight_line_to_the_deadline():
    # One agreement a month, exactly.
    history = [Point(date(2026, month, 1), month) for month in range(3, 9)]

    assert forecast(AGREEMENTS, history, date(2026, 8, 1)) == pytest.approx(11.9, abs=0.1)


def test_forecast_needs_two_dates():
    same_day = [Point(date(2026, 8, 1), 3), Point(date(2026, 8, 1), 4)]

    assert forecast(AGREEMENTS, [], date(2026, 8, 1)) is None
    assert forecast(AGREEMENTS, same_day, date(2026, 8, 1)) is None


def test_forecast_uses_only_the_recent_past():
    at = date(2026, 8, 1)
    old = Point(date(2025, 1, 1), 100)  # long before the window: ignored
    later = Point(date(2026, 9, 1), 100)  # after the day assessed: unknown then
    flat = [Point(date(2026, 6, 1), 4), Point(date(2026, 7, 1), 4)]

    assert (at - old.date).days > FORECAST_WINDOW_DAYS
    assert forecast(AGREEMENTS, [old, *flat, later], at) == pytest.approx(4)


def test_the_rule_text_states_the_thresholds_the_code_uses():
    assert "75%" in RULE
    assert f"last {FORECAST_WINDOW_DAYS} days" in RULE


@pytest.mark.parametrize(
    "changes",
    [
        {"target_value": -1},  # to increase, but the target is below the baseline
        {"direction": "sideways"},
        {"deadline": date(2025, 11, 1)},
        {"milestones": (Milestone(date(2027, 1, 1), 11),)},
    ],
)
def test_an_inconsistent_objective_is_refused(changes):
    fields = {
        "baseline_value": 0,
        "baseline_date": date(2025, 11, 30),
        "target_value": 12,
        "deadline": date(2026, 11, 30),
    }
    with pytest.raises(ValueError):
        ObjectiveSpec(**(fields | changes))


def test_a_cumulative_forecast_is_never_below_todays_value():
    # 9 of 12 agreements signed at the end of August, after a burst in spring and a quiet
    # summer: the least-squares line through the history ends below 9 at the deadline, yet
    # agreements signed stay signed.
    counted = ObjectiveSpec(
        0,
        date(2025, 11, 30),
        12,
        date(2026, 11, 30),
        milestones=AGREEMENTS.milestones,
        cumulative=True,
    )
    burst = [
        Point(date(2026, 3, 31), 2),
        Point(date(2026, 4, 30), 9),
        Point(date(2026, 5, 31), 9),
        Point(date(2026, 6, 30), 9),
        Point(date(2026, 7, 31), 9),
    ]
    verdict = assess(counted, 9, END_OF_AUGUST, burst)

    assert verdict.forecast is not None
    assert verdict.forecast >= 9


def test_a_count_that_stopped_growing_is_forecast_at_todays_value():
    counted = ObjectiveSpec(0, date(2025, 11, 30), 12, date(2026, 11, 30), cumulative=True)
    falling_records = [Point(date(2026, 6, 30), 10), Point(date(2026, 7, 31), 9)]

    assert forecast(counted, falling_records, END_OF_AUGUST, current=9) == pytest.approx(9)


def test_a_rising_trend_is_continued_from_todays_value():
    # Staff +19.6 % today, rising since spring: the forecast continues from today's value,
    # it does not restart from a regression line that lies below it (+17.3 % before).
    staff = ObjectiveSpec(0, date(2025, 11, 30), 20, date(2026, 11, 30))
    history = [
        Point(date(2026, 4, 30), 14),
        Point(date(2026, 5, 31), 15),
        Point(date(2026, 6, 30), 15.5),
        Point(date(2026, 7, 31), 16),
    ]
    verdict = assess(staff, 19.6, END_OF_AUGUST, history)

    assert verdict.forecast is not None
    assert verdict.forecast > 19.6
