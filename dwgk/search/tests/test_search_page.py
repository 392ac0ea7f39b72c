"""The portal's search page: an org filter that finds any org by name, a scope badge on every result,
and filters that fold away on a phone (a <details> the page script closes on narrow screens)."""

import re

import pytest
from django.urls import reverse

from dwgk.core.choices import Scope
from dwgk.portal.tests.conftest import publish_through_workflow
from dwgk.search import providers
from dwgk.search import services as search_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(world, settings, tmp_path):
    settings.DWGK_SEARCH_DIR = tmp_path / "search"

    def make(title, **kw):
        d = publish_through_workflow(world, title=title, body="<p>党费收缴使用情况</p>", **kw)
        search_services.index_document(providers.get_provider("disclosure").get(d.pk))
        return d
    return make


def test_results_carry_a_scope_badge(client, world, indexed):
    indexed("甲区党费公示", scope=Scope.PUBLIC)
    indexed("甲区党内通报", scope=Scope.PARTY)
    anon = client.get(reverse("search:search") + "?q=党费").content.decode()
    anon = re.sub(r"</?mark>", "", anon)
    assert re.search(r'class="search-hit".*?badge-public">社会公开<', anon, re.S)
    assert "甲区党费公示" in anon and "甲区党内通报" not in anon
    client.force_login(world.users["member_district"])
    member = re.sub(r"</?mark>", "", client.get(reverse("search:search") + "?q=党费").content.decode())
    assert "甲区党内通报" in member and 'badge-party">党内公开<' in member


def test_org_filter_finds_any_org_by_name_and_filters_by_subtree(client, world, indexed):
    indexed("甲区党费公示", scope=Scope.PUBLIC)
    html = client.get(reverse("search:search") + "?q=党费&org_q=东村").content.decode()
    assert f'name="org" value="{world.village.pk}"' in html  # a village is offered
    inside = re.sub(r"</?mark>", "", client.get(reverse("search:search") + f"?q=党费&org={world.district.pk}")
                    .content.decode())
    assert "甲区党费公示" in inside and f'name="org" value="{world.district.pk}" checked' in inside
    below = re.sub(r"</?mark>", "", client.get(reverse("search:search") + f"?q=党费&org={world.village.pk}")
                   .content.decode())
    assert "甲区党费公示" not in below  # published above the village: outside its subtree


def test_filters_fold_on_a_phone(client, world):
    html = client.get(reverse("search:search") + "?q=党费").content.decode()
    assert '<details class="filters-fold" open data-fold-below="768">' in html
