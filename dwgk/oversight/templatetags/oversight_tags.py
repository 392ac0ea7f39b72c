from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def deadline_badge(deadline, today, state=""):
    """Days left, or overdue in red with words (never colour alone); a verified rectification is done."""
    if state == "verified":
        return mark_safe('<span class="badge badge-ok">已完成</span>')  # a constant
    days = (deadline - today).days
    if days < 0:
        return format_html('<span class="badge badge-red">已逾期 {} 天</span>', -days)
    if days <= 3:
        return format_html('<span class="badge badge-warn">剩余 {} 天</span>', days)
    return format_html('<span class="badge badge-neutral">剩余 {} 天</span>', days)
