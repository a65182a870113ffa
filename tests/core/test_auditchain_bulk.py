"""The bulk path of the audit chain hashes exactly what an entry written alone hashes."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from racine.core import auditchain

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=10,
)
entries = st.fixed_dictionaries(
    {
        "sequence": st.integers(min_value=1, max_value=2**40),
        "at": st.datetimes(timezones=st.just(dt.UTC)),
        "actor_id": st.none() | st.integers(min_value=1, max_value=2**40),
        "actor": st.text(max_size=20),
        "organisation": st.text(max_size=20),
        "action": st.sampled_from(["create", "update", "view"]),
        "object_type": st.text(max_size=20),
        "object_id": st.text(max_size=10),
        "object_repr": st.text(max_size=30),
        "changes": st.dictionaries(st.text(max_size=10), json_values, max_size=5),
        "client_address": st.none() | st.just("") | st.just("192.0.2.7"),
    }
)


@given(entry=entries)
def test_canonical_text_with_encoded_changes_is_the_canonical_text(entry):
    changes_text = auditchain.compact(entry["changes"])
    batch = auditchain.BatchCanonical(
        entry["at"],
        entry["actor_id"],
        entry["actor"],
        entry["organisation"],
        entry["client_address"],
    )
    text = batch.text(
        entry["sequence"],
        entry["action"],
        entry["object_type"],
        entry["object_id"],
        entry["object_repr"],
        changes_text,
    )
    assert text == auditchain.canonical(entry)
    key = "k" * 32
    assert auditchain.hash_text(
        "0" * 64, auditchain.canonical(entry), key
    ) == auditchain.entry_hash("0" * 64, entry, key)
