"""The portal's hot paths, drawn in Python. The disclosure list row: lists are the portal's hottest pages,
and one format_html per row costs a fraction of a template include per row (same markup as
portal/_rows.html used to produce). The header's fixed links: reversed once, not on every page."""

from functools import lru_cache
from html import escape

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# Trusted markup, joined into rows by plain string formatting; only titles and org names are escaped.
SCOPE_BADGES = {
    "public": '<span class="badge badge-public">社会公开</span>',
    "party": '<span class="badge badge-party">党内公开</span>',
    "unit": '<span class="badge badge-unit">本单位公开</span>',
    "targeted": '<span class="badge badge-targeted">特定对象公开</span>',
}
CORRECTED = ' <span class="badge badge-warn">已更正</span>'
KIND = {"clarify": ' <span class="badge badge-neutral">澄清</span>',
        "correct": ' <span class="badge badge-neutral">更正</span>'}
ROW = ('<li>\n  <a href="{href}">{title}</a>\n  <span class="d-meta">{badge}{org} <time datetime="{iso}">{day}</time>'
       '{marks}</span>\n</li>')


def _href_maker():
    """Disclosure URLs by string formatting: one reverse() per list, not one per row."""
    head, _sep, tail = reverse("portal:disclosure", args=[0]).rpartition("/0/")
    return f"{head}/{{}}/{tail}".format


def _row(d, show_org: bool, href) -> str:
    at = timezone.localtime(d.published_at)
    marks = (CORRECTED if d.superseded_by_id else "") + (KIND.get(d.correction_kind, KIND["correct"])
                                                         if d.corrects_id else "")
    return ROW.format(href=href(d.pk), title=escape(d.public_title), badge=SCOPE_BADGES.get(d.scope, ""),
                      org=f" <span>{escape(d.org.name)}</span>" if show_org else "", iso=at.isoformat(),
                      day=at.strftime("%Y-%m-%d"), marks=marks)


@register.simple_tag
def disclosure_rows(rows, show_org=False, empty="暂无公开事项"):
    if not rows:
        return format_html('<div class="empty-state"><p>{}</p></div>', empty)
    href = _href_maker()
    return mark_safe('<ul class="d-list">\n' + "\n".join(_row(d, show_org, href) for d in rows) + "\n</ul>")


@register.simple_tag(takes_context=False)
def page_url(view_name):
    """`{% url %}` for the header and nav links that take no arguments, reversed once per URL
    configuration and script prefix instead of on every page."""
    return _page_url(get_urlconf(), get_script_prefix(), view_name)


@lru_cache(maxsize=256)
def _page_url(urlconf, prefix, view_name):
    return reverse(view_name, urlconf=urlconf)
