"""Tell whether a service the test suite needs is here: exit 0 if it is, 1 if not.

Used by the Makefile so that the PostgreSQL pass can fail under CI and be skipped,
with a warning, on a newcomer's machine that runs no server.
"""

import argparse
import sys

import psycopg


def postgres_reachable(url: str) -> bool:
    # Connect to the server's maintenance database: the test database does not exist yet.
    try:
        with psycopg.connect(url, dbname="postgres", connect_timeout=3) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as error:
        print(f"PostgreSQL at {url} is unreachable: {error}".strip(), file=sys.stderr)
        return False
    return True


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", metavar="URL", required=True)
    args = parser.parse_args()
    sys.exit(0 if postgres_reachable(args.postgres) else 1)
