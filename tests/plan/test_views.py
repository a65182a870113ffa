"""The plan's pages on the demo data: dashboard, drill-down, exports and the briefing note."""

import csv
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from racine.core import demo
from racine.core.models import User

AT = "2026-11-22"


@pytest.fixture
def coordination(reference, login):
    demo.load()
    return login(User.objects.get(username="coordination"))


def test_the_dashboard_shows_the_six_objectives_with_computed_values(coordination):
    page = coordination.get(f"/plan/?at={AT}").content.decode()
    for code in (
        "accords-region",
        "academie-regionale",
        "effectifs-specialises",
        "moyens-intervention",
        "aide-narcotrafic",
        "regime-sanctions-ue",
    ):
        assert f'id="objective-{code}"' in page
    assert "9 / 12" in page  # agreements signed with the region since the launch
    assert "×3,05 / ×3,00" in page  # means of intervention
    assert page.count("<svg") >= 7  # a history chart per objective, and the timeline


def test_a_figure_drills_down_to_the_records_that_make_it(coordination):
    page = coordination.get(f"/plan/objectifs/accords-region/?at={AT}").content.decode()
    records = page.split('id="records"')[1].split("</table>")[0]
    assert records.count("/partenaires/accords/") == 9
    assert "Cadre de coopération douanière France–Mexique" in records
    assert "Programme de formation antidrogue France–Bolivie" not in records  # still a draft


def test_the_drill_down_exports_to_csv_and_xlsx(coordination):
    csv = coordination.get(f"/plan/objectifs/accords-region/?at={AT}&format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert len(csv.content.decode("utf-8-sig").strip().splitlines()) == 1 + 9

    xlsx = coordination.get(f"/plan/objectifs/accords-region/?at={AT}&format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 1 + 9


def test_the_dashboard_table_exports_every_objective(coordination):
    text = coordination.get(f"/plan/?at={AT}&format=csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 1 + 6
    assert rows[0] == [
        "Objectif",
        "Unité",
        "Valeur de référence",
        "Date de référence",
        "Cible",
        "Échéance",
        "Valeur",
        "Avancement (%)",
        "Prévision à l'échéance",
        "Statut",
        "Date des chiffres",
    ]
    agreements = next(row for row in rows if row[0].startswith("12 nouveaux accords"))
    assert agreements[2:9] == ["0", "2025-11-07", "12", "2026-11-30", "9", "75", agreements[8]]
    assert float(agreements[8]) >= 9  # the forecast of a count never falls below it


def test_the_dashboard_xlsx_holds_typed_figures_in_a_named_sheet(coordination):
    content = coordination.get(f"/plan/?at={AT}&format=xlsx").content
    sheet = load_workbook(io.BytesIO(content)).active

    assert sheet.title == "Pilotage du plan"
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value.startswith("12 nouveaux"))
    cells = dict(zip(header, row, strict=True))
    assert cells["Valeur"].value == 9 and cells["Valeur"].data_type == "n"
    assert cells["Cible"].value == 12
    assert cells["Échéance"].is_date
    assert cells["Avancement (%)"].value == 75
    assert cells["Prévision à l'échéance"].data_type == "n"


def test_the_briefing_pdf_holds_the_objective_figures(coordination):
    response = coordination.get(f"/plan/note.pdf?at={AT}")
    assert response["Content-Type"] == "application/pdf"
    assert f"note-plan-{AT}.pdf" in response["Content-Disposition"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "12 nouveaux accords de coopération" in text
    assert "9 / 12" in text
    assert "×3,05" in text


def test_the_partner_map_is_an_svg_coloured_by_agreement_status(coordination):
    response = coordination.get(f"/plan/carte.svg?at={AT}")
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert 'data-country="mx" fill="#18753c"' in svg  # in force


def test_a_partner_officer_cannot_open_the_dashboard(reference, login):
    demo.load()
    response = login(User.objects.get(username="aduana.mexico")).get("/plan/")
    assert response.status_code == 403


def test_the_pdf_takes_its_stylesheet_from_disk_and_nothing_from_a_network():
    from racine.plan.briefing import StaticFilesFetcher

    fetcher = StaticFilesFetcher()
    stylesheet = fetcher.fetch("racine-static:plan/briefing.css")
    assert b"@page" in stylesheet.read()
    with pytest.raises(ValueError, match="static files"):
        fetcher.fetch("https://cdn.example.org/font.css")
