from django.core.management.base import BaseCommand, CommandError

from dwgk.audit.services import verify


class Command(BaseCommand):
    help = "审计日志：verify 校验哈希链，指出第一条被破坏的记录"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, **options):
        result = verify()
        if result.ok:
            self.stdout.write(self.style.SUCCESS(f"审计日志完整：共校验 {result.checked} 条记录"))
            return
        raise CommandError(f"审计日志被破坏：第 {result.broken_seq} 条记录，{result.reason}"
                           f"（此前 {result.checked} 条完好）")
