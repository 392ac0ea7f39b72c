"""Marks a date computed from a year without a complete official holiday schedule as 暂定."""

from django import template

from dwgk.workdays.badges import tentative_badge

register = template.Library()


@register.filter
def tentative(d):
    """` 暂定` badge after a working-day date whose year's schedule is not (fully) announced."""
    return tentative_badge(d)
