"""Persistence: SQLModel tables, the engine, and Alembic migrations. The database is the truth."""
