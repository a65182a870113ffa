"""The audit chain resists a forger who can rewrite the database but lacks the key.

The forger rewrites an entry and recomputes every later hash with plain SHA-256 (what
the chain used to be): caught. They truncate the chain after the daily checkpoint:
caught. They forge a checkpoint line: caught. Chains written before the key verify.
"""

import pytest
from django.db import connection

from racine import cli
from racine.core import audit, auditchain
from racine.core.models import AuditEntry
from racine.plan.tasks import take_daily_snapshot

pytestmark = pytest.mark.django_db


def _rewrite(rows_after_change):
    """Rewrite the whole table, as someone with database access (and no key) could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only"
            )
        else:
            cursor.execute("DROP TRIGGER IF EXISTS core_auditentry_append_only")
        for row in rows_after_change:
            cursor.execute(
                "UPDATE core_auditentry SET actor = %s, prev_hash = %s, hash = %s "
                "WHERE sequence = %s",
                [row["actor"], row["prev_hash"], row["hash"], row["sequence"]],
            )


def _rows():
    columns = [*auditchain.HASHED_FIELDS, "prev_hash", "hash"]
    return list(AuditEntry.objects.order_by("sequence").values(*columns))


def _recompute_plainly(rows, key=None):
    prev = auditchain.GENESIS
    for row in rows:
        row["prev_hash"] = prev
        row["hash"] = auditchain.entry_hash(prev, row, key)
        prev = row["hash"]
    return rows


def test_a_rewritten_entry_with_a_recomputed_plain_chain_is_caught(make_user, capsys):
    make_user("bruno", roles=["analyst"])
    make_user("chloe", roles=["viewer"])
    rows = _rows()
    rows[1]["actor"] = "intruder"
    _rewrite(_recompute_plainly(rows))
    assert cli.main(["audit", "verify"]) == 1
    assert ": altered" in capsys.readouterr().err


def test_a_chain_recomputed_with_another_key_is_caught(make_user, capsys):
    make_user("bruno", roles=["analyst"])
    rows = _rows()
    rows[0]["actor"] = "intruder"
    _rewrite(_recompute_plainly(rows, key="guessed-key"))
    assert cli.main(["audit", "verify"]) == 1
    assert "entry #1: altered" in capsys.readouterr().err


def test_the_daily_snapshot_writes_a_signed_checkpoint_and_truncation_is_caught(
    make_user, capsys, audit_checkpoints
):
    make_user("bruno", roles=["analyst"])
    take_daily_snapshot.call()
    latest = audit.latest_checkpoint()
    head = AuditEntry.objects.order_by("-sequence").first()
    assert latest is not None and (latest.sequence, latest.hash) == (head.sequence, head.hash)
    assert cli.main(["audit", "verify"]) == 0
    assert "1 checkpoint(s) matched" in capsys.readouterr().out
    # The forger removes the last entries: the chain is still consistent, but shorter.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only"
            )
        cursor.execute("DELETE FROM core_auditentry WHERE sequence >= %s", [head.sequence - 1])
    assert cli.main(["audit", "verify"]) == 1
    assert "truncated" in capsys.readouterr().err


def test_a_forged_checkpoint_line_is_caught(make_user, capsys, audit_checkpoints):
    make_user("bruno", roles=["analyst"])
    audit.write_checkpoint()
    forged = auditchain.checkpoint_line("guessed-key", 999, "0" * 64, audit.timezone.now())
    with audit_checkpoints.open("a") as file:
        file.write(forged)
    assert cli.main(["audit", "verify"]) == 1
    assert "checkpoint line 2" in capsys.readouterr().err


def test_a_chain_written_before_the_key_still_verifies(make_user, settings, capsys):
    # Entries hashed with plain SHA-256 (before the upgrade), the checkpoint written at the
    # upgrade, then keyed entries.
    make_user("bruno", roles=["analyst"])
    _rewrite(_recompute_plainly(_rows()))
    assert cli.main(["audit", "checkpoint"]) == 0
    make_user("chloe", roles=["viewer"])
    assert cli.main(["audit", "verify"]) == 0
    assert "from before the key" in capsys.readouterr().out


def test_a_plain_entry_after_a_keyed_one_is_caught(make_user, capsys):
    make_user("bruno", roles=["analyst"])
    rows = _rows()
    keyed = rows[:1]
    tail = _recompute_plainly([dict(r) for r in rows])[1:]  # plain from entry #2 on
    prev = keyed[0]["hash"]
    for row in tail:
        row["prev_hash"] = prev
        row["hash"] = auditchain.entry_hash(prev, row)
        prev = row["hash"]
    _rewrite(keyed + tail)
    assert cli.main(["audit", "verify"]) == 1
    assert "entry #2: altered" in capsys.readouterr().err


def test_the_briefing_note_prints_the_latest_checkpoint(coordinator, login):
    take_daily_snapshot.call()
    latest = audit.latest_checkpoint()
    page = login(coordinator).get("/plan/note/").content.decode()
    assert str(latest.sequence) in page and latest.hash in page
