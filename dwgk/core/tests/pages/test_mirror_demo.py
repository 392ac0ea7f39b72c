"""The static mirror of the whole demo is the portal's own pages: built in batches, every org page, list,
catalog, guide, org feed and disclosure page is byte for byte what the views answer an anonymous visitor
(the small-world version of this rule is in dwgk/portal/tests/test_mirror_same_pages.py)."""

import pytest

from dwgk.portal.mirror import Mirror
from dwgk.portal.tests.mirror_pages import assert_mirror_is_the_views

pytestmark = [pytest.mark.pages, pytest.mark.one_db, pytest.mark.slow, pytest.mark.django_db]


def test_batched_org_pages_are_the_views_pages_on_the_demo(demo_world, tmp_path):
    Mirror(tmp_path / "m").build()
    assert assert_mirror_is_the_views(tmp_path / "m") > 50
