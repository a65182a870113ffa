"""Routes and trends with DuckDB, and UNODC's published figures as reference series."""

from __future__ import annotations

import datetime as dt

import pytest

from racine.intel.trends import queries, reference
from racine.intel.trends.table import connect, seizures_table
from tests.shared_data import shared_file


def seizure(report, drug, kilograms, *, on="2025-03-10", country="FR", route=("EC", [], "FR")):
    origin, transits, destination = route
    return dict(
        report=report,
        seized_on=dt.date.fromisoformat(on),
        country=country,
        drug=drug,
        conveyance="container",
        origin=origin,
        transits=list(transits),
        destination=destination,
        kilograms=kilograms,
    )


@pytest.fixture
def le_havre_and_algeciras():
    """Two reports at Le Havre (one with two drugs) and one at Algeciras five years earlier."""
    rows = [
        seizure(1, "cocaine_hydrochloride", 120.0, route=("EC", ["PA", "DO"], "FR")),
        seizure(1, "cannabis_resin", 30.0, route=("EC", ["PA", "DO"], "FR")),
        seizure(2, "cocaine_hydrochloride", 20.0, on="2025-04-02", route=("CO", [], None)),
        seizure(
            3,
            "cocaine_hydrochloride",
            100.0,
            on="2020-03-01",
            country="ES",
            route=("CO", ["PA"], "ES"),
        ),
    ]
    return connect(seizures_table(rows))


def test_reports_are_counted_once_whatever_they_seized(le_havre_and_algeciras):
    by_country = queries.by_period(le_havre_and_algeciras, ("country",), "year")
    assert by_country == [
        (dt.date(2020, 1, 1), "ES", 1, 100.0, None),
        (dt.date(2025, 1, 1), "FR", 2, 170.0, None),
    ]
    by_drug = queries.by_period(le_havre_and_algeciras, ("drug",), "year")
    assert (dt.date(2025, 1, 1), "cocaine_hydrochloride", 2, 140.0, None) in by_drug
    assert (dt.date(2025, 1, 1), "cannabis_resin", 1, 30.0, None) in by_drug


def test_a_report_naming_a_drug_twice_is_one_row_with_both_quantities():
    table = seizures_table([seizure(7, "heroin", 2.0), seizure(7, "heroin", 3.5)])
    assert table.num_rows == 1 and table.column("kilograms").to_pylist() == [5.5]
    assert queries.by_period(connect(table), ("drug",), "month")[0][2:4] == (1, 5.5)


def test_flows_follow_each_route_leg_by_leg(le_havre_and_algeciras):
    legs = {(a, b): (n, kg) for a, b, n, kg in queries.flows(le_havre_and_algeciras)}
    assert legs == {
        ("EC", "PA"): (1, 150.0),  # both drugs of report 1
        ("PA", "DO"): (1, 150.0),
        ("DO", "FR"): (1, 150.0),
        ("CO", "FR"): (1, 20.0),  # no destination given: the country of seizure
        ("CO", "PA"): (1, 100.0),
        ("PA", "ES"): (1, 100.0),
    }
    cocaine_2025 = queries.flows(
        le_havre_and_algeciras, since=dt.date(2025, 1, 1), drug="cocaine_hydrochloride"
    )
    assert ("EC", "PA", 1, 120.0) in cocaine_2025 and len(cocaine_2025) == 4


def test_change_states_its_period_and_says_nothing_without_a_base(le_havre_and_algeciras):
    five_years = {c.drug: c for c in queries.change(le_havre_and_algeciras, 2025, 5)}
    cocaine = five_years["cocaine_hydrochloride"]
    assert cocaine.period == "2020 → 2025" and cocaine.ratio == pytest.approx(0.40)
    assert five_years["cannabis_resin"].ratio is None  # nothing seized in 2020
    (total,) = queries.change(le_havre_and_algeciras, 2025, 5, by_drug=False)
    assert (total.kilograms, total.earlier_kilograms) == (170.0, 100.0)


@pytest.mark.parametrize("dimension", ["drug; DROP TABLE seizures", "report", ""])
def test_only_known_dimensions_reach_the_query(le_havre_and_algeciras, dimension):
    with pytest.raises(ValueError):
        queries.by_period(le_havre_and_algeciras, (dimension,))


def test_a_hostile_drug_filter_is_a_value_not_sql(le_havre_and_algeciras):
    hostile = "x' OR 1=1 --"
    assert queries.by_period(le_havre_and_algeciras, ("drug",), drug=hostile) == []
    assert queries.flows(le_havre_and_algeciras, drug=hostile) == []


def test_unodc_2012_2016_is_read_with_its_bom_semicolons_and_quoted_names():
    rows = reference.read_unodc_2012_2016(shared_file("seizures/unodc_drug_seizures_2012-2016.csv"))
    assert len(rows) == 9438
    first = rows[0]
    assert (first.country, first.year, first.drug, first.kilograms) == ("AF", 2013, "heroin", 7157)
    assert {r.year for r in rows} == {2012, 2013, 2014, 2015, 2016}


def test_the_world_drug_report_table_keeps_a_repeated_key_once():
    path = shared_file("seizures/unodc_wdr2024_table7.1_drug_seizures_2018-2022.xlsx")
    rows = reference.read_unodc_wdr2024(path)
    keys = [(r.country_name, r.drug_name, r.year) for r in rows]
    assert len(keys) == len(set(keys)) == 8522
    assert {r.year for r in rows} == {2018, 2019, 2020, 2021, 2022}


def test_reference_series_put_colombian_cocaine_beside_the_platforms_figures():
    rows = reference.read_unodc_2012_2016(
        shared_file("seizures/unodc_drug_seizures_2012-2016.csv")
    ) + reference.read_unodc_wdr2024(
        shared_file("seizures/unodc_wdr2024_table7.1_drug_seizures_2018-2022.xlsx")
    )
    colombia = reference.by_year(rows, "cocaine_hydrochloride", "CO")
    assert 2017 not in colombia  # neither file has it
    assert colombia[2021] == pytest.approx(669_340.048)
    assert colombia[2022] / colombia[2016] - 1 == pytest.approx(0.8187, abs=1e-3)
