"""What the index holds for one searchable thing, and which audience terms it carries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from dwgk.access.audience import document_audience_terms


@dataclass(frozen=True)
class SearchDocument:
    """A derived, denormalized copy of one published item (a disclosure; interpretations later).

    `body` is plain text (see `segment.html_to_text`). `audience_root_path` is the path of the org whose
    subtree a PARTY disclosure reaches (the publishing org, or the committee a working organ serves).
    """

    kind: str
    id: int
    title: str
    body: str
    org_id: int
    org_path: str
    scope: str
    published_at: dt.datetime
    category: str = ""
    channels: tuple[str, ...] = ()
    audience_root_path: str = ""
    target_org_ids: tuple[int, ...] = ()
    target_person_ids: tuple[int, ...] = ()
    org_name: str = ""
    url: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        return doc_key(self.kind, self.id)

    @property
    def year(self) -> int:
        # The year a reader means is the local (Asia/Shanghai) calendar year of publication.
        return timezone.localtime(self.published_at).year if timezone.is_aware(self.published_at) \
            else self.published_at.year


def doc_key(kind: str, id: int) -> str:
    return f"{kind}:{id}"


def audience_terms_for_document(doc: SearchDocument) -> list[str]:
    """The audience keys a document is indexed under; the access layer decides them."""
    return document_audience_terms(scope=doc.scope, org_path=doc.org_path,
                                   audience_root_path=doc.audience_root_path,
                                   target_org_ids=doc.target_org_ids, target_person_ids=doc.target_person_ids)
