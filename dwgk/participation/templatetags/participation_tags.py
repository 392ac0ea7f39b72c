"""Deadline badge: days left, or overdue in red with words (never colour alone)."""

from django import template
from django.utils.html import format_html

from dwgk.participation.services import today

register = template.Library()


@register.simple_tag
def due_badge(due, is_open=True):
    if not due or not is_open:
        return ""
    days = (due - today()).days
    if days < 0:
        return format_html('<span class="badge badge-overdue">已逾期 {} 天</span>', -days)
    if days == 0:
        return format_html('<span class="badge badge-warn">今日到期</span>')
    if days <= 5:
        return format_html('<span class="badge badge-warn">剩余 {} 天</span>', days)
    return format_html('<span class="badge badge-ok">剩余 {} 天</span>', days)
