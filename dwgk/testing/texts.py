"""Taking a text other than a disclosure through its review (disclosures.release), for tests."""

from __future__ import annotations

from dwgk.disclosures import release
from dwgk.disclosures.models import TextReview


def release_text(review: TextReview, secrecy, approver, **kw) -> TextReview:
    """Every finding decided (redacted by default) and every step passed by the holders named."""
    return release.release_through(review, secrecy, approver, **kw)


def release_of(kind_key: str, obj, secrecy, approver, **kw) -> TextReview:
    """`release_text` for the review of this object."""
    return release_text(release.review_of(kind_key, obj), secrecy, approver, **kw)
