"""Scheduled jobs of participation (registered with dwgk.core.scheduled in apps.py)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from . import feedback


def deadline_scan(now: datetime) -> str:
    out = feedback.scan(on=timezone.localdate(now))
    return (f"意见提醒 {out['warnings']} 条，办公室告警 {out['office_alerts']} 条，"
            f"补正逾期撤回 {out['withdrawn']} 件，超时办结 {out['closed_by_timeout']} 条")
