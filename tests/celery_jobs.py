"""A Django task used by tests/test_celery.py (importable by path, as Celery workers import tasks)."""

from __future__ import annotations

from pathlib import Path

from django_tasks import task


@task()
def write_marker(path: str, text: str) -> int:
    # Written whole, then renamed: the test waits for the file, and must never see it half-written.
    partial = Path(path).with_suffix(".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)
    return len(text)
