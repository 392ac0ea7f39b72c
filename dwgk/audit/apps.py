from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "dwgk.audit"
    label = "audit"
    url_prefix = "audit/"
    verbose_name = "审计日志"

    def ready(self):
        from dwgk.core.dbguard import keep_after_migrate

        keep_after_migrate(self, ["0002_append_only"])
