"""Mirror work as tasks: the worker renders the shared static mirror (Django's task API through the
django-tasks backport)."""

from __future__ import annotations

from django_tasks import task

from dwgk.core import tasking

from . import mirror


@task()
def follow_mirror() -> str:
    """Re-render what the change feed says changed."""
    return str(mirror.follow())


@task()
def build_mirror() -> str:
    return str(mirror.Mirror().build())


def on_feed_committed(sender, **kwargs) -> None:
    """After a local commit recorded changes: where tasks run inline (no worker), update the mirror now.
    With a worker, its feed loop follows the change feed within DWGK_FEED_POLL_SECONDS, changes made
    through any node included; queueing a task per commit as well would cost every decision a second
    durable commit and render the same pages twice."""
    if mirror.auto_enabled() and tasking.runs_inline():
        follow_mirror.enqueue()
