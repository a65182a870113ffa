"""Hostile files against the bulk ingest: never a 500, never a partial write, one store per key.

Hypothesis mixes valid reports with spoiled ones (wrong types, NUL characters, lone
surrogates, huge numbers, unknown codes, broken check digits, impossible dates) and
throws raw bytes at each format. Whatever comes in, the API answers 201 with every row
stored, or 400/413 with nothing stored. Concurrent uploads of one file with one key
store it once.
"""

from __future__ import annotations

import json
import threading
import urllib.request
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

from racine.core import audit
from racine.core import services as core_services
from racine.exchange.models import Entity, Item
from tests.exchange.ingest_helpers import file_bytes, sample

BASE = sample.reports(3)

hostile_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["\x00", "\ud800", "9074728", "CSQU3054384", "2026-02-30", "XX", "-1"]),
)
hostile_value = st.one_of(
    hostile_text,
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
    st.none(),
    st.booleans(),
    st.lists(hostile_text, max_size=3),
    st.dictionaries(hostile_text, hostile_text, max_size=2),
)
FIELDS = [
    "title",
    "seized_on",
    "country",
    "place",
    "handling",
    "distribution",
    "agreement",
    "organisations",
    "transits",
    "drugs",
    "people",
    "entities",
    "kind",
    "unknown",
]


@st.composite
def spoiled_reports(draw) -> list[dict]:
    rows = [dict(row) for row in draw(st.lists(st.sampled_from(BASE), min_size=1, max_size=4))]
    for row in rows:
        for name in draw(st.lists(st.sampled_from(FIELDS), max_size=2)):
            row[name] = draw(hostile_value)
        drugs = row.get("drugs")
        if draw(st.booleans()) and isinstance(drugs, list) and drugs and isinstance(drugs[0], dict):
            row["drugs"] = [{**row["drugs"][0], "quantity": draw(hostile_value)}]
    return rows


def _jsonl(rows: list[dict]) -> bytes:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode(
        "utf-8", "surrogatepass"
    )


@pytest.fixture
def client(world, login):
    return login(world.reader("anam", "partner"))


def _check_all_or_nothing(client, name: str, content: bytes, rows: int | None) -> None:
    before = (Item.objects.count(), Entity.objects.count())
    answer = client.post(
        "/api/exchange/imports",
        {
            "file": SimpleUploadedFile(name, content),
            "handling": "amber",
            "distribution": "originator",
        },
    )
    assert answer.status_code in (201, 400), answer.content[:500]
    after = Item.objects.count()
    if answer.status_code == 201:
        assert after - before[0] == answer.json()["created"]
        assert rows is None or answer.json()["created"] == rows
    else:
        assert (after, Entity.objects.count()) == before, "a refused file wrote nothing"
        assert answer.json()["code"] == "invalid_input"


@given(rows=spoiled_reports())
def test_spoiled_json_lines_never_break_the_api(client, rows):
    _check_all_or_nothing(client, "r.jsonl", _jsonl(rows), len(rows))


@given(rows=spoiled_reports(), extension=st.sampled_from([".csv", ".xlsx"]))
def test_spoiled_spreadsheets_never_break_the_api(client, tmp_path_factory, rows, extension):
    flat = [
        {k: v for k, v in row.items() if isinstance(v, str | int | list) or k == "drugs"}
        for row in rows
    ]
    try:
        content = file_bytes(tmp_path_factory.mktemp("f"), flat, extension)
    except (ValueError, TypeError, AttributeError, UnicodeEncodeError, IllegalCharacterError):
        return  # openpyxl or csv refuse to write such a value: nothing to send
    _check_all_or_nothing(client, f"r{extension}", content, None)


@given(
    content=st.binary(max_size=400),
    name=st.sampled_from(["r.jsonl", "r.csv", "r.xlsx"]),
)
def test_random_bytes_never_break_the_api(client, content, name):
    _check_all_or_nothing(client, name, content, None)


@given(cut=st.integers(min_value=1, max_value=2000))
def test_truncated_workbooks_never_break_the_api(client, tmp_path_factory, cut):
    content = file_bytes(tmp_path_factory.mktemp("x"), BASE, ".xlsx")
    _check_all_or_nothing(client, "r.xlsx", content[: max(1, len(content) - cut)], None)


CLIENTS = 4


@pytest.mark.django_db(transaction=True)
def test_concurrent_uploads_with_one_key_store_the_file_once(live_server, world, tmp_path):
    _token, secret = core_services.create_token(world.reader("anam", "partner"), "push")
    content = file_bytes(tmp_path, sample.reports(200), ".jsonl")
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="distribution"\r\n\r\n'
            f"originator\r\n--{boundary}\r\nContent-Disposition: form-data; "
            f'name="handling"\r\n\r\namber\r\n--{boundary}\r\nContent-Disposition: form-data; '
            f'name="file"; filename="r.jsonl"\r\n\r\n'
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {
        "Authorization": f"Bearer {secret}",
        "Idempotency-Key": "one-file",
        "Content-Type": f"multipart/form-data; boundary={boundary}",
    }
    answers: list[tuple[int, str]] = []
    start = threading.Barrier(CLIENTS)

    def send():
        request = urllib.request.Request(  # noqa: S310 (the test's own server)
            f"{live_server.url}/api/exchange/imports", data=body, headers=headers, method="POST"
        )
        start.wait()
        try:
            with urllib.request.urlopen(request, timeout=120) as answer:  # noqa: S310
                answers.append((answer.status, answer.read().decode()))
        except urllib.error.HTTPError as error:
            answers.append((error.code, error.read().decode()))

    threads = [threading.Thread(target=send) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Item.objects.count() == 200, answers
    assert all(status in (201, 409) for status, _ in answers), answers
    assert len({text for status, text in answers if status == 201}) == 1
    assert audit.verify().intact
    connection.close()
