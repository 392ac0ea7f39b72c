from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from dwgk.orgs import imports


class Command(BaseCommand):
    help = "从 xlsx 或 csv 导入党组织（orgs）或人员（people）：整表校验，任何一行有误则不导入并逐行报告错误"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=imports.KINDS, help="orgs：党组织；people：人员")
        parser.add_argument("file", help="xlsx 或 csv 文件（UTF-8 或 GB18030 编码）")
        parser.add_argument("--as", dest="username", default="",
                            help="以该账号的名义导入（记入审计日志）；不填则记为命令行导入")
        parser.add_argument("--template", action="store_true", help="不导入，而是把空白导入模板（xlsx）写到 FILE")

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        kind = opts["kind"]
        if opts["template"]:
            path.write_bytes(imports.template_xlsx(kind))
            self.stdout.write(self.style.SUCCESS(f"导入模板已写入 {path}"))
            return
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        actor = None
        if opts["username"]:
            actor = get_user_model().objects.filter(username=opts["username"]).first()
            if actor is None:
                raise CommandError(f"没有用户名为 {opts['username']} 的账号。")
        result = imports.run_import(kind, path.read_bytes(), path.name, actor=actor)
        if not result.ok:
            for line in result.report_lines():
                self.stderr.write(line)
            raise CommandError(result.summary())
        self.stdout.write(self.style.SUCCESS(result.summary()))
