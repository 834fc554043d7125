"""INSERT ... ON CONFLICT DO NOTHING, in the dialect at hand: how an effect is written exactly once."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Connection, Insert, Table
from sqlalchemy.dialects import postgresql, sqlite


def insert_new(conn: Connection, table: Table, **values: Any) -> bool:
    """Insert the row unless one with the same key (any unique constraint) is there; True when it was
    inserted. A retry racing its first delivery waits for that one to commit rather than failing."""
    return conn.execute(_insert_new_statement(conn.dialect.name, table), values).rowcount == 1


@cache
def _insert_new_statement(dialect: str, table: Table) -> Insert:
    """Built once per dialect and table, values bound at execution, so its compiled form is reused. Its
    rowcount says whether the row went in (psycopg keeps it only when asked)."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(table).on_conflict_do_nothing().execution_options(preserve_rowcount=True)
