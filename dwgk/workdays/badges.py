"""Badges other apps' templates show beside working-day dates."""

from __future__ import annotations

from datetime import date

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from . import calendar


def date_is_provisional(d) -> bool:
    if not isinstance(d, date):
        return False
    return bool(getattr(d, "provisional", False)) or calendar.is_provisional(d.year)


def tentative_badge(d) -> SafeString:
    """` 暂定` after a working-day date whose year's schedule is not (fully) announced. Always safe markup,
    the empty answer included: a badge concatenated with a plain "" would be escaped on the page."""
    if not date_is_provisional(d):
        return mark_safe("")
    return format_html(' <span class="badge badge-warn tentative" title="{}">{}</span>',
                       "该年度国务院节假日安排尚未公布，按法定节日推算，公布后自动重算", "暂定")
