from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from dwgk.workdays import selectors, services


class Command(BaseCommand):
    help = "节假日安排：load FILE 载入（csv/json，整年替换）；status 查看各年份来源；show YEAR 列出特殊日期"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="载入节假日安排文件（csv: date,kind,name；或 json）")
        load.add_argument("file")
        load.add_argument("--source", default="", help="来源，如国办通知文号")
        load.add_argument("--partial", action="store_true",
                          help="文件只含部分节日（其余按法定节日推算，该年仍标注暂定）")
        sub.add_parser("status", help="各年份的来源与是否为暂定（推算）")
        show = sub.add_parser("show", help="列出一年的特殊日期")
        show.add_argument("year", type=int)

    def handle(self, *args, **opts):
        if opts["action"] == "load":
            try:
                years = services.load_file(opts["file"], source=opts["source"], partial=opts["partial"])
            except FileNotFoundError:
                raise CommandError(f"找不到文件 {opts['file']}")
            except ValidationError as exc:
                raise CommandError("载入失败，未做任何修改：\n" + "\n".join(exc.messages))
            self.stdout.write(self.style.SUCCESS(f"已载入 {', '.join(map(str, years))} 年节假日安排。"))
        elif opts["action"] == "status":
            for st in selectors.years_around(date.today(), before=2, after=1):
                label = {"db": "已载入（数据库）", "package": "官方（chinese-calendar）",
                         "partial": "部分载入（其余暂定）", "estimate": "暂定（按法定节日推算）"}[st.source]
                self.stdout.write(f"{st.year}\t{label}")
        else:
            year = opts["year"]
            for d in selectors.special_days(year):
                self.stdout.write(f"{d.date}\t{d.get_kind_display()}\t{d.name}")
            st = selectors.year_status(year)
            self.stdout.write(f"来源：{st.source}{'（暂定）' if st.provisional else ''}")
