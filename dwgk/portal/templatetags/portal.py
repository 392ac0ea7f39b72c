"""The disclosure list row, drawn in Python: lists are the portal's hottest pages, and one format_html per
row costs a fraction of a template include per row. Same markup as portal/_rows.html used to produce."""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

SCOPE_BADGES = {
    "public": mark_safe('<span class="badge badge-public">社会公开</span>'),
    "party": mark_safe('<span class="badge badge-party">党内公开</span>'),
    "unit": mark_safe('<span class="badge badge-unit">本单位公开</span>'),
    "targeted": mark_safe('<span class="badge badge-targeted">特定对象公开</span>'),
}
CORRECTED = mark_safe(' <span class="badge badge-warn">已更正</span>')
KIND = {"clarify": mark_safe(' <span class="badge badge-neutral">澄清</span>'),
        "correct": mark_safe(' <span class="badge badge-neutral">更正</span>')}


def _row(d, show_org: bool):
    at = timezone.localtime(d.published_at)
    org = format_html(" <span>{}</span>", d.org.name) if show_org else ""
    marks = (CORRECTED if d.superseded_by_id else "") + (KIND.get(d.correction_kind, KIND["correct"])
                                                         if d.corrects_id else "")
    return (reverse("portal:disclosure", args=[d.pk]), d.public_title, SCOPE_BADGES.get(d.scope, ""), org,
            at.isoformat(), at.strftime("%Y-%m-%d"), mark_safe(marks))


@register.simple_tag
def disclosure_rows(rows, show_org=False, empty="暂无公开事项"):
    if not rows:
        return format_html('<div class="empty-state"><p>{}</p></div>', empty)
    items = format_html_join(
        "\n", '<li>\n  <a href="{}">{}</a>\n  <span class="d-meta">{}{} <time datetime="{}">{}</time>{}</span>\n</li>',
        (_row(d, show_org) for d in rows))
    return format_html('<ul class="d-list">\n{}\n</ul>', items)
