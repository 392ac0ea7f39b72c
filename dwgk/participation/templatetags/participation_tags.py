"""Deadline badge: days left, or overdue in red with words (never colour alone)."""

from django import template
from django.utils.html import format_html

from dwgk.participation.services import today
from dwgk.workdays.badges import tentative_badge

register = template.Library()


@register.simple_tag
def due_badge(due, is_open=True, label=""):
    """`label` names which deadline this is (补正期限 / 答复期限), so two never stand unlabelled."""
    if not due or not is_open:
        return ""
    days = (due - today()).days
    prefix = f"{label}：" if label else ""
    if days < 0:
        badge = format_html('<span class="badge badge-overdue">{}已逾期 {} 天</span>', prefix, -days)
    elif days == 0:
        badge = format_html('<span class="badge badge-warn">{}今日到期</span>', prefix)
    elif days <= 5:
        badge = format_html('<span class="badge badge-warn">{}剩余 {} 天</span>', prefix, days)
    else:
        badge = format_html('<span class="badge badge-ok">{}剩余 {} 天</span>', prefix, days)
    return format_html("{}{}", badge, tentative_badge(due))


@register.filter
def typed_for(typed, action):
    """The values typed into the refused form of `action` (see views._typed_for), else nothing."""
    return (typed or {}).get(action) or {}
