from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dwgk.core.scheduled import run_all


class Command(BaseCommand):
    help = "运行全部定时任务：目录逾期检查、定时发布、到期提醒、申请与意见期限扫描（供 cron 每日/每时调用）"

    def add_arguments(self, parser):
        parser.add_argument("--now", help="以该时间运行（ISO 格式，如 2026-12-01T08:00:00+08:00）")

    def handle(self, *args, now=None, **options):
        when = None
        if now:
            try:
                when = datetime.fromisoformat(now)
            except ValueError:
                raise CommandError("--now 须为 ISO 格式时间，如 2026-12-01T08:00:00+08:00")
            if timezone.is_naive(when):
                when = timezone.make_aware(when)
        for name, result in run_all(when):
            self.stdout.write(f"{name}：{result}")
