"""What the index holds for one searchable thing, and which audience terms it carries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from dwgk.core.choices import Scope


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
    """The audience keys a document is indexed under; a viewer sees it if they hold any one of them.

    This is the index half of the contract with the visibility gate, which computes the viewer half
    (see `dwgk.search.audience.keys_for`):

    - PUBLIC   → ``public``
    - PARTY    → ``party:<audience root path>`` (a member holds ``party:<p>`` for every ancestor-or-self
      path ``p`` of their party org, so the key matches exactly the members below the audience root)
    - UNIT     → ``unit:<publishing org path>`` (held for every ancestor-or-self path of each org the
      person is affiliated with or a member of)
    - TARGETED → ``org:<id>`` per targeted org and ``person:<id>`` per targeted person
    """
    scope = doc.scope
    if scope == Scope.PUBLIC:
        return ["public"]
    if scope == Scope.PARTY:
        return [f"party:{doc.audience_root_path or doc.org_path}"]
    if scope == Scope.UNIT:
        return [f"unit:{doc.org_path}"]
    if scope == Scope.TARGETED:
        return [f"org:{i}" for i in doc.target_org_ids] + [f"person:{i}" for i in doc.target_person_ids]
    raise ValueError(f"unknown scope {scope!r}")
