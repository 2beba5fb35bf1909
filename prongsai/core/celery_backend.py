"""A django_tasks backend that hands tasks to Celery (TASKS_BACKEND=prongsai.core.celery_backend.CeleryBackend).

Code keeps using Django's tasks API (`@task`, `.enqueue()`); only where the work runs changes. Results
live in Celery (not queried through django_tasks here), so `get_result` is not supported.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import DEFAULT_TASK_QUEUE_NAME, Task, TaskResult, TaskResultStatus
from django_tasks.exceptions import InvalidTaskError
from django_tasks.utils import get_random_id


class CeleryBackend(BaseTaskBackend):
    supports_defer = True
    supports_priority = False

    def enqueue(self, task: Task, args: Any, kwargs: Any) -> TaskResult:
        self.validate_task(task)
        if task.takes_context:
            raise InvalidTaskError("Tasks that take a context cannot run on Celery; drop takes_context.")
        from prongsai.celery import run_django_task

        result_id = get_random_id()
        options: dict[str, Any] = {"task_id": result_id}
        if task.queue_name != DEFAULT_TASK_QUEUE_NAME:
            options["queue"] = task.queue_name  # "default" stays on Celery's default queue
        if task.run_after is not None:
            options["eta"] = task.run_after
        run_django_task.apply_async(args=[task.module_path, list(args), dict(kwargs)], **options)
        return TaskResult(
            task=task,
            id=result_id,
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=list(args),
            kwargs=dict(kwargs),
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
