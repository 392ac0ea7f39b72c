"""Search work as tasks (Django's task API through the django-tasks backport)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from django_tasks import task

from dwgk.core import tasking

from . import services

log = logging.getLogger(__name__)


@task()
def follow_feed() -> int:
    """Bring this node's index up to the change feed."""
    return services.follow_feed()


@task()
def rebuild_index() -> int:
    return services.rebuild()


class _Debouncer:
    """In a process without a worker, feed entries committed within a short delay are applied together
    in one index commit: a tantivy commit costs tens of milliseconds, which a busy workflow should not
    pay once per decision. Results are filtered by the visibility gate again at query time, so the
    short delay never shows an item to a reader who may no longer see it; anything not applied when the
    process stops is still in the feed."""

    def __init__(self, run: Callable[[], object]):
        self._run_fn = run
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    def note(self, delay: float) -> None:
        with self._lock:
            if self._timer is None:
                self._timer = threading.Timer(delay, self._run)
                self._timer.daemon = True
                self._timer.start()

    def _run(self) -> None:
        with self._lock:
            self._timer = None
        try:
            self._run_fn()
        except Exception:  # a derived copy: the entries stay in the feed for the next follow
            log.exception("search index update from the change feed failed")
        finally:
            connection.close()  # this thread's own connection


debouncer = _Debouncer(follow_feed.enqueue)


def on_feed_committed(sender, **kwargs) -> None:
    """After a local commit recorded changes: when this process has no worker following the feed for it
    (the immediate task backend), follow now or after DWGK_SEARCH_INDEX_DELAY seconds. With a worker,
    the worker's feed loop on every node picks the entries up within DWGK_FEED_POLL_SECONDS."""
    if not getattr(settings, "DWGK_SEARCH_AUTO_INDEX", True) or not tasking.runs_inline():
        return
    delay = float(getattr(settings, "DWGK_SEARCH_INDEX_DELAY", 0))
    if delay <= 0:
        follow_feed.enqueue()
    else:
        debouncer.note(delay)
