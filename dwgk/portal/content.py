"""A disclosure page's content as every reader of one version sees it alike (the head, text and tail,
rendered; the crumbs and the correction chain as plain values): the portal's page caches it under the
version's stamp, the static mirror renders it for a batch of items at once."""

from __future__ import annotations

from django.template.loader import render_to_string

from dwgk.core.choices import SCOPE_SHORT, Category

from . import selectors

CATEGORY_LABELS = dict(Category.choices)


def disclosure_content(d, extras: dict, crumbs: list, mirror: bool) -> dict:
    """`d` as selectors.disclosure gives it (the gate has let the reader see it), its extras
    (selectors.disclosure_extras) and its org's ancestors."""
    context = {"d": d, **extras, "category_label": CATEGORY_LABELS.get(d.category, ""), "mirror": mirror,
               "scope_short": SCOPE_SHORT, "scope_tones": selectors.SCOPE_TONES}
    return {
        "title": d.public_title,
        "crumbs": [{"pk": o.pk, "name": o.name} for o in [*crumbs, d.org]],
        "chain": selectors.page_chain(d, extras),
        **{part: render_to_string(f"portal/_disclosure_{part}.html", context) for part in ("head", "body", "tail")},
    }
