"""Every interface string exists in French, Spanish and English; compiled catalogues are current.

The French and Spanish catalogues must translate every message; English is the source
language of the messages, so its catalogue may leave them as they are. A fresh
extraction with ``makemessages`` must find no message missing from the catalogues.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).parents[1] / "src" / "racine" / "locale"
SOURCE = LOCALE.parent
TRANSLATED = ("fr", "es")


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated(language):
    po = catalogue(language)
    missing = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not missing, f"{language}: untranslated {missing}"
    assert not fuzzy, f"{language}: fuzzy {fuzzy}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_placeholders_survive_translation(language):
    import re

    pattern = re.compile(r"%\(\w+\)s")
    for entry in catalogue(language).translated_entries():
        expected = sorted(pattern.findall(entry.msgid_plural or entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for translation in translations:
            assert sorted(pattern.findall(translation)) == expected, entry.msgid


@pytest.mark.parametrize("language", (*TRANSLATED, "en"))
def test_the_compiled_catalogue_matches_the_source(language):
    compiled = {
        entry.msgid: entry.msgstr
        for entry in polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    }
    source = {entry.msgid: entry.msgstr for entry in catalogue(language).translated_entries()}
    assert {k: v for k, v in compiled.items() if k} == source, "run `make messages`"


def test_no_interface_string_is_missing_from_the_catalogues(tmp_path):
    if shutil.which("xgettext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("xgettext (Debian package gettext) is required under CI")
        pytest.skip("xgettext not installed: install the gettext package")
    copy = tmp_path / "racine"
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "racine.cli",
            "manage",
            "makemessages",
            "--locale",
            "fr",
            "--no-obsolete",
            "--no-location",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "RACINE_DATA_DIR": str(tmp_path)},
    )
    extracted = polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    known = {entry.msgid for entry in catalogue("fr")}
    new = sorted(entry.msgid for entry in extracted if entry.msgid not in known)
    assert not new, f"messages missing from the catalogues (run `make messages`): {new}"
