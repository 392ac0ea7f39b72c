"""Mirror work as tasks: the worker renders the shared static mirror (Django's task API through the
django-tasks backport)."""

from __future__ import annotations

from django_tasks import task

from . import mirror


@task()
def follow_mirror() -> str:
    """Re-render what the change feed says changed."""
    return str(mirror.follow())


@task()
def build_mirror() -> str:
    return str(mirror.Mirror().build())


def on_feed_committed(sender, **kwargs) -> None:
    """After a local commit recorded changes: queue the mirror's update (run at once where tasks run
    inline; else by a worker, whose feed loop also catches up with changes made anywhere)."""
    if mirror.auto_enabled():
        follow_mirror.enqueue()
