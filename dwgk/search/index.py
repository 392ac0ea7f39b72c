"""The tantivy index: a derived copy of the database, rebuilt from the providers at any time.

One writer at a time across threads and processes (a thread lock plus an flock on a file next to the
index); readers are cached per process and reload after every commit (a commit by another process — the
node's worker — is noticed by the change of meta.json before each search).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import math
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import tantivy
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from dwgk.orgs.paths import SEGMENT

from .documents import SearchDocument, audience_terms_for_document, doc_key
from .segment import index_text, normalize, query_tokens

SCHEMA_VERSION = "v3"  # v3: audience terms follow dwgk.access (no staff terms; UNIT by the publishing org). Bump when the schema changes; a new version starts from an empty directory
BATCH_SIZE = 2000
TITLE_REPEAT = 2  # title words count this many times in the text field: a title hit ranks higher
SNIPPET_CHARS = 120
SORTS = ("relevance", "date")


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("key", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("kind", tokenizer_name="raw", index_option="basic")
    sb.add_integer_field("org_id", indexed=True)
    # Every ancestor-or-self path of the publishing org: a subtree filter is one term lookup.
    sb.add_text_field("org_paths", tokenizer_name="raw", index_option="basic")
    sb.add_text_field("category", tokenizer_name="raw", index_option="basic")
    sb.add_integer_field("year", indexed=True)
    sb.add_text_field("channels", tokenizer_name="raw", index_option="basic")
    sb.add_text_field("aud", tokenizer_name="raw", index_option="basic")
    sb.add_date_field("published_at", indexed=True, fast=True)
    # Title and body, pre-segmented (tokens joined by spaces) so the whitespace tokenizer is all tantivy
    # needs. One field, not two: a query word is one posting list, not a union of two, which halves the
    # work of counting frequent words (measured by bench/bench_search.py).
    sb.add_text_field("text", tokenizer_name="whitespace")
    # What a result line shows, kept out of the inverted index.
    sb.add_bytes_field("payload", stored=True)
    return sb.build()


def default_path() -> Path:
    return Path(getattr(settings, "DWGK_SEARCH_DIR", None) or settings.VAR_DIR / "search")


@dataclass
class Hit:
    kind: str
    id: int
    score: float
    title: str
    title_html: str
    snippet_html: str
    url: str
    org_id: int
    org_name: str
    org_path: str
    scope: str
    category: str
    channels: list[str]
    audience: list[str]
    published_at: dt.datetime


@dataclass
class SearchPage:
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    tokens: list[str] = field(default_factory=list)
    hidden: int = 0  # hits the post-filter removed: non-zero means the index and the gate disagree

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


class _WriterHandle:
    """The writer as callers see it: only the operations they need, and dead after its session."""

    def __init__(self, writer: tantivy.IndexWriter):
        self.writer = writer

    def add_document(self, doc: tantivy.Document) -> None:
        self.writer.add_document(doc)

    def delete_documents_by_term(self, field_name: str, value) -> None:
        self.writer.delete_documents_by_term(field_name, value)

    def delete_all_documents(self) -> None:
        self.writer.delete_all_documents()


class SearchIndex:
    def __init__(self, path: Path | str):
        self.root = Path(path)
        self.path = self.root / SCHEMA_VERSION
        self.path.mkdir(parents=True, exist_ok=True)
        self.schema = _schema()
        self.index = tantivy.Index(self.schema, path=str(self.path), reuse=True)
        self._thread_lock = threading.Lock()
        self._seen_meta: int | None = None

    # ---- writing -------------------------------------------------------------------------------

    @contextmanager
    def writer(self, heap_size: int = 64_000_000, num_threads: int = 1):
        """The one writer: exclusive across threads and processes, committed on success."""
        with self._thread_lock, open(self.root / ".writer.lock", "a") as lockfile:
            fcntl.flock(lockfile, fcntl.LOCK_EX)
            try:
                handle = _WriterHandle(self.index.writer(heap_size=heap_size, num_threads=num_threads))
                try:
                    yield handle
                    handle.writer.commit()
                    handle.writer.wait_merging_threads()
                except BaseException:
                    handle.writer.rollback()
                    raise
                finally:
                    # Drop tantivy's writer (and its directory lock) before releasing ours, even if a
                    # caller still holds the handle.
                    handle.writer = None
                self.index.reload()
            finally:
                fcntl.flock(lockfile, fcntl.LOCK_UN)

    def _to_tantivy(self, doc: SearchDocument) -> tantivy.Document:
        audience = audience_terms_for_document(doc)
        payload = {
            "title": doc.title, "body": doc.body[:20000], "url": doc.url, "org_name": doc.org_name,
            "org_id": doc.org_id, "org_path": doc.org_path, "scope": doc.scope, "category": doc.category,
            "channels": list(doc.channels), "audience": audience, "published_at": doc.published_at.isoformat(),
            "kind": doc.kind, "id": doc.id,
        }
        paths = [doc.org_path[:i] for i in range(SEGMENT, len(doc.org_path) + 1, SEGMENT)]
        return tantivy.Document(
            key=doc.key, kind=doc.kind, org_id=doc.org_id, org_paths=paths, category=doc.category or "",
            year=doc.year, channels=list(doc.channels), aud=audience,
            published_at=doc.published_at.astimezone(dt.UTC) if doc.published_at.tzinfo else doc.published_at,
            text=[index_text(doc.title)] * TITLE_REPEAT + [index_text(doc.body)],
            payload=json.dumps(payload, ensure_ascii=False).encode(),
        )

    def index_documents(self, docs: Iterable[SearchDocument]) -> int:
        """Add or replace documents, committing every BATCH_SIZE so a long run shows progress."""
        n = 0
        batch: list[SearchDocument] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= BATCH_SIZE:
                n += self._write_batch(batch)
                batch = []
        if batch:
            n += self._write_batch(batch)
        return n

    def _write_batch(self, batch: Sequence[SearchDocument]) -> int:
        prepared = [self._to_tantivy(d) for d in batch]  # segment outside the lock
        with self.writer() as w:
            for doc, tdoc in zip(batch, prepared, strict=True):
                w.delete_documents_by_term("key", doc.key)
                w.add_document(tdoc)
        return len(batch)

    def apply(self, upserts: Sequence[SearchDocument], removals: Sequence[tuple[str, int]]) -> None:
        """Add or replace `upserts` and delete `removals`, in one commit."""
        if not upserts and not removals:
            return
        prepared = [self._to_tantivy(d) for d in upserts]  # segment outside the lock
        with self.writer() as w:
            for kind, id in removals:
                w.delete_documents_by_term("key", doc_key(kind, id))
            for doc, tdoc in zip(upserts, prepared, strict=True):
                w.delete_documents_by_term("key", doc.key)
                w.add_document(tdoc)

    def index_document(self, doc: SearchDocument) -> None:
        self.index_documents([doc])

    def remove_document(self, kind: str, id: int) -> None:
        with self.writer() as w:
            w.delete_documents_by_term("key", doc_key(kind, id))

    def rebuild(self, documents: Iterable[SearchDocument], *, progress: Callable[[int], None] | None = None,
                num_threads: int = 0) -> int:
        """Replace the whole index with `documents`, atomically for readers.

        Everything happens in one writer session ending in one commit: readers keep the old index until
        the new one is complete, and tantivy spills full segments to disk so memory stays bounded.
        """
        threads = num_threads or max(1, min(4, os.cpu_count() or 1))
        n = 0
        with self.writer(heap_size=max(64_000_000, 32_000_000 * threads), num_threads=threads) as w:
            w.delete_all_documents()
            for doc in documents:
                w.add_document(self._to_tantivy(doc))
                n += 1
                if progress and n % BATCH_SIZE == 0:
                    progress(n)
        return n

    def reload_if_committed_elsewhere(self) -> None:
        """Another process (this node's worker) committed: its meta.json changed. One stat per search,
        so a reader sees the worker's commit at once instead of whenever a watcher notices."""
        try:
            mtime = os.stat(self.path / "meta.json").st_mtime_ns
        except FileNotFoundError:
            return
        if mtime != self._seen_meta:
            self._seen_meta = mtime
            self.index.reload()

    @property
    def num_docs(self) -> int:
        return self.index.searcher().num_docs

    # ---- reading -------------------------------------------------------------------------------

    def _text_clause(self, tokens: list[str]) -> tantivy.Query:
        # Every query word must occur, in the title or the body.
        Q, Occur = tantivy.Query, tantivy.Occur
        if len(tokens) == 1:
            return Q.term_query(self.schema, "text", tokens[0], index_option="freq")
        return Q.boolean_query([(Occur.Must, Q.term_query(self.schema, "text", t, index_option="freq"))
                                for t in tokens])

    def build_query(self, tokens: list[str], audience_keys: Sequence[str], *, org_path: str = "",
                    category: str = "", year: int | None = None, channel: str = "",
                    kind: str = "") -> tantivy.Query:
        """The text clause plus filters; the viewer's audience keys are a filter inside the query."""
        Q, Occur = tantivy.Query, tantivy.Occur
        clauses = [(Occur.Must, self._text_clause(tokens) if tokens else Q.all_query())]
        filters = [Q.term_set_query(self.schema, "aud", list(audience_keys))]
        if org_path:
            filters.append(Q.term_query(self.schema, "org_paths", org_path))
        if category:
            filters.append(Q.term_query(self.schema, "category", category))
        if year:
            filters.append(Q.term_query(self.schema, "year", int(year)))
        if channel:
            filters.append(Q.term_query(self.schema, "channels", channel))
        if kind:
            filters.append(Q.term_query(self.schema, "kind", kind))
        # Filters must match but add nothing to the BM25 score.
        clauses += [(Occur.Must, Q.const_score_query(f, 0.0)) for f in filters]
        return Q.boolean_query(clauses)

    def search(self, text: str, audience_keys: Sequence[str], *, org_path: str = "", category: str = "",
               year: int | None = None, channel: str = "", kind: str = "", sort: str = "relevance",
               page: int = 1, per_page: int = 20,
               can_see: Callable[[Hit], bool] | None = None,
               can_see_many: Callable[[list[Hit]], set[tuple[str, int]]] | None = None) -> SearchPage:
        tokens = query_tokens(text or "")
        page = max(1, int(page))
        if not audience_keys or not (tokens or org_path or category or year or channel):
            return SearchPage(hits=[], total=0, page=page, per_page=per_page, tokens=tokens)
        query = self.build_query(tokens, audience_keys, org_path=org_path, category=category, year=year,
                                 channel=channel, kind=kind)
        self.reload_if_committed_elsewhere()
        searcher = self.index.searcher()
        by_date = sort == "date" or not tokens
        result = searcher.search(
            query, limit=per_page, offset=(page - 1) * per_page, count=True,
            order_by_field="published_at" if by_date else None, order=tantivy.Order.Desc,
        )
        hits, hidden = [], 0
        found = [self._hit(searcher.doc(address), score if not by_date else 0.0, tokens)
                 for score, address in result.hits]
        # The gate again, on every hit: one question for the whole page when the caller can batch it.
        allowed = can_see_many(found) if can_see_many is not None else None
        for hit in found:
            if (allowed is not None and (hit.kind, hit.id) not in allowed) or (
                    can_see is not None and not can_see(hit)):
                hidden += 1
                continue
            hits.append(hit)
        return SearchPage(hits=hits, total=result.count, page=page, per_page=per_page, tokens=tokens,
                          hidden=hidden)

    def _hit(self, tdoc: tantivy.Document, score: float, tokens: list[str]) -> Hit:
        p = json.loads(tdoc.get_first("payload"))
        return Hit(
            kind=p["kind"], id=p["id"], score=float(score), title=p["title"],
            title_html=highlight(p["title"], tokens, max_chars=0), snippet_html=highlight(p["body"], tokens),
            url=p["url"], org_id=p["org_id"], org_name=p["org_name"], org_path=p["org_path"],
            scope=p["scope"], category=p["category"], channels=p["channels"], audience=p["audience"],
            published_at=dt.datetime.fromisoformat(p["published_at"]),
        )


def _match_spans(norm: str, tokens: list[str]) -> list[tuple[int, int]]:
    spans = []
    for t in sorted(tokens, key=len, reverse=True):
        start = norm.find(t)
        while start != -1:
            spans.append((start, start + len(t)))
            start = norm.find(t, start + len(t))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def highlight(text: str, tokens: list[str], *, max_chars: int = SNIPPET_CHARS) -> SafeString:
    """HTML-escaped text (a window of it when max_chars) with the query words wrapped in <mark>."""
    norm = normalize(text)
    spans = _match_spans(norm, tokens) if tokens else []
    start, end = 0, len(text)
    if max_chars and len(text) > max_chars:
        start = max(0, spans[0][0] - max_chars // 5) if spans else 0
        end = min(len(text), start + max_chars)
    out = ["…" if start > 0 else ""]
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[pos:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    out.append(escape(text[pos:end]))
    if end < len(text):
        out.append("…")
    return mark_safe("".join(out))  # every piece of text above went through escape()


_indexes: dict[Path, SearchIndex] = {}
_indexes_lock = threading.Lock()


def get_index(path: Path | str | None = None) -> SearchIndex:
    """The process-wide index object for a directory (settings.DWGK_SEARCH_DIR or VAR_DIR/search)."""
    key = Path(path) if path else default_path()
    with _indexes_lock:
        if key not in _indexes:
            _indexes[key] = SearchIndex(key)
        return _indexes[key]
