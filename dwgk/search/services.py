"""The search service API: keep the index current, and query it. Views, commands and hooks call these."""

from __future__ import annotations

import atexit
import logging
import threading
from collections.abc import Callable, Iterable, Sequence

from django.conf import settings
from django.db import connection

from .documents import SearchDocument
from .index import Hit, SearchPage, get_index
from .providers import get_provider, iter_documents

log = logging.getLogger(__name__)


def index_document(doc: SearchDocument) -> None:
    get_index().index_document(doc)


def index_documents(docs: Iterable[SearchDocument]) -> int:
    return get_index().index_documents(docs)


def remove_document(kind: str, id: int) -> None:
    get_index().remove_document(kind, id)


def rebuild(documents: Iterable[SearchDocument] | None = None, *,
            progress: Callable[[int], None] | None = None) -> int:
    """Replace the index with `documents` (default: everything the registered providers yield)."""
    return get_index().rebuild(iter_documents() if documents is None else documents, progress=progress)


def apply_changes(items: Iterable[tuple[str, int]]) -> int:
    """Re-read each (kind, id) through its provider and bring the index in line, in one commit."""
    upserts, removals = [], []
    for kind, id in sorted(set(items)):
        doc = get_provider(kind).get(id)
        if doc is None:
            removals.append((kind, id))
        else:
            upserts.append(doc)
    get_index().apply(upserts, removals)
    return len(upserts)


class _Batcher:
    """Publication events noted after commit are applied together a moment later, in one index
    commit: a tantivy commit costs tens of milliseconds, which a busy workflow should not pay once
    per decision. Results are filtered by the visibility gate again at query time, so the short
    delay never shows an item to a reader who may no longer see it. Pending work is flushed at exit;
    `dwgk search rebuild` restores anything lost with a crashed process."""

    def __init__(self):
        self._pending: set[tuple[str, int]] = set()
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._atexit = False

    def note(self, kind: str, ids: Iterable[int], delay: float) -> None:
        with self._lock:
            self._pending.update((kind, int(i)) for i in ids)
            if not self._atexit:
                atexit.register(self.flush)
                self._atexit = True
            if self._timer is None:
                self._timer = threading.Timer(delay, self._run)
                self._timer.daemon = True
                self._timer.start()

    def _run(self) -> None:
        try:
            self.flush()
        finally:
            connection.close()  # this thread's own connection

    def flush(self) -> int:
        with self._lock:
            items, self._pending, self._timer = self._pending, set(), None
        if not items:
            return 0
        try:
            return apply_changes(items)
        except Exception:  # a derived copy: log, `dwgk search rebuild` restores it
            log.exception("search index update failed for %d items", len(items))
            return 0


batcher = _Batcher()


def note_changed(kind: str, ids: Iterable[int]) -> None:
    """Keep the index current after publish, correct, withdraw and scope change: at once when
    settings.DWGK_SEARCH_INDEX_DELAY is 0, else batched after that many seconds."""
    delay = float(getattr(settings, "DWGK_SEARCH_INDEX_DELAY", 0))
    if delay <= 0:
        apply_changes((kind, int(i)) for i in ids)
    else:
        batcher.note(kind, ids, delay)


def on_document_changed(kind: str, id: int) -> bool:
    """Re-read one item through its provider: re-index it if it should be found, else remove it.

    Call after publish, correct, withdraw and scope change (ideally on transaction commit). Returns
    whether the item is now in the index.
    """
    doc = get_provider(kind).get(id)
    if doc is None:
        remove_document(kind, id)
        return False
    index_document(doc)
    return True


def search(text: str, audience_keys: Sequence[str], *, can_see: Callable[[Hit], bool] | None = None,
           can_see_many: Callable[[list[Hit]], set[tuple[str, int]]] | None = None, **filters) -> SearchPage:
    """One page of hits the audience keys may see; filters: org_path, category, year, channel, kind,
    sort ("relevance" or "date"), page, per_page."""
    return get_index().search(text, audience_keys, can_see=can_see, can_see_many=can_see_many, **filters)
