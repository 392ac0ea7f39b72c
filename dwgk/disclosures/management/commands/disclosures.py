from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dwgk.disclosures.notifications import send_reminders
from dwgk.disclosures.publishing import publish_due


class Command(BaseCommand):
    help = "党务公开事项：publish-due 发布到期的定时事项并下线到期公示；remind 发送办理提醒"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["publish-due", "remind"])
        parser.add_argument("--now", help="以此时间运行（ISO 格式，用于补跑）")
        parser.add_argument("--days", type=int, default=None, help="提前几天提醒")

    def handle(self, *args, action, now=None, days=None, **options):
        when = timezone.now()
        if now:
            try:
                when = datetime.fromisoformat(now)
            except ValueError:
                raise CommandError("--now 须为 ISO 格式时间，如 2026-04-26T09:00:00+08:00")
            if timezone.is_naive(when):
                when = timezone.make_aware(when)
        if action == "publish-due":
            result = publish_due(when)
            self.stdout.write(f"已发布 {result['published']} 项，已到期下线 {result['expired']} 项")
        else:
            self.stdout.write(f"已发送提醒 {send_reminders(when, days)} 条")
