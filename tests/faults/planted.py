"""Plant a failure in one item of scheduled work: the database refuses one row, as bad data or a bug would,
without touching coachbot's code. A trigger on SQLite or PostgreSQL, removed again afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text

from storage.db import Database


@contextmanager
def refused_insert(db: Database, table: str, condition: str) -> Iterator[None]:
    """While inside, inserting into `table` a row for which `condition` holds (SQL over NEW.<column>)
    raises, as a constraint would."""
    condition = condition.replace(":", "\\:")  # literal colons, not bind parameters
    with db.engine.begin() as conn:
        if db.is_sqlite:
            conn.execute(
                text(
                    f"CREATE TRIGGER planted_failure BEFORE INSERT ON {table} WHEN {condition} "
                    "BEGIN SELECT RAISE(ABORT, 'planted failure'); END"
                )
            )
        else:
            conn.execute(
                text(
                    "CREATE OR REPLACE FUNCTION planted_failure() RETURNS trigger AS $$ BEGIN "
                    f"IF {condition} THEN RAISE EXCEPTION 'planted failure'; END IF; RETURN NEW; END $$ "
                    "LANGUAGE plpgsql"
                )
            )
            conn.execute(
                text(
                    f"CREATE TRIGGER planted_failure BEFORE INSERT ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION planted_failure()"
                )
            )
    try:
        yield
    finally:
        with db.engine.begin() as conn:
            if db.is_sqlite:
                conn.execute(text("DROP TRIGGER IF EXISTS planted_failure"))
            else:
                conn.execute(text(f"DROP TRIGGER IF EXISTS planted_failure ON {table}"))
                conn.execute(text("DROP FUNCTION IF EXISTS planted_failure()"))
