"""The list readers on every real list file of ../shared/data, and on bad files."""

import gzip
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from racine.sanctions.sources import SourceError, eu_xml, ftm, ofac_csv, ofac_xml, read, un_xml
from tests.sanctions.conftest import EU_SAMPLE, SMALL_ADD, SMALL_ALT, SMALL_SDN
from tests.shared_data import shared_file

FIXTURE = EU_SAMPLE


def by_id(listing, entity_id):
    return next(e for e in listing.entities if e.entity_id == entity_id)


def test_ofac_csv_2024_with_mismatched_2025_add_and_alt_reports_the_orphans(tmp_path):
    for stem, name in (
        ("sdn", "ofac_sdn_2024-05-03.csv"),
        ("add", "ofac_add_2025-01-06.csv"),
        ("alt", "ofac_alt_2025-01-06.csv"),
    ):
        shutil.copy(shared_file("sanctions", name), tmp_path / f"{stem}.csv")
    listing = read("ofac-csv", tmp_path)
    assert listing.code == "ofac-sdn" and len(listing.entities) == 14965
    schemas = [e.schema for e in listing.entities]
    assert schemas.count("Person") == 6854 and schemas.count("Vessel") == 851
    assert schemas.count("Airplane") == 376 and schemas.count("LegalEntity") == 6884
    narcotics = [e for e in listing.entities if {"SDNT", "SDNTK"} & set(e.programmes)]
    assert len(narcotics) == 1655
    assert listing.warnings[0].startswith("add.csv: 2474 row(s)")
    assert listing.warnings[1].startswith("alt.csv: 1468 row(s)")
    gilberto = by_id(listing, "4107")
    assert gilberto.properties["birthDate"] == ["1939-01-31"]
    assert "T321642" in gilberto.properties["passportNumber"]
    assert "THE CHESS PLAYER" in gilberto.properties["weakAlias"]
    assert ("THE CHESS PLAYER", "weak") in gilberto.names()


def test_ofac_csv_2021_trio_gzipped_with_comments_joins_without_orphans():
    listing = read("ofac-csv", shared_file("sanctions", "ofac_2021-07-07_trio"))
    assert len(listing.entities) == 8976 and listing.warnings == []
    narcotics = [e for e in listing.entities if {"SDNT", "SDNTK"} & set(e.programmes)]
    assert len(narcotics) == 2304


def test_ofac_csv_vessel_data_and_small_quirks(small_sdn):
    listing = read("ofac-csv", small_sdn)
    vessel = by_id(listing, "9001")
    assert vessel.schema == "Vessel"
    assert vessel.properties["imoNumber"] == ["IMO9187629"]
    assert vessel.properties["flag"] == ["pa"]
    assert vessel.properties["callSign"] == ["V7AB1"]
    assert by_id(listing, "306").properties["country"] == ["ch"]
    assert "ORPHAN NAME" not in str(listing.entities)
    assert "ent_num 7777" in listing.warnings[0]


@pytest.mark.parametrize(
    ("sdn", "reason"),
    [
        (SMALL_SDN[:150], "truncated"),
        (SMALL_SDN.replace(b'"SDNT",', b""), "11 columns, expected 12"),
        (SMALL_SDN.replace(b"4107,", b"X4107,"), "is not a number"),
        (SMALL_SDN.replace(b'"individual"', b'"dragon"'), "unknown SDN_Type"),
        (SMALL_SDN[:-1] + SMALL_SDN, "appears twice"),
        (b"\x1a", "holds no entry"),
    ],
)
def test_a_malformed_ofac_file_is_refused_with_the_reason(ofac_folder, sdn, reason):
    with pytest.raises(SourceError) as refused:
        read("ofac-csv", ofac_folder(sdn=sdn, alt=SMALL_ALT, add=SMALL_ADD))
    assert reason in str(refused.value)


def test_a_truncated_gzip_is_refused(tmp_path):
    (tmp_path / "sdn.csv.gz").write_bytes(gzip.compress(SMALL_SDN)[:40])
    with pytest.raises(SourceError, match="not a complete gzip file"):
        read("ofac-csv", tmp_path)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_hostile_bytes_are_refused_or_read_never_crash(content):
    try:
        listing = ofac_csv.parse({"sdn": content})
    except SourceError as error:
        assert error.problems
    else:
        assert all(entity.entity_id.isdigit() for entity in listing.entities)


def test_ofac_advanced_xml_real_file():
    listing = ofac_xml.parse(
        shared_file("sanctions", "ofac_cons_advanced_2020-03-17.xml").read_bytes()
    )
    assert listing.code == "ofac-cons" and len(listing.entities) == 375
    assert str(listing.published) == "2020-03-17"
    haniya = by_id(listing, "9639")
    assert haniya.schema == "Person"
    assert haniya.properties["birthDate"] == ["1962"]
    assert haniya.programmes == ["NS-PLC"] and str(haniya.listed_on) == "2006-04-12"
    assert any(e.properties.get("registrationNumber") for e in listing.entities)


def test_un_xml_real_file():
    listing = un_xml.parse(
        shared_file("sanctions", "un_sc_consolidated_2026-02-27.xml").read_bytes()
    )
    schemas = [e.schema for e in listing.entities]
    assert schemas.count("Person") == 730 and schemas.count("Organization") == 273
    badege = by_id(listing, "6907993")
    assert badege.properties["name"] == ["ERIC BADEGE"]
    assert badege.properties["birthDate"] == ["1971"]
    assert badege.programmes == ["DRC"] and str(badege.listed_on) == "2012-12-31"
    assert any(e.properties.get("passportNumber") for e in listing.entities)
    assert any(e.properties.get("weakAlias") for e in listing.entities)


def test_eu_xml_sample_written_from_the_official_schema():
    listing = eu_xml.parse(Path(FIXTURE).read_bytes())
    assert listing.code == "eu-fsf" and len(listing.entities) == 3
    leader = by_id(listing, "990101")
    assert leader.properties["passportNumber"] == ["G99887766"]
    assert leader.properties["weakAlias"] == ["El Ingeniero"]
    assert "Хоакин Эхемплар Муэстрарио" in leader.properties["alias"]
    assert leader.programmes == ["OCR"] and str(leader.listed_on) == "2026-03-15"
    assert by_id(listing, "990102").properties["taxNumber"] == ["TFP010101AB1"]


@pytest.mark.parametrize("name", ["yente_t1_entities.ftm.json", "yente_zala_entities.ftm.json"])
def test_ftm_real_files(name):
    path = shared_file("ftm", name)
    listing = ftm.parse(path.read_bytes(), file_name=name)
    ids = {e.entity_id for e in listing.entities}
    assert ids and ids <= {line.split('"')[3] for line in path.read_text().splitlines()}
    assert all(e.schema in {"Person", "Company", "Organization"} for e in listing.entities)
    assert listing.code == ("ftm:eu_fsf" if "t1" in name else "ftm:yente_zala_entities")


@pytest.mark.parametrize(
    ("parser", "content", "reason"),
    [
        (un_xml.parse, b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>", "not well-formed"),
        (un_xml.parse, b"<other/>", "expected <CONSOLIDATED_LIST>"),
        (un_xml.parse, b"<CONSOLIDATED_LIST/>", "holds no entry"),
        (
            eu_xml.parse,
            b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><export>&e;</export>',
            "document type",
        ),
        (ofac_xml.parse, b"<Sanctions/>", "holds no DistinctParty"),
        (ftm.parse, b'{"id": "x", "schema": "Dragon", "properties": {}}\n', "line 1"),
        (ftm.parse, b"not json\n", "line 1"),
    ],
)
def test_bad_xml_and_json_are_refused(parser, content, reason):
    with pytest.raises(SourceError, match=reason):
        parser(content)


def test_a_truncated_real_un_file_is_refused():
    content = shared_file("sanctions", "un_sc_consolidated_2026-02-27.xml").read_bytes()
    with pytest.raises(SourceError, match="truncated"):
        un_xml.parse(content[: len(content) // 2])
