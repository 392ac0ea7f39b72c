"""The search service API: keep the index current, and query it. Views, commands and hooks call these."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence

from dwgk.core import changes
from dwgk.core.changes import FeedFollower

from .documents import SearchDocument
from .index import Hit, SearchPage, get_index
from .providers import get_provider, iter_documents, providers

log = logging.getLogger(__name__)


def index_document(doc: SearchDocument) -> None:
    get_index().index_document(doc)


def index_documents(docs: Iterable[SearchDocument]) -> int:
    return get_index().index_documents(docs)


def remove_document(kind: str, id: int) -> None:
    get_index().remove_document(kind, id)


def feed_follower() -> FeedFollower:
    """This node's place in the change feed, kept beside its index: a node whose index is new (or was
    deleted) has no watermark and builds the index in full once; every other node only catches up."""
    return FeedFollower(get_index().path / "feed.json")


def rebuild(documents: Iterable[SearchDocument] | None = None, *,
            progress: Callable[[int], None] | None = None) -> int:
    """Replace the index with `documents` (default: everything the registered providers yield); the
    change feed is followed from where it stood when the rebuild began."""
    follower = feed_follower()
    with follower.locked():
        start = changes.head()
        n = get_index().rebuild(iter_documents() if documents is None else documents, progress=progress)
        follower.reset(start)
    return n


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


def follow_feed() -> int:
    """Bring this node's index up to the change feed; returns the number of entries read."""
    def apply(items):
        kinds = providers()
        return apply_changes((k, i) for k, i in items if k in kinds)

    return feed_follower().follow(apply, rebuild=lambda: get_index().rebuild(iter_documents()))


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
