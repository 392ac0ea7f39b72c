from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dwgk.core"
    label = "core"
    url_prefix = ""
    verbose_name = "公共"

    def ready(self):
        from . import checks, jobs, scheduled  # noqa: F401  (checks registers the multi-node system check)

        scheduled.register("变更记录与后台任务清理", jobs.prune, order=900)
        from .fields import install

        install()  # control characters and out-of-range numbers refused in every form
