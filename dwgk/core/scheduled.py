"""Scheduled work, in one place: what a cron line or the task worker runs every few minutes or daily.

Each job is a plain function of the time it runs at, returning a one-line Chinese summary. Apps register
their jobs in `AppConfig.ready()` (core sits below them and imports none); `run_all` runs them in order.
Each job runs under its own database lock (dwgk.core.locks): a second run started while the first still
holds it skips that job instead of doing its work again (a request withdrawn twice, reminders doubled)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from .locks import job_lock


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


def run_job(name: str, now: datetime | None = None) -> str:
    job = next(j for j in JOBS if j.name == name)
    with job_lock(f"scheduled:{name}") as got:
        if not got:
            return SKIPPED
        return job.run(now or timezone.now())


def run_all(now: datetime | None = None) -> list[tuple[str, str]]:
    now = now or timezone.now()
    return [(job.name, run_job(job.name, now)) for job in JOBS]
