"""Scheduled work is runnable as one command (DESIGN: background work)."""

import io
from datetime import date

import pytest
from django.core.management import call_command

from dwgk.catalog.models import DuePeriod

pytestmark = pytest.mark.django_db


def test_one_command_runs_every_scheduled_job(world):
    out = io.StringIO()
    call_command("scheduled", "--now", "2026-12-01T08:00:00+08:00", stdout=out)
    text = out.getvalue()
    for name in ("公开目录逾期检查", "定时发布与到期下线", "公开事项到期提醒", "依申请公开与意见箱期限扫描"):
        assert name in text


def test_bad_time_is_refused_in_chinese():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ISO"):
        call_command("scheduled", "--now", "明天")


def test_the_command_flips_open_periods_past_due_to_overdue(world):
    from dwgk.catalog.tests.factories import filed_catalog

    catalog = filed_catalog(world.village, today=date(2026, 1, 5))
    due = DuePeriod.objects.filter(item__catalog=catalog, due_date__lt=date(2026, 11, 22))
    assert due.exists() and not due.filter(state="overdue").exists()
    call_command("scheduled", "--now", "2026-11-22T08:00:00+08:00", stdout=io.StringIO())
    assert due.count() == due.filter(state="overdue").count()
