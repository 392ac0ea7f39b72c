"""`dwgk keys rotate`: move all personal data from the old data key to the new one."""

from cryptography.exceptions import InvalidTag
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from dwgk.audit.services import record
from dwgk.core.crypto import KeyProvider, key_provider
from dwgk.core.keyrotation import rotation_modules


class Command(BaseCommand):
    help = ("数据加密密钥轮换：以 DWGK_DATA_KEY_OLD（旧密钥）解密、以 DWGK_DATA_KEY（新密钥）重新加密个人信息，"
            "并重新计算盲索引；可重复运行")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("rotate", help="轮换数据加密密钥（旧密钥由环境变量 DWGK_DATA_KEY_OLD 给出）")

    def handle(self, *args, action=None, **options):
        old_key = settings.DWGK_DATA_KEY_OLD
        if not old_key:
            raise CommandError("请用环境变量 DWGK_DATA_KEY_OLD 给出旧的数据加密密钥，DWGK_DATA_KEY 设为新密钥。")
        new = key_provider()
        old = KeyProvider(old_key.encode())
        if old.master() == new.master():
            raise CommandError("新旧数据加密密钥相同：请把 DWGK_DATA_KEY 设为新生成的密钥。")
        counts: dict[str, int] = {}
        try:
            with transaction.atomic():
                for module in rotation_modules():
                    counts.update(module.rotate(old, new))
                record("keys.data_key_rotated", detail=counts)
        except InvalidTag:
            raise CommandError("有数据既不能用新密钥也不能用 DWGK_DATA_KEY_OLD 解密：旧密钥不对。未做任何修改。")
        for kind, n in sorted(counts.items()):
            self.stdout.write(f"{kind}：重新加密 {n} 条")
        self.stdout.write(
            "完成。查询码只保存其密钥摘要，无法改用新密钥：在最后签发的查询码过期前（默认 365 天），"
            "请继续设置 DWGK_DATA_KEY_OLD，此后删除它并销毁旧密钥。")
