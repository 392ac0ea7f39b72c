from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "dwgk.audit"
    label = "audit"
    url_prefix = "audit/"
    verbose_name = "审计日志"
