from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from dwgk.core.seeding import seed_demo
from dwgk.orgs.models import Organization
from dwgk.orgs.scale import seed_scale


class Command(BaseCommand):
    help = "载入演示数据（--demo），或生成规模测试数据（--orgs N --people M）"

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="一座可信的演示城市，含演示账号")
        parser.add_argument("--if-empty", action="store_true", help="数据库已有组织时不做任何事")
        parser.add_argument("--orgs", type=int, default=0, help="规模数据：党组织个数")
        parser.add_argument("--people", type=int, default=0, help="规模数据：人员个数")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子")
        parser.add_argument("--quiet", action="store_true", help="不显示进度条")

    def handle(self, *args, **opts):
        if not opts["demo"] and not opts["orgs"]:
            raise CommandError("请指定 --demo，或用 --orgs N --people M 生成规模数据。")
        if opts["if_empty"] and Organization.objects.exists():
            self.stdout.write("数据库中已有数据，跳过演示数据载入。")
            return
        if opts["demo"]:
            if Organization.objects.exists():
                raise CommandError("数据库中已有党组织：演示数据只能载入空库（可先删除 var/dwgk.sqlite3）。")
            with transaction.atomic():
                seed_demo(self.stdout, seed=opts["seed"])
            self.stdout.write(self.style.SUCCESS("演示数据已载入。演示账号见 README。"))
        if opts["orgs"]:
            if opts["orgs"] < 1 or opts["people"] < 0:
                raise CommandError("--orgs 须为正整数，--people 须为非负整数。")
            stats = seed_scale(opts["orgs"], opts["people"], seed=opts["seed"], progress=not opts["quiet"])
            self.stdout.write(self.style.SUCCESS(f"规模数据已生成：{stats}"))
