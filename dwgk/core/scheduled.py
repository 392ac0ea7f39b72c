"""Scheduled work, in one place: what a cron line or the task worker runs every few minutes or daily.

Each job is a plain function of the time it runs at, returning a one-line Chinese summary. Apps register
their jobs in `AppConfig.ready()` (core sits below them and imports none); `run_all` runs them in order.
Each job runs under its own database lock (dwgk.core.locks): a second run started while the first still
holds it skips that job instead of doing its work again (a request withdrawn twice, reminders doubled)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from .locks import job_lock

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[datetime], str]
    order: int


JOBS: list[Job] = []


def register(name: str, run: Callable[[datetime], str], *, order: int) -> None:
    """Add a job; `order` places it among the others (lower runs first). Registering twice is a no-op."""
    if any(j.name == name for j in JOBS):
        return
    JOBS.append(Job(name, run, order))
    JOBS.sort(key=lambda j: j.order)


SKIPPED = "另一次运行正在执行此任务，本次跳过"
FAILED = "执行失败（错误详情已记入日志），下次运行时重试"


def run_job(name: str, now: datetime | None = None) -> str:
    job = next(j for j in JOBS if j.name == name)
    with job_lock(f"scheduled:{name}") as got:
        if not got:
            return SKIPPED
        return job.run(now or timezone.now())


def run_all(now: datetime | None = None) -> list[tuple[str, str]]:
    """Every job in order. One job failing does not stop the others (the audit anchor runs last and must
    still run); its result is FAILED and the traceback goes to the log."""
    now = now or timezone.now()
    results = []
    for job in JOBS:
        try:
            results.append((job.name, run_job(job.name, now)))
        except Exception:  # noqa: BLE001 - reported as FAILED; the next run retries
            log.exception("scheduled job %s failed", job.name)
            results.append((job.name, FAILED))
    return results
