"""Scheduled work, in one place: what a cron line or the task worker runs every few minutes or daily.

Each job is a plain function of the time it runs at, returning a one-line Chinese summary. Apps register
their jobs in `AppConfig.ready()` (core sits below them and imports none); `run_all` runs them in order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone


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


def run_all(now: datetime | None = None) -> list[tuple[str, str]]:
    now = now or timezone.now()
    return [(job.name, job.run(now)) for job in JOBS]
