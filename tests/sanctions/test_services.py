"""Importing lists into the database: versions, diffs, idempotence, refusals, roles."""

import pytest
from django.db import transaction

from racine.core.errors import InvalidInput, PermissionDenied
from racine.sanctions import services
from racine.sanctions.matching import Query
from racine.sanctions.models import EntryIdentifier, EntryName, ListEntry, ListVersion
from tests.sanctions.conftest import EU_SAMPLE, SMALL_ADD, SMALL_ALT, SMALL_SDN
from tests.shared_data import shared_file
from tests.tools.concurrency import at_once

pytestmark = pytest.mark.django_db

UN = ("sanctions", "un_sc_consolidated_2026-02-27.xml")


def test_an_import_stores_entries_names_identifiers_and_a_first_version(officer, small_sdn):
    report = services.import_list(officer, "ofac-csv", small_sdn)
    assert (report.code, report.version, report.added) == ("ofac-sdn", 1, 3)
    assert "ent_num 7777" in report.warnings[0]
    gilberto = ListEntry.objects.get(entity_id="4107")
    assert gilberto.schema == "Person" and gilberto.birth_years == [1939]
    assert gilberto.programmes == ["SDNT"]
    names = set(gilberto.names.values_list("name", "quality"))
    assert ("RODRIGUEZ, Gilberto", "strong") in names
    assert ("THE CHESS PLAYER", "weak") in names
    assert EntryIdentifier.objects.get(number="IMO9187629").kind == "imo"
    assert ListEntry.objects.get(entity_id="9001").properties["flag"] == ["pa"]
    version = ListVersion.objects.get()
    assert version.entry_count == 3 and version.warnings


def test_importing_the_same_file_again_changes_nothing(officer, small_sdn):
    services.import_list(officer, "ofac-csv", small_sdn)
    before = (ListVersion.objects.count(), EntryName.objects.count(), ListEntry.objects.count())
    report = services.import_list(officer, "ofac-csv", small_sdn)
    assert report.version is None
    after = (ListVersion.objects.count(), EntryName.objects.count(), ListEntry.objects.count())
    assert before == after


def test_a_new_version_records_what_was_added_removed_and_changed(officer, ofac_folder):
    services.import_list(officer, "ofac-csv", ofac_folder("v1", sdn=SMALL_SDN, alt=SMALL_ALT))
    changed_sdn = SMALL_SDN.replace(b"DOB 31 Jan 1939", b"DOB 31 Jan 1940").replace(
        b'306,"BANCO NACIONAL DE CUBA"', b'307,"BANCO POPULAR DE CUBA"'
    )
    report = services.import_list(
        officer, "ofac-csv", ofac_folder("v2", sdn=changed_sdn, alt=SMALL_ALT, add=SMALL_ADD)
    )
    assert (report.version, report.added, report.removed, report.changed) == (2, 1, 1, 1)
    version = ListVersion.objects.get(number=2)
    assert version.added == [["307", "BANCO POPULAR DE CUBA"]]
    assert version.removed == [["306", "BANCO NACIONAL DE CUBA"]]
    assert version.changed == [["4107", "RODRIGUEZ OREJUELA, Gilberto Jose"]]
    gilberto = ListEntry.objects.get(entity_id="4107")
    assert gilberto.birth_years == [1940] and gilberto.last_changed_version == 2
    assert gilberto.first_version == 1
    assert gilberto.names.filter(name="RODRIGUEZ, Gilberto").count() == 1  # not duplicated
    assert not ListEntry.objects.filter(entity_id="306").exists()


def test_a_malformed_file_is_refused_and_writes_nothing(officer, ofac_folder, small_sdn):
    services.import_list(officer, "ofac-csv", small_sdn)
    before = list(ListEntry.objects.values_list("entity_id", "fingerprint"))
    bad = ofac_folder("bad", sdn=SMALL_SDN.replace(b"9001,", b"9001,1,")[:-3])
    with pytest.raises(InvalidInput, match="sdn.csv line 3: 13 columns"):
        services.import_list(officer, "ofac-csv", bad)
    assert list(ListEntry.objects.values_list("entity_id", "fingerprint")) == before
    assert ListVersion.objects.count() == 1


def test_only_sanctions_officers_import_lists_and_screen(make_user, ministry, small_sdn):
    coordinator = make_user("paul", roles=["plan_coordinator"], organisation=ministry)
    with pytest.raises(PermissionDenied):
        services.import_list(coordinator, "ofac-csv", small_sdn)
    with pytest.raises(PermissionDenied):
        services.screen(coordinator, [Query("1", "Banco Nacional de Cuba")])
    assert not ListEntry.objects.exists()


def test_every_real_list_imports_and_reimports_as_a_no_op(officer, tmp_path):
    for format_name, parts in (
        ("un-xml", UN),
        ("ofac-xml", ("sanctions", "ofac_cons_advanced_2020-03-17.xml")),
        ("ftm", ("ftm", "yente_zala_entities.ftm.json")),
        ("ftm", ("ftm", "yente_t1_entities.ftm.json")),
        ("ofac-csv", ("sanctions", "ofac_2021-07-07_trio")),
    ):
        path = shared_file(*parts)
        first = services.import_list(officer, format_name, path)
        assert first.version == 1 and first.added == first.entries > 0
        assert services.import_list(officer, format_name, path).version is None
    eu = services.import_list(officer, "eu-xml", EU_SAMPLE)
    assert eu.code == "eu-fsf"
    codes = set(services.list_lists(officer).values_list("code", flat=True))
    assert codes == {
        "un-sc",
        "ofac-cons",
        "ftm:yente_zala_entities",
        "ftm:eu_fsf",
        "ofac-sdn",
        "eu-fsf",
    }
    assert ListEntry.objects.filter(sanctions_list__code="ofac-sdn").count() == 8976


def test_screening_finds_reordered_accented_names_and_explains_itself(officer, small_sdn):
    services.import_list(officer, "ofac-csv", small_sdn)
    hits = services.screen(
        officer,
        [
            Query("q1", "Gilberto José Rodríguez Orejuela", "Person", "1939"),
            Query("q2", "Nobody In Particular"),
            Query("q3", "Gilberto Rodriguez Orejuela", "Person", "1975"),
        ],
        threshold=0.8,
    )
    first = hits[0]
    assert (first.query_id, first.rank, first.entry.entity_id) == ("q1", 1, "4107")
    assert first.entry.sanctions_list.code == "ofac-sdn"
    assert first.match.features["birth_year"] > 0 and first.match.threshold == 0.8
    assert first.match.matched_name == "RODRIGUEZ OREJUELA, Gilberto Jose"
    assert {hit.query_id for hit in hits} == {"q1"}  # a conflicting birth year drops q3


def test_the_index_is_rebuilt_when_a_list_changes(officer, ofac_folder, screening_index_path):
    services.import_list(officer, "ofac-csv", ofac_folder("v1", sdn=SMALL_SDN))
    assert services.screen(officer, [Query("q", "Banco Nacional de Cuba")])
    assert screening_index_path.exists()
    services.import_list(
        officer,
        "ofac-csv",
        ofac_folder("v2", sdn=SMALL_SDN.replace(b"BANCO NACIONAL", b"BANCO POPULAR")),
    )
    assert not services.screen(officer, [Query("q", "Banco Nacional de Cuba")])
    assert services.screen(officer, [Query("q", "Banco Popular de Cuba")])


def test_an_import_inside_a_failed_transaction_leaves_nothing(officer, small_sdn):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.import_list(officer, "ofac-csv", small_sdn)
        raise RuntimeError("the caller fails after the import")
    assert not ListEntry.objects.exists() and not ListVersion.objects.exists()


def test_the_demo_list_is_fictional_screenable_and_loads_once(reference, officer):
    from racine.sanctions import demo

    assert demo.load(None) == {"demo sanctions entries": 10}
    assert demo.load(None) == {"demo sanctions entries": 0}
    hits = services.screen(officer, [Query("q", "Aurelio Quintanar", "Person", "1969")])
    assert hits[0].entry.sanctions_list.code == "ftm:racine_demo"
    assert hits[0].entry.entity_id == "demo-001"


def test_the_worker_rebuilds_a_stale_index_in_the_background(officer, small_sdn):
    from racine.sanctions import tasks

    services.import_list(officer, "ofac-csv", small_sdn)
    assert not tasks.index_is_current()
    assert tasks.schedule() is True
    assert tasks.index_is_current() and tasks.schedule() is False


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_list_at_once_make_one_version(
    reference, small_sdn, ministry, make_user
):
    """Two officers import the same file at the same moment: one version, no duplicate."""
    officer = make_user("sophie", roles=["sanctions_officer"], organisation=ministry)
    listing = services.read_list("ofac-csv", small_sdn)  # read outside, as the CLI does

    def run():
        with transaction.atomic():
            report = services.import_list(officer, "ofac-csv", small_sdn, listing=listing)
            return report.version

    outcomes = at_once(run, threads=2)
    assert sorted(outcomes, key=str) == sorted([1, None], key=str), outcomes
    assert ListVersion.objects.count() == 1 and ListEntry.objects.count() == 3
