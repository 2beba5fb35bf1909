"""The embedded setup: SQLite shared by several web workers and the job worker must make writers wait their turn."""

from __future__ import annotations

import threading
import time

import pytest
from django.conf import settings
from django.db import connection
from django.db.utils import ConnectionHandler

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own locking")


def _writer(handler: ConnectionHandler, number: int, failures: list[BaseException]) -> None:
    """Read, pause, then write in one transaction, as a survey answer's store does (it picks a row first)."""
    conn = handler["default"]  # one connection per thread
    try:
        conn.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)  # as atomic() begins
        with conn.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sheet")
            time.sleep(0.3)
            cursor.execute("INSERT INTO sheet (n) VALUES (%s)", [number])
        conn.commit()
    except BaseException as exc:  # reported by the test
        failures.append(exc)
    finally:
        conn.set_autocommit(True)
        conn.close()


@pytest.mark.django_db
def test_concurrent_writers_wait_instead_of_failing_with_database_is_locked(tmp_path):
    handler = ConnectionHandler({"default": {**settings.DATABASES["default"], "NAME": str(tmp_path / "w.sqlite3")}})
    setup = handler["default"]
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE sheet (n integer)")
    setup.close()
    failures: list[BaseException] = []
    threads = [threading.Thread(target=_writer, args=(handler, n, failures)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert failures == []
    check = handler["default"]
    with check.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sheet")
        assert cursor.fetchone()[0] == 3
    check.close()
