"""Tasks of the lowest layer: scheduled jobs (`dwgk scheduled --queue`; the worker runs them, each under
its lock) and outgoing mail."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task

from . import scheduled


@task()
def run_scheduled_job(name: str, now: str | None = None) -> str:
    return scheduled.run_job(name, datetime.fromisoformat(now) if now else None)


@task()
def send_email(subject: str, body: str, to: list[str]) -> int:
    """Mail leaves through the worker: a slow or unreachable mail server never holds up the request that
    caused it, and mail for a rolled-back change is never sent (the task row rolls back with it)."""
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=True)
