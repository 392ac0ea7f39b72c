from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dwgk.core.scheduled import FAILED, JOBS, run_all
from dwgk.core.tasks import run_scheduled_job


class Command(BaseCommand):
    help = ("运行全部定时任务：目录逾期检查、定时发布、到期提醒、申请与意见期限扫描（供定时器每小时调用；"
            "每项任务持有数据库锁，两次运行重叠时不会重复执行）")

    def add_arguments(self, parser):
        parser.add_argument("--now", help="以该时间运行（ISO 格式，如 2026-12-01T08:00:00+08:00）")
        parser.add_argument("--queue", action="store_true", help="不在本进程执行，交给后台任务进程（dwgk worker）")

    def handle(self, *args, now=None, queue=False, **options):
        when = None
        if now:
            try:
                when = datetime.fromisoformat(now)
            except ValueError:
                raise CommandError("--now 须为 ISO 格式时间，如 2026-12-01T08:00:00+08:00")
            if timezone.is_naive(when):
                when = timezone.make_aware(when)
        if queue:
            for job in JOBS:
                name = job.name
                result = run_scheduled_job.enqueue(name, when.isoformat() if when else None)
                self.stdout.write(f"{name}：已排队（任务 {result.id}）")
            return
        results = run_all(when)
        for name, result in results:
            self.stdout.write(f"{name}：{result}")
        failed = [name for name, result in results if result == FAILED]
        if failed:
            raise CommandError(f"{len(failed)} 项定时任务执行失败：{'、'.join(failed)}")
