from django.core.management.base import BaseCommand, CommandError

from dwgk.audit.services import checkpoint, verify


class Command(BaseCommand):
    help = "审计日志：verify 校验带密钥的哈希链和链头锚点，指出第一条被破坏的记录；checkpoint 记录当前链头锚点"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "checkpoint"])

    def handle(self, *args, **options):
        result = verify()
        if not result.ok:
            raise CommandError(f"审计日志被破坏：第 {result.broken_seq} 条记录，{result.reason}"
                               f"（此前 {result.checked} 条完好）")
        anchored = f"，已核对至第 {result.anchored_seq} 条的链头锚点" if result.anchored_seq else "，尚无链头锚点"
        self.stdout.write(self.style.SUCCESS(f"审计日志完整：共校验 {result.checked} 条记录{anchored}"))
        if options["action"] == "checkpoint":
            cp = checkpoint()
            if cp is not None:
                self.stdout.write(f"已记录链头锚点：第 {cp.seq} 条")
