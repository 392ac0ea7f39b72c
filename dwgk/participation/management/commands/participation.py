"""`dwgk participation scan [--date YYYY-MM-DD]`: the scheduled pass over participation deadlines."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from dwgk.participation import feedback


class Command(BaseCommand):
    help = "参与互动定时任务：scan（意见 15/30/60 天提醒、3 个月前提醒办公室、补正逾期视为撤回、答复后未评价自动办结）"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["scan"])
        parser.add_argument("--date", help="按指定日期运行（默认今天）")

    def handle(self, *args, **opts):
        try:
            on = date.fromisoformat(opts["date"]) if opts.get("date") else None
        except ValueError:
            raise CommandError("日期格式应为 YYYY-MM-DD")
        out = feedback.scan(on=on)
        self.stdout.write(
            f"提醒 {out['warnings']} 条，提醒办公室 {out['office_alerts']} 条，"
            f"补正逾期视为撤回 {out['withdrawn']} 件，超时自动办结 {out['closed_by_timeout']} 条")
