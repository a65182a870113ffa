"""Bulk ingest of seizure reports: every row checked as if sent alone, then all or nothing.

The files are the benchmark's generated reports (``bench/exchange_ingest_sample.py``)
written as JSON Lines, CSV and XLSX, with one value spoiled where a test needs it.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest

from racine.core import audit
from racine.core.errors import PermissionDenied, RowErrors
from racine.core.models import AuditEntry
from racine.exchange import compose, ingest, ingest_files
from racine.exchange.models import Entity, Item, SeizedDrug, Seizure
from racine.exchange.schemas import ItemIn
from tests.exchange.ingest_helpers import file_bytes, handle, sample

ORIGINATOR = ingest.FileDefaults(handling="amber", distribution="originator")


def refusal(user, content: bytes, file_format: str, defaults=ORIGINATOR) -> RowErrors:
    before = (Item.objects.count(), AuditEntry.objects.count())
    with pytest.raises(RowErrors) as caught:
        ingest.import_seizures(user, handle(content), file_format, defaults)
    assert (Item.objects.count(), AuditEntry.objects.count()) == before, "nothing written"
    return caught.value


def problems(error: RowErrors) -> list[tuple[int, str]]:
    return [(p["row"], p["field"]) for p in error.problems]


@pytest.mark.parametrize("extension", [".jsonl", ".csv", ".xlsx"])
def test_a_file_is_stored_whole_with_its_entities_and_a_verifiable_audit_chain(
    world, tmp_path, extension
):
    rows = sample.reports(40)
    user = world.reader("anam", "partner")
    content = file_bytes(tmp_path, rows, extension)
    report = ingest.import_seizures(user, handle(content), extension[1:], ORIGINATOR)
    assert report.created == 40
    items = Item.objects.filter(pk__in=report.ids)
    assert items.count() == 40 and set(items.values_list("author", flat=True)) == {user.pk}
    assert Seizure.objects.filter(item__in=items).count() == 40
    assert SeizedDrug.objects.filter(seizure__item__in=items).count() == sum(
        len(r["drugs"]) for r in rows
    )
    assert Entity.objects.filter(item__in=items).count() == sum(
        len(r["people"]) + len(r["entities"]) for r in rows
    )
    first = Item.objects.get(pk=report.ids[0])
    assert first.title == rows[0]["title"]
    assert first.personal_data is bool(rows[0]["people"])
    assert audit.verify().intact


def test_a_report_s_one_bulk_entry_holds_every_entry_of_a_report_sent_alone(world):
    """The bulk path writes one entry per report; it holds what a single write's entries hold.

    A report sent alone is audited row by row (the item, its entities, its seizure, its
    drugs); imported, the same report is one entry: the item's creation, carrying each
    child's creation changes — the same fields, masked alike — under ``entities``,
    ``seizure`` and ``drugs``.
    """
    user = world.reader("anam", "partner")
    body = {**sample.reports(1)[0], "handling": "amber", "distribution": "originator"}
    body["people"] = [{"full_name": "Ana Pérez", "birth_date": "1980-01-01", "nationality": "MX"}]
    body["drugs"] = [
        {"drug": "heroin", "quantity": 1500, "unit": "g"},
        {"drug": "mdma", "quantity": 300, "unit": "units"},
    ]
    ignored = {"id", "item_id", "seizure_id", "created_at", "updated_at"}

    def plain(changes):
        return {k: v for k, v in changes.items() if k not in ignored}

    start = AuditEntry.objects.order_by("-sequence").first().sequence
    alone = compose.create_item(user, ItemIn.model_validate(body).to_data())
    single = list(AuditEntry.objects.filter(sequence__gt=start).order_by("sequence"))
    by_type: dict[str, list] = {}
    for entry in single:
        by_type.setdefault(entry.object_type, []).append(plain(entry.changes))
    content = (json.dumps(body) + "\n").encode()
    middle = single[-1].sequence
    report = ingest.import_seizures(user, handle(content), "jsonl", ingest.FileDefaults())
    (entry,) = AuditEntry.objects.filter(sequence__gt=middle)
    item = Item.objects.get(pk=report.ids[0])
    assert (entry.action, entry.object_type, entry.object_id) == (
        "create",
        "exchange.Item",
        str(item.pk),
    )
    assert entry.object_repr.split("#")[0] == single[0].object_repr.split("#")[0]
    changes = dict(entry.changes)
    children = {name: changes.pop(name) for name in ("entities", "seizure", "drugs")}
    assert plain(changes) == by_type["exchange.Item"][0]
    assert changes["title"] == [audit.MASKED, audit.MASKED], "masked as for single writes"
    assert [plain(c) for c in children["entities"]] == by_type["exchange.Entity"]
    assert [plain(children["seizure"])] == by_type["exchange.Seizure"]
    assert [plain(c) for c in children["drugs"]] == by_type["exchange.SeizedDrug"]
    # Every stored child is named, by its id, in the report's entry.
    seizure = Seizure.objects.get(item=item)
    assert [c["id"][1] for c in children["entities"]] == list(
        Entity.objects.filter(item=item).order_by("pk").values_list("pk", flat=True)
    )
    assert children["seizure"]["id"][1] == seizure.pk
    assert [c["id"][1] for c in children["drugs"]] == list(
        SeizedDrug.objects.filter(seizure=seizure).order_by("pk").values_list("pk", flat=True)
    )
    assert {c["item_id"][1] for c in children["entities"]} == {item.pk}
    assert {c["seizure_id"][1] for c in children["drugs"]} == {seizure.pk}
    assert len(single) == 1 + len(children["entities"]) + 1 + len(children["drugs"])
    assert alone.personal_data is item.personal_data is True
    assert audit.verify().intact


def test_a_file_s_reports_are_each_one_entry_with_every_child(world, tmp_path):
    rows = sample.reports(25)
    user = world.reader("anam", "partner")
    start = AuditEntry.objects.order_by("-sequence").first().sequence
    report = ingest.import_seizures(
        user, handle(file_bytes(tmp_path, rows, ".csv")), "csv", ORIGINATOR
    )
    entries = list(AuditEntry.objects.filter(sequence__gt=start).order_by("sequence"))
    assert [e.object_id for e in entries] == [str(pk) for pk in report.ids]
    named = {"entities": set(), "seizure": set(), "drugs": set()}
    for entry in entries:
        named["entities"] |= {c["id"][1] for c in entry.changes["entities"]}
        named["seizure"].add(entry.changes["seizure"]["id"][1])
        named["drugs"] |= {c["id"][1] for c in entry.changes["drugs"]}
    items = Item.objects.filter(pk__in=report.ids)
    assert named["entities"] == set(
        Entity.objects.filter(item__in=items).values_list("pk", flat=True)
    )
    assert named["seizure"] == set(
        Seizure.objects.filter(item__in=items).values_list("pk", flat=True)
    )
    assert named["drugs"] == set(
        SeizedDrug.objects.filter(seizure__item__in=items).values_list("pk", flat=True)
    )
    assert audit.verify().intact


@pytest.mark.parametrize("extension", [".jsonl", ".csv", ".xlsx"])
def test_one_bad_row_refuses_the_file_and_names_row_and_field(world, tmp_path, extension):
    rows = sample.reports(6)
    rows[2]["entities"][0]["identifier"] = "9074728"  # IMO check digit wrong
    rows[4]["drugs"][0]["drug"] = "sugar"
    content = file_bytes(tmp_path, rows, extension)
    error = refusal(world.reader("anam", "partner"), content, extension[1:])
    flat = extension != ".jsonl"
    # JSON Lines counts lines from 1; a spreadsheet's header is row 1.
    offset = 1 if flat else 0
    assert problems(error) == [
        (3 + offset, "entity_1_identifier" if flat else "entities[0].identifier"),
        (5 + offset, "drug_1" if flat else "drugs[0].drug"),
    ]
    assert error.problems[0]["detail"].startswith("9074728")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"seized_on": "2026-02-30"}, "seized_on"),
        ({"seized_on": "2999-01-01"}, "seized_on"),
        ({"country": "XX"}, "country"),
        ({"place": "MXZZZ"}, "place"),
        ({"transits": ["PA", "QQ"]}, "transits"),
        ({"drugs": [{"drug": "heroin", "quantity": "1.5", "unit": "units"}]}, "quantity_1"),
        ({"drugs": [{"drug": "heroin", "quantity": "3", "unit": "barrels"}]}, "unit_1"),
        ({"entities": [{"kind": "container", "identifier": "CSQU3054384"}]}, "entity_1_identifier"),
        ({"people": [{"full_name": "A", "birth_date": "1890-01-01"}]}, "person_1_birth_date"),
        ({"people": [{"full_name": "A", "nationality": "ZZ"}]}, "person_1_nationality"),
        ({"handling": "clear"}, "handling"),
        ({"title": ""}, "title"),
    ],
)
def test_each_bad_value_is_named_by_its_template_column(world, tmp_path, change, field):
    row = {**sample.reports(1)[0], "people": [{"full_name": "Juan"}], **change}
    error = refusal(world.reader("anam", "partner"), file_bytes(tmp_path, [row], ".csv"), "csv")
    assert problems(error) == [(2, field)], error.problems


def test_a_sharing_without_legal_basis_is_refused_on_every_row(world, tmp_path):
    # FGR (Mexico) is no party of the France–Mexico framework: listing it has no legal basis.
    defaults = ingest.FileDefaults(
        handling="amber", distribution="organisations", organisations=[world.orgs["fgr"].pk]
    )
    content = file_bytes(tmp_path, sample.reports(3), ".jsonl")
    error = refusal(world.reader("embassy", "embassy"), content, "jsonl", defaults)
    assert problems(error) == [(1, "organisations"), (2, "organisations"), (3, "organisations")]
    assert "Fiscalía" in error.problems[0]["detail"]


def test_file_defaults_give_the_legal_basis_and_a_row_may_override_them(world, tmp_path):
    mexico = world.agreements["mexico"].pk
    rows = sample.reports(2)
    rows[1]["distribution"] = "originator"
    defaults = ingest.FileDefaults(handling="amber", distribution="agreement", agreement=mexico)
    user = world.reader("anam", "partner")
    content = file_bytes(tmp_path, rows, ".csv")
    report = ingest.import_seizures(user, handle(content), "csv", defaults)
    first, second = (Item.objects.get(pk=pk) for pk in report.ids)
    assert (first.distribution, first.agreement_id) == ("agreement", mexico)
    assert second.distribution == "originator"


def test_the_report_is_capped_but_counts_every_problem(world):
    content = b"".join(b'{"title": ""}\n' for _ in range(ingest.MAX_REPORTED + 50))
    error = refusal(world.reader("anam", "partner"), content, "jsonl")
    assert len(error.problems) == ingest.MAX_REPORTED
    assert error.total == ingest.MAX_REPORTED + 50


def test_too_many_rows_are_refused(world, monkeypatch, tmp_path):
    monkeypatch.setattr(ingest_files, "MAX_ROWS", 3)
    error = refusal(
        world.reader("anam", "partner"), file_bytes(tmp_path, sample.reports(5), ".csv"), "csv"
    )
    assert error.problems[-1]["row"] == 5 and " 3 " in error.problems[-1]["detail"]


@pytest.mark.parametrize(
    ("content", "file_format", "expected"),
    [
        (b"title,seized_on\nSaisie,2026-01-01\n\xff\xfe\n", "csv", (3, "")),
        (b"title,colour\nSaisie,red\n", "csv", (1, "colour")),
        (b"title,\nSaisie,red\n", "csv", (2, "#2")),
        (b"", "csv", (0, "file")),
        (b"not a workbook", "xlsx", (0, "file")),
        (b'{"title": "x"\n', "jsonl", (1, "")),
        (b"[1, 2]\n", "jsonl", (1, "")),
        (b'{"title": "x", "colour": "red"}\n', "jsonl", (1, "colour")),
        (b'{"kind": "alert", "title": "x"}\n', "jsonl", (1, "kind")),
        (b'{"agreement": 99999999999999999999999}\n', "jsonl", (1, "agreement")),
    ],
)
def test_malformed_files_get_a_clear_refusal(world, content, file_format, expected):
    error = refusal(world.reader("anam", "partner"), content, file_format)
    assert expected in problems(error), error.problems


def test_a_truncated_workbook_is_refused(world, tmp_path):
    content = file_bytes(tmp_path, sample.reports(20), ".xlsx")
    error = refusal(world.reader("anam", "partner"), content[: len(content) // 2], "xlsx")
    assert problems(error) == [(0, "file")]
    assert "XLSX" in error.problems[0]["detail"]


def test_a_zip_bomb_is_refused_before_it_unpacks(world, monkeypatch, tmp_path):
    monkeypatch.setattr(ingest_files, "MAX_XLSX_UNPACKED", 1000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 100_000)
    error = refusal(world.reader("anam", "partner"), buffer.getvalue(), "xlsx")
    assert problems(error) == [(0, "file")]


def _workbook(cells: dict) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    for reference, value in cells.items():
        workbook.active[reference] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewritten(content: bytes, old: bytes, new: bytes) -> bytes:
    """Return the workbook with ``old`` replaced by ``new`` in its first sheet's XML."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                part = part.replace(old, new)
            target.writestr(info, part)
    return out.getvalue()


def test_a_sheet_spanning_too_many_cells_is_refused_before_it_is_read(world):
    # Two cells, A1 and XFD1048576: the reader would ask for a 512 GiB grid and abort.
    content = _workbook({"A1": "title", "A2": "Saisie", "XFD1048576": "x"})
    error = refusal(world.reader("anam", "partner"), content, "xlsx")
    assert problems(error) == [(0, "file")]
    assert "10,000,000" in error.problems[0]["detail"]


def test_a_cell_without_its_reference_is_refused(world):
    content = _workbook({"A1": "title", "A2": "Saisie", "B2": "x"})
    content = _rewritten(content, b' r="B2"', b"")
    error = refusal(world.reader("anam", "partner"), content, "xlsx")
    assert problems(error) == [(0, "file")]
    assert "A1, B1" in error.problems[0]["detail"]


def test_a_sheet_starting_below_and_right_of_a1_keeps_its_rows_and_columns():
    # The reader's grid starts at the first value: rows and columns before it are given back.
    content = _workbook({"B3": "Saisie", "C4": 1200, "D5": dt.date(2026, 3, 2)})
    sheet = ingest_files._first_sheet(io.BytesIO(content))
    rows = [[ingest_files._text(cell) for cell in row] for row in ingest_files._sheet_rows(sheet)]
    assert [" ".join(row).rstrip() for row in rows] == [
        "",
        "",
        " Saisie",
        "  1200",
        "   2026-03-02",
    ]
    offset = _workbook({"B1": "title", "A2": "x", "B2": "Saisie"})
    assert list(ingest_files.read_xlsx(io.BytesIO(offset)))[0][1]["_field"] == "#1"


def test_only_who_may_compose_imports(world, tmp_path):
    content = file_bytes(tmp_path, sample.reports(1), ".jsonl")
    with pytest.raises(PermissionDenied):
        ingest.import_seizures(world.reader("anam", "viewer"), handle(content), "jsonl", ORIGINATOR)


def test_the_template_example_row_imports_as_is(world):
    content = ingest_files.template_csv().encode()
    report = ingest.import_seizures(
        world.reader("anam", "partner"), handle(content), "csv", ingest.FileDefaults()
    )
    item = Item.objects.get(pk=report.ids[0])
    assert item.seizure.place == "FRLEH" and item.entities.count() == 4


def test_the_cycle_collector_is_paused_only_while_a_file_is_stored():
    import gc

    from racine.exchange import bulk

    assert gc.isenabled()
    with pytest.raises(RuntimeError), bulk.cycle_collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("interrupted")
    assert gc.isenabled(), "resumed even when the write fails"
    gc.disable()
    try:
        with bulk.cycle_collector_paused():
            pass
        assert not gc.isenabled(), "a pause begun elsewhere is left to its owner"
    finally:
        gc.enable()
