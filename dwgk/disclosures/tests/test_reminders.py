"""到期提醒: holders of a pending step are reminded before the planned publication time, once a day."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from dwgk.disclosures import notifications, services
from dwgk.disclosures.models import Notification

pytestmark = pytest.mark.django_db


def test_pending_step_holders_are_reminded_once_a_day(world, make_draft, settings):
    settings.DWGK_DISCLOSURE_REMIND_DAYS = 3
    now = timezone.now()
    soon = make_draft(title="关于召开党员大会的通知", planned_at=now + timedelta(days=2))
    later = make_draft(title="关于年度述职的安排", planned_at=now + timedelta(days=10))
    for d in (soon, later):
        services.submit(d, world.users["proposer"])
    user = world.users["secrecy"]
    user.email = "baomi@example.cn"
    user.save()
    sent = notifications.send_reminders(now=now)
    reminded = Notification.objects.filter(kind="reminder")
    assert sent == reminded.count() >= 1
    assert set(reminded.values_list("disclosure_id", flat=True)) == {soon.pk}
    assert reminded.filter(recipient=user.person, title__contains="距计划公开时间还有 2 天").exists()
    assert any("baomi@example.cn" in m.to for m in mail.outbox)
    assert notifications.send_reminders(now=now) == 0  # the same day: not again
