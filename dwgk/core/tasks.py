"""Scheduled jobs as tasks, for `dwgk scheduled --queue` (the worker runs them, each under its lock)."""

from __future__ import annotations

from datetime import datetime

from django_tasks import task

from . import scheduled


@task()
def run_scheduled_job(name: str, now: str | None = None) -> str:
    return scheduled.run_job(name, datetime.fromisoformat(now) if now else None)
