"""The viewer half of search visibility, delegated to the visibility gate (DESIGN invariant 1).

Search filters by the reader's audience keys inside the query (so totals and pages are right) and
then asks the gate again about every hit."""

from __future__ import annotations

from dwgk.portal import visibility


def keys_for(request) -> list[str]:
    return visibility.audience_keys(getattr(request, "user", None))


def can_see(request, hit) -> bool:
    if hit.kind != "disclosure":
        return False
    return visibility.visible_disclosures(getattr(request, "user", None)).filter(pk=hit.id).exists()


def visible_hits(request, hits) -> set[tuple[str, int]]:
    """The gate's answer for a whole page of hits in one query: (kind, id) of those the reader may see."""
    user = getattr(request, "user", None)
    ids = visibility.visible_pks(user, [h.id for h in hits if h.kind == "disclosure"])
    return {("disclosure", i) for i in ids}
