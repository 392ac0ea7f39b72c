from django.core.management.base import BaseCommand

from dwgk.portal import mirror


class Command(BaseCommand):
    help = "党务公开专栏：build 从数据库重建静态公开镜像（全部向社会公开的页面）"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["build"])
        parser.add_argument("--dir", default="", help="镜像目录（默认 DWGK_MIRROR_DIR 或 var/mirror）")

    def handle(self, *args, **options):
        m = mirror.Mirror(options["dir"] or None)
        stats = m.build(progress=lambda text: self.stdout.write(text))
        self.stdout.write(self.style.SUCCESS(f"静态镜像已重建：{stats}（位置：{m.root}）"))
