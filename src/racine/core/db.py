"""What differs between SQLite and PostgreSQL, in one place."""

from django.db import connection

# Any constant works: it names the lock that serialises appends to the audit chain.
AUDIT_CHAIN_LOCK = 7_267_201


def lock_audit_chain() -> None:
    """Serialise writers of the audit chain until the current transaction ends.

    PostgreSQL needs an advisory lock: two transactions could otherwise read the same
    last entry and fork the chain. SQLite already has a single writer (transactions
    begin IMMEDIATE), so nothing is needed there.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_CHAIN_LOCK])


APPEND_ONLY_TRIGGER_SQL = """
CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;
CREATE TRIGGER core_auditentry_append_only
    BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only();
"""

DROP_APPEND_ONLY_TRIGGER_SQL = """
DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;
DROP FUNCTION IF EXISTS core_auditentry_append_only();
"""


# SQLite refuses UPDATE only: Django's test flush empties tables with DELETE, so a
# DELETE trigger would break the test suite; the model refuses deletion instead.
SQLITE_NO_UPDATE_TRIGGER_SQL = """
CREATE TRIGGER IF NOT EXISTS core_auditentry_append_only
BEFORE UPDATE ON core_auditentry
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE refused'); END;
"""


def install_append_only_trigger(schema_editor) -> None:
    """Make the database itself refuse changes to the audit table."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY_TRIGGER_SQL, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_NO_UPDATE_TRIGGER_SQL)


def remove_append_only_trigger(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(DROP_APPEND_ONLY_TRIGGER_SQL)
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS core_auditentry_append_only")


def insert_rows(model, columns: list[str], rows: list[tuple]) -> None:
    """Insert many rows at once, their values already in database form.

    For bulk imports: ``bulk_create`` prepares every value of every instance through the
    model's fields, which costs more than the database's own work for thousands of rows.
    The caller passes plain values (str, int, Decimal, date; datetimes through
    :func:`datetime_value`, JSON as text) in ``columns`` order. Sends no signal.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    row_marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
    # Many rows per statement, as many as the database takes parameters: one round trip each.
    size = max(1, connection.ops.bulk_batch_size(columns, rows))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            marks = ", ".join([row_marks] * len(batch))
            sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES {marks}"  # noqa: S608
            cursor.execute(sql, [value for row in batch for value in row])


def datetime_value(value):
    """Return a datetime as the database stores it (SQLite: naive UTC text)."""
    return connection.ops.adapt_datetimefield_value(value)
