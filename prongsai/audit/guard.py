"""The database-level guard that makes audit entries append-only (triggers on SQLite and PostgreSQL).

An UPDATE may only clear `agency_id` or `actor_id` (Django does that when an agency or user is deleted;
neither is covered by the hash, which keeps the slug and the username). Any other UPDATE and every DELETE
is refused by the database itself, whoever connects.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

TABLE = "audit_auditentry"
HASHED_COLUMNS = [
    "id",
    "agency_slug",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "changes",
    "at",
    "previous_hash",
    "entry_hash",
]

_changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in HASHED_COLUMNS)
_fk_changed = " OR ".join(f"(NEW.{c} IS NOT OLD.{c} AND NEW.{c} IS NOT NULL)" for c in ("agency_id", "actor_id"))

SQLITE_CREATE = [
    f"CREATE TRIGGER IF NOT EXISTS audit_append_only_delete BEFORE DELETE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END",
    f"CREATE TRIGGER IF NOT EXISTS audit_append_only_update BEFORE UPDATE ON {TABLE} "
    f"WHEN {_changed} OR {_fk_changed} "
    "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_append_only_delete",
    "DROP TRIGGER IF EXISTS audit_append_only_update",
]

_pg_changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in HASHED_COLUMNS)
_pg_fk_changed = " OR ".join(
    f"(NEW.{c} IS DISTINCT FROM OLD.{c} AND NEW.{c} IS NOT NULL)" for c in ("agency_id", "actor_id")
)
POSTGRESQL_CREATE = [
    f"""CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'audit entries are append-only';
  END IF;
  IF {_pg_changed} OR {_pg_fk_changed} THEN
    RAISE EXCEPTION 'audit entries are append-only';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql""",
    f"DROP TRIGGER IF EXISTS audit_append_only ON {TABLE}",
    f"CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION audit_append_only()",
]
POSTGRESQL_DROP = [f"DROP TRIGGER IF EXISTS audit_append_only ON {TABLE}"]


def _statements(connection: Any, create: bool) -> list[str]:
    if connection.vendor == "sqlite":
        return SQLITE_CREATE if create else SQLITE_DROP
    if connection.vendor == "postgresql":
        return POSTGRESQL_CREATE if create else POSTGRESQL_DROP
    return []  # other databases: the hash chain still detects tampering


def install(connection: Any) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection, create=True):
            cursor.execute(statement)


def remove(connection: Any) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection, create=False):
            cursor.execute(statement)


@contextmanager
def lifted(connection: Any) -> Iterator[None]:
    """Only for emptying the whole database (`flush`): the guard is dropped and put back afterwards."""
    remove(connection)
    try:
        yield
    finally:
        install(connection)
