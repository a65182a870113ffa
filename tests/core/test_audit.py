"""The audit log: every change, login and token use is written, chained and verifiable."""

import pytest
from django.db import DatabaseError, connection, transaction

from racine import cli
from racine.core import audit, auditchain, services
from racine.core.models import AuditEntry
from tests.factories import PASSWORD, make_organisation


def entries(action=None):
    queryset = AuditEntry.objects.order_by("sequence")
    return list(queryset.filter(action=action) if action else queryset)


def test_creating_a_user_is_audited_with_its_fields_and_the_password_masked(make_user):
    user = make_user("bruno", roles=["analyst"])

    created = [e for e in entries("create") if e.object_type == "core.User"]
    assert len(created) == 1
    assert created[0].object_id == str(user.pk)
    assert created[0].changes["username"] == [None, "bruno"]
    assert created[0].changes["password"] == [audit.MASKED, audit.MASKED]
    roles_added = [e for e in entries("update") if e.object_id == str(user.pk)]
    assert roles_added[0].changes == {"roles": {"added": ["analyst"]}}


def test_an_update_records_only_the_changed_fields_and_who_made_it(administrator):
    organisation = make_organisation("Ambassade de France en Colombie", country="CO")
    data = services.OrganisationData(
        name=organisation.name, kind="embassy", country="CO", acronym="AMB-CO", french_state=True
    )
    with audit.acting_as(audit.actor_for(administrator, "10.1.2.3")):
        services.update_organisation(administrator, organisation.pk, data)

    last = entries()[-1]
    assert last.action == "update"
    assert last.changes == {"acronym": ["", "AMB-CO"]}
    assert (last.actor, last.actor_id, last.client_address) == (
        "alice",
        administrator.pk,
        "10.1.2.3",
    )
    assert last.organisation == administrator.organisation.name


def test_saving_without_a_change_writes_nothing(reference):
    organisation = make_organisation()
    before = AuditEntry.objects.count()
    organisation.save()
    assert AuditEntry.objects.count() == before


def test_a_rolled_back_change_leaves_no_audit_entry(reference):
    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        make_organisation("Ambassade de France au Pérou", country="PE")
        raise RuntimeError("abort")
    assert AuditEntry.objects.count() == before


def test_successful_and_failed_logins_are_audited_with_the_client_address(client, viewer):
    client.post("/connexion/", {"username": "victor", "password": "wrong password!"})
    client.post("/connexion/", {"username": "victor", "password": PASSWORD})

    failed, succeeded = entries("login_failed")[-1], entries("login")[-1]
    assert failed.object_repr == "victor" and failed.client_address == "127.0.0.1"
    assert succeeded.actor == "victor" and succeeded.organisation == viewer.organisation.name


def test_entries_cannot_be_changed_or_deleted_through_the_application(make_user):
    make_user("bruno", roles=["analyst"])
    entry = entries()[0]
    entry.actor = "someone else"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


def test_the_database_refuses_to_update_audit_rows(make_user):
    make_user("bruno", roles=["analyst"])
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE core_auditentry SET actor = 'intruder'")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="DELETE trigger is PostgreSQL's")
def test_postgresql_refuses_to_delete_audit_rows(make_user):
    make_user("bruno", roles=["analyst"])
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM core_auditentry")


def without_append_only_trigger():
    """Drop the protection for the rest of the test's transaction, as an intruder could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only"
            )
        else:
            cursor.execute("DROP TRIGGER core_auditentry_append_only")


def test_verify_accepts_an_untouched_chain(make_user, capsys):
    make_user("bruno", roles=["analyst"])
    assert cli.main(["audit", "verify"]) == 0
    assert "audit chain intact" in capsys.readouterr().out


def test_verify_names_the_entry_altered_with_raw_sql(make_user, capsys):
    make_user("bruno", roles=["analyst"])
    make_user("chloe", roles=["viewer"])
    target = entries()[2]
    without_append_only_trigger()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditentry SET actor = %s WHERE sequence = %s",
            ["intruder", target.sequence],
        )

    assert cli.main(["audit", "verify"]) == 1
    error = capsys.readouterr().err
    assert f"entry #{target.sequence}: altered" in error


def test_verify_names_the_missing_entry_removed_with_raw_sql(make_user, capsys):
    make_user("bruno", roles=["analyst"])
    target = entries()[1]
    without_append_only_trigger()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE sequence = %s", [target.sequence])

    assert cli.main(["audit", "verify"]) == 1
    assert f"entry #{target.sequence}: missing" in capsys.readouterr().err


KEY = "test-audit-key"


def test_the_chain_engine_detects_a_rehashed_entry_that_no_longer_links():
    first = {"sequence": 1, "at": "2025-11-07T10:00:00+00:00", "action": "login", "changes": {}}
    first |= {
        "prev_hash": auditchain.GENESIS,
        "hash": auditchain.entry_hash(auditchain.GENESIS, first, KEY),
    }
    second = {"sequence": 2, "at": "2025-11-07T10:05:00+00:00", "action": "logout", "changes": {}}
    second |= {
        "prev_hash": first["hash"],
        "hash": auditchain.entry_hash(first["hash"], second, KEY),
    }
    assert auditchain.verify([first, second], KEY).intact

    forged = dict(first, action="create")
    forged["hash"] = auditchain.entry_hash(auditchain.GENESIS, forged, KEY)  # with the key
    verdict = auditchain.verify([forged, second], KEY)
    assert str(verdict.first_break) == "entry #2: does not link to the entry before it"
