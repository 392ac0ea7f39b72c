"""The mirror renders org and disclosure pages in batches with its templates compiled once; what it
writes for every org page, list page, catalog, guide, org feed and disclosure page is byte for byte what the portal's views answer the
anonymous visitor for the same address (the views are the reference), and no page the views serve is
missing from it."""

import pytest
from django.urls import reverse

from dwgk.core.choices import Category, Scope
from dwgk.orgs.models import Organization
from dwgk.portal.mirror import Mirror, follow

from .conftest import publish_through_workflow
from .mirror_pages import assert_mirror_is_the_views

pytestmark = pytest.mark.django_db


def test_batched_org_pages_are_the_views_pages(world, tmp_path):
    for i in range(23):  # more than a list page holds: pages 2 of the org's list and of a category
        publish_through_workflow(world, title=f"甲区委公开事项{i:02d}", body=f"<p>第{i}项。</p>",
                                 category=Category.ORGANIZATION if i % 3 else Category.CADRES)
    publish_through_workflow(world, title="党内公开不进入镜像", body="<p>党内。</p>", scope=Scope.PARTY)
    Mirror(tmp_path / "m").build()
    assert assert_mirror_is_the_views(tmp_path / "m") > 20


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
    assert assert_mirror_is_the_views(root) > 20


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
