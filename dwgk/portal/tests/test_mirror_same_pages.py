"""The mirror renders org and disclosure pages in batches with its templates compiled once; what it
writes for every org page, list page, catalog, guide, org feed and disclosure page is byte for byte what the portal's views answer the
anonymous visitor for the same address (the views are the reference), and no page the views serve is
missing from it."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from dwgk.access.disclosures import public_disclosures
from dwgk.core.choices import Category, Scope
from dwgk.disclosures.models import Disclosure
from dwgk.orgs.models import Organization
from dwgk.portal import selectors
from dwgk.portal.mirror import Mirror, follow

from .conftest import publish_through_workflow

pytestmark = pytest.mark.django_db


def _url(root: Path, path: Path) -> str:
    rel = "/" + str(path.relative_to(root))
    return rel[: -len("index.html")] if rel.endswith("/index.html") else rel


def _views_urls(m: Mirror) -> set[str]:
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


def _assert_same_as_views(root: Path) -> int:
    m = Mirror(root)
    written = {}
    for path in root.rglob("*"):
        url = _url(root, path)
        if path.is_file() and url.startswith(("/portal/org/", "/portal/feeds/org/", "/portal/d/")):
            written[url] = path.read_bytes()
    assert _views_urls(m) == set(written)
    for url, content in sorted(written.items()):
        assert content == m.render(url), url
    return len(written)


def test_batched_org_pages_are_the_views_pages(world, tmp_path):
    for i in range(23):  # more than a list page holds: pages 2 of the org's list and of a category
        publish_through_workflow(world, title=f"甲区委公开事项{i:02d}", body=f"<p>第{i}项。</p>",
                                 category=Category.ORGANIZATION if i % 3 else Category.CADRES)
    publish_through_workflow(world, title="党内公开不进入镜像", body="<p>党内。</p>", scope=Scope.PARTY)
    Mirror(tmp_path / "m").build()
    assert _assert_same_as_views(tmp_path / "m") > 20


@pytest.mark.slow
def test_batched_org_pages_are_the_views_pages_on_the_demo(settings, tmp_path):
    settings.DWGK_MIRROR_DIR = tmp_path / "seeded"
    settings.DWGK_SEARCH_DIR = tmp_path / "search"
    call_command("seed", "--demo")
    Mirror(tmp_path / "m").build()
    assert _assert_same_as_views(tmp_path / "m") > 50


def test_one_publication_followed_from_the_change_feed_rewrites_only_its_pages(world, tmp_path):
    """After a full build, following the feed past one publication touches the item, its org's pages and
    lists, the feeds that carry it (its org and those above, its category, everything), the front pages and
    the assets — and the pages it changes are again the views' pages."""
    root = tmp_path / "m"
    first = publish_through_workflow(world, title="甲区委第一项公开", body="<p>一。</p>")
    Mirror(root).build()
    d = publish_through_workflow(world, title="甲区委第二项公开", body="<p>二。</p>", category=Category.CADRES)
    stats = follow(root)
    touched = set(stats.urls)
    assert reverse("portal:disclosure", args=[d.pk]) in touched
    assert {reverse("portal:org", args=[world.district.pk]), reverse("portal:org_all", args=[world.district.pk]),
            reverse("portal:org_category", args=[world.district.pk, Category.CADRES]),
            reverse("portal:feed_org", args=[world.district.pk, "atom"]),
            reverse("portal:feed_org", args=[world.city.pk, "rss"]),
            reverse("portal:feed_category", args=[Category.CADRES, "atom"]), "/"} <= touched
    untouched = {reverse("portal:org", args=[world.sibling.pk]), reverse("portal:org", args=[world.village.pk]),
                 reverse("portal:feed_org", args=[world.sibling.pk, "atom"]),
                 reverse("portal:disclosure", args=[first.pk])}
    assert not untouched & touched
    assert stats.written < 30
    assert _assert_same_as_views(root) > 20


def test_an_org_no_longer_active_loses_its_pages_as_the_portal_answers_404(world, tmp_path):
    root = tmp_path / "m"
    m = Mirror(root)
    m.org(world.village)
    page = root / "portal" / "org" / str(world.village.pk) / "index.html"
    assert page.exists()
    Organization.objects.filter(pk=world.village.pk).update(is_active=False)
    assert m.render(reverse("portal:org", args=[world.village.pk])) is None
    m.org(world.village)
    assert not page.exists() and not page.parent.exists()
