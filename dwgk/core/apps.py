from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dwgk.core"
    label = "core"
    url_prefix = ""
    verbose_name = "公共"

    def ready(self):
        from . import checks  # noqa: F401  (registers the multi-node system check)
        from .fields import install

        install()  # control characters and out-of-range numbers refused in every form
