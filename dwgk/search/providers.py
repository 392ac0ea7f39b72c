"""Where documents come from: each app registers a provider for its kind of searchable item.

A provider has two functions: `iter_all()` yields a SearchDocument for every item that should be in the
index (published, not withdrawn), and `get(id)` returns the document for one item, or None when the item
should not be in the index (any more). `dwgk search rebuild` and `on_document_changed` read only through
these, so the index never decides on its own what is published.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from dwgk.access import disclosures as gate
from dwgk.access.disclosures import READABLE
from dwgk.disclosures.models import Disclosure

from .documents import SearchDocument
from .segment import html_to_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Provider:
    kind: str
    iter_all: Callable[[], Iterable[SearchDocument]]
    get: Callable[[int], SearchDocument | None]
    count: Callable[[], int] | None = None  # how many iter_all yields, for a rebuild's progress


_registry: dict[str, Provider] = {}


def register(kind: str, iter_all: Callable[[], Iterable[SearchDocument]],
             get: Callable[[int], SearchDocument | None], count: Callable[[], int] | None = None) -> None:
    _registry[kind] = Provider(kind, iter_all, get, count)


def unregister(kind: str) -> None:
    _registry.pop(kind, None)


def providers() -> dict[str, Provider]:
    return dict(_registry)


def get_provider(kind: str) -> Provider:
    try:
        return _registry[kind]
    except KeyError:
        raise LookupError(f"no search provider registered for {kind!r}") from None


def count_documents() -> int | None:
    """How many documents a rebuild reads (None when a provider cannot tell)."""
    counts = [p.count() if p.count else None for p in _registry.values()]
    return None if None in counts else sum(counts)


def iter_documents() -> Iterator[SearchDocument]:
    for provider in list(_registry.values()):
        yield from provider.iter_all()


# ---- disclosures -----------------------------------------------------------------------------------

DISCLOSURE_FIELDS = {"org", "title", "body", "category", "scope", "target_orgs", "target_people", "channels",
                     "published_at", "status"}


def _disclosure_model():
    """The Disclosure model when it has the fields the index needs, else None."""
    names = {f.name for f in Disclosure._meta.get_fields()}
    if not DISCLOSURE_FIELDS <= names:
        log.warning("search: Disclosure lacks %s; no disclosure provider", sorted(DISCLOSURE_FIELDS - names))
        return None
    return Disclosure


def _disclosure_url(pk: int) -> str:
    for name in ("portal:disclosure", "disclosures:public_detail", "disclosures:detail"):
        try:
            return reverse(name, args=[pk])
        except NoReverseMatch:
            continue
    return ""


def _disclosure_queryset(model):
    qs = model.objects.filter(READABLE)
    if any(f.name == "superseded_by" for f in model._meta.get_fields()):
        qs = qs.filter(superseded_by__isnull=True)  # a corrected item is found through its new version
    return (qs.select_related("org", "org__serves")
            .prefetch_related("target_orgs", "target_people", "interpretations").order_by("pk"))


def disclosure_document(d) -> SearchDocument:
    org = d.org
    title = getattr(d, "public_title", None) or d.title
    body = html_to_text(getattr(d, "public_body", None) or d.body)
    # What a reader quotes or looks for besides the text: 索引号, 发文字号, 关键词, and the 政策解读.
    facts = [getattr(d, name, "") for name in ("index_number", "document_number", "keywords")]
    parts = [body, " ".join(f for f in facts if f)]
    if hasattr(d, "interpretations"):
        parts += [f"{i.title}\n{html_to_text(i.body)}" for i in d.interpretations.all()
                  if gate.interpretation_released(i)]
    return SearchDocument(
        kind="disclosure", id=d.pk, title=title, body="\n".join(p for p in parts if p), org_id=org.pk,
        org_path=org.path,
        org_name=org.name, scope=d.scope, published_at=d.published_at, category=d.category or "",
        channels=tuple(d.channels or ()), audience_root_path=org.audience_root.path,
        target_org_ids=tuple(o.pk for o in d.target_orgs.all()),
        target_person_ids=tuple(p.pk for p in d.target_people.all()),
        url=_disclosure_url(d.pk),
    )


def register_disclosures() -> bool:
    model = _disclosure_model()
    if model is None:
        return False

    def iter_all():
        for d in _disclosure_queryset(model).iterator(chunk_size=500):
            yield disclosure_document(d)

    def get(pk: int):
        d = _disclosure_queryset(model).filter(pk=pk).first()
        return disclosure_document(d) if d else None

    register("disclosure", iter_all, get, count=lambda: _disclosure_queryset(model).count())
    return True
