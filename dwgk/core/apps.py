from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dwgk.core"
    label = "core"
    url_prefix = ""
    verbose_name = "公共"

    def ready(self):
        from .fields import install

        install()  # control characters and out-of-range numbers refused in every form
