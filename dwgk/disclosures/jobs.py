"""Scheduled jobs of the disclosure workflow (registered with dwgk.core.scheduled in apps.py)."""

from __future__ import annotations

from datetime import datetime

from .integrity import verify_reader_copies
from .notifications import send_reminders
from .publishing import publish_due
from .release import verify_released_texts


def publish_scheduled(now: datetime) -> str:
    result = publish_due(now)
    return f"定时发布 {result['published']} 项，到期下线 {result['expired']} 项"


def reminders(now: datetime) -> str:
    return f"到期提醒 {send_reminders(now, None)} 条"


def reader_copy_check(now: datetime) -> str:
    report = verify_reader_copies(now)
    return f"公开内容核对 {report.checked} 项，与公开时不一致 {len(report.drifted)} 项"


def text_check(now: datetime) -> str:
    total, drifted = verify_released_texts()
    return f"公开文本核对 {total} 项，与审查通过时不一致 {len(drifted)} 项"
