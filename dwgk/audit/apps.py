from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "dwgk.audit"
    label = "audit"
    url_prefix = "audit/"
    verbose_name = "审计日志"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from dwgk.core import scheduled
        from dwgk.core.dbguard import keep_after_migrate
        from dwgk.core.nav import NavEntry, register

        from . import checks

        register(NavEntry(_("审计日志"), "audit:log", ("admin:audit",)))
        keep_after_migrate(self, ["0002_append_only"])
        # Last of all jobs: the anchored head includes what the others wrote.
        scheduled.register("审计日志校验与锚定", checks.scheduled_job, order=1000)
