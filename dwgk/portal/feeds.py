"""Atom and RSS feeds: per org, per category, per search and everything — public scope only, read as the
anonymous visitor — and a member's personal feed, read as that member through the gate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import feedgenerator
from django.utils.translation import gettext as _

from dwgk.access.audience import audience_keys
from dwgk.access.disclosures import visible_pks
from dwgk.core.choices import Category
from dwgk.disclosures.models import Disclosure
from dwgk.orgs.models import Organization
from dwgk.search import services
from dwgk.search.segment import html_to_text

from . import selectors

FEED_SIZE = 30
# An empty feed's date: fixed, not the time of rendering, so a mirror rebuild finds the file unchanged.
EMPTY_FEED_DATE = datetime(2020, 1, 1, tzinfo=UTC)


class _StableDate:
    def latest_post_date(self):
        if not any(i.get("updateddate") or i.get("pubdate") for i in self.items):
            return EMPTY_FEED_DATE
        return super().latest_post_date()


class AtomFeed(_StableDate, feedgenerator.Atom1Feed):
    pass


class RssFeed(_StableDate, feedgenerator.Rss201rev2Feed):
    pass


FORMATS = {"atom": (AtomFeed, "application/atom+xml; charset=utf-8"),
           "rss": (RssFeed, "application/rss+xml; charset=utf-8")}


@dataclass
class Feed:
    title: str
    link: str  # site-relative
    description: str
    items: list  # disclosures, or search hits (objects with title, url, published_at, ...)
    is_search: bool = False


def base_url(request) -> str:
    """Absolute links: the configured public address, else the request's own host."""
    configured = getattr(settings, "DWGK_PUBLIC_URL", "")
    if configured or getattr(request, "dwgk_mirror", False):
        return (configured or "http://127.0.0.1:8000").rstrip("/")
    return request.build_absolute_uri("/").rstrip("/")


def respond(request, fmt: str, feed: Feed) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404(_("订阅格式只能是 atom 或 rss"))
    cls, content_type = FORMATS[fmt]
    root = base_url(request)
    gen = cls(title=feed.title, link=root + feed.link, description=feed.description, language="zh-cn",
              feed_url=root + request.path)
    for item in feed.items:
        if feed.is_search:
            gen.add_item(title=item.title, link=root + item.url, description=item.snippet_html,
                         pubdate=item.published_at, unique_id=root + item.url, author_name=item.org_name)
        else:
            url = reverse("portal:disclosure", args=[item.pk])
            gen.add_item(title=item.public_title, link=root + url, pubdate=item.published_at,
                         description=html_to_text(item.public_body)[:400], unique_id=root + url,
                         author_name=item.org.name, categories=[dict(Category.choices).get(item.category, "")])
    return HttpResponse(gen.writeString("utf-8"), content_type=content_type)


def _public(qs=None) -> list:
    rows, _next = selectors.latest(None, limit=FEED_SIZE, qs=qs)
    return _with_bodies(rows)


def _with_bodies(rows: list) -> list:
    # The list query defers the bodies; a feed carries a summary of each, so fetch them in one query.
    full = with_bodies_by_pk([r.pk for r in rows])
    return [full[r.pk] for r in rows if r.pk in full]


def with_bodies_by_pk(pks) -> dict:
    """Disclosures with their bodies and org, by id (ids the caller has from the gate)."""
    return Disclosure.objects.select_related("org").in_bulk(list(pks))


def all_feed(request) -> Feed:
    return Feed(_("党务公开 · 最新公开"), reverse("portal:home"), _("向社会公开的最新党务公开事项"), _public())


def org_feed(request, org) -> Feed:
    return org_feed_of(org, _public(selectors.subtree_disclosures(org)))


def org_feed_of(org, items: list) -> Feed:
    """The org's feed around its items (the newest public disclosures of its subtree, bodies loaded)."""
    return Feed(_("%(o)s · 党务公开") % {"o": org.name}, reverse("portal:org", args=[org.pk]),
                _("%(o)s向社会公开的党务公开事项") % {"o": org.name}, items)


def category_feed(request, category: str) -> Feed:
    label = dict(Category.choices)[category]
    return Feed(_("党务公开 · %(c)s") % {"c": label}, reverse("portal:home"),
                _("向社会公开的“%(c)s”类党务公开事项") % {"c": label},
                _public(Disclosure.objects.filter(category=category)))


def search_feed(request, data: dict) -> Feed:
    """A saved search as a feed: the anonymous visitor's audience keys, newest first, each hit re-checked."""
    org = None
    if data.get("org"):
        org = Organization.objects.filter(pk=data["org"]).only("path").first()
    page = services.search(data["q"], audience_keys(None), org_path=org.path if org else "",
                           category=data.get("category") or "", year=data.get("year"),
                           channel=data.get("channel") or "", sort="date", per_page=FEED_SIZE)
    allowed = visible_pks(None, Disclosure.objects.all(), [h.id for h in page.hits if h.kind == "disclosure"])
    hits = [h for h in page.hits if h.kind == "disclosure" and h.id in allowed]
    return Feed(_("党务公开 · 检索“%(q)s”") % {"q": data["q"]}, reverse("search:search") + "?" + request.GET.urlencode(),
                _("检索结果订阅"), hits, is_search=True)


def personal_feed(request, user) -> Feed:
    rows, _next = selectors.latest(user, limit=FEED_SIZE)
    return Feed(_("我的党务公开订阅"), reverse("portal:home"),
                _("您有权查看的党务公开事项（含党内公开）"), _with_bodies(rows))
