"""What differs between SQLite and PostgreSQL, in one place."""

from django.db import connection

# Any constants work: they name the locks that serialise appends to the audit chain and
# changes to who holds the administrator role.
AUDIT_CHAIN_LOCK = 7_267_201
ADMINISTRATORS_LOCK = 7_267_202


def lock_audit_chain() -> None:
    """Serialise writers of the audit chain until the current transaction ends.

    PostgreSQL needs an advisory lock: two transactions could otherwise read the same
    last entry and fork the chain. SQLite already has a single writer (transactions
    begin IMMEDIATE), so nothing is needed there.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_CHAIN_LOCK])


def lock_administrators() -> None:
    """Serialise changes to who is an administrator until the current transaction ends.

    Two administrators demoting each other at once would each see the other still in
    place and leave none. SQLite's single writer already serialises them.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADMINISTRATORS_LOCK])


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
    if connection.vendor == "postgresql":
        # COPY streams the rows in one command: several times faster than multi-row
        # INSERTs, whose every value psycopg would quote into one huge statement.
        with connection.cursor() as cursor:
            sql = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
        return
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


def reserve_ids(model, count: int) -> list[int]:
    """Return ``count`` new primary keys of ``model``, for rows inserted with them.

    PostgreSQL draws them from the table's sequence (safe under concurrency). SQLite
    continues after the highest id ever given (``sqlite_sequence``, so a deleted row's
    id is never reused); the transaction already holds SQLite's single write lock
    (transactions begin IMMEDIATE), so no other writer can take the same ids.
    """
    if count <= 0:
        return []
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT MAX({quote(column)}) FROM {quote(table)}")  # noqa: S608
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        found = cursor.fetchone()
        start = max(highest, found[0] if found else 0) + 1
    return list(range(start, start + count))


def _converter(field):
    """Return the function giving a field's value in database form, None when it is as is."""
    ops = connection.ops
    internal = field.get_internal_type()
    if internal == "DateTimeField":
        return ops.adapt_datetimefield_value
    if internal == "DateField":
        return ops.adapt_datefield_value
    if internal == "DecimalField":
        return lambda value: ops.adapt_decimalfield_value(
            value, field.max_digits, field.decimal_places
        )
    if internal == "JSONField":
        return lambda value: field.get_db_prep_save(value, connection)
    return None


def insert_values(model, rows: list[dict]) -> None:
    """Insert rows given as ``{attname: value}`` with their primary keys (see :func:`reserve_ids`).

    For bulk imports, like :func:`insert_rows`: no model instance is built, and each
    field's conversion is chosen once rather than prepared value by value as
    ``bulk_create`` does. The caller sets every column, ``auto_now`` ones included; a
    missing one is an error, not a silent NULL. Sends no signal.
    """
    fields = model._meta.concrete_fields
    converters = [(f.attname, _converter(f)) for f in fields]
    table = []
    for values in rows:
        table.append(
            tuple(
                values[name] if convert is None or values[name] is None else convert(values[name])
                for name, convert in converters
            )
        )
    insert_rows(model, [f.column for f in fields], table)
