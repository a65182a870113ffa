"""Fixtures of the sanctions tests.

- ``officer``: a sanctions officer of the ministry (the only role that imports and screens).
- ``screening_index_path``: the screening index kept in the test's own folder, so parallel
  workers never share one file.
- ``ofac_folder(sdn=…, add=…, alt=…)``: writes an OFAC CSV folder from the given file bytes.
- ``small_sdn``: three OFAC SDN rows in the real format (no header, ``-0-``, CRLF, 0x1A).
- ``adopted_regime``: the European regime ``eu-oc`` at stage « adopted », which adopting a
  designation requires.
"""

from pathlib import Path

import pytest

EU_SAMPLE = str(Path(__file__).parents[1] / "fixtures" / "sanctions" / "eu_fsf_sample.xml")

SMALL_SDN = (
    b'4107,"RODRIGUEZ OREJUELA, Gilberto Jose","individual","SDNT",-0- ,-0- ,-0- ,-0- ,-0- ,'
    b"-0- ,-0- ,\"DOB 31 Jan 1939; Passport T321642 (Colombia); a.k.a. 'THE CHESS PLAYER'.\"\r\n"
    b'306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
    b"\"a.k.a. 'BNC'.\"\r\n"
    b'9001,"OCEAN STAR",vessel,"SDNTK",-0- ,"V7AB1","Cargo",-0- ,"12,000","Panama",-0- ,'
    b'"Vessel Registration Identification IMO 9187629."\r\n\x1a'
)
SMALL_ALT = b'4107,1,"aka","RODRIGUEZ, Gilberto",-0- \r\n7777,2,"aka","ORPHAN NAME",-0- \r\n\x1a'
SMALL_ADD = b'306,1,"Zweierstrasse 35","Zurich CH-8022","Switzerland",-0- \r\n\x1a'


@pytest.fixture
def officer(make_user, ministry):
    return make_user("sophie", roles=["sanctions_officer"], organisation=ministry)


@pytest.fixture(autouse=True)
def screening_index_path(settings, tmp_path):
    settings.RACINE_SCREENING_INDEX = tmp_path / "screening" / "index.pickle"
    return settings.RACINE_SCREENING_INDEX


@pytest.fixture
def ofac_folder(tmp_path):
    def write(name="ofac", **files: bytes):
        folder = tmp_path / name
        folder.mkdir(exist_ok=True)
        for stem, content in files.items():
            (folder / f"{stem}.csv").write_bytes(content)
        return folder

    return write


@pytest.fixture
def small_sdn(ofac_folder):
    return ofac_folder(sdn=SMALL_SDN, alt=SMALL_ALT, add=SMALL_ADD)


@pytest.fixture
def adopted_regime(coordinator):
    """The European regime adopted (its stage recorded by a coordinator): designations under
    it may then be adopted (adopting one under a regime not yet adopted is refused)."""
    import datetime as dt

    from django.db import transaction

    from racine.sanctions import designations

    with transaction.atomic():  # callers own the transaction (the row is locked)
        return designations.record_stage(
            coordinator,
            "eu-oc",
            designations.StageData(4, dt.date(2026, 2, 2), "Décision (PESC) 2026/1 (fictive)"),
        )
