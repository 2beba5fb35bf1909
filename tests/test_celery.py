"""Background jobs through Celery and Redis: Django's tasks API in front, a Celery worker behind.

Skipped when no Redis answers on 127.0.0.1:6379 (CI provides one).
"""

from __future__ import annotations

import socket
import time

import pytest

pytestmark = [pytest.mark.celery, pytest.mark.filterwarnings("ignore::DeprecationWarning:celery.*")]

REDIS = ("127.0.0.1", 6379)
BROKER = "redis://127.0.0.1:6379/15"


def _redis_up() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def celery_worker(settings):
    if not _redis_up():
        pytest.skip("no Redis on 127.0.0.1:6379")
    from celery.contrib.testing.worker import start_worker

    from prongsai.celery import app

    app.conf.update(broker_url=BROKER, result_backend=BROKER, task_always_eager=False)
    settings.TASKS = {"default": {"BACKEND": "prongsai.core.celery_backend.CeleryBackend"}}
    with start_worker(app, perform_ping_check=False, pool="solo", concurrency=1, loglevel="WARNING"):
        yield app


def _wait_for(predicate, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_it_runs_a_django_task_on_a_celery_worker(celery_worker, tmp_path):
    from tests.celery_jobs import write_marker

    marker = tmp_path / "ran.txt"
    result = write_marker.enqueue(str(marker), "ทำงานผ่าน Celery")
    assert result.backend == "default"
    assert _wait_for(marker.exists)
    assert marker.read_text(encoding="utf-8") == "ทำงานผ่าน Celery"


@pytest.mark.django_db(transaction=True)
def test_it_runs_scheduled_commands_by_name_and_skips_absent_ones(celery_worker):
    from prongsai.celery import SCHEDULE, run_command

    assert run_command.delay("verify_audit").get(timeout=30) == "ran verify_audit"
    assert run_command.delay("no_such_command").get(timeout=30).startswith("skipped")
    assert set(celery_worker.conf.beat_schedule) == set(SCHEDULE)
