"""A Django task used by tests/test_celery.py (importable by path, as Celery workers import tasks)."""

from __future__ import annotations

from pathlib import Path

from django_tasks import task


@task()
def write_marker(path: str, text: str) -> int:
    Path(path).write_text(text, encoding="utf-8")
    return len(text)
