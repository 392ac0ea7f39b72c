"""The viewer half of search visibility, delegated to the access layer (DESIGN invariant 1).

Search filters by the reader's audience keys inside the query (so totals and pages are right) and
then asks the gate again about every hit."""

from __future__ import annotations

from dwgk.access import disclosures as gate
from dwgk.access.audience import audience_keys
from dwgk.disclosures.models import Disclosure


def keys_for(request) -> list[str]:
    return audience_keys(getattr(request, "user", None))


def can_see(request, hit) -> bool:
    if hit.kind != "disclosure":
        return False
    return gate.visible_disclosures(getattr(request, "user", None), Disclosure.objects.filter(pk=hit.id)).exists()


def visible_hits(request, hits) -> set[tuple[str, int]]:
    """The gate's answer for a whole page of hits in one query: (kind, id) of those the reader may see."""
    user = getattr(request, "user", None)
    ids = gate.visible_pks(user, Disclosure.objects.all(), [h.id for h in hits if h.kind == "disclosure"])
    return {("disclosure", i) for i in ids}
