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
