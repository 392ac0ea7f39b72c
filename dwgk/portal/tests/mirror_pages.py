"""The static mirror against the portal's views: every org page, list page, catalog, guide, org feed and
disclosure page the mirror wrote is byte for byte what the views answer the anonymous visitor for the
same address, and no page the views serve is missing (shared by the portal's tests and the demo-wide
page suite)."""

from pathlib import Path

from django.urls import reverse

from dwgk.access.disclosures import public_disclosures
from dwgk.disclosures.models import Disclosure
from dwgk.orgs.models import Organization
from dwgk.portal import selectors
from dwgk.portal.mirror import Mirror


def _url(root: Path, path: Path) -> str:
    rel = "/" + str(path.relative_to(root))
    return rel[: -len("index.html")] if rel.endswith("/index.html") else rel


def views_urls(m: Mirror) -> set[str]:
    """What the one-org selectors say an org's public pages are: the page, guide, lists, catalog, feeds."""
    urls = set()
    for o in Organization.objects.filter(is_active=True):
        facets = selectors.org_facets(None, o)
        pages = lambda n: max(1, -(-n // selectors.PER_PAGE))  # noqa: E731
        urls |= {reverse("portal:org", args=[o.pk]), reverse("portal:org_guide", args=[o.pk]),
                 reverse("portal:org_all", args=[o.pk]),
                 *[reverse("portal:feed_org", args=[o.pk, f]) for f in ("atom", "rss")],
                 *[reverse("portal:org_all_page", args=[o.pk, n]) for n in range(2, pages(facets["total"]) + 1)]}
        for c, _label, n in facets["categories"]:
            urls |= {reverse("portal:org_category", args=[o.pk, c]),
                     *[reverse("portal:org_category_page", args=[o.pk, c, k]) for k in range(2, pages(n) + 1)]}
        for y, n in facets["years"]:
            urls |= {reverse("portal:org_year", args=[o.pk, y]),
                     *[reverse("portal:org_year_page", args=[o.pk, y, k]) for k in range(2, pages(n) + 1)]}
        catalog = reverse("portal:catalog", args=[o.pk])
        if m.render(catalog) is not None:
            urls.add(catalog)
    for d in public_disclosures(Disclosure.objects.all()):
        urls |= {reverse("portal:disclosure", args=[d.pk]),
                 *[selectors.attachment_url(d.pk, a) for a in d.attachments.all()]}
    return urls


def assert_mirror_is_the_views(root: Path) -> int:
    """Compare every page written under `root`; returns how many."""
    m = Mirror(root)
    written = {}
    for path in root.rglob("*"):
        url = _url(root, path)
        if path.is_file() and url.startswith(("/portal/org/", "/portal/feeds/org/", "/portal/d/")):
            written[url] = path.read_bytes()
    assert views_urls(m) == set(written)
    for url, content in sorted(written.items()):
        assert content == m.render(url), url
    return len(written)
