"""Scheduled jobs of oversight (registered with dwgk.core.scheduled in apps.py)."""

from __future__ import annotations

from datetime import datetime

from .compliance import verify_publications


def publication_check(now: datetime) -> str:
    run = verify_publications(now)
    return f"发布完整性核查 {run.checked} 项，未经完整流程公开 {run.violations} 项"
