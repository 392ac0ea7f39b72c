from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "dwgk.audit"
    label = "audit"
    url_prefix = "audit/"
    verbose_name = "审计日志"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from dwgk.core.nav import NavEntry, register

        register(NavEntry(_("审计日志"), "audit:log", ("admin:audit",)))
