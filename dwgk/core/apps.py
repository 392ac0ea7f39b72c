from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dwgk.core"
    label = "core"
    verbose_name = "公共"
