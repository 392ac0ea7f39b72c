from django.core.management.base import BaseCommand

from dwgk.core.progress import Progress
from dwgk.search import services
from dwgk.search.index import get_index
from dwgk.search.providers import count_documents, providers


class Command(BaseCommand):
    help = "全文检索：rebuild 从数据库重建检索索引"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild"])

    def handle(self, *args, **options):
        kinds = sorted(providers())
        if not kinds:
            self.stdout.write(self.style.WARNING("没有注册任何检索数据源，索引将被清空"))
        total = count_documents()
        if total is None:
            n = services.rebuild(progress=lambda n: self.stdout.write(f"已索引 {n} 条"))
        else:
            done = Progress("重建检索索引", total, self.stdout.write)
            n = services.rebuild(progress=lambda n: done.advance(n - done.done))
        self.stdout.write(self.style.SUCCESS(
            f"检索索引已重建：{n} 条（数据源：{'、'.join(kinds) or '无'}；位置：{get_index().root}）"))
