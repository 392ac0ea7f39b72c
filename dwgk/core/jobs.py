"""Housekeeping the scheduled run does for the infrastructure rows: old change-feed entries and finished
task results (a node that stood still longer than the retention rebuilds its copies)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django_tasks_db.models import DBTaskResult

from . import changes


def prune(now: datetime) -> str:
    entries = changes.prune(now)
    days = int(getattr(settings, "DWGK_FEED_RETENTION_DAYS", 30))
    tasks, _ = DBTaskResult.objects.filter(finished_at__lt=now - timedelta(days=days)).delete()
    return f"清理变更记录 {entries} 条、已完成的后台任务 {tasks} 个"
