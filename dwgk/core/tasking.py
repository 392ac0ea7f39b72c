"""Which way tasks run here: in the process that enqueues them (no worker: development, tests, a
single small installation) or by `dwgk worker` from the database queue."""

from __future__ import annotations

from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.backends.immediate import ImmediateBackend


def runs_inline() -> bool:
    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], ImmediateBackend)
