"""The change feed: a durable outbox of what changed, read by every derived copy at its own pace.

Writers call `record()` inside the transaction that makes the change, so the entry commits with the
change or not at all: a crash between commit and indexing loses nothing. Each derived copy (a node's
search index, the shared static mirror) keeps a watermark file beside itself and applies the entries
past it (`follow`); a copy without a watermark is new and is built in full first.

The entry ids come from a sequence, and on PostgreSQL concurrent transactions may commit out of id
order: an id below the highest one read may still appear. So the watermark remembers the ids it
skipped ("gaps") and reads them again until they appear or are older than any transaction that
writes the feed (DWGK_FEED_GAP_SECONDS; a rolled-back transaction leaves a gap forever).

After commit the committing process also sends `committed`, so a single-process installation (no
worker) can bring its own copies up to date at once; that signal is only a nudge, the feed is the
record.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.dispatch import Signal
from django.utils import timezone

from .locks import job_lock
from .models import ChangeEntry

log = logging.getLogger(__name__)

DISCLOSURE = "disclosure"
ORG = "org"

# Sent after a transaction that recorded entries commits, in the process that committed it.
committed = Signal()

_local = threading.local()


def record(kind: str, ids: Iterable[int], event: str = "") -> None:
    """Append entries for these objects in the current transaction."""
    ids = sorted({int(i) for i in ids if i})
    if not ids:
        return
    ChangeEntry.objects.bulk_create([ChangeEntry(kind=kind, object_id=i, event=event[:60]) for i in ids])
    _local.recorded = getattr(_local, "recorded", 0) + 1
    transaction.on_commit(_Nudge(_local.recorded))


class _Nudge:
    """One per record(), numbered in this thread. At commit the first of a transaction's nudges sends
    `committed` for every record made so far in this thread (they are all committed or rolled back by
    then); the transaction's later nudges stay silent."""

    def __init__(self, number: int):
        self.number = number

    def __call__(self) -> None:
        if self.number <= getattr(_local, "sent", 0):
            return
        _local.sent = _local.recorded
        _send_committed()


def _send_committed() -> None:
    for receiver, result in committed.send_robust(sender=None):
        if isinstance(result, Exception):
            # A derived copy failing must not fail the change: the feed keeps it for the next follow.
            log.error("%r failed: %s", receiver, result, exc_info=result)


PRUNED = "pruned"  # the kind of the marker entry pruning leaves at its boundary


def pruned_past(position: int) -> bool:
    """Entries after `position` were deleted by pruning (a copy that stood still longer than the
    retention): the copy cannot catch up from the feed and must be rebuilt."""
    return ChangeEntry.objects.filter(kind=PRUNED, pk__gt=position + 1).exists()


def prune(now=None) -> int:
    """Delete entries older than DWGK_FEED_RETENTION_DAYS, always keeping the newest (the feed's head). The
    newest deleted one stays as a marker, so a follower behind it knows it missed entries."""
    now = now or timezone.now()
    days = int(getattr(settings, "DWGK_FEED_RETENTION_DAYS", 30))
    old = ChangeEntry.objects.filter(at__lt=now - timedelta(days=days), pk__lt=head())
    boundary = old.aggregate(m=Max("pk"))["m"]
    if boundary is None:
        return 0
    with transaction.atomic():
        deleted, _ = old.filter(pk__lt=boundary).delete()
        marked = ChangeEntry.objects.filter(pk=boundary).exclude(kind=PRUNED).update(kind=PRUNED, object_id=0,
                                                                                     event="")
    return deleted + marked


def head() -> int:
    """The newest entry's position (0 for an empty feed)."""
    return ChangeEntry.objects.aggregate(m=Max("pk"))["m"] or 0


# ---- watermarks -------------------------------------------------------------------------------------


@dataclass
class Watermark:
    position: int = 0
    gaps: dict[int, float] = field(default_factory=dict)  # skipped id → when first skipped (unix time)

    def to_json(self) -> str:
        return json.dumps({"position": self.position, "gaps": {str(k): v for k, v in self.gaps.items()}})

    @classmethod
    def from_json(cls, text: str) -> Watermark:
        data = json.loads(text)
        return cls(int(data["position"]), {int(k): float(v) for k, v in (data.get("gaps") or {}).items()})


MAX_GAP = 1000


def gap_seconds() -> float:
    return float(getattr(settings, "DWGK_FEED_GAP_SECONDS", 600))


class FeedFollower:
    """One derived copy's place in the feed, kept in a file beside the copy.

    `follow(apply)` reads the entries past the watermark (and the gaps), calls `apply` with the distinct
    (kind, id) pairs, and only then moves the watermark: a crash in between applies them again, which
    every consumer tolerates (it re-reads each object from the database).
    """

    def __init__(self, path: Path | str):
        self.path = Path(path)

    @contextmanager
    def locked(self):
        """One follower of this copy at a time, across threads and processes."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_name(self.path.name + ".lock"), "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def load(self) -> Watermark | None:
        try:
            return Watermark.from_json(self.path.read_text())
        except FileNotFoundError:
            return None
        except (ValueError, KeyError):
            log.warning("unreadable feed watermark %s: the copy is rebuilt", self.path)
            return None

    def save(self, mark: Watermark) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-feed-")
        with os.fdopen(fd, "w") as fh:
            fh.write(mark.to_json())
        os.replace(tmp, self.path)

    def reset(self, position: int) -> None:
        self.save(Watermark(position))

    def follow(self, apply: Callable[[list[tuple[str, int]]], object], *, batch: int = 5000,
               rebuild: Callable[[], object] | None = None) -> int:
        """Apply what is new; returns the number of entries read. Without a watermark the copy is new:
        `rebuild` builds it from the database and the watermark starts at the feed's head as it was
        before the rebuild began (entries committed meanwhile are applied next time)."""
        with self.locked():
            mark = self.load()
            if mark is not None and pruned_past(mark.position):
                log.warning("%s: entries past the watermark were pruned; the copy is rebuilt", self.path)
                mark = None
            if mark is None:
                start = head()
                if rebuild is not None:
                    rebuild()
                self.save(Watermark(start))
                return 0
            total = 0
            while True:
                entries, mark = read(mark, batch)
                if entries:
                    apply(sorted({(e.kind, e.object_id) for e in entries}))
                self.save(mark)
                total += len(entries)
                if len(entries) < batch:
                    return total

    def lag(self) -> int | None:
        mark = self.load()
        return None if mark is None else max(0, head() - mark.position)


def read(mark: Watermark, limit: int) -> tuple[list[ChangeEntry], Watermark]:
    """Entries past the watermark (and its gaps that have since appeared), and the watermark after them."""
    now = time.time()
    cond = Q(pk__gt=mark.position)
    if mark.gaps:
        cond |= Q(pk__in=list(mark.gaps))
    entries = list(ChangeEntry.objects.filter(cond).order_by("pk")[:limit])
    seen = {e.pk for e in entries}
    gaps = {k: v for k, v in mark.gaps.items() if k not in seen and now - v < gap_seconds()}
    position = mark.position
    for e in entries:
        if e.pk <= mark.position:
            continue
        if e.pk - position <= MAX_GAP:  # a wider hole is pruned history, not transactions in flight
            gaps.update((missing, now) for missing in range(position + 1, e.pk))
        position = e.pk
    return entries, Watermark(position, gaps)


# ---- followers the worker runs ------------------------------------------------------------------------


@dataclass(frozen=True)
class Follower:
    name: str
    follow: Callable[[], object]
    shared: bool  # one copy for all nodes (the mirror): one node at a time follows it


_followers: dict[str, Follower] = {}


def register_follower(name: str, follow: Callable[[], object], *, shared: bool = False) -> None:
    """A derived copy the worker's feed loop keeps current: per node (each node's own search index) or
    shared (the mirror in a directory all nodes see)."""
    _followers[name] = Follower(name, follow, shared)


def followers() -> list[Follower]:
    return list(_followers.values())


def follow_all(shared: bool | None = None) -> dict[str, object]:
    """One pass of the feed loop: every registered copy (or only the shared / only this node's) catches
    up. A shared copy is followed under a database lock, so nodes take turns instead of rendering the
    same pages at once."""
    out: dict[str, object] = {}
    for f in followers():
        if shared is not None and f.shared != shared:
            continue
        try:
            if f.shared:
                with job_lock(f"feed:{f.name}") as got:
                    if got:
                        out[f.name] = f.follow()
            else:
                out[f.name] = f.follow()
        except Exception as e:  # one copy failing must not stop the others; the next pass retries
            log.exception("following the change feed failed for %s", f.name)
            out[f.name] = e
    return out
