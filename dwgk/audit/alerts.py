"""Alarms for the audit administrator (审计管理员): kept in a table the audit log page shows, mailed to
every audit administrator with an address, and written to the audit log itself."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import services
from .models import Alert

log = logging.getLogger(__name__)
AUDIT_ADMIN = "audit"  # accounts.AdminRole.AUDIT (accounts sits beside audit, not below it)


def raise_alert(kind: str, key: str, title: str, detail: dict | None = None) -> Alert | None:
    """Open an alert unless one for (kind, key) is open already; returns the new alert or None."""
    if Alert.objects.filter(kind=kind, key=key, cleared_at__isnull=True).exists():
        return None
    try:
        with transaction.atomic():
            alert = Alert.objects.create(kind=kind, key=key[:120], title=title[:200], detail=detail or {},
                                         raised_at=timezone.now())
    except IntegrityError:
        return None  # a concurrent check raised it first
    log.error("integrity alert %s %s: %s", kind, key, title)
    services.record("integrity.alert", success=False, object_type="audit.alert", object_id=str(alert.pk),
                    detail={"kind": kind, "key": key, "title": title, **(detail or {})})
    emails = list(get_user_model().objects.filter(admin_role=AUDIT_ADMIN, is_active=True)
                  .exclude(email="").values_list("email", flat=True))
    if emails:
        body = "\n".join(f"{k}: {v}" for k, v in (detail or {}).items())
        send_mail(title, body, settings.DEFAULT_FROM_EMAIL, emails, fail_silently=True)
    return alert


def clear_alert(kind: str, key: str) -> int:
    """A later check found the problem gone (e.g. the file restored from backup)."""
    return Alert.objects.filter(kind=kind, key=key, cleared_at__isnull=True).update(cleared_at=timezone.now())


def open_alerts():
    return Alert.objects.filter(cleared_at__isnull=True)
