"""Scheduled jobs of the catalog (registered with dwgk.core.scheduled in apps.py)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from .duedates import refresh_overdue


def catalog_overdue(now: datetime) -> str:
    return f"逾期公开期限 {refresh_overdue(timezone.localdate(now))} 个"
